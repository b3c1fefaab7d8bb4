import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CHILDREN_PER_CLINICIAN_PER_YEAR,
  DEFAULT_COMPLETION_RATE,
  DEFAULT_RAMP_UP_QUARTERS,
  DEFAULT_TARGET_REACHED,
  DEFAULT_TURNOVER_PER_YEAR,
  parsePlannerInput,
  resolveScenarios,
  SCENARIO_SPREAD as SERVER_SPREAD,
  SUGGESTED_MIN_TRAINED_PER_CENTER,
  ZPlannerSolverOptions,
  type ScenarioResult,
  type TPlannerInputRaw,
} from '../../../server/modules/access/planner/planner.types';
import {
  allocationRows,
  cohortsWithSeats,
  derivedScenario,
  draftFromInput,
  filterAndSortRows,
  gainText,
  inputFromDraft,
  parseStates,
  PLANNER_DEFAULTS,
  quarterLabels,
  SCENARIO_SPREAD,
  seatsByState,
  splitApiErrors,
  UNCERTAIN_PARAMETERS,
} from './planner-model';

const centers = [
  {
    id: 'c1',
    name: 'Austin CAC',
    state: 'TX',
    referralsPerYear: 100,
    unmetDemandPerYear: 40,
    trainedClinicians: 1,
    waitDays: 30,
    order: 1,
  },
  {
    id: 'c2',
    name: 'Dallas CAC',
    state: 'TX',
    referralsPerYear: 80,
    unmetDemandPerYear: 20,
    trainedClinicians: 0,
    waitDays: null,
    order: 2,
  },
  {
    id: 'c3',
    name: 'Columbus CAC',
    state: 'OH',
    referralsPerYear: 60,
    unmetDemandPerYear: 30,
    trainedClinicians: 2,
    waitDays: 60,
    order: 3,
  },
];

const suggested: TPlannerInputRaw = {
  horizonQuarters: 12,
  seatBudget: 2000,
  cohorts: [
    { id: 'cohort-1', quarter: 0, label: '2026 Q3, South', states: ['TX', 'OK'], seatCap: 167 },
    { id: 'cohort-2', quarter: 1, label: '2026 Q4, Midwest', states: ['OH', 'IN'], seatCap: 167 },
  ],
  centers,
};

describe('the defaults the form shows', () => {
  it('are the planner’s own', () => {
    expect(PLANNER_DEFAULTS.completionRate).toBe(DEFAULT_COMPLETION_RATE);
    expect(PLANNER_DEFAULTS.turnoverPerYear).toBe(DEFAULT_TURNOVER_PER_YEAR);
    expect(PLANNER_DEFAULTS.childrenPerClinicianPerYear).toBe(DEFAULT_CHILDREN_PER_CLINICIAN_PER_YEAR);
    expect(PLANNER_DEFAULTS.rampUpQuarters).toBe(DEFAULT_RAMP_UP_QUARTERS);
    expect(PLANNER_DEFAULTS.targetReached).toBe(DEFAULT_TARGET_REACHED);
    expect(PLANNER_DEFAULTS.suggestedMinTrainedPerCenter).toBe(SUGGESTED_MIN_TRAINED_PER_CENTER);
    expect(PLANNER_DEFAULTS.timeLimitMs).toBe(ZPlannerSolverOptions.parse({}).timeLimitMs);
    expect(SCENARIO_SPREAD).toEqual(SERVER_SPREAD);
  });

  it('derive the low and high values the planner derives', () => {
    for (const expected of [
      { completionRate: 0.9, turnoverPerYear: 0.3, childrenPerClinicianPerYear: 10 },
      { completionRate: 0.12, turnoverPerYear: 0.85, childrenPerClinicianPerYear: 400 },
      { completionRate: 1, turnoverPerYear: 0.05, childrenPerClinicianPerYear: 3 },
    ]) {
      const server = resolveScenarios(parsePlannerInput({ ...suggested, parameters: expected }));
      for (const k of UNCERTAIN_PARAMETERS) {
        const ours = derivedScenario(k, expected[k]);
        expect(ours.low, `${k} low`).toBe(server.low[k]);
        expect(ours.high, `${k} high`).toBe(server.high[k]);
      }
    }
  });
});

describe('the draft', () => {
  it('round-trips the suggested request into one the planner accepts with the same meaning', () => {
    const draft = draftFromInput(suggested, 'My plan');
    expect(draft.seatBudget).toBe('2000');
    expect(draft.cohorts[0]!.states).toBe('TX, OK');
    expect(draft.scenarios.completionRate).toEqual({ low: '', expected: '0.9', high: '' });
    expect(draft.timeLimitSeconds).toBe('10');
    const built = inputFromDraft(draft);
    if (!built.ok) throw new Error(JSON.stringify(built.errors));
    expect(built.name).toBe('My plan');
    const ours = parsePlannerInput(built.input);
    const theirs = parsePlannerInput(suggested);
    expect(ours).toEqual(theirs);
  });

  it('sends what was edited: budget, cohort, scenario values, rules and the time limit', () => {
    const draft = draftFromInput(suggested, 'Edited');
    draft.seatBudget = '120';
    draft.cohorts[1] = { ...draft.cohorts[1]!, states: 'oh; in  mi', seatCap: '60' };
    draft.scenarios.turnoverPerYear = { low: '0.45', expected: '0.25', high: '' };
    draft.minTrainedPerCenter = '2';
    draft.waitPriority = '0.5';
    draft.timeLimitSeconds = '2.5';
    const built = inputFromDraft(draft);
    if (!built.ok) throw new Error(JSON.stringify(built.errors));
    const input = parsePlannerInput(built.input);
    expect(input.seatBudget).toBe(120);
    expect(input.cohorts[1]).toMatchObject({ states: ['OH', 'IN', 'MI'], seatCap: 60 });
    expect(input.parameters.turnoverPerYear).toBe(0.25);
    expect(input.scenarios.low.turnoverPerYear).toBe(0.45);
    expect(input.scenarios.high.turnoverPerYear).toBeUndefined();
    expect(input.rules).toEqual({ minTrainedPerCenter: 2, maxSeatsPerCenter: null, waitPriority: 0.5 });
    expect(input.solver.timeLimitMs).toBe(2500);
  });

  it('names the fields that are not numbers, states or given at all', () => {
    const draft = draftFromInput(suggested, ' ');
    draft.seatBudget = '12.5';
    draft.cohorts[0] = { ...draft.cohorts[0]!, quarter: 'soon', states: 'TX, XX', label: '' };
    draft.scenarios.completionRate = { low: 'abc', expected: '', high: '' };
    draft.timeLimitSeconds = '900';
    const built = inputFromDraft(draft);
    expect(built.ok).toBe(false);
    if (built.ok) return;
    expect(built.errors).toEqual({
      name: 'is required: give the plan a name to find it again',
      seatBudget: 'must be a whole number',
      'cohorts.0.quarter': 'must be a number',
      'cohorts.0.states': 'XX is not a US state code',
      'cohorts.0.label': 'is required',
      'parameters.completionRate': 'is required',
      'scenarios.low.completionRate': 'must be a number',
      'solver.timeLimitMs': 'must be between 1 and 600 seconds',
    });
  });

  it('reads state lists with any separator and case, without repeats', () => {
    expect(parseStates(' ct,ME;ma  ny, CT ')).toEqual(['CT', 'ME', 'MA', 'NY']);
    expect(parseStates('')).toEqual([]);
  });
});

describe('the API’s field errors', () => {
  it('go beside their field; a state of a cohort’s list goes to the list; the rest to the summary', () => {
    const { fields, rest } = splitApiErrors([
      { path: 'input.cohorts.3.quarter', message: 'must be within the horizon: 0 to 11' },
      { path: 'input.cohorts.1.states.2', message: 'must be a US state or territory code, e.g. TX' },
      { path: 'input.scenarios.low.completionRate', message: 'must be at most the expected value (0.9)' },
      { path: 'input.centers.4.unmetDemandPerYear', message: 'cannot be more than referralsPerYear' },
      { path: 'name', message: 'must not be empty' },
    ]);
    expect(fields).toEqual({
      'cohorts.3.quarter': 'must be within the horizon: 0 to 11',
      'cohorts.1.states': 'must be a US state or territory code, e.g. TX',
      'scenarios.low.completionRate': 'must be at most the expected value (0.9)',
      name: 'must not be empty',
    });
    expect(rest).toEqual(['input.centers.4.unmetDemandPerYear: cannot be more than referralsPerYear']);
  });
});

describe('results', () => {
  it('names quarters from a cohort label, across a year end, or numbers them', () => {
    expect(quarterLabels(suggested.cohorts, 4)).toEqual(['2026 Q3', '2026 Q4', '2027 Q1', '2027 Q2']);
    // Anchored on a later cohort.
    expect(quarterLabels([{ quarter: 2, label: '2027 Q1, West' }], 3)).toEqual([
      '2026 Q3',
      '2026 Q4',
      '2027 Q1',
    ]);
    expect(quarterLabels([{ quarter: 0, label: 'Spring cohort' }], 3)).toEqual(['Q1', 'Q2', 'Q3']);
  });

  const allocation = [
    { centerId: 'c1', cohortId: 'cohort-1', seats: 3 },
    { centerId: 'c1', cohortId: 'cohort-2', seats: 1 },
    { centerId: 'c2', cohortId: 'cohort-1', seats: 2 },
  ];

  it('adds seats per state over its centers; a state with centers but no seats is 0', () => {
    expect(seatsByState(centers, allocation)).toEqual({ TX: 6, OH: 0 });
  });

  it('builds a row per center with its seats by cohort and its outcome', () => {
    const scenario = {
      allocation,
      centers: [
        { centerId: 'c1', seats: 4, reached: 55.5, unmetDemandRemaining: 10, trainedAtEnd: 4 },
        { centerId: 'c2', seats: 2, reached: 20, unmetDemandRemaining: 12, trainedAtEnd: 2 },
      ],
    } as unknown as ScenarioResult;
    const rows = allocationRows({ centers }, scenario);
    expect(rows.map((r) => [r.name, r.total, r.reached, r.unmetDemandRemaining])).toEqual([
      ['Austin CAC', 4, 55.5, 10],
      ['Dallas CAC', 2, 20, 12],
      // No outcome: nothing reached, its unmet demand unchanged.
      ['Columbus CAC', 0, 0, 30],
    ]);
    expect(rows[0]!.seats).toEqual({ 'cohort-1': 3, 'cohort-2': 1 });

    const stateName = (code: string) => ({ TX: 'Texas', OH: 'Ohio' })[code] ?? code;
    const names = (key: Parameters<typeof filterAndSortRows>[2], order: 'asc' | 'desc', filter = '') =>
      filterAndSortRows(rows, filter, key, order, stateName).map((r) => r.name);
    expect(names('total', 'desc')).toEqual(['Austin CAC', 'Dallas CAC', 'Columbus CAC']);
    expect(names('unmetDemandRemaining', 'asc')).toEqual(['Austin CAC', 'Dallas CAC', 'Columbus CAC']);
    expect(names('name', 'asc')).toEqual(['Austin CAC', 'Columbus CAC', 'Dallas CAC']);
    expect(names('total', 'desc', 'ohio')).toEqual(['Columbus CAC']);
    expect(names('total', 'desc', 'tx')).toEqual(['Austin CAC', 'Dallas CAC']);
    expect(names('total', 'desc', 'dall')).toEqual(['Dallas CAC']);
  });

  it('keeps only cohorts with seats as columns, in calendar order', () => {
    const cohorts = [
      { id: 'b', quarter: 2 },
      { id: 'a', quarter: 0 },
      { id: 'c', quarter: 1 },
    ];
    expect(
      cohortsWithSeats(cohorts, [
        { centerId: 'x', cohortId: 'b', seats: 1 },
        { centerId: 'x', cohortId: 'a', seats: 2 },
      ]).map((c) => c.id),
    ).toEqual(['a', 'b']);
  });

  it('says what the optimisation gains in children and percent', () => {
    expect(gainText(11_000, 10_000, 'proportional seats')).toBe(
      '+1,000 children (+10.0%) over proportional seats.',
    );
    expect(gainText(100, 100.2, 'first come, first served')).toBe(
      'The same children reached as first come, first served.',
    );
    expect(gainText(90, 100, 'x')).toBe('−10 children (−10.0%) over x.');
    expect(gainText(50, 0, 'x')).toBe('+50 children over x.');
  });
});
