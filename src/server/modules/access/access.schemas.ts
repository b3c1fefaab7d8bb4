/**
 * Access API contract: the gap per center, chapter, state or the nation; reported monthly demand;
 * clinicians' capacity; the capacity method's parameters.
 */
import { z } from 'zod';
import { ZUuid } from '../../../shared/schemas.js';
import { ZCapacityOverrides, ZCapacityParameters } from './capacity.js';
import { PERIOD_PATTERN } from './gap.js';

const ZDate = z.iso.date('must be a date in the form YYYY-MM-DD');
const ZMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month in the form YYYY-MM');
const count = (what: string) =>
  z
    .int(`must be a whole number of ${what}`)
    .min(0, 'cannot be negative')
    .max(100_000, 'is more than 100,000');

export const ZLevel = z.enum(['center', 'chapter', 'state', 'nation']);
export type Level = z.infer<typeof ZLevel>;

export const ZGapQuery = z.strictObject({
  level: ZLevel.default('state'),
  period: z
    .string()
    .regex(PERIOD_PATTERN, 'must be a year (2025), a quarter (2025-Q3), a month (2025-07) or last12')
    .default('last12'),
  trendMonths: z.coerce.number().int('must be a whole number').min(1).max(60).default(24),
  /** Narrow to one state (any level below the nation). */
  state: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter state code')
    .optional(),
  centerId: ZUuid.optional(),
});
export type GapQuery = z.infer<typeof ZGapQuery>;

const ZFigures = z.object({
  demandPerYear: z.number().nullable(),
  capacityPerYear: z.number().nullable(),
  gapPerYear: z.number().nullable(),
  referred: z.number().nullable(),
  started: z.number().nullable(),
  waitingEnd: z.number().nullable(),
  referredOut: z.number().nullable(),
  neverServed: z.number().nullable(),
  medianWaitDays: z.number().nullable(),
  source: z.enum(['episodes', 'reported', 'mixed', 'none']),
  monthsWithData: z.number(),
});

const ZStaff = z.object({
  clinicians: z.number().nullable(),
  trained: z.number().nullable(),
  certified: z.number().nullable(),
  trainedFte: z.number().nullable(),
  fteEstimated: z.number().nullable(),
  byModel: z.record(z.string(), z.number()),
});

export const ZGapRow = z.object({
  level: ZLevel,
  key: z.string(),
  label: z.string(),
  state: z.string().nullable(),
  chapter: z.string().nullable(),
  centers: z.number(),
  centersWithData: z.number(),
  /** The caller's own center, or an area that contains it. */
  own: z.boolean(),
  figures: ZFigures,
  staff: ZStaff,
  /** Figures hidden because they would let the caller work out another center's small count. */
  suppressed: z.array(z.string()),
  trend: z.array(
    z.object({
      month: z.string(),
      referred: z.number().nullable(),
      started: z.number().nullable(),
      waitingEnd: z.number().nullable(),
      capacity: z.number().nullable(),
      centersWithData: z.number(),
    }),
  ),
});
export type GapRow = z.infer<typeof ZGapRow>;

export const ZGapResponse = z.object({
  period: z.object({ key: z.string(), label: z.string(), from: z.string(), to: z.string() }),
  level: ZLevel,
  rows: z.array(ZGapRow),
});
export type GapResponse = z.infer<typeof ZGapResponse>;

// Reported monthly demand -------------------------------------------------------------------------

export const ZAccessMonthInput = z.strictObject({
  referred: count('children'),
  started: count('children'),
  waitingEnd: count('children'),
  referredOut: count('children').nullable().default(null),
  neverServed: count('children').nullable().default(null),
  medianWaitDays: z.number('must be a number of days').min(0).max(3650).nullable().default(null),
});
export type AccessMonthInput = z.infer<typeof ZAccessMonthInput>;

export const ZAccessMonth = z.object({
  centerId: z.string(),
  month: z.string(),
  referred: z.number(),
  started: z.number(),
  waitingEnd: z.number(),
  referredOut: z.number().nullable(),
  neverServed: z.number().nullable(),
  medianWaitDays: z.number().nullable(),
  source: z.enum(['form', 'import']),
  updatedAt: z.string(),
});
export type AccessMonth = z.infer<typeof ZAccessMonth>;

export const ZMonthParams = z.strictObject({ centerId: ZUuid, month: ZMonth });
export const ZMonthListQuery = z.strictObject({ from: ZMonth.optional(), to: ZMonth.optional() });

/** A CSV row of monthly demand, as the importer reads it. */
export const ACCESS_MONTH_COLUMNS = [
  'month',
  'referred',
  'started',
  'waiting_end',
  'referred_out',
  'never_served',
  'median_wait_days',
] as const;

export const ZAccessMonthImportResult = z.object({
  accepted: z.number(),
  created: z.number(),
  updated: z.number(),
});

// Capacity ------------------------------------------------------------------------------------------

export const ZCapacityInput = z
  .strictObject({
    treatmentFte: z
      .number('must be a number')
      .gt(0, 'must be more than 0')
      .max(1, 'cannot be more than 1 FTE'),
    typicalCaseload: z.int('must be a whole number').min(0).max(200).nullable().default(null),
    startedOn: ZDate.nullable().default(null),
    leftOn: ZDate.nullable().default(null),
  })
  .refine((v) => v.startedOn === null || v.leftOn === null || v.leftOn >= v.startedOn, {
    path: ['leftOn'],
    message: 'cannot be before startedOn',
  });
export type CapacityInput = z.infer<typeof ZCapacityInput>;

export const ZCapacityPerson = z.object({
  userId: z.string(),
  displayName: z.string(),
  role: z.string(),
  treatmentFte: z.number().nullable(),
  /** The FTE counted: the recorded one, or the parameters' default. */
  fteCounted: z.number(),
  typicalCaseload: z.number().nullable(),
  startedOn: z.string().nullable(),
  leftOn: z.string().nullable(),
  trainedModels: z.array(z.string()),
  certifiedModels: z.array(z.string()),
  trained: z.boolean(),
  /** Children a year this person adds to the center's capacity (0 when untrained). */
  childrenPerYear: z.number(),
});

const ZParameterInfo = z.object({ label: z.string(), unit: z.string(), source: z.string() });

export const ZCenterCapacity = z.object({
  centerId: z.string(),
  centerName: z.string(),
  parameters: ZCapacityParameters,
  /** The center's own values (the rest come from the network). */
  overrides: ZCapacityOverrides,
  networkParameters: ZCapacityParameters,
  info: z.record(z.string(), ZParameterInfo),
  breakdown: z.object({
    availableHours: z.number(),
    treatmentHours: z.number(),
    hoursPerChild: z.number(),
    childrenPerFte: z.number(),
  }),
  people: z.array(ZCapacityPerson),
  capacityPerYear: z.number(),
});
export type CenterCapacity = z.infer<typeof ZCenterCapacity>;

export const ZCapacityParams = z.strictObject({ centerId: ZUuid, userId: ZUuid });
export const ZCenterParams = z.strictObject({ centerId: ZUuid });

/** Overrides to set; a field set to null goes back to the network's value. */
export const ZOverridesInput = z.strictObject(
  Object.fromEntries(
    Object.entries(ZCapacityParameters.shape).map(([k, v]) => [k, v.nullable().optional()]),
  ) as {
    [K in keyof typeof ZCapacityParameters.shape]: z.ZodOptional<
      z.ZodNullable<(typeof ZCapacityParameters.shape)[K]>
    >;
  },
);

export const ZNetworkParameters = z.object({
  parameters: ZCapacityParameters,
  defaults: ZCapacityParameters,
  info: z.record(z.string(), ZParameterInfo),
});

// Planner runs ----------------------------------------------------------------------------------

export const ZPlanSummary = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  seatBudget: z.number(),
  centers: z.number(),
  cohorts: z.number(),
  reached: z.number(),
  reachedProportional: z.number(),
  reachedFirstCome: z.number(),
  targetReached: z.number(),
});

/** The input and result follow planner/planner.types.ts (checked there, field by field). */
export const ZPlan = z.object({ summary: ZPlanSummary, input: z.unknown(), result: z.unknown() });

export const ZCreatePlan = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  input: z.unknown(),
});

export const ZSuggestedQuery = z.strictObject({
  period: z
    .string()
    .regex(PERIOD_PATTERN, 'must be a year (2025), a quarter (2025-Q3), a month (2025-07) or last12')
    .default('last12'),
});

export const ZPlanParams = z.strictObject({ planId: ZUuid });
