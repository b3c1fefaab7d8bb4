/**
 * A quick, good allocation to start the solver from: seats one at a time to the center and cohort
 * where the next seat adds the most to the objective (children reached, weighted and averaged
 * over the scenarios as in model.ts), within each seat column's bound, the cohort caps, the
 * per-center cap and the budget.
 *
 * Why: HiGHS stops once its best plan is within the requested gap of its bound. Its bound is
 * close to the optimum after the first LP, but finding a plan that good takes it several heuristic
 * rounds; handing it this one first lets it stop sooner. The start only ever helps: HiGHS keeps it
 * as its first incumbent and replaces it with anything better, and the answer is still checked
 * against the gap HiGHS proves.
 *
 * Greedy works well here because each center's reach is concave in its seats (a seat adds
 * children until the center's unmet demand is met, then nothing), so the best next seat is found
 * by comparing each center's best next seat; only the center that took the seat needs its gains
 * recomputed. With the minimum-trained rule, a center below the minimum takes its first seats as
 * one block of what the rule needs, judged by the block's gain per seat.
 */
import { centerWeights, quarterlyDemandCap, reachPerSeat } from './formulas.js';
import type { PlannerModel } from './model.js';
import type { TPlannerInput, WeightedScenario } from './planner.types.js';

/** Column values for the solver's start: every seat and binary column of the model, by name. */
export interface GreedyStart {
  names: string[];
  values: number[];
}

export function greedyStart(
  input: TPlannerInput,
  scenarios: readonly WeightedScenario[],
  model: PlannerModel,
): GreedyStart {
  const { horizonQuarters: horizon, cohorts, centers } = input;
  const rampUp = input.parameters.rampUpQuarters;
  const weights = centerWeights(input);
  const minTrained = input.rules.minTrainedPerCenter;
  const maxPerCenter = input.rules.maxSeatsPerCenter ?? Number.POSITIVE_INFINITY;

  // Columns per center, and per column its reach per seat: scenario x quarter.
  const byCenter = new Map<number, number[]>();
  const perSeat = model.seatColumns.map((col, j) => {
    const list = byCenter.get(col.center) ?? [];
    list.push(j);
    byCenter.set(col.center, list);
    return scenarios.map((sc) =>
      Float64Array.from({ length: horizon }, (_, t) =>
        reachPerSeat(sc.parameters, rampUp, cohorts[col.cohort]!.quarter, t),
      ),
    );
  });
  const seats = new Array<number>(model.seatColumns.length).fill(0);
  const cohortLeft = cohorts.map((k) => k.seatCap);
  let budgetLeft = input.seatBudget;
  const centerSeats = new Map<number, number>();
  // Reach so far per center: scenario x quarter.
  const reach = new Map<number, Float64Array[]>();
  for (const c of byCenter.keys())
    reach.set(
      c,
      scenarios.map(() => new Float64Array(horizon)),
    );

  const need = (c: number) =>
    minTrained == null || (centerSeats.get(c) ?? 0) > 0
      ? 1
      : Math.max(1, minTrained - centers[c]!.trainedClinicians);

  /** Objective gained by `n` more seats in column j. */
  const gain = (j: number, n: number): number => {
    const col = model.seatColumns[j]!;
    const cap = quarterlyDemandCap(centers[col.center]!);
    const current = reach.get(col.center)!;
    let total = 0;
    scenarios.forEach((sc, s) => {
      const a = perSeat[j]![s]!;
      const r = current[s]!;
      let sum = 0;
      for (let t = 0; t < horizon; t++)
        if (a[t]! > 0) sum += Math.min(cap, r[t]! + n * a[t]!) - Math.min(cap, r[t]!);
      total += sc.weight * sum;
    });
    return weights[col.center]! * total;
  };

  /** The center's best next step: the column and the gain per seat, or null when it can take none. */
  const bestStep = (c: number): { j: number; n: number; perSeat: number } | null => {
    const n = need(c);
    const taken = centerSeats.get(c) ?? 0;
    if (taken + n > maxPerCenter || n > budgetLeft) return null;
    let best: { j: number; n: number; perSeat: number } | null = null;
    for (const j of byCenter.get(c)!) {
      const col = model.seatColumns[j]!;
      if (seats[j]! + n > col.upper || cohortLeft[col.cohort]! < n) continue;
      const perSeatGain = gain(j, n) / n;
      if (perSeatGain > 1e-12 && (best === null || perSeatGain > best.perSeat))
        best = { j, n, perSeat: perSeatGain };
    }
    return best;
  };

  // Each center's best next step, and its gain per seat in a flat array for the scan (0: none).
  const candidates = [...byCenter.keys()];
  const steps = candidates.map(bestStep);
  const score = Float64Array.from(steps, (step) => step?.perSeat ?? 0);
  for (;;) {
    let i = -1;
    for (let m = 0; m < score.length; m++) if (score[m]! > 0 && (i < 0 || score[m]! > score[i]!)) i = m;
    if (i < 0) break;
    const c = candidates[i]!;
    const step = steps[i]!;
    const col = model.seatColumns[step.j]!;
    // A step may have gone stale: its cohort filled up or the budget ran low since it was found.
    if (cohortLeft[col.cohort]! >= step.n && budgetLeft >= step.n) {
      seats[step.j]! += step.n;
      cohortLeft[col.cohort]! -= step.n;
      budgetLeft -= step.n;
      centerSeats.set(c, (centerSeats.get(c) ?? 0) + step.n);
      const current = reach.get(c)!;
      scenarios.forEach((_, s) => {
        const a = perSeat[step.j]![s]!;
        for (let t = 0; t < horizon; t++) current[s]![t]! += step.n * a[t]!;
      });
    }
    steps[i] = bestStep(c);
    score[i] = steps[i]?.perSeat ?? 0;
  }

  const names: string[] = [];
  const values: number[] = [];
  model.seatColumns.forEach((col, j) => {
    names.push(col.name);
    values.push(seats[j]!);
  });
  for (const [c, y] of model.binaryColumns) {
    names.push(y);
    values.push((centerSeats.get(c) ?? 0) > 0 ? 1 : 0);
  }
  return { names, values };
}
