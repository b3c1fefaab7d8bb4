/**
 * The comparison policies: shares worked out by hand, and the hard limits (regions, cohort caps,
 * budget, cap per center) checked on a synthetic network.
 */
import { describe, expect, it } from 'vitest';
import { isEligible } from './formulas.js';
import {
  parsePlannerInput,
  type AllocationEntry,
  type TPlannerInput,
  type TPlannerInputRaw,
} from './planner.types.js';
import { apportion, firstComeFirstServedAllocation, proportionalAllocation } from './policies.js';
import { syntheticPlannerInput } from './synthetic.js';

type RawCenter = TPlannerInputRaw['centers'][number];
const center = (id: string, state: string, referrals: number, order: number): RawCenter => ({
  id,
  name: `${id} CAC`,
  state,
  referralsPerYear: referrals,
  unmetDemandPerYear: 0,
  trainedClinicians: 0,
  waitDays: null,
  order,
});

const seatsOf = (allocation: AllocationEntry[]) =>
  Object.fromEntries(allocation.map((e) => [`${e.centerId}/${e.cohortId}`, e.seats]));

describe('apportion', () => {
  it('rounds by largest remainder, ties to the earlier item', () => {
    expect(apportion(10, [1, 1, 1], [99, 99, 99])).toEqual([4, 3, 3]);
    // 7 x (5, 3, 2)/10 = 3.5, 2.1, 1.4: floors 3, 2, 1 and the one left goes to the .5.
    expect(apportion(7, [5, 3, 2], [99, 99, 99])).toEqual([4, 2, 1]);
  });

  it('gives capped items their cap and shares the rest among the others', () => {
    // 10 x 8/10 = 8 exceeds the first item's cap of 2; the remaining 8 go 4 / 4.
    expect(apportion(10, [8, 1, 1], [2, 99, 99])).toEqual([2, 4, 4]);
  });

  it('gives out no more than the caps allow and nothing for zero weight', () => {
    expect(apportion(10, [1, 1, 0], [2, 3, 99])).toEqual([2, 3, 0]);
    expect(apportion(0, [1, 1], [5, 5])).toEqual([0, 0]);
  });
});

describe('proportionalAllocation', () => {
  const input = parsePlannerInput({
    seatBudget: 10,
    cohorts: [
      { id: 'tx', quarter: 0, label: 'Texas', states: ['TX'], seatCap: 6 },
      { id: 'ok', quarter: 1, label: 'Oklahoma', states: ['OK'], seatCap: 6 },
    ],
    centers: [
      center('A', 'TX', 300, 1),
      center('B', 'TX', 100, 2),
      center('C', 'OK', 50, 3),
      center('D', 'OK', 0, 4),
    ],
  });

  it('shares the budget over the cohorts by cap, then each cohort by referrals within its region', () => {
    // Caps 6 + 6 = 12 > 10 seats: 5 per cohort. Texas: 5 x 300/400 = 3.75 and 1.25 -> 4 and 1.
    // Oklahoma: only C has referrals, so C takes all 5; D (no referrals) gets none.
    expect(seatsOf(proportionalAllocation(input))).toEqual({ 'A/tx': 4, 'B/tx': 1, 'C/ok': 5 });
  });

  it('respects the cap per center and hands the excess to the others', () => {
    const capped = { ...input, rules: { ...input.rules, maxSeatsPerCenter: 3 } };
    expect(seatsOf(proportionalAllocation(capped))).toEqual({ 'A/tx': 3, 'B/tx': 2, 'C/ok': 3 });
  });
});

describe('firstComeFirstServedAllocation', () => {
  it('serves centers in application order, 2 seats each per cohort, until the cohort is full', () => {
    const input = parsePlannerInput({
      seatBudget: 100,
      cohorts: [
        { id: 'early', quarter: 0, label: 'early', states: ['TX'], seatCap: 5 },
        { id: 'late', quarter: 2, label: 'late', states: ['TX'], seatCap: 5 },
      ],
      centers: [
        center('A', 'TX', 1, 3),
        center('B', 'TX', 1, 1),
        center('C', 'TX', 1, 2),
        center('D', 'OK', 1, 0),
      ],
    });
    // B (order 1) and C (2) take 2 each, A (3) gets the last seat; D is outside the region.
    expect(seatsOf(firstComeFirstServedAllocation(input))).toEqual({
      'A/early': 1,
      'B/early': 2,
      'C/early': 2,
      'A/late': 1,
      'B/late': 2,
      'C/late': 2,
    });
  });

  it('stops at the budget and the cap per center', () => {
    const input = parsePlannerInput({
      seatBudget: 5,
      rules: { maxSeatsPerCenter: 3 },
      policies: { fcfsSeatsPerCohort: 3 },
      cohorts: [
        { id: 'early', quarter: 0, label: 'early', states: ['TX'], seatCap: 50 },
        { id: 'late', quarter: 1, label: 'late', states: ['TX'], seatCap: 50 },
      ],
      centers: [center('A', 'TX', 1, 1), center('B', 'TX', 1, 2)],
    });
    expect(seatsOf(firstComeFirstServedAllocation(input))).toEqual({ 'A/early': 3, 'B/early': 2 });
  });
});

/** Fails with the first broken limit, if any. */
function expectWithinLimits(input: TPlannerInput, allocation: AllocationEntry[]): void {
  const centers = new Map(input.centers.map((c) => [c.id, c]));
  const cohorts = new Map(input.cohorts.map((k) => [k.id, k]));
  const perCohort = new Map<string, number>();
  const perCenter = new Map<string, number>();
  for (const entry of allocation) {
    expect(entry.seats).toBeGreaterThan(0);
    expect(Number.isInteger(entry.seats)).toBe(true);
    expect(isEligible(centers.get(entry.centerId)!, cohorts.get(entry.cohortId)!)).toBe(true);
    perCohort.set(entry.cohortId, (perCohort.get(entry.cohortId) ?? 0) + entry.seats);
    perCenter.set(entry.centerId, (perCenter.get(entry.centerId) ?? 0) + entry.seats);
  }
  for (const [id, seats] of perCohort) expect(seats).toBeLessThanOrEqual(cohorts.get(id)!.seatCap);
  for (const seats of perCenter.values())
    expect(seats).toBeLessThanOrEqual(input.rules.maxSeatsPerCenter ?? Infinity);
  expect(allocation.reduce((s, e) => s + e.seats, 0)).toBeLessThanOrEqual(input.seatBudget);
}

describe('both policies on a synthetic national network', () => {
  it.each([
    { seatBudget: 2000, maxSeatsPerCenter: null },
    { seatBudget: 2000, maxSeatsPerCenter: 3 },
    { seatBudget: 500, maxSeatsPerCenter: null },
  ])('stay within regions, caps and budget ($seatBudget seats, cap $maxSeatsPerCenter)', (c) => {
    const raw = syntheticPlannerInput({ centers: 950, seed: 11, seatBudget: c.seatBudget });
    const input = parsePlannerInput({ ...raw, rules: { maxSeatsPerCenter: c.maxSeatsPerCenter } });
    for (const allocation of [proportionalAllocation(input), firstComeFirstServedAllocation(input)]) {
      expectWithinLimits(input, allocation);
      // With caps adding up to 110% of the budget, both spend it all unless a per-center cap binds.
      if (c.maxSeatsPerCenter == null) expect(allocation.reduce((s, e) => s + e.seats, 0)).toBe(c.seatBudget);
    }
  });
});
