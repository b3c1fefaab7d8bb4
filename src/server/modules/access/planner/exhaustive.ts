/**
 * An independent check of the optimiser on small requests: tries every whole-seat allocation that
 * respects the rules (regions, budget, cohort caps, the cap per center, the minimum-trained rule)
 * and scores each with the simulation (the optimiser's objective: scoreAllocation). It shares nothing with the optimisation model (no LP text,
 * no variable reductions, no solver), so agreement between the two is evidence that both the model
 * and its reductions are right. Exponential: refuses requests with more than `maxAllocations`
 * candidate allocations.
 */
import { eligibleCohorts } from './formulas.js';
import type { AllocationEntry, TPlannerInput, WeightedScenario } from './planner.types.js';
import { scoreAllocation } from './simulate.js';

export interface ExhaustiveResult {
  allocation: AllocationEntry[];
  /** The optimiser's objective (scoreAllocation) of the best allocation. */
  score: number;
  /** Allocations scored. */
  evaluated: number;
}

export function exhaustiveOptimum(
  input: TPlannerInput,
  scenarios: readonly WeightedScenario[],
  maxAllocations = 2_000_000,
): ExhaustiveResult {
  const eligible = eligibleCohorts(input);
  const pairs = input.centers.flatMap((_, c) => eligible[c]!.map((k) => ({ c, k })));
  const centerCap = input.rules.maxSeatsPerCenter ?? Number.POSITIVE_INFINITY;
  const upper = pairs.map(({ k }) => Math.min(input.cohorts[k]!.seatCap, centerCap, input.seatBudget));
  const space = upper.reduce((s, u) => s * (u + 1), 1);
  if (space > maxAllocations)
    throw new Error(`Too many allocations to try (${space}); the exhaustive check is for small requests.`);

  const seats = pairs.map(() => 0);
  const cohortUsed = input.cohorts.map(() => 0);
  const centerUsed = input.centers.map(() => 0);
  let best: ExhaustiveResult = { allocation: [], score: -1, evaluated: 0 };
  let evaluated = 0;

  const meetsMinimum = () =>
    input.rules.minTrainedPerCenter == null ||
    input.centers.every(
      (center, c) =>
        centerUsed[c] === 0 || center.trainedClinicians + centerUsed[c]! >= input.rules.minTrainedPerCenter!,
    );

  const visit = (i: number, budgetLeft: number) => {
    if (i === pairs.length) {
      if (!meetsMinimum()) return;
      const allocation = pairs
        .map(({ c, k }, j) => ({
          centerId: input.centers[c]!.id,
          cohortId: input.cohorts[k]!.id,
          seats: seats[j]!,
        }))
        .filter((entry) => entry.seats > 0);
      const score = scoreAllocation(input, scenarios, allocation);
      evaluated++;
      if (score > best.score + 1e-9) best = { allocation, score, evaluated: 0 };
      return;
    }
    const { c, k } = pairs[i]!;
    const most = Math.min(
      upper[i]!,
      budgetLeft,
      input.cohorts[k]!.seatCap - cohortUsed[k]!,
      centerCap - centerUsed[c]!,
    );
    for (let n = 0; n <= most; n++) {
      seats[i] = n;
      cohortUsed[k]! += n;
      centerUsed[c]! += n;
      visit(i + 1, budgetLeft - n);
      cohortUsed[k]! -= n;
      centerUsed[c]! -= n;
    }
    seats[i] = 0;
  };
  visit(0, input.seatBudget);
  return { ...best, evaluated };
}
