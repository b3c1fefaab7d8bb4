/**
 * The simulation on allocations small enough to work out by hand (the arithmetic is in the
 * comments).
 */
import { describe, expect, it } from 'vitest';
import { parsePlannerInput, type TPlannerInputRaw, type TScenarioParameters } from './planner.types.js';
import { simulateAllocation } from './simulate.js';

type RawCenter = TPlannerInputRaw['centers'][number];
const center = (id: string, unmet: number, extra: Partial<RawCenter> = {}): RawCenter => ({
  id,
  name: `${id} CAC`,
  state: 'TX',
  referralsPerYear: 1000,
  unmetDemandPerYear: unmet,
  trainedClinicians: 0,
  waitDays: null,
  order: 1,
  ...extra,
});

const input = (centers: RawCenter[], extra: Partial<TPlannerInputRaw> = {}) =>
  parsePlannerInput({
    horizonQuarters: 4,
    seatBudget: 100,
    targetReached: 24,
    cohorts: [
      { id: 'q0', quarter: 0, label: 'first', states: ['TX'], seatCap: 100 },
      { id: 'q1', quarter: 1, label: 'second', states: ['TX'], seatCap: 100 },
    ],
    centers,
    ...extra,
  });

/** Every seat completes, nobody leaves, 4 children a year: a seat reaches 1 child a quarter. */
const hand: TScenarioParameters = { completionRate: 1, turnoverPerYear: 0, childrenPerClinicianPerYear: 4 };

describe('simulateAllocation', () => {
  it('counts children reached from the quarter after the cohort', () => {
    // 4 seats in quarter 0: 4 children in each of quarters 1, 2 and 3.
    const out = simulateAllocation(input([center('A', 400)]), hand, [
      { centerId: 'A', cohortId: 'q0', seats: 4 },
    ]);
    expect(out.reachedByQuarter).toEqual([
      { quarter: 0, reached: 0, cumulative: 0 },
      { quarter: 1, reached: 4, cumulative: 4 },
      { quarter: 2, reached: 4, cumulative: 8 },
      { quarter: 3, reached: 4, cumulative: 12 },
    ]);
    expect(out.reachedTotal).toBe(12);
    expect(out.shareOfTarget).toBe(0.5);
    expect(out.seatsAllocated).toBe(4);
    // 400 a year unmet; the last quarter's 4 children are 16 a year.
    expect(out.unmetDemandRemaining).toBe(384);
    expect(out.trainedAtEnd).toBe(4);
  });

  it('caps each quarter at a quarter of the unmet demand', () => {
    // 8 unmet a year = 2 a quarter, so 4 seats reach only 2 a quarter and close the gap.
    const out = simulateAllocation(input([center('A', 8)]), hand, [
      { centerId: 'A', cohortId: 'q0', seats: 4 },
    ]);
    expect(out.reachedTotal).toBe(6);
    expect(out.unmetDemandRemaining).toBe(0);
    expect(out.centers[0]).toEqual({
      centerId: 'A',
      seats: 4,
      reached: 6,
      unmetDemandRemaining: 0,
      trainedAtEnd: 4,
    });
  });

  it('applies completion and turnover from the cohort onwards, and to clinicians trained today', () => {
    const scenario = { completionRate: 0.5, turnoverPerYear: 0.5, childrenPerClinicianPerYear: 8 };
    const out = simulateAllocation(
      input([center('A', 400, { trainedClinicians: 3 })], { horizonQuarters: 5 }),
      scenario,
      [{ centerId: 'A', cohortId: 'q1', seats: 4 }],
    );
    // 2 completers from quarter 1, treating 2 children a quarter each while they stay:
    //   t=2: 2 x 0.5^(1/4) x 2 = 3.36359; t=3: 2 x 0.5^(2/4) x 2 = 2.82843; t=4: 2 x 0.5^(3/4) x 2 = 2.37841
    const expected = [0, 0, 3.363586, 2.828427, 2.378414];
    out.reachedByQuarter.forEach((q, t) => expect(q.reached).toBeCloseTo(expected[t]!, 5));
    expect(out.reachedByQuarter).toHaveLength(5);
    expect(out.reachedTotal).toBeCloseTo(8.570427, 5);
    // At the end (t=5): today's 3 x 0.5^(5/4) = 1.261345, plus 2 x 0.5^(4/4) = 1.
    expect(out.trainedAtEnd).toBeCloseTo(2.261345, 5);
  });

  it('adds the seats of several cohorts at one center before applying the cap', () => {
    // 1 seat in q0 and 2 in q1: 1 child in quarter 1, then 3 a quarter, capped at 2.5 (10 a year).
    const out = simulateAllocation(input([center('A', 10)]), hand, [
      { centerId: 'A', cohortId: 'q0', seats: 1 },
      { centerId: 'A', cohortId: 'q1', seats: 2 },
    ]);
    expect(out.reachedByQuarter.map((q) => q.reached)).toEqual([0, 1, 2.5, 2.5]);
  });

  it('weights children by wait when wait priority is on, and reports the plain count too', () => {
    // Longest wait 60 days: A (30 days) weighs 1 + 1 x 30/60 = 1.5, B (60) weighs 2, C (no figure) 1.
    const raw = [center('A', 400, { waitDays: 30 }), center('B', 400, { waitDays: 60 }), center('C', 400)];
    const out = simulateAllocation(input(raw, { rules: { waitPriority: 1 } }), hand, [
      { centerId: 'A', cohortId: 'q0', seats: 1 },
      { centerId: 'B', cohortId: 'q0', seats: 1 },
      { centerId: 'C', cohortId: 'q0', seats: 1 },
    ]);
    expect(out.reachedTotal).toBe(9);
    expect(out.weightedReached).toBe(3 * 1.5 + 3 * 2 + 3 * 1);
  });

  it('refuses an allocation that names an unknown center or cohort', () => {
    const planInput = input([center('A', 400)]);
    expect(() => simulateAllocation(planInput, hand, [{ centerId: 'Z', cohortId: 'q0', seats: 1 }])).toThrow(
      /unknown center/,
    );
    expect(() => simulateAllocation(planInput, hand, [{ centerId: 'A', cohortId: 'zz', seats: 1 }])).toThrow(
      /unknown cohort/,
    );
  });
});
