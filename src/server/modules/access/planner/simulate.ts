/**
 * What an allocation achieves: children reached per quarter and in all, per center, the unmet
 * demand left at the end and the trained clinicians at the end. The one scoring function for the
 * optimised plan and for the comparison policies, so the comparison is like with like; it uses the
 * formulas the optimisation model is built from (formulas.ts), and for the optimised allocation
 * its weighted total equals the model's objective.
 *
 * Per center c and quarter t:
 *   program clinicians N[c,t] = sum over cohorts k whose ramp-up has passed of
 *                               completionRate x seats[c,k] x survival(t - quarter_k)
 *   reached r[c,t]            = min(N[c,t] x childrenPerClinicianPerYear / 4, unmetDemand_c / 4)
 * The figures are expected values (fractions of a child or a clinician), not rounded.
 */
import { centerWeights, existingClinicians, programClinicians, quarterlyDemandCap } from './formulas.js';
import type {
  AllocationEntry,
  AllocationOutcome,
  CenterOutcome,
  QuarterReach,
  TPlannerInput,
  TScenarioParameters,
  WeightedScenario,
} from './planner.types.js';

/**
 * Evaluates an allocation under one scenario. Entries naming an unknown center or cohort are an
 * error (they would silently score nothing); the region rule and caps are not checked here.
 */
export function simulateAllocation(
  input: TPlannerInput,
  scenario: TScenarioParameters,
  allocation: readonly AllocationEntry[],
): AllocationOutcome {
  const horizon = input.horizonQuarters;
  const rampUp = input.parameters.rampUpQuarters;
  const weights = centerWeights(input);
  const centerIndex = new Map(input.centers.map((c, i) => [c.id, i]));
  const cohortQuarter = new Map(input.cohorts.map((k) => [k.id, k.quarter]));

  const seatsByCenter = input.centers.map(() => [] as { quarter: number; seats: number }[]);
  let seatsAllocated = 0;
  for (const entry of allocation) {
    const c = centerIndex.get(entry.centerId);
    const quarter = cohortQuarter.get(entry.cohortId);
    if (c === undefined) throw new Error(`Allocation names an unknown center: ${entry.centerId}`);
    if (quarter === undefined) throw new Error(`Allocation names an unknown cohort: ${entry.cohortId}`);
    seatsByCenter[c]!.push({ quarter, seats: entry.seats });
    seatsAllocated += entry.seats;
  }

  const perQuarter = new Array<number>(horizon).fill(0);
  let weightedReached = 0;
  const centers: CenterOutcome[] = input.centers.map((center, c) => {
    const seats = seatsByCenter[c]!;
    const cap = quarterlyDemandCap(center);
    let reached = 0;
    let lastQuarterReach = 0;
    if (seats.length > 0)
      for (let t = 0; t < horizon; t++) {
        const clinicians = programClinicians(scenario, rampUp, seats, t);
        const r = Math.min((clinicians * scenario.childrenPerClinicianPerYear) / 4, cap);
        perQuarter[t]! += r;
        reached += r;
        if (t === horizon - 1) lastQuarterReach = r;
      }
    weightedReached += weights[c]! * reached;
    return {
      centerId: center.id,
      seats: seats.reduce((s, x) => s + x.seats, 0),
      reached,
      unmetDemandRemaining: Math.max(0, center.unmetDemandPerYear - 4 * lastQuarterReach),
      trainedAtEnd:
        existingClinicians(center, scenario.turnoverPerYear, horizon) +
        programClinicians(scenario, rampUp, seats, horizon),
    };
  });

  let cumulative = 0;
  const reachedByQuarter: QuarterReach[] = perQuarter.map((reached, quarter) => {
    cumulative += reached;
    return { quarter, reached, cumulative };
  });
  return {
    seatsAllocated,
    reachedByQuarter,
    reachedTotal: cumulative,
    weightedReached,
    shareOfTarget: input.targetReached > 0 ? cumulative / input.targetReached : 0,
    unmetDemandRemaining: centers.reduce((s, c) => s + c.unmetDemandRemaining, 0),
    trainedAtEnd: centers.reduce((s, c) => s + c.trainedAtEnd, 0),
    centers,
  };
}

/**
 * The optimiser's objective for any allocation: weighted children reached, averaged over the
 * scenarios with their weights. For the optimised allocation it equals the solver's objective.
 */
export function scoreAllocation(
  input: TPlannerInput,
  scenarios: readonly WeightedScenario[],
  allocation: readonly AllocationEntry[],
): number {
  return scenarios.reduce(
    (sum, scenario) =>
      sum + scenario.weight * simulateAllocation(input, scenario.parameters, allocation).weightedReached,
    0,
  );
}
