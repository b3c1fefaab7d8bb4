/**
 * Factories for the learning tests: catalog ids by code, cohorts, enrolments, qualifications and
 * events inserted directly (system scope), so each test sets up only what it is about.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DegreeLevel, EnrollmentStatus, LicenseStatus } from '../../src/server/db/schema.js';
import { asSystem } from './matrix.js';
import type { TestApp } from './test-app.js';

export async function courseIdOf(t: TestApp, code: string): Promise<string> {
  const row = await asSystem(t, (trx) =>
    trx.selectFrom('course').select('id').where('code', '=', code).executeTakeFirstOrThrow(),
  );
  return row.id;
}

export async function modelIdOf(t: TestApp, code: string): Promise<string> {
  const row = await asSystem(t, (trx) =>
    trx.selectFrom('training_model').select('id').where('code', '=', code).executeTakeFirstOrThrow(),
  );
  return row.id;
}

export interface CohortValues {
  title?: string;
  kind?: 'course' | 'collaborative';
  courseId?: string | null;
  modelId?: string | null;
  seats?: number;
  status?: 'open' | 'closed' | 'completed' | 'cancelled';
  states?: string[];
  trainerIds?: string[];
  startsOn?: string;
  endsOn?: string;
}

/** A cohort inserted directly; a collaborative without a course (so no prerequisites) by default. */
export async function insertCohort(t: TestApp, values: CohortValues = {}): Promise<string> {
  return asSystem(t, async (trx) => {
    const row = await trx
      .insertInto('cohort')
      .values({
        title: values.title ?? `Cohort ${randomUUID().slice(0, 8)}`,
        kind: values.kind ?? (values.courseId ? 'course' : 'collaborative'),
        course_id: values.courseId ?? null,
        model_id: values.modelId ?? null,
        modality: 'virtual',
        states: sql<string[]>`${`{${(values.states ?? ['TX']).join(',')}}`}::text[]`,
        seats: values.seats ?? 20,
        starts_on: values.startsOn ?? '2026-01-05',
        ends_on: values.endsOn ?? '2026-12-18',
        status: values.status ?? 'open',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const userId of values.trainerIds ?? [])
      await trx.insertInto('cohort_trainer').values({ cohort_id: row.id, user_id: userId }).execute();
    return row.id;
  });
}

/** An enrolment inserted directly (no rules applied). */
export async function insertEnrollment(
  t: TestApp,
  values: { cohortId: string; userId: string; centerId: string; status?: EnrollmentStatus },
): Promise<string> {
  const status = values.status ?? 'enrolled';
  const row = await asSystem(t, (trx) =>
    trx
      .insertInto('enrollment')
      .values({
        cohort_id: values.cohortId,
        user_id: values.userId,
        center_id: values.centerId,
        status,
        enrolled_at: status === 'waitlisted' ? null : new Date(),
        waitlisted_at: status === 'waitlisted' ? new Date() : null,
        completed_at: status === 'completed' ? new Date() : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

export async function insertQualification(
  t: TestApp,
  userId: string,
  degree: DegreeLevel = 'master',
  license: LicenseStatus = 'permanent',
): Promise<void> {
  await asSystem(t, (trx) =>
    trx
      .insertInto('clinician_qualification')
      .values({ user_id: userId, degree_level: degree, license_status: license, attested_at: new Date() })
      .execute(),
  );
}

export async function insertCompletion(
  t: TestApp,
  values: { userId: string; centerId: string; courseId: string; completedOn?: string; ceHours?: number },
): Promise<void> {
  await asSystem(t, (trx) =>
    trx
      .insertInto('course_completion')
      .values({
        user_id: values.userId,
        center_id: values.centerId,
        course_id: values.courseId,
        completed_on: values.completedOn ?? '2025-06-01',
        ce_hours: values.ceHours ?? 0,
        source: 'record',
      })
      .execute(),
  );
}

export async function insertEvent(
  t: TestApp,
  values: {
    cohortId: string;
    kind?: 'live_session' | 'learning_session' | 'consultation_call';
    startsAt?: Date;
    durationMinutes?: number;
    title?: string;
  },
): Promise<string> {
  const row = await asSystem(t, (trx) =>
    trx
      .insertInto('cohort_event')
      .values({
        cohort_id: values.cohortId,
        kind: values.kind ?? 'consultation_call',
        title: values.title ?? `Event ${randomUUID().slice(0, 6)}`,
        starts_at: values.startsAt ?? new Date(Date.now() - 7 * 86_400_000),
        duration_minutes: values.durationMinutes ?? 60,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

export async function auditActions(
  t: TestApp,
  targetId: string,
): Promise<{ action: string; center_id: string | null; actor_user_id: string | null }[]> {
  return asSystem(t, (trx) =>
    trx
      .selectFrom('audit_event')
      .select(['action', 'center_id', 'actor_user_id'])
      .where('target_id', '=', targetId)
      .orderBy('seq')
      .execute(),
  );
}

/** A date `days` from today (UTC), as YYYY-MM-DD. */
export function day(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
