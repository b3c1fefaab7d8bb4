/**
 * Events and attendance: scheduling single events and numbered series, recording a whole roster's
 * attendance in one step (minutes default and cap, all or nothing), who sees whose attendance
 * (row-level security), deleting events, and the CE hours that attendance and completions earn.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, expectError } from '../helpers/matrix.js';
import {
  auditActions,
  courseIdOf,
  insertCohort,
  insertCompletion,
  insertEnrollment,
  insertEvent,
  modelIdOf,
} from '../helpers/learning.js';
import { buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';

interface EventView {
  id: string;
  cohortId: string;
  kind: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  attendance: { present: number; absent: number; excused: number; rosterSize: number };
}
interface RosterEntry {
  enrollmentId: string;
  userId: string;
  displayName: string;
  centerName: string;
  enrollmentStatus: string;
  attendance: { status: string; minutesAttended: number; recordedAt: string } | null;
}
interface EventDetail extends EventView {
  roster: RosterEntry[];
}
interface CeHours {
  userId: string;
  totalHours: number;
  items: {
    date: string;
    activity: string;
    kind: string;
    model: string | null;
    hours: number;
    source: string;
  }[];
}

describe('events and attendance', () => {
  let t: TestApp;
  let admin: Session;
  let funder: Session;
  let trainer: Session;
  let otherTrainer: Session;
  let director: Session;
  let otherDirector: Session;
  let clinician: Session;
  let centerA: string;
  let centerB: string;
  let cohort: string;
  /** Roster: the signed-in clinician (A), a colleague (A), someone at B, someone completed (B). */
  let mine: string;
  let colleague: string;
  let fromB: string;
  let completedB: string;
  let waitlisted: string;
  let withdrawn: string;
  let colleagueId: string;

  beforeAll(async () => {
    t = await buildTestApp();
    centerA = await t.createCenter({ name: 'Attendance Center A' });
    centerB = await t.createCenter({ name: 'Attendance Center B' });
    [admin, funder, trainer, otherTrainer, director, otherDirector, clinician] = await Promise.all([
      t.signIn('network_admin'),
      t.signIn('funder_viewer'),
      t.signIn('trainer', { centerId: centerB }),
      t.signIn('trainer', { centerId: centerA }),
      t.signIn('center_director', { centerId: centerA }),
      t.signIn('center_director', { centerId: centerB }),
      t.signIn('clinician', { centerId: centerA }),
    ]);
    cohort = await insertCohort(t, {
      title: 'TF-CBT regional cohort',
      courseId: await courseIdOf(t, 'TFCBT-LIVE-CAC'),
      modelId: await modelIdOf(t, 'TF-CBT'),
      trainerIds: [trainer.userId],
    });
    const person = async (centerId: string, name: string) =>
      (await t.createUser({ role: 'clinician', centerId, name })).id;
    colleagueId = await person(centerA, 'Colleague Avery');
    mine = await insertEnrollment(t, { cohortId: cohort, userId: clinician.userId, centerId: centerA });
    colleague = await insertEnrollment(t, { cohortId: cohort, userId: colleagueId, centerId: centerA });
    fromB = await insertEnrollment(t, {
      cohortId: cohort,
      userId: await person(centerB, 'Blake B'),
      centerId: centerB,
    });
    completedB = await insertEnrollment(t, {
      cohortId: cohort,
      userId: await person(centerB, 'Casey Done'),
      centerId: centerB,
      status: 'completed',
    });
    waitlisted = await insertEnrollment(t, {
      cohortId: cohort,
      userId: await person(centerA, 'Wait Listed'),
      centerId: centerA,
      status: 'waitlisted',
    });
    withdrawn = await insertEnrollment(t, {
      cohortId: cohort,
      userId: await person(centerB, 'Gone Away'),
      centerId: centerB,
      status: 'withdrawn',
    });
  });
  afterAll(async () => t?.close());

  describe('scheduling', () => {
    it('lets the cohort’s trainer schedule an event; other trainers and clinicians may not', async () => {
      const url = `/api/v1/cohorts/${cohort}/events`;
      const res = await trainer.post(url, {
        kind: 'live_session',
        title: 'Live training day 1',
        startsAt: '2026-03-02T14:00:00Z',
        durationMinutes: 390,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<EventView>()).toMatchObject({
        kind: 'live_session',
        durationMinutes: 390,
        startsAt: '2026-03-02T14:00:00.000Z',
        attendance: { present: 0, absent: 0, excused: 0, rosterSize: 4 },
      });
      expect((await auditActions(t, res.json<EventView>().id)).map((a) => a.action)).toEqual([
        'cohort_event.create',
      ]);
      expectError(
        await otherTrainer.post(url, {
          kind: 'live_session',
          title: 'Mine',
          startsAt: '2026-03-02T14:00:00Z',
          durationMinutes: 60,
        }),
        403,
        'FORBIDDEN',
      );
      expectError(
        await clinician.post(url, {
          kind: 'live_session',
          title: 'Mine',
          startsAt: '2026-03-02T14:00:00Z',
          durationMinutes: 60,
        }),
        403,
        'FORBIDDEN',
      );
      const bad = expectError(
        await admin.post(url, { kind: 'webinar', title: '', startsAt: 'tomorrow', durationMinutes: 2 }),
        400,
        'VALIDATION_FAILED',
      );
      expect(bad.error.details!.map((d) => d.path).sort()).toEqual([
        'durationMinutes',
        'kind',
        'startsAt',
        'title',
      ]);
    });

    it('schedules a numbered series a fixed interval apart', async () => {
      const other = await insertCohort(t, { trainerIds: [trainer.userId] });
      const res = await trainer.post(`/api/v1/cohorts/${other}/events/series`, {
        kind: 'consultation_call',
        title: 'Consultation call',
        firstStartsAt: '2026-01-06T17:00:00Z',
        count: 12,
        every: 'two_weeks',
        durationMinutes: 60,
      });
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json<{ items: EventView[]; total: number }>();
      expect(body.total).toBe(12);
      expect(body.items[2]).toMatchObject({
        title: 'Consultation call 3 of 12',
        startsAt: '2026-02-03T17:00:00.000Z',
      });
      expect(body.items[11]!.title).toBe('Consultation call 12 of 12');
      expect(body.items[11]!.startsAt).toBe('2026-06-09T17:00:00.000Z');

      const monthly = await admin.post(`/api/v1/cohorts/${other}/events/series`, {
        kind: 'learning_session',
        title: 'Learning session',
        firstStartsAt: '2026-01-31T15:00:00Z',
        count: 3,
        every: 'month',
        durationMinutes: 240,
      });
      expect(monthly.json<{ items: EventView[] }>().items.map((e) => e.startsAt)).toEqual([
        '2026-01-31T15:00:00.000Z',
        '2026-02-28T15:00:00.000Z',
        '2026-03-31T15:00:00.000Z',
      ]);
      const tooMany = expectError(
        await admin.post(`/api/v1/cohorts/${other}/events/series`, {
          kind: 'consultation_call',
          title: 'Call',
          firstStartsAt: '2026-01-06T17:00:00Z',
          count: 53,
          every: 'week',
          durationMinutes: 60,
        }),
        400,
      );
      expect(tooMany.error.details).toEqual([{ path: 'count', message: 'must be at most 52' }]);
      const list = (await funder.get(`/api/v1/cohorts/${other}/events?kind=learning_session`)).json<{
        items: EventView[];
        total: number;
      }>();
      expect(list.total).toBe(3);
    });

    it('deletes an event only while it has no attendance', async () => {
      const empty = await insertEvent(t, { cohortId: cohort });
      const attended = await insertEvent(t, { cohortId: cohort });
      await trainer.request({
        method: 'PUT',
        url: `/api/v1/cohorts/${cohort}/events/${attended}/attendance`,
        payload: { records: [{ enrollmentId: mine, status: 'present' }] },
      });
      const refused = expectError(
        await trainer.del(`/api/v1/cohorts/${cohort}/events/${attended}`),
        409,
        'CONFLICT',
      );
      expect(refused.error.message).toMatch(/attendance/i);
      expectError(await otherTrainer.del(`/api/v1/cohorts/${cohort}/events/${empty}`), 403, 'FORBIDDEN');
      const ok = await trainer.del(`/api/v1/cohorts/${cohort}/events/${empty}`);
      expect(ok.statusCode, ok.body).toBe(200);
      expectError(await admin.get(`/api/v1/cohorts/${cohort}/events/${empty}`), 404, 'NOT_FOUND');
      expect((await auditActions(t, empty)).map((a) => a.action)).toEqual(['cohort_event.delete']);
    });
  });

  describe('recording attendance', () => {
    it('records the whole roster in one step, with minutes defaulting to the duration when present', async () => {
      const event = await insertEvent(t, { cohortId: cohort, kind: 'live_session', durationMinutes: 390 });
      const url = `/api/v1/cohorts/${cohort}/events/${event}/attendance`;
      const res = await trainer.request({
        method: 'PUT',
        url,
        payload: {
          records: [
            { enrollmentId: mine, status: 'present' },
            { enrollmentId: colleague, status: 'present', minutesAttended: 300 },
            { enrollmentId: fromB, status: 'absent' },
            { enrollmentId: completedB, status: 'excused' },
          ],
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      const detail = res.json<EventDetail>();
      expect(detail.attendance).toEqual({ present: 2, absent: 1, excused: 1, rosterSize: 4 });
      const minutes = new Map(detail.roster.map((r) => [r.enrollmentId, r.attendance?.minutesAttended]));
      expect(minutes).toEqual(
        new Map([
          [mine, 390],
          [colleague, 300],
          [fromB, 0],
          [completedB, 0],
        ]),
      );
      // Recording again replaces the earlier record (one row per person and event).
      const again = await trainer.request({
        method: 'PUT',
        url,
        payload: { records: [{ enrollmentId: fromB, status: 'present', minutesAttended: 195 }] },
      });
      expect(again.json<EventDetail>().attendance).toMatchObject({ present: 3, absent: 0, excused: 1 });
      const rows = await asSystem(t, (trx) =>
        trx
          .selectFrom('attendance')
          .select(['enrollment_id', 'minutes_attended'])
          .where('event_id', '=', event)
          .execute(),
      );
      expect(rows).toHaveLength(4);
      // One audit event per center, so each center's directors see their people's records.
      const audit = (await auditActions(t, event)).filter((a) => a.action === 'attendance.record');
      expect(audit.map((a) => a.center_id).sort()).toEqual([centerA, centerB, centerB].sort());
    });

    it('writes nothing when one record is wrong, and names each wrong record', async () => {
      const event = await insertEvent(t, { cohortId: cohort, durationMinutes: 60 });
      const url = `/api/v1/cohorts/${cohort}/events/${event}/attendance`;
      const offRoster = expectError(
        await trainer.request({
          method: 'PUT',
          url,
          payload: {
            records: [
              { enrollmentId: mine, status: 'present' },
              { enrollmentId: colleague, status: 'absent' },
              { enrollmentId: waitlisted, status: 'present' },
              { enrollmentId: withdrawn, status: 'present' },
            ],
          },
        }),
        422,
        'UNPROCESSABLE',
      );
      expect(offRoster.error.details).toEqual([
        { path: 'records.2.enrollmentId', message: expect.stringContaining('roster') as string },
        { path: 'records.3.enrollmentId', message: expect.stringContaining('roster') as string },
      ]);
      const tooLong = expectError(
        await trainer.request({
          method: 'PUT',
          url,
          payload: {
            records: [
              { enrollmentId: mine, status: 'present', minutesAttended: 61 },
              { enrollmentId: colleague, status: 'absent', minutesAttended: 10 },
              { enrollmentId: fromB, status: 'present' },
            ],
          },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(tooLong.error.details).toEqual([
        { path: 'records.0.minutesAttended', message: "must not exceed the event's 60 minutes" },
        { path: 'records.1.minutesAttended', message: 'must be 0 for someone absent' },
      ]);
      const duplicate = expectError(
        await trainer.request({
          method: 'PUT',
          url,
          payload: {
            records: [
              { enrollmentId: mine, status: 'present' },
              { enrollmentId: mine, status: 'absent' },
            ],
          },
        }),
        400,
      );
      expect(duplicate.error.details).toEqual([{ path: 'records.1.enrollmentId', message: 'appears twice' }]);
      const written = await asSystem(t, (trx) =>
        trx.selectFrom('attendance').select('enrollment_id').where('event_id', '=', event).execute(),
      );
      expect(written).toEqual([]);
    });

    it('is recorded only by the cohort’s trainers and administrators, and only once the event has started', async () => {
      const event = await insertEvent(t, { cohortId: cohort });
      const payload = { records: [{ enrollmentId: mine, status: 'present' }] };
      const url = `/api/v1/cohorts/${cohort}/events/${event}/attendance`;
      expectError(await otherTrainer.request({ method: 'PUT', url, payload }), 403, 'FORBIDDEN');
      expectError(await director.request({ method: 'PUT', url, payload }), 403, 'FORBIDDEN');
      expect((await admin.request({ method: 'PUT', url, payload })).statusCode).toBe(200);
      const future = await insertEvent(t, {
        cohortId: cohort,
        startsAt: new Date(Date.now() + 3 * 86_400_000),
      });
      expectError(
        await trainer.request({
          method: 'PUT',
          url: `/api/v1/cohorts/${cohort}/events/${future}/attendance`,
          payload,
        }),
        409,
        'CONFLICT',
      );
      const otherCohort = await insertCohort(t, { trainerIds: [trainer.userId] });
      expectError(
        await trainer.request({
          method: 'PUT',
          url: `/api/v1/cohorts/${otherCohort}/events/${event}/attendance`,
          payload,
        }),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('who sees attendance', () => {
    let event: string;
    beforeAll(async () => {
      event = await insertEvent(t, { cohortId: cohort, kind: 'consultation_call', durationMinutes: 60 });
      const res = await trainer.request({
        method: 'PUT',
        url: `/api/v1/cohorts/${cohort}/events/${event}/attendance`,
        payload: {
          records: [
            { enrollmentId: mine, status: 'present' },
            { enrollmentId: colleague, status: 'absent' },
            { enrollmentId: fromB, status: 'present', minutesAttended: 45 },
          ],
        },
      });
      expect(res.statusCode, res.body).toBe(200);
    });

    it('shows trainers and admins the full roster, a director their people, a clinician themself', async () => {
      const url = `/api/v1/cohorts/${cohort}/events/${event}`;
      const full = (await trainer.get(url)).json<EventDetail>();
      expect(full.roster.map((r) => r.enrollmentId).sort()).toEqual(
        [mine, colleague, fromB, completedB].sort(),
      );
      expect(full.roster.find((r) => r.enrollmentId === completedB)!.attendance).toBeNull();
      expect(full.roster.every((r) => r.displayName !== 'Unknown')).toBe(true);
      expect((await admin.get(url)).json<EventDetail>().roster).toHaveLength(4);
      expect(
        (await director.get(url))
          .json<EventDetail>()
          .roster.map((r) => r.enrollmentId)
          .sort(),
      ).toEqual([mine, colleague].sort());
      expect(
        (await otherDirector.get(url))
          .json<EventDetail>()
          .roster.map((r) => r.enrollmentId)
          .sort(),
      ).toEqual([fromB, completedB].sort());
      const own = (await clinician.get(url)).json<EventDetail>();
      expect(own.roster).toEqual([
        expect.objectContaining({
          enrollmentId: mine,
          attendance: expect.objectContaining({ status: 'present' }) as unknown,
        }),
      ]);
      // The counts are aggregates over everyone, whoever reads them.
      expect(own.attendance).toEqual({ present: 2, absent: 1, excused: 0, rosterSize: 4 });
      expect((await funder.get(url)).json<EventDetail>().roster).toEqual([]);
      const list = (await clinician.get(`/api/v1/cohorts/${cohort}/events`)).json<{ items: EventView[] }>();
      expect(list.items.find((e) => e.id === event)!.attendance.present).toBe(2);
    });

    it('keeps another clinician’s attendance out of a clinician’s reach in the database itself', async () => {
      const actor = await t.db.scoped(
        {
          purpose: 'user',
          userId: clinician.userId,
          centerIds: [centerA],
        },
        (trx) =>
          trx
            .selectFrom('attendance')
            .select(['enrollment_id', 'user_id'])
            .where('event_id', '=', event)
            .execute(),
      );
      expect(actor).toEqual([{ enrollment_id: mine, user_id: clinician.userId }]);
      const colleagueCe = await clinician.get(`/api/v1/clinicians/${colleagueId}/ce-hours`);
      expectError(colleagueCe, 404, 'NOT_FOUND');
      // Writing is refused as well: a clinician's scope cannot insert attendance.
      await expect(
        t.db.scoped({ purpose: 'user', userId: clinician.userId, centerIds: [centerA] }, (trx) =>
          sql`insert into attendance (event_id, enrollment_id, user_id, center_id, status, minutes_attended)
              values (${event}, ${colleague}, ${colleagueId}, ${centerA}, 'present', 60)
              on conflict (event_id, enrollment_id) do update set minutes_attended = 60`.execute(trx),
        ),
      ).rejects.toThrow();
    });
  });

  describe('CE hours', () => {
    it('adds attended minutes / 60 and recorded completions, newest first, for whoever may see them', async () => {
      const person = (await t.createUser({ role: 'clinician', centerId: centerA, name: 'Hours Holder' })).id;
      const ceCohort = await insertCohort(t, {
        title: 'CE cohort',
        modelId: await modelIdOf(t, 'TF-CBT'),
        trainerIds: [trainer.userId],
      });
      const enrollment = await insertEnrollment(t, { cohortId: ceCohort, userId: person, centerId: centerA });
      const live = await insertEvent(t, {
        cohortId: ceCohort,
        kind: 'live_session',
        title: 'Live day 1',
        startsAt: new Date('2026-02-09T14:00:00Z'),
        durationMinutes: 390,
      });
      const call = await insertEvent(t, {
        cohortId: ceCohort,
        kind: 'consultation_call',
        title: 'Call 1',
        startsAt: new Date('2026-03-03T17:00:00Z'),
        durationMinutes: 60,
      });
      const missed = await insertEvent(t, {
        cohortId: ceCohort,
        title: 'Call 2',
        startsAt: new Date('2026-03-17T17:00:00Z'),
        durationMinutes: 60,
      });
      for (const [ev, status, minutesAttended] of [
        [live, 'present', undefined],
        [call, 'present', 45],
        [missed, 'absent', undefined],
      ] as const) {
        const res = await trainer.request({
          method: 'PUT',
          url: `/api/v1/cohorts/${ceCohort}/events/${ev}/attendance`,
          payload: {
            records: [{ enrollmentId: enrollment, status, ...(minutesAttended ? { minutesAttended } : {}) }],
          },
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      await insertCompletion(t, {
        userId: person,
        centerId: centerA,
        courseId: await courseIdOf(t, 'TFCBT-WEB'),
        completedOn: '2025-12-15',
        ceHours: 10,
      });
      await insertCompletion(t, {
        userId: person,
        centerId: centerA,
        courseId: await courseIdOf(t, 'TFCBT-TEST'),
        completedOn: '2026-01-15',
        ceHours: 0,
      });

      const res = await director.get(`/api/v1/clinicians/${person}/ce-hours`);
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<CeHours>();
      expect(body.totalHours).toBe(6.5 + 0.75 + 10);
      expect(body.items).toEqual([
        {
          date: '2026-03-03',
          activity: 'CE cohort: Call 1',
          kind: 'consultation_call',
          model: 'TF-CBT',
          hours: 0.75,
          source: 'attendance',
        },
        {
          date: '2026-02-09',
          activity: 'CE cohort: Live day 1',
          kind: 'live_session',
          model: 'TF-CBT',
          hours: 6.5,
          source: 'attendance',
        },
        {
          date: '2025-12-15',
          activity: 'TF-CBTWeb 2.0 online course',
          kind: 'online_course',
          model: 'TF-CBT',
          hours: 10,
          source: 'record',
        },
      ]);
      const since = (
        await trainer.get(`/api/v1/clinicians/${person}/ce-hours?from=2026-01-01`)
      ).json<CeHours>();
      expect(since.totalHours).toBe(7.25);
      expect(
        (await admin.get(`/api/v1/clinicians/${person}/ce-hours?to=2025-12-31`)).json<CeHours>().totalHours,
      ).toBe(10);
      expectError(await otherDirector.get(`/api/v1/clinicians/${person}/ce-hours`), 404, 'NOT_FOUND');
      expectError(await otherTrainer.get(`/api/v1/clinicians/${person}/ce-hours`), 404, 'NOT_FOUND');
      const badRange = expectError(
        await admin.get(`/api/v1/clinicians/${person}/ce-hours?from=2026-02-01&to=2026-01-01`),
        400,
      );
      expect(badRange.error.details?.[0]?.path).toBe('to');
      const own = (await clinician.get(`/api/v1/clinicians/${clinician.userId}/ce-hours`)).json<CeHours>();
      expect(own.items.every((i) => i.source === 'attendance')).toBe(true);
      expect(own.totalHours).toBeGreaterThan(0);
    });
  });
});
