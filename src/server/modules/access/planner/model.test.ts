/**
 * The optimisation model as text, on requests small enough to check line by line. The "hand"
 * parameters make the arithmetic visible: every seat completes (completion 1), nobody leaves
 * (turnover 0) and a clinician treats 4 children a year, so one seat reaches 1 child a quarter from
 * the quarter after its cohort. Most requests optimise the expected scenario alone (weights 0/1/0)
 * so the text stays short; one checks the three-scenario objective.
 */
import { describe, expect, it } from 'vitest';
import { reachPerSeat, survival } from './formulas.js';
import { allocationFromSolution, buildPlannerModel } from './model.js';
import {
  parsePlannerInput,
  weightedScenarios,
  type TPlannerInput,
  type TPlannerInputRaw,
} from './planner.types.js';

type RawCenter = TPlannerInputRaw['centers'][number];
const center = (id: string, state: string, unmet: number, extra: Partial<RawCenter> = {}): RawCenter => ({
  id,
  name: `${id} CAC`,
  state,
  referralsPerYear: 1000,
  unmetDemandPerYear: unmet,
  trainedClinicians: 0,
  waitDays: null,
  order: 1,
  ...extra,
});

function handInput(overrides: Partial<TPlannerInputRaw> = {}): TPlannerInput {
  return parsePlannerInput({
    horizonQuarters: 4,
    seatBudget: 3,
    parameters: { completionRate: 1, turnoverPerYear: 0, childrenPerClinicianPerYear: 4 },
    cohorts: [{ id: 'spring', quarter: 0, label: 'Texas, spring', states: ['TX'], seatCap: 10 }],
    centers: [center('A', 'TX', 4), center('B', 'TX', 8)],
    scenarioWeights: { low: 0, expected: 1, high: 0 },
    ...overrides,
  });
}

const model = (input: TPlannerInput, relaxed = false) =>
  buildPlannerModel(input, weightedScenarios(input), { relaxed });

/** The constraint line that starts with `name:`. */
const row = (lp: string, name: string) => lp.split('\n').find((line) => line.trim().startsWith(`${name}:`));

describe('formulas', () => {
  it('keeps (1 - turnover)^(quarters / 4) of the clinicians', () => {
    expect(survival(0.3, 4)).toBeCloseTo(0.7, 12);
    expect(survival(0.3, 2)).toBeCloseTo(Math.sqrt(0.7), 12);
    expect(survival(0, 40)).toBe(1);
  });

  it('reaches nobody before the ramp-up and p x n/4 x survival after it', () => {
    const scenario = { completionRate: 0.9, turnoverPerYear: 0.3, childrenPerClinicianPerYear: 10 };
    expect(reachPerSeat(scenario, 1, 2, 2)).toBe(0);
    // 0.9 x 2.5 x 0.7^(1/4) = 2.25 x 0.91469 = 2.05806
    expect(reachPerSeat(scenario, 1, 2, 3)).toBeCloseTo(2.05806, 4);
  });
});

describe('buildPlannerModel', () => {
  it('writes one seat variable per center in the region, reach rows from the ramp-up, and a budget row', () => {
    const m = model(handInput({ seatBudget: 2 }));
    expect(m.seatColumns.map((c) => [c.name, c.upper])).toEqual([
      // A's unmet demand (4 a year, 1 a quarter) is filled by 1 seat; B's (8, 2 a quarter) by 2.
      ['x0_0', 1],
      ['x1_0', 2],
    ]);
    expect(row(m.lp, 'reach0_1')).toBe(' reach0_1: r0_1 - x0_0 <= 0');
    expect(row(m.lp, 'reach0_0')).toBeUndefined();
    expect(row(m.lp, 'budget')).toBe(' budget: x0_0 + x1_0 <= 2');
    // The cohort cap (10) cannot bind when the bounds add up to 3: no row for it.
    expect(row(m.lp, 'cohort0')).toBeUndefined();
    expect(m.lp).toContain(' 0 <= r1_3 <= 2');
    expect(m.lp).toMatch(/Generals\n x0_0 x1_0\nEnd/);
    expect(m.size).toEqual({ rows: 7, columns: 8, integers: 2, nonzeros: 14 });
    // With 3 seats the bounds already keep within the budget: no budget row either.
    expect(row(model(handInput({ seatBudget: 3 })).lp, 'budget')).toBeUndefined();
  });

  it('leaves out centers outside the region, centers with no unmet demand and cohorts too late to reach anyone', () => {
    const input = handInput({
      cohorts: [
        { id: 'spring', quarter: 0, label: 'Texas, spring', states: ['TX'], seatCap: 10 },
        { id: 'winter', quarter: 3, label: 'Texas, winter', states: ['TX'], seatCap: 10 },
      ],
      centers: [center('A', 'TX', 4), center('OK', 'OK', 400), center('None', 'TX', 0)],
    });
    const m = model(input);
    expect(m.seatColumns.map((c) => c.name)).toEqual(['x0_0']);
  });

  it('writes turnover-decayed coefficients', () => {
    const input = handInput({
      parameters: { completionRate: 0.9, turnoverPerYear: 0.3, childrenPerClinicianPerYear: 10 },
    });
    const line = row(model(input).lp, 'reach1_2')!;
    const coefficient = Number(/- ([\d.]+) x1_0/.exec(line)![1]);
    expect(coefficient).toBeCloseTo(2.25 * Math.pow(0.7, 0.5), 10);
  });

  it('adds a binary per center below the minimum-trained rule, and none for centers already at it', () => {
    const input = handInput({
      centers: [center('A', 'TX', 4), center('B', 'TX', 8, { trainedClinicians: 2 })],
      rules: { minTrainedPerCenter: 2 },
    });
    const m = model(input);
    expect([...m.binaryColumns.entries()]).toEqual([[0, 'y0']]);
    // A's single useful seat is not enough for the rule, so its bound rises to the 2 it needs.
    expect(m.seatColumns.find((c) => c.name === 'x0_0')!.upper).toBe(2);
    expect(row(m.lp, 'mintrained0')).toBe(' mintrained0: x0_0 - 2 y0 >= 0');
    expect(row(m.lp, 'anyseat0')).toBe(' anyseat0: x0_0 - 2 y0 <= 0');
    expect(m.lp).toContain(' 0 <= y0 <= 1');
  });

  it('drops a center that could never receive the seats the rule asks for', () => {
    const input = handInput({ rules: { minTrainedPerCenter: 3, maxSeatsPerCenter: 2 } });
    expect(model(input).seatColumns).toEqual([]);
    expect(model(input).lp).toBe('');
  });

  it('has no integer section when relaxed', () => {
    const relaxed = model(handInput({ rules: { minTrainedPerCenter: 2 } }), true);
    expect(relaxed.lp).not.toContain('Generals');
    expect(relaxed.size.integers).toBe(0);
  });

  it('averages the scenarios: reach rows per scenario, objective weighted 1/4, 1/2, 1/4', () => {
    // Low: completion 0.85, 2.4 children a year, turnover 0.2; high: completion 1, 6 a year, no turnover.
    const m = model(handInput({ scenarioWeights: { low: 0.25, expected: 0.5, high: 0.25 } }));
    expect(row(m.lp, 'reach0_1_s0')).toBe(
      ` reach0_1_s0: r0_1_s0 - ${Number((0.85 * 0.6 * Math.pow(0.8, 0.25)).toPrecision(12))} x0_0 <= 0`,
    );
    expect(row(m.lp, 'reach0_1_s1')).toBe(' reach0_1_s1: r0_1_s1 - x0_0 <= 0');
    expect(row(m.lp, 'reach0_1_s2')).toBe(' reach0_1_s2: r0_1_s2 - 1.5 x0_0 <= 0');
    expect(m.lp).toMatch(/reached: 0\.25 r0_1_s0 \+ 0\.25 r0_2_s0 \+ 0\.25 r0_3_s0 \+ 0\.5 r0_1_s1/);
    // The bound comes from the least productive scenario: 1 child a quarter for A needs
    // 1 / (0.85 x 0.6 x 0.8^(3/4)) = 2.3 -> 3 seats in the low scenario's last quarter.
    expect(m.seatColumns.find((c) => c.name === 'x0_0')!.upper).toBe(3);
    expect(m.size.rows).toBe(3 * 6 + 1);
  });

  it('writes nothing to solve when the budget is zero', () => {
    expect(model(handInput({ seatBudget: 0 })).lp).toBe('');
  });
});

describe('allocationFromSolution', () => {
  it('reads whole seats back from the solver values', () => {
    const input = handInput();
    const m = model(input);
    const values = new Map([
      ['x0_0', 0.9999999997],
      ['x1_0', 2],
      ['r0_1', 1],
    ]);
    expect(allocationFromSolution(m, input, values)).toEqual([
      { centerId: 'A', cohortId: 'spring', seats: 1 },
      { centerId: 'B', cohortId: 'spring', seats: 2 },
    ]);
  });
});
