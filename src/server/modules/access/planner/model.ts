/**
 * The training-seat allocation as a mixed-integer program, written in CPLEX LP text for HiGHS.
 *
 * In plain words: decide how many training seats each center gets in each cohort so that, over
 * the horizon, program-trained clinicians treat as many children as possible who would otherwise
 * not be served.
 *
 * Decisions
 *   x[c,k]    whole seats for center c in cohort k; it exists only when the center's state is in
 *             the cohort's region (the region rule is built into which variables exist).
 *   r[c,t,s]  children reached at center c in quarter t under scenario s (continuous).
 *   y[c]      1 if center c receives any seat; only with the minimum-trained rule on.
 *
 * Reach. A seat in cohort k (held in quarter q_k) produces a trained clinician with probability p
 * (completion rate), who treats n/4 children a quarter (n a year) from quarter q_k + rampUp on,
 * while still at the center: survival (1 - turnover)^((t - q_k)/4). With p, n and turnover taken
 * from scenario s:
 *     r[c,t,s] <= sum_k a_s[k,t] x[c,k],   a_s[k,t] = p * n/4 * (1 - turnover)^((t - q_k)/4)
 *     r[c,t,s] <= u_c / 4                  (u_c: the center's unmet demand a year)
 * "Reached by the program" counts only children treated by program-trained clinicians, capped by
 * the demand nobody serves today. Clinicians trained before the plan already serve part of the
 * referrals (that is why the unmet demand is what it is), so their work is not counted; they matter
 * only for the minimum-trained rule and the trained-clinician figures. Unmet demand is held at
 * today's level over the horizon.
 *
 * Objective. maximise sum over s of P_s * sum over c, t of w_c r[c,t,s]: the children reached,
 * averaged over the low, expected and high scenarios with the weights P_s (1/4, 1/2, 1/4 by
 * default; a scenario of weight 0 is left out, so weights 0/1/0 optimise the expected scenario
 * alone). w_c = 1, or 1 + priority * (wait of c / longest wait) with wait priority on. Why not the
 * expected scenario alone: most centers' unmet demand is far larger than the seats can cover, so
 * in one scenario many allocations reach almost exactly the same number of children, and the
 * solver may return one that piles seats into a few centers; if caseloads turn out higher, those
 * centers run out of unmet demand and the seats are wasted. (Measured on the synthetic national
 * network: the expected-only optimum reached 14% fewer children than seats in proportion to
 * referrals in the high scenario; the averaged one reached as many in the expected scenario and
 * 20% more than proportional in the high one.)
 * Because r is only bounded above, at the optimum r[c,t,s] = min(sum_k a_s[k,t] x[c,k], u_c / 4),
 * exactly what simulate.ts computes for any allocation, so the optimiser and the comparison
 * policies are scored by the same formula.
 *
 * Constraints
 *   budget              sum of all x <= seat budget
 *   cohort caps         sum_c x[c,k] <= cap_k
 *   per-center cap      sum_k x[c,k] <= max seats per center (when set)
 *   minimum trained     sum_k x[c,k] >= (min - trained today) * y[c] and sum_k x[c,k] <= M_c * y[c]
 *                       (a center that gets seats ends with at least `min` trained: today's plus
 *                       its seats; only for centers below `min` today)
 *
 * Keeping it compact (every reduction is exact: it removes no better plan):
 *   - no variable for a (center, cohort) pair outside the region, for a center with no unmet
 *     demand, or for a cohort too late to reach anyone within the horizon (q_k + rampUp > last
 *     quarter; kept only where the minimum-trained rule may need its seats);
 *   - r[c,t,s] only from the first quarter any of the center's cohorts can reach children;
 *   - x[c,k] is bounded by the seats that would fill the center's unmet demand on their own even in
 *     the last quarter of the least productive scenario (more add nothing; but never below what
 *     the minimum-trained rule needs), by the cohort cap, the per-center cap and the budget;
 *   - budget, cohort-cap and per-center-cap rows only where the bounds do not already imply them;
 *   - the per-center cap is a bound, not a row, when the center has one cohort.
 * The synthetic national instance (950 centers, 12 regional cohorts, 2,000 seats) has about 1,600
 * integer and 23,500 continuous variables and 23,500 rows with three scenarios (7,900 with one).
 */
import { centerWeights, eligibleCohorts, quarterlyDemandCap, reachPerSeat } from './formulas.js';
import type {
  AllocationEntry,
  TPlannerInput,
  TScenarioParameters,
  WeightedScenario,
} from './planner.types.js';

export interface SeatColumn {
  name: string;
  /** Index into input.centers. */
  center: number;
  /** Index into input.cohorts. */
  cohort: number;
  upper: number;
}

export interface PlannerModel {
  /** The model in CPLEX LP format; empty when there is nothing to decide (no seat variable). */
  lp: string;
  seatColumns: SeatColumn[];
  /** Binary y[c] per center index, for centers under the minimum-trained rule. */
  binaryColumns: Map<number, string>;
  size: { rows: number; columns: number; integers: number; nonzeros: number };
}

/**
 * Numbers as LP text, to 12 significant digits: far finer than any planning figure, and it keeps
 * the text (which HiGHS must parse) about a fifth shorter than full double precision.
 */
function num(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/** A linear expression written over several lines: LP readers accept continuation lines, and short lines stay readable. */
function linear(terms: readonly { coef: number; name: string }[]): string {
  const parts: string[] = [];
  terms.forEach((term, i) => {
    const sign = term.coef < 0 ? '-' : i === 0 ? '' : '+';
    const magnitude = Math.abs(term.coef);
    const text = magnitude === 1 ? term.name : `${num(magnitude)} ${term.name}`;
    parts.push(sign === '' ? text : `${sign} ${text}`);
  });
  const lines: string[] = [];
  for (let i = 0; i < parts.length; i += 8) lines.push(parts.slice(i, i + 8).join(' '));
  return lines.join('\n   ');
}

/**
 * Seats beyond which a cohort's seats at a center reach no one more: enough completers to fill the
 * center's quarterly unmet demand on their own even in the last quarter, when turnover has thinned
 * them most. Infinity when the cohort reaches nobody within the horizon.
 */
function saturatingSeats(
  cap: number,
  scenario: TScenarioParameters,
  rampUp: number,
  cohortQuarter: number,
  lastQuarter: number,
): number {
  const weakest = reachPerSeat(scenario, rampUp, cohortQuarter, lastQuarter);
  if (weakest <= 0) return Number.POSITIVE_INFINITY;
  // A hair of tolerance so that floating-point noise never rounds a whole seat away.
  return Math.ceil(cap / weakest - 1e-9);
}

/**
 * Builds the MIP whose objective is the weighted sum of the children reached in the given
 * scenarios (the planner passes its scenario weights; see weightedScenarios). With `relaxed`, the
 * same model without integrality: its LP relaxation, an upper bound on the MIP's optimum.
 */
export function buildPlannerModel(
  input: TPlannerInput,
  scenarios: readonly WeightedScenario[],
  options: { relaxed?: boolean } = {},
): PlannerModel {
  // One scenario keeps the plain names (r3_5); several get a suffix per scenario (r3_5_s1).
  const suffix = (s: number) => (scenarios.length === 1 ? '' : `_s${s}`);
  const { horizonQuarters: horizon, seatBudget, cohorts, centers } = input;
  const rampUp = input.parameters.rampUpQuarters;
  const lastQuarter = horizon - 1;
  const maxPerCenter = input.rules.maxSeatsPerCenter ?? Number.POSITIVE_INFINITY;
  const minTrained = input.rules.minTrainedPerCenter;
  const weights = centerWeights(input);
  const eligible = eligibleCohorts(input);

  const seatColumns: SeatColumn[] = [];
  const binaryColumns = new Map<number, string>();
  const objective: { coef: number; name: string }[] = [];
  const rows: string[] = [];
  const bounds: string[] = [];
  let nonzeros = 0;
  let reachColumns = 0;
  const byCohort = cohorts.map(() => [] as string[]);
  const addRow = (name: string, terms: { coef: number; name: string }[], sense: '<=' | '>=', rhs: number) => {
    rows.push(` ${name}: ${linear(terms)} ${sense} ${num(rhs)}`);
    nonzeros += terms.length;
  };

  centers.forEach((center, c) => {
    const demandCap = quarterlyDemandCap(center);
    if (demandCap <= 0) return;
    const need = minTrained == null ? 0 : Math.max(0, minTrained - center.trainedClinicians);
    const columns: SeatColumn[] = [];
    for (const k of eligible[c]!) {
      const cohort = cohorts[k]!;
      // Seats in a cohort too late to reach anyone within the horizon are useful only to meet the
      // minimum-trained rule; elsewhere, seats beyond saturating the demand add nothing.
      const saturating = Math.max(
        ...scenarios.map((sc) =>
          saturatingSeats(demandCap, sc.parameters, rampUp, cohort.quarter, lastQuarter),
        ),
      );
      const usefulForReach = Number.isFinite(saturating) ? saturating : 0;
      const upper = Math.min(cohort.seatCap, maxPerCenter, seatBudget, Math.max(usefulForReach, need));
      if (upper >= 1) columns.push({ name: `x${c}_${k}`, center: c, cohort: k, upper });
    }
    const reaching = columns.filter((col) => cohorts[col.cohort]!.quarter + rampUp <= lastQuarter);
    const sumUpper = columns.reduce((s, col) => s + col.upper, 0);
    const reachable = Math.min(sumUpper, maxPerCenter, seatBudget);
    // No seat here can reach a child within the horizon, or the center can never get the seats the
    // minimum-trained rule asks for: it takes no seats at all.
    if (reaching.length === 0 || need > reachable) return;

    for (const col of columns) {
      seatColumns.push(col);
      byCohort[col.cohort]!.push(col.name);
      bounds.push(` 0 <= ${col.name} <= ${num(col.upper)}`);
    }
    const firstReach = Math.min(...reaching.map((col) => cohorts[col.cohort]!.quarter + rampUp));
    scenarios.forEach((sc, s) => {
      for (let t = firstReach; t <= lastQuarter; t++) {
        const r = `r${c}_${t}${suffix(s)}`;
        const terms = [{ coef: 1, name: r }];
        for (const col of reaching) {
          const a = reachPerSeat(sc.parameters, rampUp, cohorts[col.cohort]!.quarter, t);
          if (a > 0) terms.push({ coef: -a, name: col.name });
        }
        addRow(`reach${c}_${t}${suffix(s)}`, terms, '<=', 0);
        bounds.push(` 0 <= ${r} <= ${num(demandCap)}`);
        objective.push({ coef: weights[c]! * sc.weight, name: r });
        reachColumns++;
      }
    });
    const seatTerms = columns.map((col) => ({ coef: 1, name: col.name }));
    if (columns.length > 1 && maxPerCenter < sumUpper) addRow(`centercap${c}`, seatTerms, '<=', maxPerCenter);
    if (need > 0) {
      const y = `y${c}`;
      binaryColumns.set(c, y);
      // Bounded 0..1 and listed with the integers: a binary (and a 0..1 continuous when relaxed).
      bounds.push(` 0 <= ${y} <= 1`);
      addRow(`mintrained${c}`, [...seatTerms, { coef: -need, name: y }], '>=', 0);
      addRow(`anyseat${c}`, [...seatTerms, { coef: -reachable, name: y }], '<=', 0);
    }
  });

  const totalUpper = seatColumns.reduce((s, col) => s + col.upper, 0);
  if (seatColumns.length > 0 && totalUpper > seatBudget)
    addRow(
      'budget',
      seatColumns.map((col) => ({ coef: 1, name: col.name })),
      '<=',
      seatBudget,
    );
  byCohort.forEach((names, k) => {
    const upper = seatColumns.filter((col) => col.cohort === k).reduce((s, col) => s + col.upper, 0);
    if (names.length > 0 && upper > cohorts[k]!.seatCap)
      addRow(
        `cohort${k}`,
        names.map((name) => ({ coef: 1, name })),
        '<=',
        cohorts[k]!.seatCap,
      );
  });

  const integers = options.relaxed ? 0 : seatColumns.length + binaryColumns.size;
  const size = {
    rows: rows.length,
    columns: seatColumns.length + reachColumns + binaryColumns.size,
    integers,
    nonzeros,
  };
  if (seatColumns.length === 0) return { lp: '', seatColumns, binaryColumns, size };

  const lp = [
    '\\ Waymark training-seat plan: maximise children reached by program-trained clinicians',
    'Maximize',
    ` reached: ${linear(objective)}`,
    'Subject To',
    ...rows,
    'Bounds',
    ...bounds,
    ...(options.relaxed
      ? []
      : ['Generals', ...chunk([...seatColumns.map((col) => col.name), ...binaryColumns.values()])]),
    'End',
    '',
  ].join('\n');
  return { lp, seatColumns, binaryColumns, size };
}

function chunk(names: readonly string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < names.length; i += 12) lines.push(' ' + names.slice(i, i + 12).join(' '));
  return lines;
}

/** Reads the allocation back from the solver's values (seats rounded to whole numbers). */
export function allocationFromSolution(
  model: PlannerModel,
  input: TPlannerInput,
  values: ReadonlyMap<string, number>,
): AllocationEntry[] {
  const allocation: AllocationEntry[] = [];
  for (const col of model.seatColumns) {
    const seats = Math.round(values.get(col.name) ?? 0);
    if (seats > 0)
      allocation.push({
        centerId: input.centers[col.center]!.id,
        cohortId: input.cohorts[col.cohort]!.id,
        seats,
      });
  }
  return allocation;
}
