/**
 * Rows to API shapes for the learning module. Numeric columns arrive as strings (exact decimals)
 * and leave as numbers; timestamps leave as ISO strings, dates as YYYY-MM-DD.
 */
import type { Selectable } from 'kysely';
import type {
  ClinicianQualificationTable,
  CohortEventTable,
  CourseCompletionTable,
  CourseTable,
  EnrollmentTable,
  TestAttemptTable,
  TrainingModelTable,
} from '../../db/schema.js';
import type { CohortRow, SeatCounts } from './learning.repo.js';
import type {
  TCohort,
  TCohortEvent,
  TCourse,
  TCourseCompletion,
  TEnrollment,
  TQualification,
  TTestAttempt,
  TTrainingModel,
} from './learning.schemas.js';

export function toTrainingModel(
  row: Selectable<TrainingModelTable> & { course_count: number | null },
): TTrainingModel {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    components: row.components,
    minAge: row.min_age,
    maxAge: row.max_age,
    courseCount: Number(row.course_count ?? 0),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toCourse(
  row: Selectable<CourseTable> & { model_code: string | null },
  refs: ReadonlyMap<string, { id: string; code: string; title: string }>,
): TCourse {
  return {
    id: row.id,
    code: row.code,
    title: row.title,
    kind: row.kind,
    modelId: row.model_id,
    modelCode: row.model_code,
    description: row.description,
    ceHours: Number(row.ce_hours),
    liveDays: row.live_days,
    passMark: row.pass_mark,
    retakeWaitDays: row.retake_wait_days,
    minDegree: row.min_degree,
    licenseRequired: row.license_required,
    prerequisiteCourseIds: row.prerequisite_course_ids,
    prerequisites: row.prerequisite_course_ids.flatMap((id) => {
      const ref = refs.get(id);
      return ref ? [{ id: ref.id, code: ref.code, title: ref.title }] : [];
    }),
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toQualification(
  userId: string,
  row: Selectable<ClinicianQualificationTable> | undefined,
  verifierName: string | null,
): TQualification {
  if (!row) {
    return {
      userId,
      recorded: false,
      degreeLevel: null,
      licenseStatus: null,
      licenseState: null,
      attestedAt: null,
      verified: false,
      verifiedAt: null,
      verifiedBy: null,
      updatedAt: null,
    };
  }
  return {
    userId,
    recorded: true,
    degreeLevel: row.degree_level,
    licenseStatus: row.license_status,
    licenseState: row.license_state,
    attestedAt: row.attested_at.toISOString(),
    verified: row.verified_at !== null,
    verifiedAt: row.verified_at?.toISOString() ?? null,
    verifiedBy: row.verified_by ? { id: row.verified_by, displayName: verifierName ?? 'Unknown' } : null,
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toCohort(
  row: CohortRow,
  counts: SeatCounts | undefined,
  trainers: { id: string; displayName: string }[],
): TCohort {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    course:
      row.course_id && row.course_code && row.course_title && row.course_kind
        ? { id: row.course_id, code: row.course_code, title: row.course_title, kind: row.course_kind }
        : null,
    pathwayId: row.pathway_id,
    modelId: row.model_id,
    modelCode: row.model_code,
    modality: row.modality,
    states: row.states,
    seats: row.seats,
    seatsTaken: counts?.seatsTaken ?? 0,
    waitlistCount: counts?.waitlistCount ?? 0,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status: row.status,
    trainers,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toEnrollment(
  row: Selectable<EnrollmentTable>,
  names: { displayName: string; centerName: string; waitlistPosition: number | null },
): TEnrollment {
  return {
    id: row.id,
    cohortId: row.cohort_id,
    userId: row.user_id,
    displayName: names.displayName,
    centerId: row.center_id,
    centerName: names.centerName,
    status: row.status,
    waitlistPosition: row.status === 'waitlisted' ? names.waitlistPosition : null,
    waitlistedAt: row.waitlisted_at?.toISOString() ?? null,
    enrolledAt: row.enrolled_at?.toISOString() ?? null,
    withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
    withdrawReason: row.withdraw_reason,
    completedAt: row.completed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

export function toCohortEvent(
  row: Selectable<CohortEventTable>,
  summary: TCohortEvent['attendance'],
): TCohortEvent {
  return {
    id: row.id,
    cohortId: row.cohort_id,
    kind: row.kind,
    title: row.title,
    startsAt: row.starts_at.toISOString(),
    durationMinutes: row.duration_minutes,
    attendance: summary,
    createdAt: row.created_at.toISOString(),
  };
}

export function toTestAttempt(
  row: Selectable<TestAttemptTable> & { course_code: string; course_title: string },
): TTestAttempt {
  return {
    id: row.id,
    courseId: row.course_id,
    courseCode: row.course_code,
    courseTitle: row.course_title,
    userId: row.user_id,
    centerId: row.center_id,
    score: Number(row.score),
    passMark: row.pass_mark,
    passed: row.passed,
    takenAt: row.taken_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

export function toCourseCompletion(
  row: Selectable<CourseCompletionTable> & { course_code: string; course_title: string },
): TCourseCompletion {
  return {
    id: row.id,
    courseId: row.course_id,
    courseCode: row.course_code,
    courseTitle: row.course_title,
    userId: row.user_id,
    centerId: row.center_id,
    completedOn: row.completed_on,
    ceHours: Number(row.ce_hours),
    source: row.source,
    createdAt: row.created_at.toISOString(),
  };
}
