import { describe, expect, it } from 'vitest';
import {
  bestOf,
  commonTarget,
  compareProjection,
  compareSeatsByState,
  compareUrl,
  gainFigure,
  MAX_COMPARED,
  metricRows,
  parseCompareIds,
  selectionProblem,
  sortStateRows,
  type StateSeatsRow,
} from './compare-model';
import type { AllocationEntry, Plan, ScenarioResult } from './planner-api';

const ID = [
  '11111111-1111-4111-8111-111111111111',
  '22222222-2222-4222-8222-222222222222',
  '33333333-3333-4333-8333-333333333333',
  '44444444-4444-4444-8444-444444444444',
  '55555555-5555-4555-8555-555555555555',
];

const centers = [
  { id: 'c1', name: 'Austin CAC', state: 'TX' },
  { id: 'c2', name: 'Dallas CAC', state: 'TX' },
  { id: 'c3', name: 'Columbus CAC', state: 'OH' },
  { id: 'c4', name: 'Boise CAC', state: 'ID' },
];

interface Figures {
  reached: [low: number, expected: number, high: number];
  proportional?: number;
  firstCome?: number;
  unmet?: number;
  trained?: number;
  seatBudget?: number;
  target?: number;
  allocation?: AllocationEntry[];
  /** Cumulative expected reach per quarter; its length is the horizon. */
  cumulative?: number[];
  cohortLabel?: string;
  planCenters?: typeof centers;
  mipGap?: number;
}

/** A saved plan with just the figures the comparison reads. */
function plan(id: string, name: string, f: Figures): Plan {
  const target = f.target ?? 55_000;
  const allocation = f.allocation ?? [{ centerId: 'c1', cohortId: 'k1', seats: 10 }];
  const cumulative = f.cumulative ?? [0, f.reached[1] / 2, f.reached[1]];
  const seatsAllocated = allocation.reduce((s, e) => s + e.seats, 0);
  const scenario = (total: number): ScenarioResult =>
    ({
      allocation,
      seatsAllocated,
      reachedTotal: total,
      targetReached: target,
      shareOfTarget: total / target,
      unmetDemandRemaining: f.unmet ?? 500,
      trainedAtEnd: f.trained ?? 40,
      reachedByQuarter: cumulative.map((c, quarter) => ({ quarter, reached: 0, cumulative: c })),
      comparison: {
        optimised: { reachedTotal: total },
        proportional: { reachedTotal: f.proportional ?? total },
        firstComeFirstServed: { reachedTotal: f.firstCome ?? total },
      },
    }) as unknown as ScenarioResult;
  const solver = { status: 'optimal', objective: 0, mipGap: f.mipGap ?? 0.004, timeMs: 2300 } as const;
  const planCenters = f.planCenters ?? centers;
  return {
    summary: {
      id,
      name,
      createdAt: '2026-03-03T15:00:00.000Z',
      createdBy: 'Avery Admin',
      seatBudget: f.seatBudget ?? 120,
      centers: planCenters.length,
      cohorts: 1,
      reached: f.reached[1],
      reachedProportional: f.proportional ?? f.reached[1],
      reachedFirstCome: f.firstCome ?? f.reached[1],
      targetReached: target,
    },
    input: {
      cohorts: [
        { id: 'k1', label: f.cohortLabel ?? '2026 Q3, South', quarter: 0, states: ['TX'], seatCap: 100 },
      ],
      centers: planCenters,
    },
    result: {
      horizonQuarters: cumulative.length,
      seatBudget: f.seatBudget ?? 120,
      targetReached: target,
      solver: { ...solver, rows: 0, columns: 0, integers: 0 },
      scenarios: {
        low: scenario(f.reached[0]),
        expected: scenario(f.reached[1]),
        high: scenario(f.reached[2]),
      },
    },
  } as unknown as Plan;
}

describe('the plans the address asks for', () => {
  it('keeps valid ids in the order given, once each, whatever their case or spacing', () => {
    const { ids, issues } = parseCompareIds(` ${ID[1]}, ${ID[0]!.toUpperCase()} ,,${ID[1]}`);
    expect(ids).toEqual([ID[1], ID[0]]);
    expect(issues).toEqual([]);
  });

  it('names an id that is not a plan identifier, and compares the rest', () => {
    const { ids, issues } = parseCompareIds(`${ID[0]},not-a-plan,${ID[1]}`);
    expect(ids).toEqual([ID[0], ID[1]]);
    expect(issues).toEqual([{ id: 'not-a-plan', message: '“not-a-plan” is not a plan identifier.' }]);
  });

  it(`compares at most ${MAX_COMPARED} and says which were left out`, () => {
    const { ids, issues } = parseCompareIds(ID.join(','));
    expect(ids).toEqual(ID.slice(0, 4));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.id).toBe(ID[4]);
    expect(issues[0]!.message).toContain('at most 4 plans');
  });

  it('is empty without the parameter', () => {
    expect(parseCompareIds(null)).toEqual({ ids: [], issues: [] });
    expect(parseCompareIds('')).toEqual({ ids: [], issues: [] });
  });

  it('round-trips through the address the saved plans link to', () => {
    const url = new URL(compareUrl([ID[2]!, ID[0]!]), 'https://waymark.test');
    expect(url.pathname).toBe('/access/planner/compare');
    expect(parseCompareIds(url.searchParams.get('plans')).ids).toEqual([ID[2], ID[0]]);
  });
});

describe('the compare button', () => {
  it('is allowed with 2 to 4 plans and says why not otherwise', () => {
    expect(selectionProblem(0)).toBe('Select 2 to 4 plans to compare them.');
    expect(selectionProblem(1)).toContain('at least one more plan');
    expect(selectionProblem(2)).toBeNull();
    expect(selectionProblem(4)).toBeNull();
    expect(selectionProblem(6)).toBe('At most 4 plans can be compared at once: clear 2 of the 6 selected.');
  });
});

describe('the best value of a row', () => {
  const whole = (n: number) => Math.round(n);
  it('marks the highest or the lowest, ties alike', () => {
    expect(bestOf([10, 30, 30], 'higher', whole)).toEqual([false, true, true]);
    expect(bestOf([10, 30, 5], 'lower', whole)).toEqual([false, false, true]);
  });

  it('marks nothing when every plan shows the same figure, or for a row without a better way', () => {
    expect(bestOf([100.2, 99.8], 'higher', whole)).toEqual([false, false]);
    expect(bestOf([1, 2], null, whole)).toEqual([false, false]);
  });

  it('compares the figures as shown, not digits the page hides', () => {
    expect(bestOf([1200.4, 1199.6, 1100], 'higher', whole)).toEqual([true, true, false]);
  });
});

describe('the side-by-side rows', () => {
  const a = plan(ID[0]!, 'Budget 120', {
    reached: [800, 1500.4, 2600],
    proportional: 1200,
    firstCome: 1600,
    unmet: 700,
    trained: 60,
  });
  const b = plan(ID[1]!, 'Budget 240', {
    reached: [900, 1400, 2600],
    proportional: 1400,
    firstCome: 1000,
    unmet: 650,
    trained: 60,
    seatBudget: 240,
  });
  const rows = Object.fromEntries(metricRows([a, b]).map((r) => [r.key, r]));

  it('shows each plan’s figures in its column', () => {
    expect(rows['seatBudget']!.text).toEqual(['120', '240']);
    expect(rows['reachedExpected']!.text).toEqual(['1,500', '1,400']);
    expect(rows['shareOfTarget']!.text).toEqual(['2.7%', '2.5%']);
    expect(rows['shareOfTarget']!.label).toBe('Share of the target of 55,000');
    expect(rows['solver']!.text).toEqual([
      'Optimal, within 0.4% of the best possible',
      'Optimal, within 0.4% of the best possible',
    ]);
  });

  it('marks the best outcome, higher or lower as the row means, and never an input', () => {
    expect(rows['reachedExpected']!.best).toEqual([true, false]);
    expect(rows['reachedLow']!.best).toEqual([false, true]);
    expect(rows['reachedHigh']!.best).toEqual([false, false]);
    expect(rows['unmetDemandRemaining']!.best).toEqual([false, true]);
    expect(rows['trainedAtEnd']!.best).toEqual([false, false]);
    expect(rows['seatBudget']!.best).toEqual([false, false]);
    expect(rows['solver']!.best).toEqual([false, false]);
  });

  it('gives the gain over each simple policy, signed, with its share', () => {
    expect(rows['gainProportional']!.text).toEqual(['+300 (+25.0%)', '0']);
    expect(rows['gainProportional']!.best).toEqual([true, false]);
    expect(rows['gainFirstCome']!.text).toEqual(['−100 (−6.2%)', '+400 (+40.0%)']);
    expect(rows['gainFirstCome']!.best).toEqual([false, true]);
  });

  it('says each plan’s own target when the targets differ', () => {
    const c = plan(ID[2]!, 'Other target', { reached: [10, 20, 30], target: 10_000 });
    const share = metricRows([a, c]).find((r) => r.key === 'shareOfTarget')!;
    expect(share.label).toBe('Share of the plan’s target');
    expect(share.sub).toEqual(['of 55,000', 'of 10,000']);
  });

  it('words the gain over a policy', () => {
    expect(gainFigure(1000, 1000)).toEqual({ gain: 0, text: '0' });
    expect(gainFigure(1234.4, 0).text).toBe('+1,234');
    expect(gainFigure(90, 100).text).toBe('−10 (−10.0%)');
  });
});

describe('the reach by quarter', () => {
  it('puts every plan’s expected reach in one row per quarter, with calendar names when they agree', () => {
    const a = plan(ID[0]!, 'A', { reached: [0, 30, 0], cumulative: [0, 10, 30] });
    const b = plan(ID[1]!, 'B', { reached: [0, 50, 0], cumulative: [5, 20, 40, 50] });
    const rows = compareProjection([a, b]);
    expect(rows.map((r) => r.label)).toEqual(['2026 Q3', '2026 Q4', '2027 Q1', '2027 Q2']);
    expect(rows.map((r) => r.reached)).toEqual([
      [0, 5],
      [10, 20],
      [30, 40],
      [null, 50],
    ]);
  });

  it('numbers the quarters from the start when the plans start in different quarters', () => {
    const a = plan(ID[0]!, 'A', { reached: [0, 30, 0], cohortLabel: '2026 Q3, South' });
    const b = plan(ID[1]!, 'B', { reached: [0, 30, 0], cohortLabel: '2027 Q1, South' });
    expect(compareProjection([a, b]).map((r) => r.label)).toEqual(['Q1', 'Q2', 'Q3']);
  });

  it('draws one target only when the plans share it', () => {
    const a = plan(ID[0]!, 'A', { reached: [0, 30, 0] });
    expect(commonTarget([a, plan(ID[1]!, 'B', { reached: [0, 30, 0] })])).toBe(55_000);
    expect(commonTarget([a, plan(ID[1]!, 'B', { reached: [0, 30, 0], target: 9000 })])).toBeNull();
  });
});

describe('the seats by state', () => {
  const a = plan(ID[0]!, 'A', {
    reached: [0, 1, 0],
    allocation: [
      { centerId: 'c1', cohortId: 'k1', seats: 10 },
      { centerId: 'c2', cohortId: 'k1', seats: 5 },
      { centerId: 'c3', cohortId: 'k1', seats: 4 },
    ],
  });
  const b = plan(ID[1]!, 'B', {
    reached: [0, 1, 0],
    allocation: [
      { centerId: 'c1', cohortId: 'k1', seats: 3 },
      { centerId: 'c3', cohortId: 'k1', seats: 20 },
    ],
  });

  it('adds each plan’s seats by state, the largest difference first, states without seats counted apart', () => {
    const { rows, withoutSeats } = compareSeatsByState([a, b]);
    expect(rows).toEqual([
      { state: 'OH', seats: [4, 20], spread: 16, difference: 16 },
      { state: 'TX', seats: [15, 3], spread: 12, difference: -12 },
    ]);
    // Idaho has a center in both plans and no seat in either.
    expect(withoutSeats).toBe(1);
  });

  it('gives the spread, not a signed difference, with more than two plans', () => {
    const c = plan(ID[2]!, 'C', {
      reached: [0, 1, 0],
      allocation: [{ centerId: 'c4', cohortId: 'k1', seats: 7 }],
    });
    const { rows, withoutSeats } = compareSeatsByState([a, b, c]);
    expect(rows.map((r) => [r.state, r.spread, r.difference])).toEqual([
      ['OH', 20, null],
      ['TX', 15, null],
      ['ID', 7, null],
    ]);
    expect(withoutSeats).toBe(0);
  });

  it('marks a state a plan has no center in, and counts it as no seats', () => {
    const small = plan(ID[2]!, 'Texas only', {
      reached: [0, 1, 0],
      planCenters: centers.slice(0, 2),
      allocation: [{ centerId: 'c1', cohortId: 'k1', seats: 2 }],
    });
    const { rows } = compareSeatsByState([b, small]);
    expect(rows.find((r) => r.state === 'OH')).toEqual({
      state: 'OH',
      seats: [20, null],
      spread: 20,
      difference: -20,
    });
  });

  it('sorts by a plan’s column or the state’s name, ties by name', () => {
    const rows: StateSeatsRow[] = [
      { state: 'TX', seats: [5, 1], spread: 4, difference: -4 },
      { state: 'OH', seats: [5, 9], spread: 4, difference: 4 },
      { state: 'AK', seats: [1, 1], spread: 0, difference: 0 },
    ];
    const name = (s: string) => ({ TX: 'Texas', OH: 'Ohio', AK: 'Alaska' })[s] ?? s;
    expect(sortStateRows(rows, 'spread', 'desc', name).map((r) => r.state)).toEqual(['OH', 'TX', 'AK']);
    expect(sortStateRows(rows, 1, 'desc', name).map((r) => r.state)).toEqual(['OH', 'AK', 'TX']);
    expect(sortStateRows(rows, 0, 'asc', name).map((r) => r.state)).toEqual(['AK', 'OH', 'TX']);
    expect(sortStateRows(rows, 'state', 'asc', name).map((r) => r.state)).toEqual(['AK', 'OH', 'TX']);
  });
});
