/**
 * Request and response shapes of the care API: de-identified episodes, their sessions,
 * instruments and scoring, administrations, outcomes, alerts and one-time family form links.
 * Also imported by the web app.
 *
 * Every request schema is strict: an unknown field, and so any child identifier (name, birth
 * date, address, contact, free text), is refused with a 400 that names it.
 */
import { z } from 'zod';
import { ZUuid } from '../../../shared/schemas.js';

export { ZUuid };

const ZDate = z.iso.date('must be a date in the form YYYY-MM-DD');
const int = (min: number, max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const ZPageQuery = {
  page: z.coerce.number().int().min(1, 'must be at least 1').default(1),
  pageSize: z.coerce.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500').default(50),
};

export const GENDERS = ['female', 'male', 'another', 'not_recorded'] as const;
/** OMB race and ethnicity categories (SPD 15, 2024 revision); several may apply. */
export const RACE_ETHNICITIES = [
  'american_indian_alaska_native',
  'asian',
  'black_african_american',
  'hispanic_latino',
  'middle_eastern_north_african',
  'native_hawaiian_pacific_islander',
  'white',
] as const;
export const DISCHARGE_REASONS = ['completed', 'dropped_out', 'transferred', 'other'] as const;
export const PHASES = ['baseline', 'mid_treatment', 'end', 'follow_up'] as const;
export const RESPONDENTS = ['youth', 'caregiver', 'clinician'] as const;
export const PARTICIPANTS = ['child', 'caregiver', 'conjoint'] as const;
export const EPISODE_STATUSES = ['waiting', 'active', 'closed'] as const;
export const ALERT_KINDS = ['self_harm', 'not_on_track'] as const;
export const ALERT_ACTIONS = [
  'safety_plan',
  'contacted_caregiver',
  'emergency_referral',
  'reviewed_in_session',
  'reviewed_in_consultation',
  'plan_adjusted',
  'other',
] as const;
export const OUTCOME_CLASSES = [
  'reliable_improvement',
  'no_reliable_change',
  'reliable_deterioration',
] as const;

export const ZCaseCode = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/,
    'must be 1-32 letters, digits and dashes assigned by the center (never a name or record number)',
  );
export const ZInstrumentCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, 'must be an instrument code such as PHQ-A');

const uniqueList = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).refine((xs) => new Set(xs).size === xs.length, `must not name the same ${what} twice`);

// Episodes ----------------------------------------------------------------------------------------

export const ZEpisode = z.object({
  id: ZUuid,
  centerId: ZUuid,
  centerName: z.string(),
  clinicianId: ZUuid,
  clinicianName: z.string(),
  caseCode: z.string(),
  ageYears: z.number(),
  gender: z.enum(GENDERS).nullable(),
  raceEthnicity: z.array(z.enum(RACE_ETHNICITIES)),
  caregiverInvolved: z.boolean(),
  modelId: ZUuid,
  modelCode: z.string(),
  pathwayEnrollmentId: ZUuid.nullable(),
  referredOn: z.string().nullable(),
  firstSessionOn: z.string().nullable(),
  dischargedOn: z.string().nullable(),
  dischargeReason: z.enum(DISCHARGE_REASONS).nullable(),
  status: z.enum(EPISODE_STATUSES),
  sessionCount: z.number(),
  lastSessionOn: z.string().nullable(),
  administrationCount: z.number(),
  openAlerts: z.number(),
  /** What is due next: a measure at a time point, by when. */
  due: z.object({ phase: z.enum(PHASES), reason: z.string(), overdue: z.boolean() }).nullable(),
  notOnTrack: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Episode = z.infer<typeof ZEpisode>;

const episodeFields = {
  caseCode: ZCaseCode,
  ageYears: int(0, 17),
  gender: z.enum(GENDERS).nullable().optional(),
  raceEthnicity: uniqueList(z.enum(RACE_ETHNICITIES), 'category').optional(),
  caregiverInvolved: z.boolean(),
  modelId: ZUuid,
  referredOn: ZDate,
  firstSessionOn: ZDate.nullable().optional(),
  clinicianId: ZUuid.optional(),
  pathwayEnrollmentId: ZUuid.nullable().optional(),
};

export const ZCreateEpisodeRequest = z
  .strictObject({ centerId: ZUuid.optional(), ...episodeFields })
  .refine((e) => !e.firstSessionOn || e.firstSessionOn >= e.referredOn, {
    path: ['firstSessionOn'],
    message: 'must not be before the referral date',
  });
export type CreateEpisodeRequest = z.infer<typeof ZCreateEpisodeRequest>;

export const ZUpdateEpisodeRequest = z
  .strictObject({
    caseCode: ZCaseCode.optional(),
    ageYears: int(0, 17).optional(),
    gender: z.enum(GENDERS).nullable().optional(),
    raceEthnicity: uniqueList(z.enum(RACE_ETHNICITIES), 'category').optional(),
    caregiverInvolved: z.boolean().optional(),
    modelId: ZUuid.optional(),
    referredOn: ZDate.optional(),
    firstSessionOn: ZDate.nullable().optional(),
    clinicianId: ZUuid.optional(),
    pathwayEnrollmentId: ZUuid.nullable().optional(),
    /** Discharge: both a value, or both null to reopen. */
    dischargedOn: ZDate.nullable().optional(),
    dischargeReason: z.enum(DISCHARGE_REASONS).nullable().optional(),
  })
  .refine((e) => (e.dischargedOn === undefined) === (e.dischargeReason === undefined), {
    path: ['dischargeReason'],
    message: 'must be given together with dischargedOn (both a value, or both null to reopen)',
  })
  .refine((e) => (e.dischargedOn === null) === (e.dischargeReason === null), {
    path: ['dischargeReason'],
    message: 'must be null exactly when dischargedOn is null',
  });
export type UpdateEpisodeRequest = z.infer<typeof ZUpdateEpisodeRequest>;

export const ZEpisodeListQuery = z.strictObject({
  centerId: ZUuid.optional(),
  clinicianId: ZUuid.optional(),
  status: z.enum(EPISODE_STATUSES).optional(),
  /** Only episodes with something due or an open alert. */
  attention: z.enum(['true', 'false'], 'must be true or false').optional(),
  q: z.string().trim().max(32, 'must be at most 32 characters').optional(),
  ...ZPageQuery,
});
export type EpisodeListQuery = z.infer<typeof ZEpisodeListQuery>;

// Sessions ----------------------------------------------------------------------------------------

export const ZSession = z.object({
  id: ZUuid,
  episodeId: ZUuid,
  heldOn: z.string(),
  minutes: z.number(),
  participants: z.array(z.enum(PARTICIPANTS)),
  components: z.array(z.string()),
  telehealth: z.boolean(),
  createdAt: z.string(),
});
export type Session = z.infer<typeof ZSession>;

export const ZCreateSessionRequest = z.strictObject({
  heldOn: ZDate,
  minutes: int(5, 480),
  participants: uniqueList(z.enum(PARTICIPANTS), 'participant').refine(
    (p) => p.length > 0,
    'must name at least one',
  ),
  /** Codes from the episode's treatment model, e.g. TF-CBT's PRACTICE components. */
  components: uniqueList(z.string().trim().min(1).max(60), 'component').optional(),
  telehealth: z.boolean().optional(),
});
export type CreateSessionRequest = z.infer<typeof ZCreateSessionRequest>;
export const ZUpdateSessionRequest = ZCreateSessionRequest.partial();

// Instruments -------------------------------------------------------------------------------------

export const ZInstrumentSummary = z.object({
  code: z.string(),
  family: z.string(),
  name: z.string(),
  construct: z.string(),
  respondent: z.enum(RESPONDENTS),
  ageMin: z.number(),
  ageMax: z.number(),
  kind: z.enum(['items', 'total_only']),
  languages: z.array(z.enum(['en', 'es'])),
  scoreMin: z.number(),
  scoreMax: z.number(),
  clinicalCutoff: z.number(),
  itemCount: z.number(),
  hasCriticalItems: z.boolean(),
  licence: z.string(),
  requiresEnablement: z.boolean(),
  /** For the caller's center (always true for free instruments). */
  enabled: z.boolean(),
});
export type InstrumentSummary = z.infer<typeof ZInstrumentSummary>;

const ZResponses = z.record(z.string(), z.number().nullable());
export const ZScoreRequest = z
  .strictObject({
    responses: ZResponses.optional(),
    /** A total scored by hand on paper; a score-only instrument takes only this. */
    total: z.number().optional(),
    /** For the cut-off of a network that chose another one (CATS 3-6). */
    ageYears: int(0, 21).optional(),
  })
  .refine((b) => b.responses !== undefined || b.total !== undefined, {
    path: ['responses'],
    message: 'is required (or give total)',
  });
export type ScoreRequest = z.infer<typeof ZScoreRequest>;

const ZText = z.object({ en: z.string(), es: z.string().optional() });
export const ZScoreResult = z.object({
  instrument: z.string(),
  total: z.number(),
  prorated: z.boolean(),
  answered: z.number(),
  missing: z.array(z.string()),
  subscales: z.array(z.object({ code: z.string(), score: z.number().nullable() })),
  band: z.object({ code: z.string(), severity: z.number(), label: ZText }),
  clinical: z.boolean(),
  flags: z.array(z.object({ code: z.literal('self_harm'), item: z.string(), value: z.number() })),
});
export type ScoreResult = z.infer<typeof ZScoreResult>;

// Administrations ---------------------------------------------------------------------------------

export const ZAdministration = z.object({
  id: ZUuid,
  episodeId: ZUuid,
  instrument: z.string(),
  instrumentName: z.string(),
  phase: z.enum(PHASES),
  respondent: z.enum(RESPONDENTS),
  administeredOn: z.string(),
  total: z.number(),
  prorated: z.boolean(),
  band: z.string().nullable(),
  bandLabel: z.string().nullable(),
  severity: z.number().nullable(),
  clinical: z.boolean(),
  subscales: z.array(z.object({ code: z.string(), score: z.number().nullable() })),
  itemResponses: ZResponses.nullable(),
  source: z.enum(['clinician', 'form', 'import']),
  language: z.enum(['en', 'es']).nullable(),
  flags: z.array(z.object({ code: z.literal('self_harm'), item: z.string(), value: z.number() })),
  createdAt: z.string(),
});
export type Administration = z.infer<typeof ZAdministration>;

export const ZCreateAdministrationRequest = z
  .strictObject({
    instrument: ZInstrumentCode,
    phase: z.enum(PHASES),
    respondent: z.enum(['youth', 'caregiver']).optional(),
    administeredOn: ZDate,
    responses: ZResponses.optional(),
    total: z.number().optional(),
    language: z.enum(['en', 'es']).optional(),
  })
  .refine((b) => b.responses !== undefined || b.total !== undefined, {
    path: ['responses'],
    message: 'is required (or give total)',
  });
export type CreateAdministrationRequest = z.infer<typeof ZCreateAdministrationRequest>;

// Outcomes ----------------------------------------------------------------------------------------

export const ZSeriesOutcome = z.object({
  instrument: z.string(),
  instrumentName: z.string(),
  respondent: z.enum(RESPONDENTS),
  scoreMin: z.number(),
  scoreMax: z.number(),
  clinicalCutoff: z.number(),
  minimumReliableChange: z.number(),
  bands: z.array(
    z.object({ min: z.number(), max: z.number(), code: z.string(), label: z.string(), severity: z.number() }),
  ),
  points: z.array(
    z.object({
      administrationId: ZUuid,
      administeredOn: z.string(),
      phase: z.enum(PHASES),
      total: z.number(),
      band: z.string().nullable(),
    }),
  ),
  baseline: z.number().nullable(),
  latest: z.number().nullable(),
  end: z.number().nullable(),
  changeToLatest: z.number().nullable(),
  changeToEnd: z.number().nullable(),
  rciToLatest: z.number().nullable(),
  classificationToLatest: z.enum(OUTCOME_CLASSES).nullable(),
  rciToEnd: z.number().nullable(),
  classificationToEnd: z.enum(OUTCOME_CLASSES).nullable(),
  clinicallySignificant: z.boolean().nullable(),
  notOnTrack: z.boolean(),
});
export type SeriesOutcome = z.infer<typeof ZSeriesOutcome>;

export const ZEpisodeOutcome = z.object({
  episodeId: ZUuid,
  series: z.array(ZSeriesOutcome),
  fidelity: z.object({
    sessions: z.number(),
    totalMinutes: z.number(),
    caregiverSessions: z.number(),
    telehealthSessions: z.number(),
    modelComponents: z.array(z.string()),
    componentsCovered: z.array(z.string()),
    componentShare: z.number().nullable(),
    hasBaseline: z.boolean(),
    hasEnd: z.boolean(),
  }),
});
export type EpisodeOutcome = z.infer<typeof ZEpisodeOutcome>;

export const ZOutcomeSummaryQuery = z.strictObject({
  level: z.enum(['clinician', 'center', 'state', 'network']),
  centerId: ZUuid.optional(),
  state: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter state code')
    .optional(),
  from: ZDate.optional(),
  to: ZDate.optional(),
});
export type OutcomeSummaryQuery = z.infer<typeof ZOutcomeSummaryQuery>;

export const ZOutcomeSummaryRow = z.object({
  key: z.string(),
  label: z.string(),
  episodesStarted: z.number(),
  episodesCompleted: z.number(),
  episodesClosed: z.number(),
  completionRate: z.number().nullable(),
  medianSessions: z.number().nullable(),
  medianWaitDays: z.number().nullable(),
  instruments: z.array(
    z.object({
      instrument: z.string(),
      withPrePost: z.number(),
      meanChange: z.number().nullable(),
      reliableImprovementShare: z.number().nullable(),
      reliableDeteriorationShare: z.number().nullable(),
    }),
  ),
});
export type OutcomeSummaryRow = z.infer<typeof ZOutcomeSummaryRow>;

// Alerts ------------------------------------------------------------------------------------------

export const ZAlert = z.object({
  id: ZUuid,
  kind: z.enum(ALERT_KINDS),
  episodeId: ZUuid,
  /** Shown to the center's own staff; null for a consultant outside the center. */
  caseCode: z.string().nullable(),
  centerId: ZUuid,
  centerName: z.string(),
  clinicianId: ZUuid,
  clinicianName: z.string(),
  instrument: z.string(),
  administrationId: ZUuid.nullable(),
  raisedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedByName: z.string().nullable(),
  action: z.enum(ALERT_ACTIONS).nullable(),
});
export type Alert = z.infer<typeof ZAlert>;

export const ZAlertListQuery = z.strictObject({
  open: z.enum(['true', 'false'], 'must be true or false').optional(),
  episodeId: ZUuid.optional(),
  ...ZPageQuery,
});
export const ZAcknowledgeAlertRequest = z.strictObject({ action: z.enum(ALERT_ACTIONS) });

// Form links --------------------------------------------------------------------------------------

export const ZFormLink = z.object({
  id: ZUuid,
  episodeId: ZUuid,
  instrument: z.string(),
  respondent: z.enum(['youth', 'caregiver']),
  phase: z.enum(PHASES),
  language: z.enum(['en', 'es']),
  status: z.enum(['open', 'used', 'expired', 'revoked']),
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().nullable(),
  administrationId: ZUuid.nullable(),
});
export type FormLink = z.infer<typeof ZFormLink>;

/** Only at creation: the link itself is never stored, only its hash. */
export const ZIssuedFormLink = ZFormLink.extend({ url: z.string(), qrSvg: z.string() });
export type IssuedFormLink = z.infer<typeof ZIssuedFormLink>;

export const ZCreateFormLinkRequest = z.strictObject({
  instrument: ZInstrumentCode,
  phase: z.enum(PHASES),
  language: z.enum(['en', 'es']),
});

/** What a youth or caregiver sees: the items in one language, no identity. */
export const ZPublicForm = z.object({
  instrument: z.string(),
  title: z.string(),
  instructions: z.string().nullable(),
  recall: z.string().nullable(),
  language: z.enum(['en', 'es']),
  respondent: z.enum(['youth', 'caregiver']),
  expiresAt: z.string(),
  sections: z.array(
    z.object({
      code: z.string(),
      items: z.array(
        z.object({
          id: z.string(),
          number: z.number(),
          text: z.string(),
          options: z.array(z.object({ value: z.number(), label: z.string() })),
        }),
      ),
    }),
  ),
});
export type PublicForm = z.infer<typeof ZPublicForm>;

export const ZFormToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a form link');
export const ZSubmitFormRequest = z.strictObject({ responses: ZResponses });
