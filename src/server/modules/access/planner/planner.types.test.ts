/**
 * Plan requests: defaults with their documented values, every problem reported against the field
 * that has it, and the low / expected / high scenarios.
 */
import { describe, expect, it } from 'vitest';
import { AppError, type ErrorDetail } from '../../../platform/errors.js';
import {
  parsePlannerInput,
  resolveScenarios,
  weightedScenarios,
  type TPlannerInputRaw,
} from './planner.types.js';

const base = (): TPlannerInputRaw => ({
  seatBudget: 10,
  cohorts: [{ id: 'k1', quarter: 0, label: 'Texas spring', states: ['TX'], seatCap: 10 }],
  centers: [
    {
      id: 'c1',
      name: 'Harris County CAC',
      state: 'TX',
      referralsPerYear: 300,
      unmetDemandPerYear: 80,
      trainedClinicians: 2,
      waitDays: 45,
      order: 1,
    },
  ],
});

/** The details of the validation error a request raises (fails the test if it raises none). */
function problems(raw: unknown): ErrorDetail[] {
  try {
    parsePlannerInput(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALIDATION_FAILED');
    return (error as AppError).details;
  }
  throw new Error('expected the request to be refused');
}

const paths = (raw: unknown) => problems(raw).map((d) => d.path);

describe('parsePlannerInput', () => {
  it('fills in the documented defaults', () => {
    const input = parsePlannerInput(base());
    expect(input.horizonQuarters).toBe(12);
    expect(input.targetReached).toBe(55_000);
    expect(input.parameters).toEqual({
      completionRate: 0.9,
      turnoverPerYear: 0.3,
      childrenPerClinicianPerYear: 10,
      rampUpQuarters: 1,
    });
    expect(input.rules).toEqual({ minTrainedPerCenter: null, maxSeatsPerCenter: null, waitPriority: 0 });
    expect(input.policies.fcfsSeatsPerCohort).toBe(2);
    expect(input.solver).toEqual({ timeLimitMs: 10_000, mipGap: 0.01 });
  });

  it('names a cohort quarter outside the horizon', () => {
    const raw = base();
    raw.horizonQuarters = 4;
    raw.cohorts[0]!.quarter = 4;
    const details = problems(raw);
    expect(details).toEqual([{ path: 'cohorts.0.quarter', message: 'must be within the horizon: 0 to 3' }]);
  });

  it('names a negative seat cap', () => {
    const raw = base();
    raw.cohorts[0]!.seatCap = -1;
    expect(paths(raw)).toEqual(['cohorts.0.seatCap']);
  });

  it('names a center state that is not a two-letter code', () => {
    const raw = base();
    raw.centers[0]!.state = 'Texas';
    expect(paths(raw)).toContain('centers.0.state');
    raw.centers[0]!.state = 'ZZ';
    expect(problems(raw)).toEqual([
      { path: 'centers.0.state', message: 'must be a US state or territory code, e.g. TX' },
    ]);
  });

  it('names a state in a cohort region that is not a code', () => {
    const raw = base();
    raw.cohorts[0]!.states = ['TX', 'texas'];
    expect(paths(raw)).toEqual(['cohorts.0.states.1']);
  });

  it.each([0, -0.1, 1.01])('refuses a completion rate of %s (it must be in (0, 1])', (rate) => {
    const raw = { ...base(), parameters: { completionRate: rate } };
    expect(paths(raw)).toEqual(['parameters.completionRate']);
  });

  it('accepts a completion rate of exactly 1', () => {
    expect(
      parsePlannerInput({ ...base(), parameters: { completionRate: 1 } }).parameters.completionRate,
    ).toBe(1);
  });

  it('refuses a turnover of 100% a year and a negative caseload', () => {
    const raw = { ...base(), parameters: { turnoverPerYear: 1, childrenPerClinicianPerYear: -3 } };
    expect(paths(raw).sort()).toEqual([
      'parameters.childrenPerClinicianPerYear',
      'parameters.turnoverPerYear',
    ]);
  });

  it('names unknown fields one by one, wherever they are', () => {
    const raw = { ...base(), colour: 'red', rules: { minTrained: 2 } };
    expect(problems(raw)).toEqual(
      expect.arrayContaining([
        { path: 'colour', message: 'is not a known field' },
        { path: 'rules.minTrained', message: 'is not a known field' },
      ]),
    );
  });

  it('refuses duplicate ids and unmet demand above referrals', () => {
    const raw = base();
    raw.cohorts.push({ ...raw.cohorts[0]! });
    raw.centers.push({ ...raw.centers[0]!, unmetDemandPerYear: 301 });
    expect(paths(raw).sort()).toEqual(['centers.1.id', 'centers.1.unmetDemandPerYear', 'cohorts.1.id']);
  });

  it('refuses a fractional seat budget and a fractional minimum', () => {
    const raw = { ...base(), seatBudget: 2.5, rules: { minTrainedPerCenter: 1.5 } };
    expect(paths(raw).sort()).toEqual(['rules.minTrainedPerCenter', 'seatBudget']);
  });

  it('weighs the scenarios 1/4, 1/2, 1/4 by default and refuses weights that are all 0', () => {
    expect(parsePlannerInput(base()).scenarioWeights).toEqual({ low: 0.25, expected: 0.5, high: 0.25 });
    expect(problems({ ...base(), scenarioWeights: { low: 0, expected: 0, high: 0 } })).toEqual([
      { path: 'scenarioWeights', message: 'at least one scenario must have a weight above 0' },
    ]);
    expect(paths({ ...base(), scenarioWeights: { high: -1 } })).toEqual(['scenarioWeights.high']);
  });

  it('refuses a low scenario better than the expected one, naming the field', () => {
    const raw = { ...base(), scenarios: { low: { completionRate: 0.95 }, high: { turnoverPerYear: 0.4 } } };
    const details = problems(raw);
    expect(details.map((d) => d.path).sort()).toEqual([
      'scenarios.high.turnoverPerYear',
      'scenarios.low.completionRate',
    ]);
    expect(details.find((d) => d.path === 'scenarios.low.completionRate')!.message).toMatch(
      /at most the expected value \(0\.9\)/,
    );
  });
});

describe('weightedScenarios', () => {
  it('leaves out scenarios of weight 0 and makes the others add up to 1', () => {
    const input = parsePlannerInput({ ...base(), scenarioWeights: { low: 0, expected: 0.6, high: 0.2 } });
    expect(weightedScenarios(input).map((s) => [s.name, s.weight])).toEqual([
      ['expected', expect.closeTo(0.75, 12)],
      ['high', expect.closeTo(0.25, 12)],
    ]);
  });
});

describe('resolveScenarios', () => {
  it('derives completion 0.75/0.9/0.95, turnover 0.5/0.3/0.2 and 6/10/15 children from the defaults', () => {
    expect(resolveScenarios(parsePlannerInput(base()))).toEqual({
      low: { completionRate: 0.75, turnoverPerYear: 0.5, childrenPerClinicianPerYear: 6 },
      expected: { completionRate: 0.9, turnoverPerYear: 0.3, childrenPerClinicianPerYear: 10 },
      high: { completionRate: 0.95, turnoverPerYear: 0.2, childrenPerClinicianPerYear: 15 },
    });
  });

  it('keeps derived values inside their ranges and uses the values given', () => {
    const input = parsePlannerInput({
      ...base(),
      parameters: { completionRate: 1, turnoverPerYear: 0.05 },
      scenarios: { low: { childrenPerClinicianPerYear: 4 } },
    });
    const { low, high } = resolveScenarios(input);
    expect(high.completionRate).toBe(1);
    expect(high.turnoverPerYear).toBe(0);
    expect(low.childrenPerClinicianPerYear).toBe(4);
    expect(low.completionRate).toBe(0.85);
  });
});
