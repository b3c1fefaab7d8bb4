/**
 * The training-seat planner's contract: what a plan request carries (the seat budget, the cohort
 * calendar, the centers with their demand, and the planning parameters) and what a plan returns.
 * Shared by the optimiser, the two comparison policies and the simulation, and meant to be reused
 * by the plans API and the `waymark plan` command.
 *
 * Every default below is a planning assumption, not a fact about one center; each says where it
 * comes from (see DOMAIN.md, "Capacity planning figures"). Requests are strict: an unknown field
 * is refused, and every problem is reported with the dotted path of the field
 * (e.g. `cohorts.3.quarter`).
 */
import { z } from 'zod';
import { US_STATES } from '../../../../shared/roles.js';
import { AppError, type ErrorDetail } from '../../../platform/errors.js';

// Building blocks -----------------------------------------------------------------------------------

const int = (min: number, max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const nonNegative = (max: number) =>
  z
    .number()
    .refine(Number.isFinite, 'must be a number')
    .min(0, 'must be 0 or more')
    .max(max, `must be at most ${max}`);

const ZId = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

const ZStateCode = z
  .string()
  .regex(/^[A-Z]{2}$/, { message: 'must be a two-letter US state code in capitals, e.g. TX', abort: true })
  .refine((s) => s in US_STATES, 'must be a US state or territory code, e.g. TX');

/** A share of people, strictly above 0 and at most 1 (e.g. 0.9 = 90%). */
const ZRate = z.number().gt(0, 'must be more than 0').max(1, 'must be at most 1 (100%)');

/** A yearly leaving rate: 0 (nobody leaves) up to, but not including, 1 (everybody leaves). */
const ZTurnover = z.number().min(0, 'must be 0 or more').lt(1, 'must be less than 1 (100% a year)');

const ZChildrenPerClinician = z
  .number()
  .gt(0, 'must be more than 0')
  .max(500, 'must be at most 500 children a year');

// Defaults and their sources --------------------------------------------------------------------

/**
 * 0.9: in the North Carolina TF-CBT learning collaborative, 90% of 124 enrolled clinicians finished
 * the training (DOMAIN.md).
 */
export const DEFAULT_COMPLETION_RATE = 0.9;
/** 0.3: staff turnover in mental-health agencies is 25-50% a year, about 30% typical (DOMAIN.md). */
export const DEFAULT_TURNOVER_PER_YEAR = 0.3;
/**
 * 10 children a year per program-trained clinician. Two published anchors agree on about this
 * figure: grant guidance asks for at least 10 TF-CBT cases per therapist in a grant period, and
 * the partnership's own ratio (55,000 children and family members for 2,000 professionals over
 * three years) is about 9.2 a year. A TF-CBT course runs 12-16 weekly sessions, so 10 children a
 * year is a part-time trauma caseload, which is how most CAC clinicians practise.
 */
export const DEFAULT_CHILDREN_PER_CLINICIAN_PER_YEAR = 10;
/**
 * 1 quarter: clinicians take their first TF-CBT cases during the consultation calls that follow
 * the live training (certification asks for completed cases in that period), so they treat
 * children from the quarter after their cohort.
 */
export const DEFAULT_RAMP_UP_QUARTERS = 1;
/**
 * 55,000: the partnership's target of children and family members reached over three years. The
 * planner counts children only, so its share of the target errs low.
 */
export const DEFAULT_TARGET_REACHED = 55_000;
/** The grant guidance's "at least 2 trained clinicians per site"; used when a caller turns the rule on. */
export const SUGGESTED_MIN_TRAINED_PER_CENTER = 2;
/** Weights of the low, expected and high scenarios in the optimiser's objective. */
export const DEFAULT_SCENARIO_WEIGHTS = { low: 0.25, expected: 0.5, high: 0.25 } as const;
/** Seats a center takes in each cohort under first come, first served, when not given. */
export const DEFAULT_FCFS_SEATS_PER_COHORT = 2;

// Input -------------------------------------------------------------------------------------------

const ZWeight = z.number().min(0, 'must be 0 or more').max(1, 'must be at most 1');

export const ZPlannerCohort = z.strictObject({
  id: ZId,
  /** 0-based quarter of the horizon in which the cohort's live training takes place. */
  quarter: int(0, 399),
  label: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  /** The region the cohort serves: only centers in these states can take its seats. */
  states: z.array(ZStateCode).min(1, 'must list at least one state').max(60, 'must list at most 60 states'),
  seatCap: int(0, 100_000),
});

export const ZPlannerCenter = z.strictObject({
  id: ZId,
  name: z.string().trim().min(1, 'must not be empty').max(300, 'must be at most 300 characters'),
  state: ZStateCode,
  chapter: z.string().max(300, 'must be at most 300 characters').nullable().optional(),
  /** Children a year referred for trauma-focused therapy. */
  referralsPerYear: nonNegative(1_000_000),
  /** Of those, children a year referred but never served (the center's access gap). */
  unmetDemandPerYear: nonNegative(1_000_000),
  /** Clinicians already trained in the model today (they are not counted as reached by the program). */
  trainedClinicians: int(0, 10_000),
  /** Median days from referral to first session; used only for wait priority. */
  waitDays: nonNegative(3650).nullable(),
  /** Place in the application queue (first come, first served); lower applied earlier. */
  order: z.number().refine(Number.isFinite, 'must be a number'),
});

/** The uncertain parameters that the low, expected and high scenarios vary. */
export const ZScenarioParameters = z.strictObject({
  completionRate: ZRate,
  turnoverPerYear: ZTurnover,
  childrenPerClinicianPerYear: ZChildrenPerClinician,
});

export const ZPlannerParameters = z.strictObject({
  completionRate: ZRate.default(DEFAULT_COMPLETION_RATE),
  turnoverPerYear: ZTurnover.default(DEFAULT_TURNOVER_PER_YEAR),
  childrenPerClinicianPerYear: ZChildrenPerClinician.default(DEFAULT_CHILDREN_PER_CLINICIAN_PER_YEAR),
  /** Quarters between a cohort and its clinicians treating children. */
  rampUpQuarters: int(0, 8).default(DEFAULT_RAMP_UP_QUARTERS),
});

export const ZPlannerRules = z.strictObject({
  /**
   * Off unless set. A center that receives any seat ends with at least this many trained
   * clinicians, counting those trained today plus the seats it receives (as the grant guidance
   * words it: "train at least 2 clinicians per site").
   */
  minTrainedPerCenter: int(1, 100).nullable().default(null),
  /** Most seats one center can receive over the whole horizon; off unless set. */
  maxSeatsPerCenter: int(0, 100_000).nullable().default(null),
  /**
   * 0 = off. Above 0, a child reached at a center counts 1 + waitPriority x (the center's median
   * wait / the longest median wait in the request); centers without a wait figure count 1.
   */
  waitPriority: z.number().min(0, 'must be 0 or more').max(100, 'must be at most 100').default(0),
});

export const ZPlannerPolicies = z.strictObject({
  /** Seats each center takes per cohort under first come, first served. */
  fcfsSeatsPerCohort: int(1, 1000).default(DEFAULT_FCFS_SEATS_PER_COHORT),
});

export const ZPlannerSolverOptions = z.strictObject({
  /** Time HiGHS may spend; a solve that has not proved the gap by then ends with a timeout. */
  timeLimitMs: int(1, 600_000).default(10_000),
  /** Relative MIP gap at which a solution counts as optimal: 0.01 = within 1% of the best possible. */
  mipGap: z.number().min(0, 'must be 0 or more').max(0.5, 'must be at most 0.5').default(0.01),
});

export const ZPlannerInput = z
  .strictObject({
    horizonQuarters: int(1, 40).default(12),
    seatBudget: int(0, 1_000_000),
    targetReached: nonNegative(100_000_000).default(DEFAULT_TARGET_REACHED),
    cohorts: z.array(ZPlannerCohort).max(400, 'must have at most 400 cohorts'),
    centers: z.array(ZPlannerCenter).max(5000, 'must have at most 5000 centers'),
    parameters: ZPlannerParameters.prefault({}),
    /**
     * The pessimistic (low) and optimistic (high) values of the uncertain parameters. A value not
     * given is derived from the expected one (see `resolveScenarios`).
     */
    scenarios: z
      .strictObject({
        low: ZScenarioParameters.partial().prefault({}),
        high: ZScenarioParameters.partial().prefault({}),
      })
      .prefault({}),
    /**
     * How much each scenario counts in the optimiser's objective (normalised to add up to 1; a
     * scenario of weight 0 is left out). The default weighs the expected scenario twice as much as
     * each of the other two, a three-point approximation of the uncertainty.
     */
    scenarioWeights: z
      .strictObject({
        low: ZWeight.default(DEFAULT_SCENARIO_WEIGHTS.low),
        expected: ZWeight.default(DEFAULT_SCENARIO_WEIGHTS.expected),
        high: ZWeight.default(DEFAULT_SCENARIO_WEIGHTS.high),
      })
      .refine(
        (w) => w.low > 0 || w.expected > 0 || w.high > 0,
        'at least one scenario must have a weight above 0',
      )
      .prefault({}),
    rules: ZPlannerRules.prefault({}),
    policies: ZPlannerPolicies.prefault({}),
    solver: ZPlannerSolverOptions.prefault({}),
  })
  .superRefine((input, ctx) => {
    for (const issue of crossFieldIssues(input)) ctx.addIssue({ code: 'custom', ...issue });
  });

export type TPlannerInputRaw = z.input<typeof ZPlannerInput>;
export type TPlannerInput = z.output<typeof ZPlannerInput>;
export type TPlannerCohort = z.output<typeof ZPlannerCohort>;
export type TPlannerCenter = z.output<typeof ZPlannerCenter>;
export type TScenarioParameters = z.output<typeof ZScenarioParameters>;

interface CrossFieldIssue {
  path: (string | number)[];
  message: string;
}

/** Checks that need more than one field: unique ids, cohorts inside the horizon, demand within referrals. */
function crossFieldIssues(input: {
  horizonQuarters: number;
  cohorts: readonly TPlannerCohort[];
  centers: readonly TPlannerCenter[];
}): CrossFieldIssue[] {
  const issues: CrossFieldIssue[] = [];
  const cohortIds = new Set<string>();
  input.cohorts.forEach((cohort, i) => {
    if (cohortIds.has(cohort.id))
      issues.push({ path: ['cohorts', i, 'id'], message: 'is used by another cohort' });
    cohortIds.add(cohort.id);
    if (cohort.quarter >= input.horizonQuarters)
      issues.push({
        path: ['cohorts', i, 'quarter'],
        message: `must be within the horizon: 0 to ${input.horizonQuarters - 1}`,
      });
  });
  const centerIds = new Set<string>();
  input.centers.forEach((center, i) => {
    if (centerIds.has(center.id))
      issues.push({ path: ['centers', i, 'id'], message: 'is used by another center' });
    centerIds.add(center.id);
    if (center.unmetDemandPerYear > center.referralsPerYear)
      issues.push({
        path: ['centers', i, 'unmetDemandPerYear'],
        message: 'cannot be more than referralsPerYear (unmet demand is the part of referrals not served)',
      });
  });
  return issues;
}

// Scenarios -----------------------------------------------------------------------------------------

export type ScenarioName = 'low' | 'expected' | 'high';
export const SCENARIO_NAMES: readonly ScenarioName[] = ['low', 'expected', 'high'];

/**
 * Spreads used when a request gives only the expected values. They reproduce, around the
 * defaults, completion 0.75 / 0.9 / 0.95 (programs with weaker support than the NC collaborative
 * lose a quarter of trainees; 95% is the best reported), turnover 0.5 / 0.3 / 0.2 (the top of the
 * 25-50% range, the typical 30%, and a well-retained workforce) and 6 / 10 / 15 children a year
 * (60% and 150% of the expected caseload: the NC collaborative's 2.3 cases started per clinician
 * in the training year shows how low early output can be).
 */
export const SCENARIO_SPREAD = {
  completionRateDown: 0.15,
  completionRateUp: 0.05,
  turnoverUp: 0.2,
  turnoverDown: 0.1,
  childrenLowFactor: 0.6,
  childrenHighFactor: 1.5,
} as const;

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/**
 * The three scenarios' parameters: expected as given; low and high as given, or derived from the
 * expected values with `SCENARIO_SPREAD` (kept inside each parameter's valid range).
 */
export function resolveScenarios(input: TPlannerInput): Record<ScenarioName, TScenarioParameters> {
  const e = input.parameters;
  const s = SCENARIO_SPREAD;
  const expected: TScenarioParameters = {
    completionRate: e.completionRate,
    turnoverPerYear: e.turnoverPerYear,
    childrenPerClinicianPerYear: e.childrenPerClinicianPerYear,
  };
  const low: TScenarioParameters = {
    completionRate:
      input.scenarios.low.completionRate ?? round4(Math.max(0.05, e.completionRate - s.completionRateDown)),
    turnoverPerYear:
      input.scenarios.low.turnoverPerYear ?? round4(Math.min(0.95, e.turnoverPerYear + s.turnoverUp)),
    childrenPerClinicianPerYear:
      input.scenarios.low.childrenPerClinicianPerYear ??
      round4(e.childrenPerClinicianPerYear * s.childrenLowFactor),
  };
  const high: TScenarioParameters = {
    completionRate:
      input.scenarios.high.completionRate ?? round4(Math.min(1, e.completionRate + s.completionRateUp)),
    turnoverPerYear:
      input.scenarios.high.turnoverPerYear ?? round4(Math.max(0, e.turnoverPerYear - s.turnoverDown)),
    childrenPerClinicianPerYear:
      input.scenarios.high.childrenPerClinicianPerYear ??
      round4(Math.min(500, e.childrenPerClinicianPerYear * s.childrenHighFactor)),
  };
  return { low, expected, high };
}

/** A scenario's parameters with its share of the optimiser's objective. */
export interface WeightedScenario {
  name: ScenarioName;
  parameters: TScenarioParameters;
  /** Share of the objective; the weights of the scenarios in a model add up to 1. */
  weight: number;
}

/** The scenarios the optimiser averages over: those with a weight above 0, weights normalised to add up to 1. */
export function weightedScenarios(input: TPlannerInput): WeightedScenario[] {
  const parameters = resolveScenarios(input);
  const total = SCENARIO_NAMES.reduce((s, name) => s + input.scenarioWeights[name], 0);
  return SCENARIO_NAMES.filter((name) => input.scenarioWeights[name] > 0).map((name) => ({
    name,
    parameters: parameters[name],
    weight: input.scenarioWeights[name] / total,
  }));
}

/**
 * Low must be no better than expected and high no worse, parameter by parameter; otherwise the
 * scenario band would be meaningless. Reported against the field the caller gave.
 */
function scenarioOrderIssues(input: TPlannerInput): ErrorDetail[] {
  const { low, expected, high } = resolveScenarios(input);
  const issues: ErrorDetail[] = [];
  const higherIsBetter = {
    completionRate: true,
    turnoverPerYear: false,
    childrenPerClinicianPerYear: true,
  } as const;
  for (const key of Object.keys(higherIsBetter) as (keyof TScenarioParameters)[]) {
    const better = higherIsBetter[key];
    const lowOk = better ? low[key] <= expected[key] : low[key] >= expected[key];
    const highOk = better ? high[key] >= expected[key] : high[key] <= expected[key];
    const relation = (scenario: 'low' | 'high') => ((scenario === 'low') === better ? 'at most' : 'at least');
    if (!lowOk)
      issues.push({
        path: `scenarios.low.${key}`,
        message: `must be ${relation('low')} the expected value (${expected[key]}): the low scenario is the pessimistic one`,
      });
    if (!highOk)
      issues.push({
        path: `scenarios.high.${key}`,
        message: `must be ${relation('high')} the expected value (${expected[key]}): the high scenario is the optimistic one`,
      });
  }
  return issues;
}

/**
 * Validates a plan request and fills in the defaults. Throws AppError VALIDATION_FAILED whose
 * details name each field that is wrong, e.g. `{ path: 'cohorts.3.quarter', message: ... }`.
 */
export function parsePlannerInput(raw: unknown): TPlannerInput {
  const parsed = ZPlannerInput.safeParse(raw);
  if (!parsed.success)
    throw AppError.validation(
      parsed.error.issues.flatMap((issue): ErrorDetail[] =>
        // Zod reports unknown fields on their parent object; name each field itself instead.
        issue.code === 'unrecognized_keys'
          ? issue.keys.map((key) => ({
              path: [...issue.path, key].map(String).join('.'),
              message: 'is not a known field',
            }))
          : [{ path: issue.path.map(String).join('.'), message: issue.message }],
      ),
    );
  const order = scenarioOrderIssues(parsed.data);
  if (order.length > 0) throw AppError.validation(order);
  return parsed.data;
}

// Output ------------------------------------------------------------------------------------------

/** Seats for one center in one cohort; allocations list only entries with at least one seat. */
export interface AllocationEntry {
  centerId: string;
  cohortId: string;
  seats: number;
}

export interface QuarterReach {
  /** 0-based quarter of the horizon. */
  quarter: number;
  /** Children treated that quarter by program-trained clinicians (expected value, not rounded). */
  reached: number;
  /** Children reached from quarter 0 up to and including this quarter. */
  cumulative: number;
}

export interface CenterOutcome {
  centerId: string;
  seats: number;
  /** Children reached over the horizon by this center's program-trained clinicians. */
  reached: number;
  /** Children a year still unserved at the end of the horizon (unmet demand minus the last quarter's reach, x4). */
  unmetDemandRemaining: number;
  /** Expected trained clinicians at the end of the horizon: today's, after turnover, plus program completers still there. */
  trainedAtEnd: number;
}

/** What one allocation achieves under one scenario (the same formulas for every allocation). */
export interface AllocationOutcome {
  seatsAllocated: number;
  reachedByQuarter: QuarterReach[];
  reachedTotal: number;
  /** The optimiser's objective: children reached weighted by wait priority (equals reachedTotal when priority is off). */
  weightedReached: number;
  /** reachedTotal / targetReached. */
  shareOfTarget: number;
  /** Children a year still unserved at the end of the horizon, summed over centers. */
  unmetDemandRemaining: number;
  trainedAtEnd: number;
  centers: CenterOutcome[];
}

export type PolicyName = 'proportional' | 'firstComeFirstServed';

export interface SolverSummary {
  /** 'optimal': proved within the requested MIP gap (HiGHS status Optimal). */
  status: 'optimal';
  /**
   * The objective: children reached (weighted by wait priority when it is on), averaged over the
   * scenarios with their weights (scenarioWeights).
   */
  objective: number;
  /** Relative gap HiGHS proved between the solution and the best possible (0.004 = within 0.4%). */
  mipGap: number;
  /** Time spent in the solver worker (reading the model and solving it). */
  timeMs: number;
  rows: number;
  columns: number;
  integers: number;
}

export interface ComparisonEntry {
  seatsAllocated: number;
  reachedTotal: number;
  weightedReached: number;
  unmetDemandRemaining: number;
  trainedAtEnd: number;
  reachedByQuarter: QuarterReach[];
}

export interface ScenarioResult {
  parameters: TScenarioParameters;
  /** Share of this scenario in the optimiser's objective (0 when left out). */
  weight: number;
  /** The optimised allocation: one plan, the same in every scenario (see planner.ts). */
  allocation: AllocationEntry[];
  seatsAllocated: number;
  reachedByQuarter: QuarterReach[];
  reachedTotal: number;
  targetReached: number;
  shareOfTarget: number;
  unmetDemandRemaining: number;
  trainedAtEnd: number;
  centers: CenterOutcome[];
  solver: SolverSummary;
  /** The optimised allocation and the two simple policies, evaluated with the same formulas. */
  comparison: Record<'optimised' | PolicyName, ComparisonEntry>;
}

export interface PlanResult {
  horizonQuarters: number;
  seatBudget: number;
  targetReached: number;
  solver: SolverSummary;
  /** The policies' own allocations, for showing side by side with the optimised one. */
  policies: Record<PolicyName, { allocation: AllocationEntry[] }>;
  scenarios: Record<ScenarioName, ScenarioResult>;
}
