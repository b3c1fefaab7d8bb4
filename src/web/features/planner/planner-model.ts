/**
 * The planner page's pure logic: the editable draft of a plan request and its conversion to the
 * API's request, where the API's field errors belong in the form, and the figures the results show
 * (quarter labels, seats per state, the allocation table, the gain over the simple policies).
 *
 * The defaults and the low/high spreads repeat the planner's (planner.types.ts) so the form can
 * show them without bundling server code; planner-model.test.ts checks that they agree.
 */
import type { FieldError } from '../../api/client';
import { US_STATES } from '../../../shared/roles';
import type {
  AllocationEntry,
  PlanResult,
  ScenarioResult,
  TPlannerCenter,
  TPlannerInput,
  TPlannerInputRaw,
} from './planner-api';

// Defaults, their sources, and the scenario spreads -------------------------------------------------

export const PLANNER_DEFAULTS = {
  completionRate: 0.9,
  turnoverPerYear: 0.3,
  childrenPerClinicianPerYear: 10,
  rampUpQuarters: 1,
  targetReached: 55_000,
  suggestedMinTrainedPerCenter: 2,
  timeLimitMs: 10_000,
} as const;

/** What each parameter means and where its default comes from (DOMAIN.md, "Capacity planning figures"). */
export const PARAMETER_HELP = {
  seatBudget: 'Training seats the program can fund over the horizon; the cohorts’ seat caps share them out.',
  completionRate:
    'Share of trainees who finish the training. Default 0.9: in the North Carolina TF-CBT learning collaborative, 90% of 124 enrolled clinicians finished.',
  turnoverPerYear:
    'Share of trained clinicians who leave their center in a year. Default 0.3: staff turnover in mental-health agencies is 25–50% a year, about 30% typical.',
  childrenPerClinicianPerYear:
    'Children a program-trained clinician treats in a year. Default 10: grant guidance asks for at least 10 TF-CBT cases per therapist, and the partnership’s own ratio (55,000 for 2,000 professionals over three years) is about 9.2 a year.',
  rampUpQuarters:
    'Quarters between a cohort’s training and its clinicians treating children. Default 1: clinicians take their first cases during the consultation calls that follow the live training.',
  minTrainedPerCenter:
    'Off when empty. A center that receives any seat ends with at least this many trained clinicians (today’s plus its seats). The grant guidance says to train at least 2 per site to buffer turnover.',
  maxSeatsPerCenter: 'Off when empty. The most seats one center can receive over the whole horizon.',
  waitPriority:
    '0 = off. Above 0, a child reached at a center counts 1 + weight × (its median wait ÷ the longest median wait), so centers with the longest waits come first.',
  scenarios:
    'Low is the pessimistic value and high the optimistic one. Left empty, they follow the expected value: completion 0.15 lower and 0.05 higher, turnover 0.2 higher and 0.1 lower, children 60% and 150% of expected.',
  timeLimit:
    'How long the solver may search, in seconds. Default 10: a solve that has not proved itself within 1% of the best possible by then ends with a clear message.',
  target:
    'The partnership’s target of 55,000 children and family members reached over three years. The planner counts children only, so its share of the target errs low.',
} as const;

/** The planner's spreads for a low or high value that is not given (planner.types.ts, SCENARIO_SPREAD). */
export const SCENARIO_SPREAD = {
  completionRateDown: 0.15,
  completionRateUp: 0.05,
  turnoverUp: 0.2,
  turnoverDown: 0.1,
  childrenLowFactor: 0.6,
  childrenHighFactor: 1.5,
} as const;

export type UncertainParameter = 'completionRate' | 'turnoverPerYear' | 'childrenPerClinicianPerYear';
export const UNCERTAIN_PARAMETERS: readonly UncertainParameter[] = [
  'completionRate',
  'turnoverPerYear',
  'childrenPerClinicianPerYear',
];

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** The low and high values the planner derives from an expected value when they are left empty. */
export function derivedScenario(
  parameter: UncertainParameter,
  expected: number,
): { low: number; high: number } {
  const s = SCENARIO_SPREAD;
  switch (parameter) {
    case 'completionRate':
      return {
        low: round4(Math.max(0.05, expected - s.completionRateDown)),
        high: round4(Math.min(1, expected + s.completionRateUp)),
      };
    case 'turnoverPerYear':
      return {
        low: round4(Math.min(0.95, expected + s.turnoverUp)),
        high: round4(Math.max(0, expected - s.turnoverDown)),
      };
    case 'childrenPerClinicianPerYear':
      return {
        low: round4(expected * s.childrenLowFactor),
        high: round4(Math.min(500, expected * s.childrenHighFactor)),
      };
  }
}

// The draft -----------------------------------------------------------------------------------------

/** One row of the editable cohort calendar; numbers are kept as typed until the plan is run. */
export interface CohortDraft {
  /** The row's React key: stays put when rows above it are removed. */
  key: string;
  id: string;
  label: string;
  quarter: string;
  /** State codes as typed: "CT, ME, MA". */
  states: string;
  seatCap: string;
}

export type ScenarioDraft = Record<'low' | 'expected' | 'high', string>;

/**
 * The form's state. Every number is a string as typed (an empty field is "not given"), so the form
 * never fights the person typing; `inputFromDraft` turns it into a request.
 */
export interface PlannerDraft {
  name: string;
  seatBudget: string;
  cohorts: CohortDraft[];
  scenarios: Record<UncertainParameter, ScenarioDraft>;
  rampUpQuarters: string;
  minTrainedPerCenter: string;
  maxSeatsPerCenter: string;
  waitPriority: string;
  timeLimitSeconds: string;
  /** Not edited on this page; sent as they came. */
  horizonQuarters: number;
  targetReached: number;
  centers: TPlannerCenter[];
  /** Fields of the request the page does not edit (scenario weights, policies, MIP gap). */
  passthrough: Pick<TPlannerInputRaw, 'scenarioWeights' | 'policies'> & { mipGap?: number };
}

const text = (n: number | null | undefined): string => (n == null ? '' : String(n));

let newCohortCount = 0;

/** A blank cohort for "Add a cohort": the quarter after the last one, all states of the last one. */
export function newCohort(previous: CohortDraft | undefined): CohortDraft {
  newCohortCount += 1;
  const quarter = previous && /^\d+$/.test(previous.quarter) ? Number(previous.quarter) + 1 : 0;
  return {
    key: `new-${newCohortCount}`,
    id: `cohort-new-${Date.now().toString(36)}-${newCohortCount}`,
    label: '',
    quarter: String(quarter),
    states: previous?.states ?? '',
    seatCap: '0',
  };
}

/** The form filled from a request (the suggested one, or a saved plan's). */
export function draftFromInput(input: TPlannerInputRaw, name: string): PlannerDraft {
  const p = input.parameters ?? {};
  const expected: Record<UncertainParameter, number> = {
    completionRate: p.completionRate ?? PLANNER_DEFAULTS.completionRate,
    turnoverPerYear: p.turnoverPerYear ?? PLANNER_DEFAULTS.turnoverPerYear,
    childrenPerClinicianPerYear:
      p.childrenPerClinicianPerYear ?? PLANNER_DEFAULTS.childrenPerClinicianPerYear,
  };
  const scenarios = Object.fromEntries(
    UNCERTAIN_PARAMETERS.map((k) => [
      k,
      {
        low: text(input.scenarios?.low?.[k]),
        expected: String(expected[k]),
        high: text(input.scenarios?.high?.[k]),
      },
    ]),
  ) as Record<UncertainParameter, ScenarioDraft>;
  return {
    name,
    seatBudget: String(input.seatBudget),
    cohorts: input.cohorts.map((c, i) => ({
      key: `${c.id}-${i}`,
      id: c.id,
      label: c.label,
      quarter: String(c.quarter),
      states: c.states.join(', '),
      seatCap: String(c.seatCap),
    })),
    scenarios,
    rampUpQuarters: String(p.rampUpQuarters ?? PLANNER_DEFAULTS.rampUpQuarters),
    minTrainedPerCenter: text(input.rules?.minTrainedPerCenter),
    maxSeatsPerCenter: text(input.rules?.maxSeatsPerCenter),
    waitPriority: String(input.rules?.waitPriority ?? 0),
    timeLimitSeconds: String((input.solver?.timeLimitMs ?? PLANNER_DEFAULTS.timeLimitMs) / 1000),
    horizonQuarters: input.horizonQuarters ?? 12,
    targetReached: input.targetReached ?? PLANNER_DEFAULTS.targetReached,
    centers: input.centers,
    passthrough: {
      scenarioWeights: input.scenarioWeights,
      policies: input.policies,
      mipGap: input.solver?.mipGap,
    },
  };
}

/** "ct, ME;ma  NY" -> ["CT", "ME", "MA", "NY"]: any separator, any case, no repeats. */
export function parseStates(value: string): string[] {
  const codes = value
    .split(/[\s,;]+/)
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  return [...new Set(codes)];
}

/** Field errors keyed by the request's path without `input.` (e.g. "cohorts.3.quarter", "name"). */
export type FieldErrors = Record<string, string>;

/** A number as typed, or an error in the words the server would use. */
function readNumber(
  value: string,
  path: string,
  errors: FieldErrors,
  { whole = false, optional = false }: { whole?: boolean; optional?: boolean } = {},
): number | null {
  const v = value.trim();
  if (v === '') {
    if (!optional) errors[path] = 'is required';
    return null;
  }
  const n = Number(v);
  if (!Number.isFinite(n)) {
    errors[path] = 'must be a number';
    return null;
  }
  if (whole && !Number.isInteger(n)) {
    errors[path] = 'must be a whole number';
    return null;
  }
  return n;
}

/**
 * The request from the draft, or the fields that are not numbers or states at all. Ranges and the
 * rules between fields are the planner's to check: its errors come back with the same paths.
 */
export function inputFromDraft(
  draft: PlannerDraft,
): { ok: true; name: string; input: TPlannerInputRaw } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = draft.name.trim();
  if (name === '') errors['name'] = 'is required: give the plan a name to find it again';
  const seatBudget = readNumber(draft.seatBudget, 'seatBudget', errors, { whole: true });
  const cohorts = draft.cohorts.map((c, i) => {
    const states = parseStates(c.states);
    const unknown = states.filter((s) => !(s in US_STATES));
    if (states.length === 0) errors[`cohorts.${i}.states`] = 'must list at least one state';
    else if (unknown.length > 0)
      errors[`cohorts.${i}.states`] =
        `${unknown.join(', ')} ${unknown.length === 1 ? 'is not a US state code' : 'are not US state codes'}`;
    if (c.label.trim() === '') errors[`cohorts.${i}.label`] = 'is required';
    return {
      id: c.id,
      label: c.label.trim(),
      quarter: readNumber(c.quarter, `cohorts.${i}.quarter`, errors, { whole: true }) ?? 0,
      states,
      seatCap: readNumber(c.seatCap, `cohorts.${i}.seatCap`, errors, { whole: true }) ?? 0,
    };
  });
  const parameters: Record<string, number> = {};
  const low: Record<string, number> = {};
  const high: Record<string, number> = {};
  for (const k of UNCERTAIN_PARAMETERS) {
    const s = draft.scenarios[k];
    const e = readNumber(s.expected, `parameters.${k}`, errors);
    if (e !== null) parameters[k] = e;
    const l = readNumber(s.low, `scenarios.low.${k}`, errors, { optional: true });
    if (l !== null) low[k] = l;
    const h = readNumber(s.high, `scenarios.high.${k}`, errors, { optional: true });
    if (h !== null) high[k] = h;
  }
  const rampUp = readNumber(draft.rampUpQuarters, 'parameters.rampUpQuarters', errors, { whole: true });
  const minTrained = readNumber(draft.minTrainedPerCenter, 'rules.minTrainedPerCenter', errors, {
    whole: true,
    optional: true,
  });
  const maxSeats = readNumber(draft.maxSeatsPerCenter, 'rules.maxSeatsPerCenter', errors, {
    whole: true,
    optional: true,
  });
  const waitPriority = readNumber(draft.waitPriority, 'rules.waitPriority', errors, { optional: true });
  const seconds = readNumber(draft.timeLimitSeconds, 'solver.timeLimitMs', errors);
  if (seconds !== null && (seconds < 1 || seconds > 600))
    errors['solver.timeLimitMs'] = 'must be between 1 and 600 seconds';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    name,
    input: {
      horizonQuarters: draft.horizonQuarters,
      seatBudget: seatBudget!,
      targetReached: draft.targetReached,
      cohorts,
      centers: draft.centers,
      parameters: { ...parameters, rampUpQuarters: rampUp! },
      scenarios: { low, high },
      ...(draft.passthrough.scenarioWeights ? { scenarioWeights: draft.passthrough.scenarioWeights } : {}),
      ...(draft.passthrough.policies ? { policies: draft.passthrough.policies } : {}),
      rules: {
        minTrainedPerCenter: minTrained,
        maxSeatsPerCenter: maxSeats,
        waitPriority: waitPriority ?? 0,
      },
      solver: {
        timeLimitMs: Math.round(seconds! * 1000),
        ...(draft.passthrough.mipGap !== undefined ? { mipGap: draft.passthrough.mipGap } : {}),
      },
    },
  };
}

/** Paths the form shows next to a field; any other (a center's figure, say) goes in the summary. */
export function isFormPath(path: string): boolean {
  return (
    path === 'name' ||
    path === 'seatBudget' ||
    /^cohorts\.\d+\.(label|quarter|states|seatCap)$/.test(path) ||
    /^cohorts\.\d+\.states\.\d+$/.test(path) ||
    /^parameters\.(completionRate|turnoverPerYear|childrenPerClinicianPerYear|rampUpQuarters)$/.test(path) ||
    /^scenarios\.(low|high)\.(completionRate|turnoverPerYear|childrenPerClinicianPerYear)$/.test(path) ||
    /^rules\.(minTrainedPerCenter|maxSeatsPerCenter|waitPriority)$/.test(path) ||
    path === 'solver.timeLimitMs'
  );
}

/**
 * The API's field errors ("input.cohorts.3.quarter") split into those the form shows beside a field
 * (keyed without `input.`; a state in a cohort's list belongs to the list) and the rest, as text.
 */
export function splitApiErrors(details: readonly FieldError[]): { fields: FieldErrors; rest: string[] } {
  const fields: FieldErrors = {};
  const rest: string[] = [];
  for (const d of details) {
    let path = d.path.startsWith('input.') ? d.path.slice('input.'.length) : d.path;
    const stateItem = /^(cohorts\.\d+\.states)\.\d+$/.exec(path);
    if (stateItem) path = stateItem[1]!;
    if (isFormPath(path)) fields[path] ??= d.message;
    else rest.push(d.path ? `${d.path}: ${d.message}` : d.message);
  }
  return { fields, rest };
}

// Results -------------------------------------------------------------------------------------------

/**
 * A label for each quarter of the horizon. Cohort labels made by the suggested calendar start with
 * the calendar quarter ("2026 Q3, Northeast"); from one such cohort every quarter can be named.
 * Otherwise the quarters are numbered from the start of the plan ("Q1" is the first).
 */
export function quarterLabels(
  cohorts: readonly { quarter: number; label: string }[],
  horizon: number,
): string[] {
  for (const c of cohorts) {
    const m = /^(\d{4}) Q([1-4])\b/.exec(c.label);
    if (!m) continue;
    const anchor = Number(m[1]) * 4 + (Number(m[2]) - 1) - c.quarter;
    return Array.from({ length: horizon }, (_, q) => {
      const n = anchor + q;
      return `${Math.floor(n / 4)} Q${(n % 4) + 1}`;
    });
  }
  return Array.from({ length: horizon }, (_, q) => `Q${q + 1}`);
}

export interface ProjectionRow {
  label: string;
  expected: number;
  low: number;
  high: number;
  /** [low, high]: the band's range for the chart. */
  band: [number, number];
}

/** Cumulative children reached per quarter in the three scenarios. */
export function projectionRows(result: PlanResult, labels: readonly string[]): ProjectionRow[] {
  const { low, expected, high } = result.scenarios;
  return expected.reachedByQuarter.map((q, i) => {
    const l = low.reachedByQuarter[i]?.cumulative ?? q.cumulative;
    const h = high.reachedByQuarter[i]?.cumulative ?? q.cumulative;
    return {
      label: labels[q.quarter] ?? `Q${q.quarter + 1}`,
      expected: q.cumulative,
      low: l,
      high: h,
      band: [Math.min(l, h), Math.max(l, h)],
    };
  });
}

/** Seats per state: each center's seats added to its state; states with centers but no seats are 0. */
export function seatsByState(
  centers: readonly Pick<TPlannerCenter, 'id' | 'state'>[],
  allocation: readonly AllocationEntry[],
): Record<string, number> {
  const stateOf = new Map(centers.map((c) => [c.id, c.state]));
  const seats: Record<string, number> = {};
  for (const c of centers) seats[c.state] ??= 0;
  for (const e of allocation) {
    const state = stateOf.get(e.centerId);
    if (state !== undefined) seats[state] = (seats[state] ?? 0) + e.seats;
  }
  return seats;
}

export interface AllocationRow {
  centerId: string;
  name: string;
  state: string;
  /** Seats by cohort id. */
  seats: Record<string, number>;
  total: number;
  reached: number;
  unmetDemandRemaining: number;
}

/** One row per center of the request, with its seats by cohort and the expected scenario's outcome. */
export function allocationRows(
  input: Pick<TPlannerInput, 'centers'>,
  scenario: ScenarioResult,
): AllocationRow[] {
  const outcome = new Map(scenario.centers.map((c) => [c.centerId, c]));
  const seats = new Map<string, Record<string, number>>();
  for (const e of scenario.allocation) {
    const row = seats.get(e.centerId) ?? {};
    row[e.cohortId] = (row[e.cohortId] ?? 0) + e.seats;
    seats.set(e.centerId, row);
  }
  return input.centers.map((c) => {
    const bySeat = seats.get(c.id) ?? {};
    const o = outcome.get(c.id);
    return {
      centerId: c.id,
      name: c.name,
      state: c.state,
      seats: bySeat,
      total: Object.values(bySeat).reduce((s, n) => s + n, 0),
      reached: o?.reached ?? 0,
      unmetDemandRemaining: o?.unmetDemandRemaining ?? c.unmetDemandPerYear,
    };
  });
}

/** The cohorts that received any seat, in calendar order: the allocation table's columns. */
export function cohortsWithSeats<T extends { id: string; quarter: number }>(
  cohorts: readonly T[],
  allocation: readonly AllocationEntry[],
): T[] {
  const used = new Set(allocation.filter((e) => e.seats > 0).map((e) => e.cohortId));
  return cohorts.filter((c) => used.has(c.id)).sort((a, b) => a.quarter - b.quarter);
}

export type AllocationSortKey = 'name' | 'state' | 'total' | 'reached' | 'unmetDemandRemaining';

/** Rows matching the filter (center name or state code or name), sorted; ties by center name. */
export function filterAndSortRows(
  rows: readonly AllocationRow[],
  filter: string,
  key: AllocationSortKey,
  order: 'asc' | 'desc',
  stateName: (code: string) => string,
): AllocationRow[] {
  const q = filter.trim().toLowerCase();
  const matches = q
    ? rows.filter(
        (r) =>
          r.name.toLowerCase().includes(q) ||
          r.state.toLowerCase() === q ||
          stateName(r.state).toLowerCase().includes(q),
      )
    : [...rows];
  const sign = order === 'asc' ? 1 : -1;
  return matches.sort((a, b) => {
    const primary = key === 'name' || key === 'state' ? a[key].localeCompare(b[key]) : a[key] - b[key];
    return primary * sign || a.name.localeCompare(b.name);
  });
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');

/** "+1,234 children (+12%) over proportional seats": what the optimisation gains over a policy. */
export function gainText(optimised: number, policy: number, policyWords: string): string {
  const diff = Math.round(optimised - policy);
  if (diff === 0) return `The same children reached as ${policyWords}.`;
  const sign = diff > 0 ? '+' : '−';
  const pct = policy > 0 ? ` (${sign}${Math.abs((diff / policy) * 100).toFixed(1)}%)` : '';
  return `${sign}${whole(Math.abs(diff))} children${pct} over ${policyWords}.`;
}
