/**
 * Factories for training records, inserted directly (as the database owner) so route tests can
 * start from any point on a pathway: a trainee's qualification, completed courses, cohorts with
 * sessions and calls and their attendance, treatment cases with measures, a passed test.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/server/db/schema.js';
import { addDays } from '../../src/server/modules/credentials/progress.js';

export async function courseId(db: Kysely<DB>, code: string): Promise<string> {
  return (await db.selectFrom('course').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

export async function pathwayId(db: Kysely<DB>, code: string): Promise<string> {
  return (await db.selectFrom('pathway').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
}

export async function modelId(db: Kysely<DB>, code: string): Promise<string> {
  return (
    await db.selectFrom('training_model').select('id').where('code', '=', code).executeTakeFirstOrThrow()
  ).id;
}

/** A cohort of a course with `count` events of one kind, `stepDays` apart from `first`. */
export async function cohortWithEvents(
  db: Kysely<DB>,
  options: {
    courseCode: string;
    kind: 'live_session' | 'learning_session' | 'consultation_call';
    first: string;
    count: number;
    stepDays: number;
    trainerId?: string;
    seats?: number;
  },
): Promise<{ cohortId: string; eventIds: string[]; dates: string[] }> {
  const course = await courseId(db, options.courseCode);
  const dates = Array.from({ length: options.count }, (_, i) => addDays(options.first, i * options.stepDays));
  const cohort = await db
    .insertInto('cohort')
    .values({
      title: `${options.courseCode} cohort ${options.first}`,
      kind: 'course',
      course_id: course,
      modality: 'virtual',
      states: ['TX'],
      seats: options.seats ?? 30,
      starts_on: options.first,
      ends_on: dates.at(-1)!,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (options.trainerId)
    await db
      .insertInto('cohort_trainer')
      .values({ cohort_id: cohort.id, user_id: options.trainerId })
      .execute();
  const eventIds: string[] = [];
  for (const [i, date] of dates.entries()) {
    const ev = await db
      .insertInto('cohort_event')
      .values({
        cohort_id: cohort.id,
        kind: options.kind,
        title: `${options.kind === 'consultation_call' ? 'Consultation call' : 'Session'} ${i + 1} of ${options.count}`,
        starts_at: `${date}T15:00:00Z`,
        duration_minutes: options.kind === 'consultation_call' ? 60 : 390,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    eventIds.push(ev.id);
  }
  return { cohortId: cohort.id, eventIds, dates };
}

export async function enrol(
  db: Kysely<DB>,
  cohortId: string,
  userId: string,
  centerId: string,
): Promise<string> {
  return (
    await db
      .insertInto('enrollment')
      .values({
        cohort_id: cohortId,
        user_id: userId,
        center_id: centerId,
        status: 'enrolled',
        enrolled_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export async function attend(
  db: Kysely<DB>,
  enrollmentId: string,
  userId: string,
  centerId: string,
  eventIds: string[],
  status: (i: number) => 'present' | 'absent' | 'excused' | null,
): Promise<void> {
  for (const [i, eventId] of eventIds.entries()) {
    const s = status(i);
    if (!s) continue;
    await db
      .insertInto('attendance')
      .values({
        event_id: eventId,
        enrollment_id: enrollmentId,
        user_id: userId,
        center_id: centerId,
        status: s,
        minutes_attended: s === 'present' ? 60 : 0,
      })
      .execute();
  }
}

export async function treatmentCase(
  db: Kysely<DB>,
  options: {
    centerId: string;
    clinicianId: string;
    caseCode: string;
    model?: string;
    caregiver?: boolean;
    startedOn?: string;
    endedOn?: string | null;
    measures?: ('baseline' | 'end')[];
  },
): Promise<string> {
  const ended = options.endedOn === undefined ? '2025-09-01' : options.endedOn;
  const ep = await db
    .insertInto('episode')
    .values({
      center_id: options.centerId,
      clinician_id: options.clinicianId,
      case_code: options.caseCode,
      age_years: 11,
      caregiver_involved: options.caregiver ?? true,
      model_id: await modelId(db, options.model ?? 'TF-CBT'),
      started_on: options.startedOn ?? '2025-04-01',
      ended_on: ended,
      discharge_reason: ended ? 'completed' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const phase of options.measures ?? ['baseline', 'end'])
    await db
      .insertInto('measure_administration')
      .values({
        episode_id: ep.id,
        center_id: options.centerId,
        instrument: 'CATS-SR',
        phase,
        respondent: 'youth',
        administered_on: phase === 'baseline' ? (options.startedOn ?? '2025-04-01') : (ended ?? '2025-09-01'),
        total_score: phase === 'baseline' ? 31 : 12,
      })
      .execute();
  return ep.id;
}

/** The first live training day of `readyForCertification`: 300 days ago, so tests never age. */
export const LIVE_START = addDays(new Date().toISOString().slice(0, 10), -300);

/**
 * Puts a clinician on TFCBT-NATIONAL with every requirement met, except those named in `skip`.
 * Live training on LIVE_START and the day after; 12 calls every two weeks from two weeks later,
 * 9 attended (or 8 when 'consultation' is skipped).
 */
export async function readyForCertification(
  db: Kysely<DB>,
  options: { userId: string; centerId: string; trainerId?: string; skip?: string[]; pathwayCode?: string },
): Promise<{ consultationCohortId: string; callIds: string[]; callEnrollmentId: string }> {
  const skip = new Set(options.skip ?? []);
  const { userId, centerId } = options;
  await db
    .insertInto('pathway_enrollment')
    .values({
      pathway_id: await pathwayId(db, options.pathwayCode ?? 'TFCBT-NATIONAL'),
      user_id: userId,
      center_id: centerId,
      started_on: '2024-12-01',
    })
    .execute();
  if (!skip.has('credential'))
    await db
      .insertInto('clinician_qualification')
      .values({
        user_id: userId,
        degree_level: 'master',
        license_status: 'permanent',
        attested_at: new Date(),
      })
      .execute();
  if (!skip.has('tfcbt-web'))
    await db
      .insertInto('course_completion')
      .values({
        course_id: await courseId(db, 'TFCBT-WEB'),
        user_id: userId,
        center_id: centerId,
        completed_on: '2024-12-15',
        ce_hours: 10,
        source: 'record',
      })
      .execute();
  const live = await cohortWithEvents(db, {
    courseCode: 'TFCBT-LIVE',
    kind: 'live_session',
    first: LIVE_START,
    count: 2,
    stepDays: 1,
    ...(options.trainerId ? { trainerId: options.trainerId } : {}),
  });
  const liveEnrollment = await enrol(db, live.cohortId, userId, centerId);
  if (!skip.has('live-training'))
    await attend(db, liveEnrollment, userId, centerId, live.eventIds, () => 'present');
  const calls = await cohortWithEvents(db, {
    courseCode: 'TFCBT-CONSULT',
    kind: 'consultation_call',
    first: addDays(LIVE_START, 14),
    count: 12,
    stepDays: 14,
    ...(options.trainerId ? { trainerId: options.trainerId } : {}),
  });
  const callEnrollment = await enrol(db, calls.cohortId, userId, centerId);
  const attended = skip.has('consultation') ? 8 : 9;
  await attend(db, callEnrollment, userId, centerId, calls.eventIds, (i) =>
    i < attended ? 'present' : 'absent',
  );
  if (!skip.has('cases'))
    for (const [i, caregiver] of [true, true, false].entries())
      await treatmentCase(db, {
        centerId,
        clinicianId: userId,
        caseCode: `T-${userId.slice(0, 6)}-${i + 1}`,
        caregiver,
      });
  if (!skip.has('knowledge-test'))
    await db
      .insertInto('test_attempt')
      .values({
        course_id: await courseId(db, 'TFCBT-TEST'),
        user_id: userId,
        center_id: centerId,
        score: 88,
        pass_mark: 80,
        passed: true,
        taken_at: '2025-10-01T15:00:00Z',
      })
      .execute();
  return { consultationCohortId: calls.cohortId, callIds: calls.eventIds, callEnrollmentId: callEnrollment };
}
