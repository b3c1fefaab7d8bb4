/**
 * The greedy start (greedy.ts) must be a plan the rules allow, or HiGHS would drop it, and it can
 * never beat the exhaustive optimum; on a hand-checked request it must stop giving seats to a
 * center whose unmet demand is met.
 */
import { describe, expect, it } from 'vitest';
import { exhaustiveOptimum } from './exhaustive.js';
import { greedyStart } from './greedy.js';
import { allocationFromSolution, buildPlannerModel } from './model.js';
import { meetsMinimumTrained } from './planner.js';
import {
  parsePlannerInput,
  weightedScenarios,
  type AllocationEntry,
  type TPlannerInput,
} from './planner.types.js';
import { scoreAllocation } from './simulate.js';
import { smallPlannerInput } from './synthetic.js';

/** The start's allocation, read the way the planner reads the solver's values. */
function allocationOf(
  input: TPlannerInput,
  start: ReturnType<typeof greedyStart>,
  model: ReturnType<typeof buildPlannerModel>,
): AllocationEntry[] {
  return allocationFromSolution(
    model,
    input,
    new Map(start.names.map((name, i) => [name, start.values[i]!])),
  );
}

describe('greedyStart', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))(
    'keeps every rule and never beats the optimum (request %i)',
    (seed) => {
      const input = parsePlannerInput(smallPlannerInput(seed));
      const scenarios = weightedScenarios(input);
      const model = buildPlannerModel(input, scenarios);
      const start = greedyStart(input, scenarios, model);
      const allocation = allocationOf(input, start, model);

      const total = allocation.reduce((s, e) => s + e.seats, 0);
      expect(total).toBeLessThanOrEqual(input.seatBudget);
      for (const cohort of input.cohorts) {
        const used = allocation.filter((e) => e.cohortId === cohort.id).reduce((s, e) => s + e.seats, 0);
        expect(used).toBeLessThanOrEqual(cohort.seatCap);
      }
      for (const center of input.centers) {
        const entries = allocation.filter((e) => e.centerId === center.id);
        const seats = entries.reduce((s, e) => s + e.seats, 0);
        if (input.rules.maxSeatsPerCenter != null)
          expect(seats).toBeLessThanOrEqual(input.rules.maxSeatsPerCenter);
        for (const e of entries) {
          const cohort = input.cohorts.find((k) => k.id === e.cohortId)!;
          expect(cohort.states).toContain(center.state);
        }
      }
      expect(meetsMinimumTrained(input, allocation)).toBe(true);
      // Each center's binary says whether it has seats, as the model's rows require.
      for (const [c, y] of model.binaryColumns) {
        const has = allocation.some((e) => e.centerId === input.centers[c]!.id);
        expect(start.values[start.names.indexOf(y)]).toBe(has ? 1 : 0);
      }
      const optimum = exhaustiveOptimum(input, scenarios).score;
      expect(scoreAllocation(input, scenarios, allocation)).toBeLessThanOrEqual(optimum + 1e-9);
    },
  );

  it('moves on from a center once its unmet demand is met', () => {
    // Center A has the longer wait but only 8 unmet children a year: 2 a quarter. One seat (all
    // completing, 8 children a year each, nobody leaving) meets it; further seats go to B.
    const input = parsePlannerInput({
      horizonQuarters: 4,
      seatBudget: 4,
      cohorts: [{ id: 'k', quarter: 0, label: 'Q1', states: ['TX'], seatCap: 4 }],
      centers: [
        {
          id: 'A',
          name: 'A',
          state: 'TX',
          referralsPerYear: 20,
          unmetDemandPerYear: 8,
          trainedClinicians: 0,
          waitDays: 90,
          order: 1,
        },
        {
          id: 'B',
          name: 'B',
          state: 'TX',
          referralsPerYear: 200,
          unmetDemandPerYear: 100,
          trainedClinicians: 0,
          waitDays: 10,
          order: 2,
        },
      ],
      parameters: {
        completionRate: 1,
        turnoverPerYear: 0,
        childrenPerClinicianPerYear: 8,
        rampUpQuarters: 1,
      },
      scenarioWeights: { low: 0, expected: 1, high: 0 },
      rules: { waitPriority: 1 },
    });
    const scenarios = weightedScenarios(input);
    const model = buildPlannerModel(input, scenarios);
    const allocation = allocationOf(input, greedyStart(input, scenarios, model), model);
    expect(allocation).toEqual([
      { centerId: 'A', cohortId: 'k', seats: 1 },
      { centerId: 'B', cohortId: 'k', seats: 3 },
    ]);
  });
});
