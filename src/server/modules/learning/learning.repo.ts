/**
 * SQL of the learning module. Functions take the transaction first.
 *
 * Most functions run under the caller's row-level-security scope and simply see less for a less
 * privileged caller. The seat functions (counts, locking, waitlist promotion) are meant for the
 * system-scope transaction of cohorts.service.ts, which sees the whole cohort (docs/decisions/0008).
 * `ceActivities` is shared with the credentials module (transcripts, the ce_hours requirement).
 */
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { escapeLike, uuidArray } from '../../platform/sql.js';
import type { TCohortListQuery, TCourseListQuery } from './learning.schemas.js';

type Trx = Transaction<DB>;

const anyUuid = (ids: readonly string[]) => sql<string>`any(${uuidArray(ids)}::uuid[])`;

// Catalog ---------------------------------------------------------------------------------------

export function trainingModelQuery(trx: Trx) {
  return trx
    .selectFrom('training_model as m')
    .selectAll('m')
    .select((eb) =>
      eb
        .selectFrom('course as c')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('c.model_id', '=', 'm.id')
        .as('course_count'),
    );
}

export function findTrainingModels(trx: Trx, q: string | undefined) {
  let query = trainingModelQuery(trx);
  if (q) {
    const like = `%${escapeLike(q.toLowerCase())}%`;
    query = query.where((eb) =>
      eb.or([eb(eb.fn('lower', ['m.code']), 'like', like), eb(eb.fn('lower', ['m.name']), 'like', like)]),
    );
  }
  return query.orderBy('m.code').execute();
}

export function findTrainingModelById(trx: Trx, id: string) {
  return trainingModelQuery(trx).where('m.id', '=', id).executeTakeFirst();
}

export function courseQuery(trx: Trx) {
  return trx
    .selectFrom('course as c')
    .leftJoin('training_model as m', 'm.id', 'c.model_id')
    .selectAll('c')
    .select('m.code as model_code');
}

export async function findCourses(trx: Trx, query: TCourseListQuery) {
  let q = trx.selectFrom('course as c');
  if (query.kind) q = q.where('c.kind', '=', query.kind);
  if (query.modelId) q = q.where('c.model_id', '=', query.modelId);
  if (query.active) q = q.where('c.active', '=', query.active === 'true');
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    q = q.where((eb) =>
      eb.or([eb(eb.fn('lower', ['c.code']), 'like', like), eb(eb.fn('lower', ['c.title']), 'like', like)]),
    );
  }
  const total = await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .leftJoin('training_model as m', 'm.id', 'c.model_id')
    .selectAll('c')
    .select('m.code as model_code')
    .orderBy('c.code')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}

export function findCourseById(trx: Trx, id: string) {
  return courseQuery(trx).where('c.id', '=', id).executeTakeFirst();
}

export function findCourseByCode(trx: Trx, code: string) {
  return courseQuery(trx).where('c.code', '=', code).executeTakeFirst();
}

/** Code and title of the given courses (those that exist). */
export async function courseRefs(trx: Trx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return trx
    .selectFrom('course')
    .select(['id', 'code', 'title', 'prerequisite_course_ids'])
    .where(sql<boolean>`id = ${anyUuid(ids)}`)
    .execute();
}

// People ----------------------------------------------------------------------------------------

/** Display names of the given people (system scope: names of trainers and roster members). */
export async function displayNames(trx: Trx, userIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  const rows = await trx
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where(sql<boolean>`id = ${anyUuid(unique)}`)
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function centerNames(trx: Trx, centerIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(centerIds)];
  if (unique.length === 0) return new Map();
  const rows = await trx
    .selectFrom('center')
    .select(['id', 'name'])
    .where(sql<boolean>`id = ${anyUuid(unique)}`)
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Centers where the person holds an active clinician membership (as far as the scope shows). */
export async function clinicianCenters(trx: Trx, userId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('membership')
    .select('center_id')
    .where('user_id', '=', userId)
    .where('role', '=', 'clinician')
    .where('ended_at', 'is', null)
    .where('center_id', 'is not', null)
    .orderBy('created_at')
    .execute();
  return [...new Set(rows.map((r) => r.center_id!))];
}

/** Whether the scope can see the person's account at all. */
export async function isVisiblePerson(trx: Trx, userId: string): Promise<boolean> {
  const row = await trx.selectFrom('app_user').select('id').where('id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** Which of the given people hold an active trainer membership. */
export async function activeTrainers(trx: Trx, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await trx
    .selectFrom('membership as m')
    .innerJoin('app_user as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('m.role', '=', 'trainer')
    .where('m.ended_at', 'is', null)
    .where('u.status', '=', 'active')
    .where(sql<boolean>`m.user_id = ${anyUuid(userIds)}`)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

// Cohorts ---------------------------------------------------------------------------------------

export function cohortQuery(trx: Trx) {
  return trx
    .selectFrom('cohort as co')
    .leftJoin('course as c', 'c.id', 'co.course_id')
    .leftJoin('training_model as m', 'm.id', 'co.model_id')
    .selectAll('co')
    .select([
      'c.code as course_code',
      'c.title as course_title',
      'c.kind as course_kind',
      'm.code as model_code',
    ]);
}

export type CohortRow = NonNullable<Awaited<ReturnType<typeof findCohortById>>>;

export function findCohortById(trx: Trx, id: string) {
  return cohortQuery(trx).where('co.id', '=', id).executeTakeFirst();
}

export async function findCohorts(trx: Trx, query: TCohortListQuery, actorUserId: string) {
  let q = trx.selectFrom('cohort as co');
  if (query.status) q = q.where('co.status', '=', query.status);
  if (query.modelId) q = q.where('co.model_id', '=', query.modelId);
  if (query.courseId) q = q.where('co.course_id', '=', query.courseId);
  if (query.state) q = q.where(sql<boolean>`${query.state} = any(co.states)`);
  if (query.q) q = q.where(sql<boolean>`lower(co.title) like ${`%${escapeLike(query.q.toLowerCase())}%`}`);
  if (query.trainerId) {
    const trainerId = query.trainerId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('cohort_trainer as ct')
          .select('ct.user_id')
          .whereRef('ct.cohort_id', '=', 'co.id')
          .where('ct.user_id', '=', trainerId),
      ),
    );
  }
  if (query.mine === 'true') {
    q = q.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('cohort_trainer as ct')
            .select('ct.user_id')
            .whereRef('ct.cohort_id', '=', 'co.id')
            .where('ct.user_id', '=', actorUserId),
        ),
        eb.exists(
          eb
            .selectFrom('enrollment as e')
            .select('e.id')
            .whereRef('e.cohort_id', '=', 'co.id')
            .where('e.user_id', '=', actorUserId)
            .where('e.status', '<>', 'withdrawn'),
        ),
      ]),
    );
  }
  const total = await q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .leftJoin('course as c', 'c.id', 'co.course_id')
    .leftJoin('training_model as m', 'm.id', 'co.model_id')
    .selectAll('co')
    .select([
      'c.code as course_code',
      'c.title as course_title',
      'c.kind as course_kind',
      'm.code as model_code',
    ])
    .orderBy('co.starts_on', 'desc')
    .orderBy('co.title')
    .orderBy('co.id')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  return { rows, total: Number(total.n) };
}

export interface SeatCounts {
  seatsTaken: number;
  waitlistCount: number;
}

/** Seats taken (enrolled and completed) and the waitlist of each cohort, over the whole cohort. */
export async function seatCounts(trx: Trx, cohortIds: readonly string[]): Promise<Map<string, SeatCounts>> {
  const out = new Map<string, SeatCounts>(cohortIds.map((id) => [id, { seatsTaken: 0, waitlistCount: 0 }]));
  if (cohortIds.length === 0) return out;
  const rows = await trx
    .selectFrom('enrollment')
    .select([
      'cohort_id',
      sql<number>`count(*) filter (where status in ('enrolled', 'completed'))::int`.as('taken'),
      sql<number>`count(*) filter (where status = 'waitlisted')::int`.as('waiting'),
    ])
    .where(sql<boolean>`cohort_id = ${anyUuid(cohortIds)}`)
    .groupBy('cohort_id')
    .execute();
  for (const r of rows)
    out.set(r.cohort_id, { seatsTaken: Number(r.taken), waitlistCount: Number(r.waiting) });
  return out;
}

export async function cohortTrainers(trx: Trx, cohortIds: readonly string[]) {
  if (cohortIds.length === 0) return [];
  return trx
    .selectFrom('cohort_trainer as ct')
    .innerJoin('app_user as u', 'u.id', 'ct.user_id')
    .select(['ct.cohort_id', 'ct.user_id', 'u.display_name'])
    .where(sql<boolean>`ct.cohort_id = ${anyUuid(cohortIds)}`)
    .orderBy('u.display_name')
    .execute();
}

export async function isCohortTrainer(trx: Trx, cohortId: string, userId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('cohort_trainer')
    .select('user_id')
    .where('cohort_id', '=', cohortId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Serialises seat changes of one cohort until the end of the transaction, so two enrolments at
 * once cannot both take the last seat and waitlist positions follow the order of arrival.
 */
export async function lockCohortSeats(trx: Trx, cohortId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`cohort:${cohortId}`}))`.execute(trx);
}

// Enrolments ------------------------------------------------------------------------------------

export function enrollmentQuery(trx: Trx) {
  return trx.selectFrom('enrollment as e').selectAll('e');
}

export function findEnrollmentById(trx: Trx, cohortId: string, id: string) {
  return enrollmentQuery(trx).where('e.id', '=', id).where('e.cohort_id', '=', cohortId).executeTakeFirst();
}

/** Position of each waitlisted enrolment of the cohort (1 = next to get a seat). */
export async function waitlistPositions(trx: Trx, cohortId: string): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('enrollment')
    .select([
      'id',
      sql<number>`row_number() over (order by waitlisted_at, created_at, id)::int`.as('position'),
    ])
    .where('cohort_id', '=', cohortId)
    .where('status', '=', 'waitlisted')
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.position)]));
}

/** Moves the earliest waitlisted people into free seats; returns the promoted enrolments. */
export async function promoteFromWaitlist(trx: Trx, cohortId: string, freeSeats: number) {
  if (freeSeats <= 0) return [];
  return trx
    .updateTable('enrollment')
    .set({ status: 'enrolled', enrolled_at: sql<Date>`clock_timestamp()`, updated_at: new Date() })
    .where(
      'id',
      'in',
      trx
        .selectFrom('enrollment')
        .select('id')
        .where('cohort_id', '=', cohortId)
        .where('status', '=', 'waitlisted')
        .orderBy('waitlisted_at')
        .orderBy('created_at')
        .orderBy('id')
        .limit(freeSeats),
    )
    .returningAll()
    .execute();
}

/** Completed the course: a recorded completion, or a completed enrolment in a cohort of it. */
export async function completedCourseIds(
  trx: Trx,
  userId: string,
  courseIds: readonly string[],
): Promise<Set<string>> {
  if (courseIds.length === 0) return new Set();
  const rows = await sql<{ course_id: string }>`
    select course_id from course_completion
      where user_id = ${userId} and course_id = ${anyUuid(courseIds)}
    union
    select co.course_id from enrollment e join cohort co on co.id = e.cohort_id
      where e.user_id = ${userId} and e.status = 'completed' and co.course_id = ${anyUuid(courseIds)}`.execute(
    trx,
  );
  return new Set(rows.rows.map((r) => r.course_id));
}

// Events and attendance -------------------------------------------------------------------------

export function findEvents(trx: Trx, cohortId: string, kind?: string) {
  let q = trx.selectFrom('cohort_event').selectAll().where('cohort_id', '=', cohortId);
  if (kind) q = q.where('kind', '=', kind as 'live_session');
  return q.orderBy('starts_at').orderBy('id').execute();
}

export function findEventById(trx: Trx, cohortId: string, eventId: string) {
  return trx
    .selectFrom('cohort_event')
    .selectAll()
    .where('id', '=', eventId)
    .where('cohort_id', '=', cohortId)
    .executeTakeFirst();
}

export interface AttendanceCounts {
  present: number;
  absent: number;
  excused: number;
}

/** Attendance counts per event, over everyone (system scope: aggregates only). */
export async function attendanceCounts(
  trx: Trx,
  eventIds: readonly string[],
): Promise<Map<string, AttendanceCounts>> {
  const out = new Map<string, AttendanceCounts>(
    eventIds.map((id) => [id, { present: 0, absent: 0, excused: 0 }]),
  );
  if (eventIds.length === 0) return out;
  const rows = await trx
    .selectFrom('attendance')
    .select([
      'event_id',
      sql<number>`count(*) filter (where status = 'present')::int`.as('present'),
      sql<number>`count(*) filter (where status = 'absent')::int`.as('absent'),
      sql<number>`count(*) filter (where status = 'excused')::int`.as('excused'),
    ])
    .where(sql<boolean>`event_id = ${anyUuid(eventIds)}`)
    .groupBy('event_id')
    .execute();
  for (const r of rows)
    out.set(r.event_id, { present: Number(r.present), absent: Number(r.absent), excused: Number(r.excused) });
  return out;
}

/** The members on a cohort's roster now (enrolled or completed) that the scope can see. */
export function rosterEnrollments(trx: Trx, cohortId: string) {
  return trx
    .selectFrom('enrollment')
    .select(['id', 'user_id', 'center_id', 'status'])
    .where('cohort_id', '=', cohortId)
    .where('status', 'in', ['enrolled', 'completed'])
    .execute();
}

export function attendanceOfEvent(trx: Trx, eventId: string) {
  return trx.selectFrom('attendance').selectAll().where('event_id', '=', eventId).execute();
}

// Continuing education --------------------------------------------------------------------------

export interface CeActivity {
  userId: string;
  /** YYYY-MM-DD (UTC date of the event, or the completion date). */
  date: string;
  activity: string;
  /** The event kind for attendance; the course kind for a completion. */
  kind: string;
  /** Treatment model code, when there is one. */
  model: string | null;
  hours: number;
  /** 'attendance', or how the course completion was recorded ('record', 'import', 'cohort'). */
  source: 'attendance' | 'record' | 'import' | 'cohort';
}

/**
 * Every activity that earns continuing-education hours, newest first: attended events (minutes
 * present / 60) and recorded course completions (their CE hours). Rows the transaction's scope
 * cannot see are left out, so callers decide the scope. Hours are rounded to hundredths.
 */
export async function ceActivities(trx: Trx, userIds: string[]): Promise<CeActivity[]> {
  if (userIds.length === 0) return [];
  const attended = await trx
    .selectFrom('attendance as a')
    .innerJoin('cohort_event as ev', 'ev.id', 'a.event_id')
    .innerJoin('cohort as co', 'co.id', 'ev.cohort_id')
    .leftJoin('course as c', 'c.id', 'co.course_id')
    .leftJoin('training_model as m', (j) => j.on(sql<boolean>`m.id = coalesce(co.model_id, c.model_id)`))
    .select([
      'a.user_id',
      'ev.starts_at',
      'ev.title',
      'ev.kind',
      'co.title as cohort_title',
      'm.code as model',
      'a.minutes_attended',
    ])
    .where(sql<boolean>`a.user_id = ${anyUuid(userIds)}`)
    .where('a.status', '=', 'present')
    .where('a.minutes_attended', '>', 0)
    .execute();
  const completed = await trx
    .selectFrom('course_completion as cc')
    .innerJoin('course as c', 'c.id', 'cc.course_id')
    .leftJoin('training_model as m', 'm.id', 'c.model_id')
    .select([
      'cc.user_id',
      'cc.completed_on',
      'cc.created_at',
      'c.title',
      'c.kind',
      'm.code as model',
      'cc.ce_hours',
      'cc.source',
    ])
    .where(sql<boolean>`cc.user_id = ${anyUuid(userIds)}`)
    .where('cc.ce_hours', '>', '0')
    .execute();
  const rows: (CeActivity & { at: number })[] = [
    ...attended.map((a) => ({
      userId: a.user_id,
      date: a.starts_at.toISOString().slice(0, 10),
      at: a.starts_at.getTime(),
      activity: `${a.cohort_title}: ${a.title}`,
      kind: a.kind,
      model: a.model,
      hours: Math.round((a.minutes_attended / 60) * 100) / 100,
      source: 'attendance' as const,
    })),
    ...completed.map((c) => ({
      userId: c.user_id,
      date: c.completed_on,
      at: Date.parse(`${c.completed_on}T00:00:00Z`),
      activity: c.title,
      kind: c.kind,
      model: c.model,
      hours: Math.round(Number(c.ce_hours) * 100) / 100,
      source: c.source,
    })),
  ];
  rows.sort((a, b) => b.at - a.at || a.activity.localeCompare(b.activity));
  return rows.map(({ at: _at, ...row }) => row);
}
