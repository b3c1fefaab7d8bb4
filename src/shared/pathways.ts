/**
 * Certification pathways as data: the typed requirement kinds a pathway is made of, with their
 * parameters. Shared by the server (validation, the progress engine) and the web app (the pathway
 * editor), so both read the same rules. Thresholds live in the data, never in code.
 */
import { z } from 'zod';

export const DEGREE_LEVELS = ['none', 'bachelor', 'master', 'doctorate'] as const;
export type DegreeLevelValue = (typeof DEGREE_LEVELS)[number];
export const LICENSE_STATUSES = ['none', 'provisional', 'permanent'] as const;
export type LicenseStatusValue = (typeof LICENSE_STATUSES)[number];

/** Rank of a degree, for "master's degree or higher". */
export const DEGREE_RANK: Record<DegreeLevelValue, number> = {
  none: 0,
  bachelor: 1,
  master: 2,
  doctorate: 3,
};

const ZId = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a short lowercase identifier, e.g. consultation');
const ZLabel = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');
const ZCourseCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'must be a course code, e.g. TFCBT-WEB');
const int = (min: number, max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

export const ZRequirement = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('credential'),
    id: ZId,
    label: ZLabel,
    /** Lowest degree accepted, e.g. 'master' for "master's degree or higher". */
    minDegree: z.enum(['bachelor', 'master', 'doctorate']).nullable(),
    /** 'permanent': a permanent (not provisional) license; 'any': any license; 'none': no license needed. */
    license: z.enum(['none', 'any', 'permanent']),
    /** Whether a director must have verified the self-declared qualification. */
    verified: z.boolean(),
  }),
  z.strictObject({ kind: z.literal('course'), id: ZId, label: ZLabel, courseCode: ZCourseCode }),
  z.strictObject({
    kind: z.literal('live_training'),
    id: ZId,
    label: ZLabel,
    /** Distinct days attended at live or learning sessions of the pathway's model. */
    minDays: int(1, 30),
  }),
  z
    .strictObject({
      kind: z.literal('consultation'),
      id: ZId,
      label: ZLabel,
      /** Calls attended needed, e.g. 9 ... */
      minAttended: int(1, 100),
      /** ... of this many scheduled, e.g. 12. */
      scheduled: int(1, 100),
      /** All within this many months after the first live training day, e.g. 24. */
      withinMonths: int(1, 120),
    })
    .refine((r) => r.minAttended <= r.scheduled, {
      message: 'must not exceed the number of scheduled calls',
      path: ['minAttended'],
    }),
  z
    .strictObject({
      kind: z.literal('cases'),
      id: ZId,
      label: ZLabel,
      /** Completed treatment cases with the pathway's model. */
      minCases: int(1, 100),
      /** Of which at least this many with a caregiver taking part. */
      minWithCaregiver: int(0, 100),
      /** A standardized measure at the start and at the end of each counted case. */
      measures: z.enum(['start_and_end', 'none']),
    })
    .refine((r) => r.minWithCaregiver <= r.minCases, {
      message: 'must not exceed the number of cases',
      path: ['minWithCaregiver'],
    }),
  z.strictObject({ kind: z.literal('test'), id: ZId, label: ZLabel, courseCode: ZCourseCode }),
  z.strictObject({
    kind: z.literal('ce_hours'),
    id: ZId,
    label: ZLabel,
    hours: z.number().min(0.5, 'must be at least 0.5').max(500, 'must be at most 500'),
    /** Counted over the last this-many months. */
    periodMonths: int(1, 120),
  }),
]);
export type TRequirement = z.infer<typeof ZRequirement>;
export type RequirementKind = TRequirement['kind'];

export const REQUIREMENT_KINDS: readonly RequirementKind[] = [
  'credential',
  'course',
  'live_training',
  'consultation',
  'cases',
  'test',
  'ce_hours',
];

export const REQUIREMENT_KIND_LABEL: Record<RequirementKind, string> = {
  credential: 'Degree and license',
  course: 'Course completed',
  live_training: 'Live training days',
  consultation: 'Consultation calls',
  cases: 'Completed cases',
  test: 'Knowledge test',
  ce_hours: 'Continuing education hours',
};

/** A list of requirements with unique identifiers. */
export const ZRequirementList = z
  .array(ZRequirement)
  .max(30, 'must have at most 30 requirements')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', message: `repeats the identifier "${r.id}"`, path: [i, 'id'] });
      seen.add(r.id);
    });
  });

// What the progress engine reports ------------------------------------------------------------

export const REQUIREMENT_STATES = ['met', 'in_progress', 'not_started', 'expired'] as const;
export type RequirementState = (typeof REQUIREMENT_STATES)[number];

export const PATHWAY_STATES = [
  'not_started',
  'in_progress',
  'complete',
  'certified',
  'expiring',
  'in_grace',
  'expired',
  'revoked',
  'withdrawn',
] as const;
export type PathwayState = (typeof PATHWAY_STATES)[number];

export const PATHWAY_STATE_LABEL: Record<PathwayState, string> = {
  not_started: 'Just enrolled',
  in_progress: 'In progress',
  complete: 'Complete, awaiting issue',
  certified: 'Certified',
  expiring: 'Expiring soon',
  in_grace: 'Expired, in grace period',
  expired: 'Expired',
  revoked: 'Revoked',
  withdrawn: 'Withdrawn',
};

export const RISK_CODES = [
  'missed_consecutive_calls',
  'no_case_started',
  'consultation_window_closing',
] as const;
export type RiskCode = (typeof RISK_CODES)[number];
