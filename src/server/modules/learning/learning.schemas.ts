/**
 * Request and response shapes of the learning API: the catalog (treatment models and courses),
 * clinicians' qualifications, cohorts with their enrolments, events and attendance, knowledge tests,
 * course completions and continuing-education hours. Also imported by the web app.
 */
import { z } from 'zod';
import { DEGREE_LEVELS, LICENSE_STATUSES } from '../../../shared/pathways.js';
import { ZUuid } from '../../../shared/schemas.js';
import { ZState } from '../network/network.schemas.js';

export { ZUuid };

const ZDate = z.iso.date('must be a date in the form YYYY-MM-DD');
const ZDateTime = z.iso.datetime({
  offset: true,
  message: 'must be a date and time in ISO 8601 form, e.g. 2026-03-02T15:00:00Z',
});
const collapse = (s: string) => s.replace(/\s+/g, ' ');
const text = (max: number) =>
  z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`).transform(collapse);
const ZDescription = z.string().trim().max(4000, 'must be at most 4000 characters');
const int = (min: number, max: number) =>
  z
    .number()
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
/** Hours with at most two decimals (stored as numeric(6, 2)). */
const ZHours = z
  .number()
  .min(0, 'must not be negative')
  .max(500, 'must be at most 500')
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'must have at most two decimals, e.g. 6.5');
const ZBooleanQuery = z.enum(['true', 'false'], 'must be true or false');
const ZPageQuery = {
  page: z.coerce.number().int().min(1, 'must be at least 1').default(1),
  pageSize: z.coerce.number().int().min(1, 'must be at least 1').max(500, 'must be at most 500').default(100),
};

/** Rejects a list that names the same value twice, at the second occurrence. */
function uniqueItems<T>(message: string) {
  return (list: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<T>();
    list.forEach((item, i) => {
      if (seen.has(item)) ctx.addIssue({ code: 'custom', message, path: [i] });
      seen.add(item);
    });
  };
}

export const ZModelCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, 'must be 2-20 capital letters, digits and dashes, e.g. TF-CBT');
export const ZCourseCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'must be 2-40 capital letters, digits and dashes, e.g. TFCBT-WEB');

// Treatment models -----------------------------------------------------------------------------

export const ZModelComponent = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,19}$/, 'must be a short code of letters, digits and dashes, e.g. P2'),
  name: text(200),
});

const ZComponents = z
  .array(ZModelComponent)
  .max(40, 'must have at most 40 components')
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.code))
        ctx.addIssue({ code: 'custom', message: `repeats the code "${c.code}"`, path: [i, 'code'] });
      seen.add(c.code);
    });
  });

const ZAge = int(0, 25).nullable();
const agesInOrder = (v: { minAge?: number | null | undefined; maxAge?: number | null | undefined }) =>
  v.minAge == null || v.maxAge == null || v.minAge <= v.maxAge;
const AGE_ORDER = { message: 'must not be below the minimum age', path: ['maxAge'] };

export const ZTrainingModel = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  components: z.array(z.object({ code: z.string(), name: z.string() })),
  minAge: z.number().nullable(),
  maxAge: z.number().nullable(),
  courseCount: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TTrainingModel = z.infer<typeof ZTrainingModel>;

export const ZTrainingModelListQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
});
export type TTrainingModelListQuery = z.infer<typeof ZTrainingModelListQuery>;

export const ZCreateTrainingModelRequest = z
  .strictObject({
    code: ZModelCode,
    name: text(200),
    description: ZDescription.default(''),
    components: ZComponents.default([]),
    minAge: ZAge.optional(),
    maxAge: ZAge.optional(),
  })
  .refine(agesInOrder, AGE_ORDER);
export type TCreateTrainingModelRequest = z.infer<typeof ZCreateTrainingModelRequest>;

export const ZUpdateTrainingModelRequest = z
  .strictObject({
    code: ZModelCode.optional(),
    name: text(200).optional(),
    description: ZDescription.optional(),
    components: ZComponents.optional(),
    minAge: ZAge.optional(),
    maxAge: ZAge.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' })
  .refine(agesInOrder, AGE_ORDER);
export type TUpdateTrainingModelRequest = z.infer<typeof ZUpdateTrainingModelRequest>;

// Courses --------------------------------------------------------------------------------------

export const COURSE_KINDS = [
  'online_course',
  'live_training',
  'learning_session',
  'consultation_series',
  'knowledge_test',
  'ce_module',
] as const;
export const ZCourseKind = z.enum(COURSE_KINDS);
const MIN_DEGREES = ['bachelor', 'master', 'doctorate'] as const;
const LICENSE_REQUIREMENTS = ['any', 'permanent'] as const;

export const ZCourseRef = z.object({ id: z.string(), code: z.string(), title: z.string() });

export const ZCourse = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  kind: ZCourseKind,
  modelId: z.string().nullable(),
  modelCode: z.string().nullable(),
  description: z.string(),
  ceHours: z.number(),
  liveDays: z.number().nullable(),
  passMark: z.number().nullable(),
  retakeWaitDays: z.number().nullable(),
  minDegree: z.enum(MIN_DEGREES).nullable(),
  licenseRequired: z.enum(LICENSE_REQUIREMENTS).nullable(),
  prerequisiteCourseIds: z.array(z.string()),
  prerequisites: z.array(ZCourseRef),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCourse = z.infer<typeof ZCourse>;

export const ZCourseListQuery = z.strictObject({
  kind: ZCourseKind.optional(),
  modelId: ZUuid.optional(),
  active: ZBooleanQuery.optional(),
  q: z.string().trim().max(200).optional(),
  ...ZPageQuery,
});
export type TCourseListQuery = z.infer<typeof ZCourseListQuery>;

const courseFields = {
  code: ZCourseCode,
  title: text(200),
  kind: ZCourseKind,
  modelId: ZUuid.nullable(),
  description: ZDescription,
  ceHours: ZHours,
  liveDays: int(1, 30).nullable(),
  passMark: int(1, 100).nullable(),
  retakeWaitDays: int(0, 365).nullable(),
  minDegree: z.enum(MIN_DEGREES).nullable(),
  licenseRequired: z.enum(LICENSE_REQUIREMENTS).nullable(),
  prerequisiteCourseIds: z
    .array(ZUuid)
    .max(20, 'must have at most 20 courses')
    .superRefine(uniqueItems('names the same course twice')),
  active: z.boolean(),
};

export const ZCreateCourseRequest = z
  .strictObject({
    ...courseFields,
    modelId: courseFields.modelId.default(null),
    description: courseFields.description.default(''),
    ceHours: courseFields.ceHours.default(0),
    liveDays: courseFields.liveDays.default(null),
    passMark: courseFields.passMark.default(null),
    retakeWaitDays: courseFields.retakeWaitDays.default(null),
    minDegree: courseFields.minDegree.default(null),
    licenseRequired: courseFields.licenseRequired.default(null),
    prerequisiteCourseIds: courseFields.prerequisiteCourseIds.default([]),
    active: courseFields.active.default(true),
  })
  .refine((v) => v.kind !== 'knowledge_test' || v.passMark !== null, {
    message: 'is required for a knowledge test',
    path: ['passMark'],
  });
export type TCreateCourseRequest = z.infer<typeof ZCreateCourseRequest>;

export const ZUpdateCourseRequest = z
  .strictObject(courseFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type TUpdateCourseRequest = z.infer<typeof ZUpdateCourseRequest>;

// Qualifications -------------------------------------------------------------------------------

export const ZPersonRef = z.object({ id: z.string(), displayName: z.string() });

export const ZQualification = z.object({
  userId: z.string(),
  /** False when the clinician has not recorded a qualification yet (the other fields are then null). */
  recorded: z.boolean(),
  degreeLevel: z.enum(DEGREE_LEVELS).nullable(),
  licenseStatus: z.enum(LICENSE_STATUSES).nullable(),
  licenseState: z.string().nullable(),
  attestedAt: z.string().nullable(),
  verified: z.boolean(),
  verifiedAt: z.string().nullable(),
  verifiedBy: ZPersonRef.nullable(),
  updatedAt: z.string().nullable(),
});
export type TQualification = z.infer<typeof ZQualification>;

export const ZPutQualificationRequest = z
  .strictObject({
    degreeLevel: z.enum(DEGREE_LEVELS),
    licenseStatus: z.enum(LICENSE_STATUSES),
    licenseState: ZState.nullable().optional(),
    attestation: z.literal(true, 'must be true: confirm "I attest this is accurate"'),
  })
  .refine((v) => v.licenseStatus !== 'none' || !v.licenseState, {
    message: 'must be left out when there is no license',
    path: ['licenseState'],
  });
export type TPutQualificationRequest = z.infer<typeof ZPutQualificationRequest>;

// Cohorts --------------------------------------------------------------------------------------

export const COHORT_STATUSES = ['open', 'closed', 'completed', 'cancelled'] as const;
export const ZCohortStatus = z.enum(COHORT_STATUSES);
export const ZModality = z.enum(['in_person', 'virtual', 'hybrid']);

export const ZCohort = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(['course', 'collaborative']),
  course: z.object({ id: z.string(), code: z.string(), title: z.string(), kind: ZCourseKind }).nullable(),
  pathwayId: z.string().nullable(),
  modelId: z.string().nullable(),
  modelCode: z.string().nullable(),
  modality: ZModality,
  states: z.array(z.string()),
  seats: z.number(),
  /** Enrolled and completed members: the seats that are taken. */
  seatsTaken: z.number(),
  waitlistCount: z.number(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: ZCohortStatus,
  trainers: z.array(ZPersonRef),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TCohort = z.infer<typeof ZCohort>;

export const ZCohortListQuery = z.strictObject({
  status: ZCohortStatus.optional(),
  modelId: ZUuid.optional(),
  courseId: ZUuid.optional(),
  state: ZState.optional(),
  trainerId: ZUuid.optional(),
  /** true: the caller's own cohorts (as a trainer) and enrolments (as a clinician). */
  mine: ZBooleanQuery.optional(),
  q: z.string().trim().max(200).optional(),
  ...ZPageQuery,
});
export type TCohortListQuery = z.infer<typeof ZCohortListQuery>;

const ZStates = z
  .array(ZState)
  .max(60, 'must have at most 60 states')
  .superRefine(uniqueItems('names the same state twice'));
const ZTrainerIds = z
  .array(ZUuid)
  .max(20, 'must have at most 20 trainers')
  .superRefine(uniqueItems('names the same trainer twice'));
const datesInOrder = (v: { startsOn?: string | undefined; endsOn?: string | undefined }) =>
  !v.startsOn || !v.endsOn || v.endsOn >= v.startsOn;
const DATE_ORDER = { message: 'must not be before the start date', path: ['endsOn'] };

export const ZCreateCohortRequest = z
  .strictObject({
    title: text(200),
    kind: z.enum(['course', 'collaborative']),
    courseId: ZUuid.nullable().default(null),
    pathwayId: ZUuid.nullable().default(null),
    /** Defaults to the course's treatment model. */
    modelId: ZUuid.nullable().optional(),
    modality: ZModality,
    states: ZStates.default([]),
    seats: int(1, 2000),
    startsOn: ZDate,
    endsOn: ZDate,
    status: z.enum(['open', 'closed']).default('open'),
    trainerIds: ZTrainerIds.default([]),
  })
  .refine((v) => v.kind !== 'course' || v.courseId !== null, {
    message: 'is required for a course cohort',
    path: ['courseId'],
  })
  .refine(datesInOrder, DATE_ORDER);
export type TCreateCohortRequest = z.infer<typeof ZCreateCohortRequest>;

export const ZUpdateCohortRequest = z
  .strictObject({
    title: text(200).optional(),
    pathwayId: ZUuid.nullable().optional(),
    modality: ZModality.optional(),
    states: ZStates.optional(),
    seats: int(1, 2000).optional(),
    startsOn: ZDate.optional(),
    endsOn: ZDate.optional(),
    status: ZCohortStatus.optional(),
    trainerIds: ZTrainerIds.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' })
  .refine(datesInOrder, DATE_ORDER);
export type TUpdateCohortRequest = z.infer<typeof ZUpdateCohortRequest>;

// Enrolments -----------------------------------------------------------------------------------

export const ENROLLMENT_STATUSES = ['enrolled', 'waitlisted', 'withdrawn', 'completed'] as const;

export const ZEnrollment = z.object({
  id: z.string(),
  cohortId: z.string(),
  userId: z.string(),
  displayName: z.string(),
  centerId: z.string(),
  centerName: z.string(),
  status: z.enum(ENROLLMENT_STATUSES),
  /** 1 for the next person to get a seat; null unless waitlisted. */
  waitlistPosition: z.number().nullable(),
  waitlistedAt: z.string().nullable(),
  enrolledAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TEnrollment = z.infer<typeof ZEnrollment>;

export const ZEnrollmentListQuery = z.strictObject({
  status: z.enum(ENROLLMENT_STATUSES).optional(),
});
export type TEnrollmentListQuery = z.infer<typeof ZEnrollmentListQuery>;

export const ZEnrollRequest = z.strictObject({
  userId: ZUuid,
  /** Needed only when the clinician works at several centers. */
  centerId: ZUuid.optional(),
  /** When the cohort is full: join the waitlist (default) or refuse with COHORT_FULL. */
  waitlist: z.boolean().default(true),
});
export type TEnrollRequest = z.infer<typeof ZEnrollRequest>;

/** The body is optional: a POST without one withdraws without a reason. */
export const ZWithdrawRequest = z
  .strictObject({
    reason: z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters').optional(),
  })
  .nullish();

// Events and attendance ------------------------------------------------------------------------

export const ZEventKind = z.enum(['live_session', 'learning_session', 'consultation_call']);
export const ZAttendanceStatus = z.enum(['present', 'absent', 'excused']);

export const ZAttendanceSummary = z.object({
  present: z.number(),
  absent: z.number(),
  excused: z.number(),
  /** Members on the roster now (enrolled or completed). */
  rosterSize: z.number(),
});

export const ZCohortEvent = z.object({
  id: z.string(),
  cohortId: z.string(),
  kind: ZEventKind,
  title: z.string(),
  startsAt: z.string(),
  durationMinutes: z.number(),
  attendance: ZAttendanceSummary,
  createdAt: z.string(),
});
export type TCohortEvent = z.infer<typeof ZCohortEvent>;

export const ZRosterEntry = z.object({
  enrollmentId: z.string(),
  userId: z.string(),
  displayName: z.string(),
  centerId: z.string(),
  centerName: z.string(),
  enrollmentStatus: z.enum(['enrolled', 'completed']),
  attendance: z
    .object({
      status: ZAttendanceStatus,
      minutesAttended: z.number(),
      recordedAt: z.string(),
    })
    .nullable(),
});

export const ZCohortEventDetail = ZCohortEvent.extend({ roster: z.array(ZRosterEntry) });
export type TCohortEventDetail = z.infer<typeof ZCohortEventDetail>;

export const ZEventListQuery = z.strictObject({ kind: ZEventKind.optional() });

const ZDuration = int(5, 720);

export const ZCreateEventRequest = z.strictObject({
  kind: ZEventKind,
  title: text(200),
  startsAt: ZDateTime,
  durationMinutes: ZDuration,
});
export type TCreateEventRequest = z.infer<typeof ZCreateEventRequest>;

export const ZCreateEventSeriesRequest = z.strictObject({
  kind: ZEventKind,
  /** Each event is called "<title> N of <count>". */
  title: text(180),
  firstStartsAt: ZDateTime,
  count: int(1, 52),
  every: z.enum(['week', 'two_weeks', 'month']),
  durationMinutes: ZDuration,
});
export type TCreateEventSeriesRequest = z.infer<typeof ZCreateEventSeriesRequest>;

export const ZAttendanceRequest = z.strictObject({
  records: z
    .array(
      z.strictObject({
        enrollmentId: ZUuid,
        status: ZAttendanceStatus,
        /** Default: the event's duration when present, 0 otherwise. */
        minutesAttended: int(0, 720).optional(),
      }),
    )
    .min(1, 'must have at least one record')
    .max(2000, 'must have at most 2000 records')
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((r, i) => {
        if (seen.has(r.enrollmentId))
          ctx.addIssue({ code: 'custom', message: 'appears twice', path: [i, 'enrollmentId'] });
        seen.add(r.enrollmentId);
      });
    }),
});
export type TAttendanceRequest = z.infer<typeof ZAttendanceRequest>;

// Knowledge tests, completions, CE hours -------------------------------------------------------

export const ZTestAttempt = z.object({
  id: z.string(),
  courseId: z.string(),
  courseCode: z.string(),
  courseTitle: z.string(),
  userId: z.string(),
  centerId: z.string(),
  score: z.number(),
  passMark: z.number(),
  passed: z.boolean(),
  takenAt: z.string(),
  createdAt: z.string(),
});
export type TTestAttempt = z.infer<typeof ZTestAttempt>;

export const ZCreateTestAttemptRequest = z.strictObject({
  userId: ZUuid,
  centerId: ZUuid.optional(),
  score: z
    .number()
    .min(0, 'must be at least 0')
    .max(100, 'must be at most 100')
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, 'must have at most two decimals'),
  takenAt: ZDateTime,
});
export type TCreateTestAttemptRequest = z.infer<typeof ZCreateTestAttemptRequest>;

export const ZTestAttemptListQuery = z.strictObject({ courseId: ZUuid.optional() });

export const ZCourseCompletion = z.object({
  id: z.string(),
  courseId: z.string(),
  courseCode: z.string(),
  courseTitle: z.string(),
  userId: z.string(),
  centerId: z.string(),
  completedOn: z.string(),
  ceHours: z.number(),
  source: z.enum(['record', 'import', 'cohort']),
  createdAt: z.string(),
});
export type TCourseCompletion = z.infer<typeof ZCourseCompletion>;

export const ZCreateCourseCompletionRequest = z
  .strictObject({
    userId: ZUuid,
    centerId: ZUuid.optional(),
    courseId: ZUuid.optional(),
    courseCode: ZCourseCode.optional(),
    completedOn: ZDate,
    /** Default: the course's CE hours. */
    ceHours: ZHours.optional(),
  })
  .refine((v) => (v.courseId === undefined) !== (v.courseCode === undefined), {
    message: 'give either courseId or courseCode',
    path: ['courseId'],
  });
export type TCreateCourseCompletionRequest = z.infer<typeof ZCreateCourseCompletionRequest>;

export const CE_SOURCES = ['attendance', 'record', 'import', 'cohort'] as const;

export const ZCeActivity = z.object({
  date: z.string(),
  activity: z.string(),
  /** An event kind (live_session, learning_session, consultation_call) or a course kind. */
  kind: z.string(),
  model: z.string().nullable(),
  hours: z.number(),
  /** 'attendance' for recorded attendance; otherwise how the course completion was recorded. */
  source: z.enum(CE_SOURCES),
});

export const ZCeHours = z.object({
  userId: z.string(),
  totalHours: z.number(),
  items: z.array(ZCeActivity),
});
export type TCeHours = z.infer<typeof ZCeHours>;

export const ZCeHoursQuery = z
  .strictObject({ from: ZDate.optional(), to: ZDate.optional() })
  .refine((v) => !v.from || !v.to || v.to >= v.from, {
    message: 'must not be before the start date',
    path: ['to'],
  });
export type TCeHoursQuery = z.infer<typeof ZCeHoursQuery>;
