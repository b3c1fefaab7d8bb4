/**
 * Cohorts and enrolments: creating and changing cohorts, the rules an enrolment must pass in order
 * (open cohort, active clinician, degree, license, prerequisite courses, not already enrolled),
 * seats and the waitlist with its promotions (and the e-mail they send), withdrawal that keeps the
 * history, who sees which part of the roster, and concurrent enrolments that must not overbook.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, expectError } from '../helpers/matrix.js';
import {
  auditActions,
  courseIdOf,
  insertCohort,
  insertCompletion,
  insertEnrollment,
  insertQualification,
  modelIdOf,
} from '../helpers/learning.js';
import { buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';

interface Cohort {
  id: string;
  title: string;
  kind: string;
  course: { id: string; code: string; title: string; kind: string } | null;
  modelId: string | null;
  modelCode: string | null;
  states: string[];
  seats: number;
  seatsTaken: number;
  waitlistCount: number;
  status: string;
  trainers: { id: string; displayName: string }[];
}
interface Enrollment {
  id: string;
  cohortId: string;
  userId: string;
  displayName: string;
  centerId: string;
  centerName: string;
  status: string;
  waitlistPosition: number | null;
  waitlistedAt: string | null;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  completedAt: string | null;
}

describe('cohorts and enrolments', () => {
  let t: TestApp;
  let admin: Session;
  let funder: Session;
  let director: Session;
  let otherDirector: Session;
  let trainer: Session;
  let clinician: Session;
  let centerA: string;
  let centerB: string;
  let trainerId: string;
  let liveCourse: string;
  let webCourse: string;

  beforeAll(async () => {
    t = await buildTestApp();
    centerA = await t.createCenter({ name: 'Cohort Center A' });
    centerB = await t.createCenter({ name: 'Cohort Center B' });
    [admin, funder, director, otherDirector, trainer, clinician] = await Promise.all([
      t.signIn('network_admin'),
      t.signIn('funder_viewer'),
      t.signIn('center_director', { centerId: centerA }),
      t.signIn('center_director', { centerId: centerB }),
      t.signIn('trainer', { centerId: centerB }),
      t.signIn('clinician', { centerId: centerA }),
    ]);
    trainerId = trainer.userId;
    liveCourse = await courseIdOf(t, 'TFCBT-LIVE');
    webCourse = await courseIdOf(t, 'TFCBT-WEB');
  });
  afterAll(async () => t?.close());

  const clinicianAt = async (centerId: string, name?: string) =>
    (await t.createUser({ role: 'clinician', centerId, ...(name ? { name } : {}) })).id;

  describe('cohorts', () => {
    it('creates a course cohort with its trainers, the model taken from the course', async () => {
      const res = await admin.post('/api/v1/cohorts', {
        title: 'TF-CBT live training, Austin, spring',
        kind: 'course',
        courseId: liveCourse,
        modality: 'in_person',
        states: ['tx', 'OK'],
        seats: 24,
        startsOn: '2026-04-13',
        endsOn: '2026-04-14',
        trainerIds: [trainerId],
      });
      expect(res.statusCode, res.body).toBe(201);
      const cohort = res.json<Cohort>();
      expect(cohort).toMatchObject({
        kind: 'course',
        course: { id: liveCourse, code: 'TFCBT-LIVE', kind: 'live_training' },
        modelCode: 'TF-CBT',
        states: ['TX', 'OK'],
        seats: 24,
        seatsTaken: 0,
        waitlistCount: 0,
        status: 'open',
        trainers: [{ id: trainerId }],
      });
      expect((await auditActions(t, cohort.id)).map((a) => a.action)).toEqual(['cohort.create']);
      expect((await funder.get(`/api/v1/cohorts/${cohort.id}`)).json<Cohort>().trainers[0]!.displayName).toBe(
        cohort.trainers[0]!.displayName,
      );
    });

    it('names what is wrong: a course cohort needs its course, trainers must be trainers, dates in order', async () => {
      const base = {
        title: 'Bad cohort',
        modality: 'virtual',
        seats: 10,
        startsOn: '2026-05-01',
        endsOn: '2026-05-02',
      };
      const noCourse = expectError(await admin.post('/api/v1/cohorts', { ...base, kind: 'course' }), 400);
      expect(noCourse.error.details).toEqual([
        { path: 'courseId', message: 'is required for a course cohort' },
      ]);
      const dates = expectError(
        await admin.post('/api/v1/cohorts', { ...base, kind: 'collaborative', endsOn: '2026-04-30' }),
        400,
      );
      expect(dates.error.details?.[0]?.path).toBe('endsOn');
      const state = expectError(
        await admin.post('/api/v1/cohorts', { ...base, kind: 'collaborative', states: ['TX', 'XX'] }),
        400,
      );
      expect(state.error.details?.[0]?.path).toBe('states.1');
      const notTrainer = expectError(
        await admin.post('/api/v1/cohorts', {
          ...base,
          kind: 'collaborative',
          trainerIds: [trainerId, clinician.userId],
        }),
        422,
        'UNPROCESSABLE',
      );
      expect(notTrainer.error.details).toEqual([
        { path: 'trainerIds.1', message: 'is not a person with an active trainer role' },
      ]);
      expectError(
        await director.post('/api/v1/cohorts', { ...base, kind: 'collaborative' }),
        403,
        'FORBIDDEN',
      );
    });

    it('lists cohorts with filters, seat counts and the caller’s own', async () => {
      const cftsi = await modelIdOf(t, 'CFTSI');
      const collaborative = await insertCohort(t, {
        title: 'CFTSI collaborative Oklahoma',
        modelId: cftsi,
        states: ['OK'],
        seats: 2,
        trainerIds: [trainerId],
      });
      await insertEnrollment(t, { cohortId: collaborative, userId: clinician.userId, centerId: centerA });
      await insertEnrollment(t, {
        cohortId: collaborative,
        userId: await clinicianAt(centerB),
        centerId: centerB,
      });
      await insertEnrollment(t, {
        cohortId: collaborative,
        userId: await clinicianAt(centerB),
        centerId: centerB,
        status: 'waitlisted',
      });
      await insertCohort(t, {
        title: 'Closed CFTSI group',
        modelId: cftsi,
        status: 'closed',
        states: ['KS'],
      });

      const byModel = (await funder.get(`/api/v1/cohorts?modelId=${cftsi}`)).json<{
        items: Cohort[];
        total: number;
      }>();
      expect(byModel.items.map((c) => c.title).sort()).toEqual([
        'CFTSI collaborative Oklahoma',
        'Closed CFTSI group',
      ]);
      expect(byModel.total).toBe(2);
      const open = (await funder.get(`/api/v1/cohorts?modelId=${cftsi}&status=open&state=ok`)).json<{
        items: Cohort[];
      }>();
      expect(open.items).toHaveLength(1);
      // Counts cover the whole cohort, whoever asks (here a clinician who sees only their own row).
      const mine = (await clinician.get('/api/v1/cohorts?mine=true')).json<{ items: Cohort[] }>();
      expect(mine.items.map((c) => c.id)).toEqual([collaborative]);
      expect(mine.items[0]).toMatchObject({ seats: 2, seatsTaken: 2, waitlistCount: 1, modelCode: 'CFTSI' });
      const trained = (await trainer.get('/api/v1/cohorts?mine=true')).json<{ items: Cohort[] }>();
      expect(trained.items.map((c) => c.id)).toContain(collaborative);
      const byTrainer = (await director.get(`/api/v1/cohorts?trainerId=${trainerId}`)).json<{
        items: Cohort[];
      }>();
      expect(byTrainer.items.every((c) => c.trainers.some((x) => x.id === trainerId))).toBe(true);
      const byCourse = (await director.get(`/api/v1/cohorts?courseId=${liveCourse}`)).json<{
        items: Cohort[];
      }>();
      expect(byCourse.items.every((c) => c.course?.code === 'TFCBT-LIVE')).toBe(true);
      expect(byCourse.items.length).toBeGreaterThan(0);
    });

    it('never lets seats fall below those taken; more seats move the waitlist up', async () => {
      const cohort = await insertCohort(t, { seats: 1 });
      const first = await clinicianAt(centerA);
      const waiting = await clinicianAt(centerA);
      await insertEnrollment(t, { cohortId: cohort, userId: first, centerId: centerA });
      const queued = await insertEnrollment(t, {
        cohortId: cohort,
        userId: waiting,
        centerId: centerA,
        status: 'waitlisted',
      });
      const tooFew = expectError(await admin.patch(`/api/v1/cohorts/${cohort}`, { seats: 0 }), 400);
      expect(tooFew.error.details?.[0]?.path).toBe('seats');
      await asSystem(t, (trx) =>
        trx.updateTable('cohort').set({ seats: 2 }).where('id', '=', cohort).execute(),
      );
      await insertEnrollment(t, { cohortId: cohort, userId: await clinicianAt(centerA), centerId: centerA });
      const below = expectError(
        await admin.patch(`/api/v1/cohorts/${cohort}`, { seats: 1 }),
        409,
        'CONFLICT',
      );
      expect(below.error.details?.[0]).toEqual({
        path: 'seats',
        message: expect.stringContaining('2 seats') as string,
      });

      const raised = await admin.patch(`/api/v1/cohorts/${cohort}`, { seats: 3, title: 'Bigger room' });
      expect(raised.statusCode, raised.body).toBe(200);
      expect(raised.json<Cohort>()).toMatchObject({
        seats: 3,
        seatsTaken: 3,
        waitlistCount: 0,
        title: 'Bigger room',
      });
      const promoted = await asSystem(t, (trx) =>
        trx.selectFrom('enrollment').select('status').where('id', '=', queued).executeTakeFirstOrThrow(),
      );
      expect(promoted.status).toBe('enrolled');
      expect((await auditActions(t, queued)).map((a) => a.action)).toEqual(['enrollment.promote']);
    });
  });

  describe('enrolment rules', () => {
    it('checks the rules in order and names the missing prerequisite: qualification, degree, license, course', async () => {
      const cohort = await insertCohort(t, { courseId: liveCourse, modelId: await modelIdOf(t, 'TF-CBT') });
      const url = `/api/v1/cohorts/${cohort}/enrollments`;
      const person = await clinicianAt(centerA);

      const none = expectError(await director.post(url, { userId: person }), 422, 'PREREQUISITE_MISSING');
      expect(none.error.details?.[0]).toEqual({
        path: 'qualification',
        message: expect.stringContaining('record your degree and license first') as string,
      });
      expect(none.error.details?.map((d) => d.path)).toEqual(['qualification', 'prerequisiteCourseIds.0']);

      await insertQualification(t, person, 'bachelor', 'none');
      const degree = expectError(await director.post(url, { userId: person }), 422, 'PREREQUISITE_MISSING');
      expect(degree.error.details).toEqual([
        {
          path: 'minDegree',
          message: expect.stringMatching(/master's degree or higher.*bachelor's/) as string,
        },
        { path: 'licenseRequired', message: expect.stringContaining('clinical license') as string },
        { path: 'prerequisiteCourseIds.0', message: expect.stringContaining('TFCBT-WEB') as string },
      ]);

      await asSystem(t, (trx) =>
        trx
          .updateTable('clinician_qualification')
          .set({ degree_level: 'master', license_status: 'provisional' })
          .where('user_id', '=', person)
          .execute(),
      );
      const course = expectError(await director.post(url, { userId: person }), 422, 'PREREQUISITE_MISSING');
      expect(course.error.details).toEqual([
        {
          path: 'prerequisiteCourseIds.0',
          message: 'TFCBT-WEB (TF-CBTWeb 2.0 online course) must be completed first',
        },
      ]);
      expect(course.error.message).toContain('TFCBT-WEB');

      await insertCompletion(t, { userId: person, centerId: centerA, courseId: webCourse });
      const ok = await director.post(url, { userId: person });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json<Enrollment>()).toMatchObject({
        status: 'enrolled',
        centerId: centerA,
        waitlistPosition: null,
      });
      const twice = expectError(await director.post(url, { userId: person }), 409, 'CONFLICT');
      expect(twice.error.details?.[0]?.path).toBe('userId');

      // A permanent license, where the course asks for one.
      await asSystem(t, (trx) =>
        trx
          .updateTable('course')
          .set({ license_required: 'permanent' })
          .where('id', '=', liveCourse)
          .execute(),
      );
      const other = await clinicianAt(centerA);
      await insertQualification(t, other, 'doctorate', 'provisional');
      await insertCompletion(t, { userId: other, centerId: centerA, courseId: webCourse });
      const license = expectError(await admin.post(url, { userId: other }), 422, 'PREREQUISITE_MISSING');
      expect(license.error.details).toEqual([
        { path: 'licenseRequired', message: expect.stringContaining('permanent license') as string },
      ]);
      await asSystem(t, (trx) =>
        trx.updateTable('course').set({ license_required: 'any' }).where('id', '=', liveCourse).execute(),
      );
    });

    it('accepts a completed enrolment in a cohort of the prerequisite course', async () => {
      const webCohort = await insertCohort(t, { courseId: webCourse });
      const person = await clinicianAt(centerA);
      await insertQualification(t, person);
      await insertEnrollment(t, {
        cohortId: webCohort,
        userId: person,
        centerId: centerA,
        status: 'completed',
      });
      const cohort = await insertCohort(t, { courseId: liveCourse });
      const res = await admin.post(`/api/v1/cohorts/${cohort}/enrollments`, { userId: person });
      expect(res.statusCode, res.body).toBe(201);
    });

    it('refuses a closed cohort before anything else, and someone who is not an active clinician', async () => {
      const closed = await insertCohort(t, { courseId: liveCourse, status: 'closed' });
      const person = await clinicianAt(centerA);
      const res = expectError(
        await director.post(`/api/v1/cohorts/${closed}/enrollments`, { userId: person }),
        422,
        'COHORT_NOT_OPEN',
      );
      expect(res.error.details?.[0]?.path).toBe('cohortId');
      const open = await insertCohort(t);
      const notClinician = expectError(
        await admin.post(`/api/v1/cohorts/${open}/enrollments`, { userId: trainerId }),
        422,
        'UNPROCESSABLE',
      );
      expect(notClinician.error.details?.[0]?.path).toBe('userId');
      const wrongCenter = expectError(
        await admin.post(`/api/v1/cohorts/${open}/enrollments`, { userId: person, centerId: centerB }),
        422,
        'UNPROCESSABLE',
      );
      expect(wrongCenter.error.details?.[0]?.path).toBe('centerId');
    });

    it('lets clinicians enrol themselves and directors their own people; another center’s clinician is not found', async () => {
      const cohort = await insertCohort(t);
      const url = `/api/v1/cohorts/${cohort}/enrollments`;
      const self = await clinician.post(url, { userId: clinician.userId });
      expect(self.statusCode, self.body).toBe(201);
      expect(self.json<Enrollment>().centerName).toBe('Cohort Center A');
      expectError(await director.post(url, { userId: await clinicianAt(centerB) }), 404, 'NOT_FOUND');
      expectError(await clinician.post(url, { userId: await clinicianAt(centerA) }), 404, 'NOT_FOUND');
      expectError(await trainer.post(url, { userId: clinician.userId }), 403, 'FORBIDDEN');
      expectError(
        await admin.post('/api/v1/cohorts/00000000-0000-4000-8000-000000000000/enrollments', {
          userId: clinician.userId,
        }),
        404,
        'NOT_FOUND',
      );
      const unknownField = expectError(await director.post(url, { userId: clinician.userId, seat: 1 }), 400);
      expect(unknownField.error.details).toEqual([{ path: 'seat', message: 'is not an allowed field' }]);
    });
  });

  describe('seats and the waitlist', () => {
    it('waitlists when full, promotes the earliest on withdrawal with an e-mail, and keeps the history', async () => {
      const cohort = await insertCohort(t, {
        title: 'Two-seat consultation group',
        seats: 2,
        trainerIds: [trainerId],
      });
      const url = `/api/v1/cohorts/${cohort}/enrollments`;
      const [a, b, c, d] = [
        await clinicianAt(centerA, 'Ana Alvarez'),
        await clinicianAt(centerA, 'Ben Brooks'),
        await clinicianAt(centerB, 'Cleo Chen'),
        await clinicianAt(centerB, 'Dev Dutta'),
      ];
      const ea = (await admin.post(url, { userId: a })).json<Enrollment>();
      expect((await admin.post(url, { userId: b })).json<Enrollment>().status).toBe('enrolled');
      const ec = await admin.post(url, { userId: c });
      expect(ec.statusCode).toBe(201);
      expect(ec.json<Enrollment>()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      const ed = (await admin.post(url, { userId: d })).json<Enrollment>();
      expect(ed).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
      const full = expectError(
        await admin.post(url, { userId: await clinicianAt(centerA), waitlist: false }),
        409,
        'COHORT_FULL',
      );
      expect(full.error.details?.[0]?.path).toBe('waitlist');

      // Ana's director withdraws her, with a reason.
      const withdrawn = await director.post(`${url}/${ea.id}/withdraw`, {
        reason: 'Caseload too high this spring',
      });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      expect(withdrawn.json<Enrollment>()).toMatchObject({
        status: 'withdrawn',
        withdrawReason: 'Caseload too high this spring',
      });
      expect(withdrawn.json<Enrollment>().withdrawnAt).not.toBeNull();

      const roster = (await admin.get(url)).json<{ items: Enrollment[] }>().items;
      const byUser = new Map(roster.map((e) => [e.userId, e]));
      expect(byUser.get(a)?.status).toBe('withdrawn');
      expect(byUser.get(c)).toMatchObject({ status: 'enrolled', waitlistPosition: null });
      expect(byUser.get(d)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

      const messages = await asSystem(t, (trx) =>
        trx
          .selectFrom('outbox_message')
          .select(['kind', 'to_address', 'subject', 'body_text', 'center_id', 'related_id'])
          .where('kind', '=', 'enrollment_promoted')
          .where('related_id', '=', ec.json<Enrollment>().id)
          .execute(),
      );
      const cleo = await asSystem(t, (trx) =>
        trx.selectFrom('app_user').select('email').where('id', '=', c).executeTakeFirstOrThrow(),
      );
      expect(messages).toEqual([
        expect.objectContaining({
          to_address: cleo.email,
          subject: 'A seat opened for you: Two-seat consultation group',
          center_id: centerB,
        }),
      ]);
      expect(messages[0]!.body_text).toContain('Cleo Chen');
      const audit = await auditActions(t, ec.json<Enrollment>().id);
      expect(audit.map((x) => x.action)).toEqual(['enrollment.create', 'enrollment.promote']);
      expect(audit[1]).toMatchObject({ center_id: centerB, actor_user_id: director.userId });

      // Withdrawing again, or withdrawing a waitlisted place, frees no seat for anyone else.
      expectError(await director.post(`${url}/${ea.id}/withdraw`, {}), 409, 'CONFLICT');
      const dOut = await admin.post(`${url}/${ed.id}/withdraw`);
      expect(dOut.statusCode, dOut.body).toBe(200);
      const counts = (await admin.get(`/api/v1/cohorts/${cohort}`)).json<Cohort>();
      expect(counts).toMatchObject({ seatsTaken: 2, waitlistCount: 0 });
      // Ana may come back later: her withdrawn row stays, a new one is made.
      const back = await admin.post(url, { userId: a });
      expect(back.json<Enrollment>()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
      const rows = await asSystem(t, (trx) =>
        trx
          .selectFrom('enrollment')
          .select('status')
          .where('cohort_id', '=', cohort)
          .where('user_id', '=', a)
          .execute(),
      );
      expect(rows.map((r) => r.status).sort()).toEqual(['waitlisted', 'withdrawn']);
    });

    it('shows each reader their part of the roster; only trainers and admins complete', async () => {
      const cohort = await insertCohort(t, { trainerIds: [trainerId] });
      const mineA = await insertEnrollment(t, {
        cohortId: cohort,
        userId: clinician.userId,
        centerId: centerA,
      });
      const colleagueA = await insertEnrollment(t, {
        cohortId: cohort,
        userId: await clinicianAt(centerA),
        centerId: centerA,
      });
      const personB = await insertEnrollment(t, {
        cohortId: cohort,
        userId: await clinicianAt(centerB),
        centerId: centerB,
      });
      const url = `/api/v1/cohorts/${cohort}/enrollments`;
      const ids = async (s: Session) =>
        (await s.get(url))
          .json<{ items: Enrollment[] }>()
          .items.map((e) => e.id)
          .sort();
      expect(await ids(admin)).toEqual([mineA, colleagueA, personB].sort());
      expect(await ids(trainer)).toEqual([mineA, colleagueA, personB].sort());
      expect(await ids(director)).toEqual([mineA, colleagueA].sort());
      expect(await ids(otherDirector)).toEqual([personB]);
      expect(await ids(clinician)).toEqual([mineA]);
      // Names of other centers' people reach the trainer.
      const names = (await trainer.get(url)).json<{ items: Enrollment[] }>().items;
      expect(
        names.every((e) => e.displayName !== 'Unknown' && e.centerName.startsWith('Cohort Center')),
      ).toBe(true);

      expectError(await clinician.post(`${url}/${personB}/withdraw`, {}), 404, 'NOT_FOUND');
      expectError(await otherDirector.post(`${url}/${colleagueA}/withdraw`, {}), 404, 'NOT_FOUND');
      expectError(await director.post(`${url}/${mineA}/complete`), 403, 'FORBIDDEN');
      const done = await trainer.post(`${url}/${personB}/complete`);
      expect(done.statusCode, done.body).toBe(200);
      expect(done.json<Enrollment>()).toMatchObject({ status: 'completed', centerName: 'Cohort Center B' });
      expect(done.json<Enrollment>().completedAt).not.toBeNull();
      expectError(await trainer.post(`${url}/${personB}/complete`), 409, 'CONFLICT');
      expectError(await trainer.post(`${url}/${personB}/withdraw`, {}), 409, 'CONFLICT');
      const self = await clinician.post(`${url}/${mineA}/withdraw`, {});
      expect(self.statusCode, self.body).toBe(200);
    });

    it('gives exactly the free seats to concurrent enrolments and waitlists the rest in arrival order', async () => {
      const cohort = await insertCohort(t, { seats: 3 });
      const people = await Promise.all(Array.from({ length: 10 }, () => clinicianAt(centerA)));
      const responses = await Promise.all(
        people.map((userId) => admin.post(`/api/v1/cohorts/${cohort}/enrollments`, { userId })),
      );
      expect(responses.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
      const bodies = responses.map((r) => r.json<Enrollment>());
      expect(bodies.filter((b) => b.status === 'enrolled')).toHaveLength(3);
      const waitlisted = bodies.filter((b) => b.status === 'waitlisted');
      expect(waitlisted).toHaveLength(7);
      expect(waitlisted.map((b) => b.waitlistPosition).sort((x, y) => x! - y!)).toEqual([
        1, 2, 3, 4, 5, 6, 7,
      ]);
      // The position each request was told is its place in the waitlist's order.
      const ordered = [...waitlisted].sort(
        (x, y) => Date.parse(x.waitlistedAt!) - Date.parse(y.waitlistedAt!),
      );
      expect(ordered.map((b) => b.waitlistPosition)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      const roster = (await admin.get(`/api/v1/cohorts/${cohort}/enrollments?status=waitlisted`)).json<{
        items: Enrollment[];
      }>();
      expect(new Map(roster.items.map((e) => [e.id, e.waitlistPosition]))).toEqual(
        new Map(waitlisted.map((b) => [b.id, b.waitlistPosition])),
      );
      expect((await admin.get(`/api/v1/cohorts/${cohort}`)).json<Cohort>()).toMatchObject({
        seatsTaken: 3,
        waitlistCount: 7,
      });
    });
  });
});
