/**
 * The planner's arithmetic, in one place so the optimisation model (model.ts) and the evaluation of
 * any allocation (simulate.ts) cannot drift apart: how many trained clinicians remain after
 * turnover, how many children a seat reaches in a quarter, which cohorts a center can use and how
 * much a child reached at a center weighs.
 *
 * Time runs in quarters t = 0 .. horizon - 1; "now" is the start of quarter 0.
 */
import type { TPlannerCenter, TPlannerCohort, TPlannerInput, TScenarioParameters } from './planner.types.js';

/**
 * Share of clinicians still at their center `quarters` quarters later, with a constant yearly
 * turnover: (1 - turnover)^(quarters / 4). A constant, so the model stays linear.
 */
export function survival(turnoverPerYear: number, quarters: number): number {
  return Math.pow(1 - turnoverPerYear, quarters / 4);
}

/**
 * Children reached in quarter t per seat given in a cohort held in quarter q: the seat becomes a
 * trained clinician with probability completionRate, who treats childrenPerClinicianPerYear / 4
 * children a quarter from quarter q + rampUp on, if still at the center (survival from q).
 * Zero before the ramp-up has passed.
 */
export function reachPerSeat(
  scenario: TScenarioParameters,
  rampUpQuarters: number,
  cohortQuarter: number,
  t: number,
): number {
  if (t < cohortQuarter + rampUpQuarters) return 0;
  return (
    scenario.completionRate *
    (scenario.childrenPerClinicianPerYear / 4) *
    survival(scenario.turnoverPerYear, t - cohortQuarter)
  );
}

/** Most children a center's program-trained clinicians can reach in one quarter: a quarter of its yearly unmet demand. */
export function quarterlyDemandCap(center: TPlannerCenter): number {
  return center.unmetDemandPerYear / 4;
}

/** The region rule: a center may take seats only in cohorts whose region lists its state. */
export function isEligible(center: TPlannerCenter, cohort: TPlannerCohort): boolean {
  return cohort.states.includes(center.state);
}

/** Indices of the cohorts each center may take seats in, per center (same order as input.centers). */
export function eligibleCohorts(input: TPlannerInput): number[][] {
  const byState = new Map<string, number[]>();
  input.cohorts.forEach((cohort, k) => {
    for (const state of new Set(cohort.states)) {
      const list = byState.get(state) ?? [];
      list.push(k);
      byState.set(state, list);
    }
  });
  return input.centers.map((center) => byState.get(center.state) ?? []);
}

/**
 * Weight of one child reached at each center: 1, or with wait priority on,
 * 1 + waitPriority x waitDays / (longest waitDays in the request). A center without a wait figure,
 * or a request where nobody waits, weighs 1.
 */
export function centerWeights(input: TPlannerInput): number[] {
  const priority = input.rules.waitPriority;
  const longest = Math.max(0, ...input.centers.map((c) => c.waitDays ?? 0));
  return input.centers.map((c) =>
    priority > 0 && longest > 0 && c.waitDays != null ? 1 + (priority * c.waitDays) / longest : 1,
  );
}

/**
 * Expected program-trained clinicians at a center in quarter t (t may equal the horizon, meaning
 * its end): completers of every cohort whose ramp-up has passed, after turnover since their cohort.
 */
export function programClinicians(
  scenario: TScenarioParameters,
  rampUpQuarters: number,
  seatsByCohortQuarter: readonly { quarter: number; seats: number }[],
  t: number,
): number {
  let total = 0;
  for (const { quarter, seats } of seatsByCohortQuarter)
    if (t >= quarter + rampUpQuarters)
      total += scenario.completionRate * seats * survival(scenario.turnoverPerYear, t - quarter);
  return total;
}

/** Clinicians trained today still at the center in quarter t. */
export function existingClinicians(center: TPlannerCenter, turnoverPerYear: number, t: number): number {
  return center.trainedClinicians * survival(turnoverPerYear, t);
}
