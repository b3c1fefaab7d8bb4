/**
 * The learning catalog (treatment models, courses) and clinicians' records outside cohorts:
 * qualifications (attest, verify), knowledge-test attempts with the retake wait, and course
 * completions recorded from elsewhere; who may read and write each, 404 for another center.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, expectError } from '../helpers/matrix.js';
import {
  auditActions,
  courseIdOf,
  day,
  insertCohort,
  insertEnrollment,
  modelIdOf,
} from '../helpers/learning.js';
import { buildTestApp, type Session, type TestApp } from '../helpers/test-app.js';

interface Model {
  id: string;
  code: string;
  name: string;
  components: { code: string; name: string }[];
  minAge: number | null;
  maxAge: number | null;
  courseCount: number;
}
interface Course {
  id: string;
  code: string;
  kind: string;
  modelCode: string | null;
  ceHours: number;
  passMark: number | null;
  minDegree: string | null;
  licenseRequired: string | null;
  prerequisiteCourseIds: string[];
  prerequisites: { id: string; code: string; title: string }[];
  active: boolean;
}
interface Qualification {
  userId: string;
  recorded: boolean;
  degreeLevel: string | null;
  licenseStatus: string | null;
  licenseState: string | null;
  attestedAt: string | null;
  verified: boolean;
  verifiedBy: { id: string; displayName: string } | null;
}
interface Attempt {
  id: string;
  courseCode: string;
  score: number;
  passMark: number;
  passed: boolean;
  takenAt: string;
  centerId: string;
}
interface Completion {
  id: string;
  courseCode: string;
  completedOn: string;
  ceHours: number;
  source: string;
  centerId: string;
}

describe('learning catalog and records', () => {
  let t: TestApp;
  let admin: Session;
  let funder: Session;
  let director: Session;
  let otherDirector: Session;
  let trainer: Session;
  let clinician: Session;
  let partner: Session;
  let centerA: string;
  let centerB: string;
  let colleague: string;
  let tfcbt: string;

  beforeAll(async () => {
    t = await buildTestApp();
    centerA = await t.createCenter({ name: 'Catalog Center A' });
    centerB = await t.createCenter({ name: 'Catalog Center B' });
    [admin, funder, director, otherDirector, trainer, clinician, partner] = await Promise.all([
      t.signIn('network_admin'),
      t.signIn('funder_viewer'),
      t.signIn('center_director', { centerId: centerA }),
      t.signIn('center_director', { centerId: centerB }),
      t.signIn('trainer', { centerId: centerB }),
      t.signIn('clinician', { centerId: centerA }),
      t.signIn('partner_admin', { partnerId: await t.createPartner() }),
    ]);
    colleague = (await t.createUser({ role: 'clinician', centerId: centerA, name: 'Colleague Clinician' }))
      .id;
    tfcbt = await modelIdOf(t, 'TF-CBT');
  });
  afterAll(async () => t?.close());

  describe('treatment models', () => {
    it('lists the seeded models to every network role, not to partner roles', async () => {
      const res = await funder.get('/api/v1/training-models');
      expect(res.statusCode).toBe(200);
      const body = res.json<{ items: Model[]; total: number }>();
      expect(body.items.map((m) => m.code)).toEqual(
        expect.arrayContaining(['TF-CBT', 'CFTSI', 'AF-CBT', 'PCIT', 'PSB-CBT', 'CPP', 'EMDR']),
      );
      expect(body.total).toBe(body.items.length);
      const tf = body.items.find((m) => m.code === 'TF-CBT')!;
      expect(tf).toMatchObject({ minAge: 3, maxAge: 18 });
      expect(tf.components.length).toBeGreaterThan(5);
      expect(tf.courseCount).toBeGreaterThanOrEqual(7);
      const search = (await clinician.get('/api/v1/training-models?q=child-parent')).json<{
        items: Model[];
      }>();
      expect(search.items.map((m) => m.code)).toEqual(['CPP']);
      expectError(await partner.get('/api/v1/training-models'), 403, 'FORBIDDEN');
    });

    it('lets a network administrator add and change a model; codes are unique', async () => {
      const created = await admin.post('/api/v1/training-models', {
        code: 'tbri',
        name: 'Trust-Based Relational Intervention',
        components: [
          { code: 'CONNECT', name: 'Connecting' },
          { code: 'EMPOWER', name: 'Empowering' },
        ],
        minAge: 0,
        maxAge: 18,
      });
      expect(created.statusCode, created.body).toBe(201);
      const model = created.json<Model>();
      expect(model).toMatchObject({ code: 'TBRI', courseCount: 0, minAge: 0, maxAge: 18 });

      const duplicate = expectError(
        await admin.post('/api/v1/training-models', { code: 'TBRI', name: 'Again' }),
        409,
        'CONFLICT',
      );
      expect(duplicate.error.details?.[0]?.path).toBe('code');

      const patched = await admin.patch(`/api/v1/training-models/${model.id}`, { name: 'TBRI', maxAge: 17 });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json<Model>()).toMatchObject({ name: 'TBRI', maxAge: 17, minAge: 0 });
      const ages = expectError(
        await admin.patch(`/api/v1/training-models/${model.id}`, { minAge: 19 }),
        400,
        'VALIDATION_FAILED',
      );
      expect(ages.error.details).toEqual([
        { path: 'maxAge', message: expect.stringContaining('minimum age') as string },
      ]);
      const taken = expectError(
        await admin.patch(`/api/v1/training-models/${model.id}`, { code: 'PCIT' }),
        409,
        'CONFLICT',
      );
      expect(taken.error.details?.[0]?.path).toBe('code');
      expect((await auditActions(t, model.id)).map((a) => a.action)).toEqual([
        'training_model.create',
        'training_model.update',
      ]);
      expectError(
        await director.post('/api/v1/training-models', { code: 'NOPE', name: 'No' }),
        403,
        'FORBIDDEN',
      );
    });

    it('names the field of each invalid value and refuses unknown fields', async () => {
      const res = expectError(
        await admin.post('/api/v1/training-models', {
          code: 'x',
          name: '',
          minAge: 12,
          maxAge: 4,
          colour: 'blue',
          components: [
            { code: 'A', name: 'One' },
            { code: 'A', name: 'Two' },
          ],
        }),
        400,
        'VALIDATION_FAILED',
      );
      const paths = res.error.details!.map((d) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['code', 'name', 'colour', 'components.1.code']));
      expectError(await admin.get('/api/v1/training-models/not-a-uuid'), 400, 'VALIDATION_FAILED');
      expectError(
        await admin.get('/api/v1/training-models/00000000-0000-4000-8000-000000000000'),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('courses', () => {
    it('lists courses with filters and shows prerequisites by code', async () => {
      const tests = (await trainer.get('/api/v1/courses?kind=knowledge_test')).json<{
        items: Course[];
        total: number;
      }>();
      expect(tests.items.map((c) => c.code)).toContain('TFCBT-TEST');
      expect(tests.items.every((c) => c.kind === 'knowledge_test')).toBe(true);
      const cftsi = (await trainer.get(`/api/v1/courses?modelId=${await modelIdOf(t, 'CFTSI')}`)).json<{
        items: Course[];
      }>();
      expect(cftsi.items.map((c) => c.code).sort()).toEqual(['CFTSI-CONSULT', 'CFTSI-LIVE']);
      const q = (await funder.get('/api/v1/courses?q=tfcbt-live')).json<{ items: Course[]; total: number }>();
      expect(q.items.map((c) => c.code).sort()).toEqual(['TFCBT-LIVE', 'TFCBT-LIVE-CAC']);
      expect(q.total).toBe(2);
      const paged = (await funder.get('/api/v1/courses?pageSize=3')).json<{
        items: Course[];
        total: number;
      }>();
      expect(paged.items).toHaveLength(3);
      expect(paged.total).toBeGreaterThanOrEqual(10);

      const live = await clinician.get(`/api/v1/courses/${await courseIdOf(t, 'TFCBT-LIVE')}`);
      expect(live.statusCode).toBe(200);
      expect(live.json<Course>()).toMatchObject({
        code: 'TFCBT-LIVE',
        kind: 'live_training',
        modelCode: 'TF-CBT',
        ceHours: 13,
        minDegree: 'master',
        licenseRequired: 'any',
        prerequisites: [{ code: 'TFCBT-WEB', title: 'TF-CBTWeb 2.0 online course' }],
      });
      expectError(await partner.get('/api/v1/courses'), 403, 'FORBIDDEN');
    });

    it('creates a course: a knowledge test needs a pass mark, prerequisites must exist', async () => {
      const noMark = expectError(
        await admin.post('/api/v1/courses', {
          code: 'PCIT-TEST',
          title: 'PCIT test',
          kind: 'knowledge_test',
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(noMark.error.details).toEqual([
        { path: 'passMark', message: 'is required for a knowledge test' },
      ]);
      const unknown = expectError(
        await admin.post('/api/v1/courses', {
          code: 'PCIT-LIVE',
          title: 'PCIT live training',
          kind: 'live_training',
          prerequisiteCourseIds: ['00000000-0000-4000-8000-000000000000'],
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(unknown.error.details).toEqual([
        { path: 'prerequisiteCourseIds.0', message: 'is not a known course' },
      ]);

      const res = await admin.post('/api/v1/courses', {
        code: 'pcit-live',
        title: 'PCIT live training',
        kind: 'live_training',
        modelId: await modelIdOf(t, 'PCIT'),
        ceHours: 16.5,
        liveDays: 3,
        minDegree: 'master',
        licenseRequired: 'permanent',
        prerequisiteCourseIds: [await courseIdOf(t, 'CE-CHILD-ABUSE')],
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<Course>()).toMatchObject({
        code: 'PCIT-LIVE',
        modelCode: 'PCIT',
        ceHours: 16.5,
        licenseRequired: 'permanent',
        active: true,
        prerequisites: [{ code: 'CE-CHILD-ABUSE' }],
      });
      const duplicate = expectError(
        await admin.post('/api/v1/courses', { code: 'PCIT-LIVE', title: 'Again', kind: 'live_training' }),
        409,
        'CONFLICT',
      );
      expect(duplicate.error.details?.[0]?.path).toBe('code');
    });

    it('refuses a course that requires itself or closes a circle of prerequisites', async () => {
      const web = await courseIdOf(t, 'TFCBT-WEB');
      const live = await courseIdOf(t, 'TFCBT-LIVE');
      const self = expectError(
        await admin.patch(`/api/v1/courses/${web}`, { prerequisiteCourseIds: [web] }),
        400,
        'VALIDATION_FAILED',
      );
      expect(self.error.details).toEqual([
        {
          path: 'prerequisiteCourseIds.0',
          message: expect.stringContaining('cannot require itself') as string,
        },
      ]);
      // TFCBT-LIVE already requires TFCBT-WEB.
      const circle = expectError(
        await admin.patch(`/api/v1/courses/${web}`, { prerequisiteCourseIds: [live] }),
        400,
        'VALIDATION_FAILED',
      );
      expect(circle.error.details?.[0]?.path).toBe('prerequisiteCourseIds.0');
      expect((await admin.get(`/api/v1/courses/${web}`)).json<Course>().prerequisiteCourseIds).toEqual([]);

      const renew = await courseIdOf(t, 'TFCBT-RENEW');
      const patched = await admin.patch(`/api/v1/courses/${renew}`, { ceHours: 4.25, active: false });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json<Course>()).toMatchObject({ ceHours: 4.25, active: false });
      const inactive = (await admin.get('/api/v1/courses?active=false')).json<{ items: Course[] }>();
      expect(inactive.items.map((c) => c.code)).toContain('TFCBT-RENEW');
      const toTest = expectError(
        await admin.patch(`/api/v1/courses/${renew}`, { kind: 'knowledge_test' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(toTest.error.details?.[0]?.path).toBe('passMark');
      expect((await auditActions(t, renew)).map((a) => a.action)).toEqual(['course.update']);
      expectError(await trainer.patch(`/api/v1/courses/${renew}`, { active: true }), 403, 'FORBIDDEN');
    });
  });

  describe('qualifications', () => {
    it('is attested by the clinician, verified by their director, and a change clears the verification', async () => {
      const url = `/api/v1/clinicians/${clinician.userId}/qualification`;
      const empty = await clinician.get(url);
      expect(empty.statusCode).toBe(200);
      expect(empty.json<Qualification>()).toMatchObject({
        recorded: false,
        degreeLevel: null,
        verified: false,
      });

      const unattested = expectError(
        await clinician.request({
          method: 'PUT',
          url,
          payload: { degreeLevel: 'master', licenseStatus: 'permanent', attestation: false },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(unattested.error.details?.[0]?.path).toBe('attestation');
      const missing = expectError(
        await clinician.request({
          method: 'PUT',
          url,
          payload: { degreeLevel: 'master', licenseStatus: 'permanent' },
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(missing.error.details?.[0]?.path).toBe('attestation');

      const put = await clinician.request({
        method: 'PUT',
        url,
        payload: { degreeLevel: 'master', licenseStatus: 'permanent', licenseState: 'tx', attestation: true },
      });
      expect(put.statusCode, put.body).toBe(200);
      expect(put.json<Qualification>()).toMatchObject({
        recorded: true,
        degreeLevel: 'master',
        licenseStatus: 'permanent',
        licenseState: 'TX',
        verified: false,
      });
      expect(put.json<Qualification>().attestedAt).not.toBeNull();

      const verified = await director.post(`${url}/verify`);
      expect(verified.statusCode, verified.body).toBe(200);
      expect(verified.json<Qualification>()).toMatchObject({
        verified: true,
        verifiedBy: { id: director.userId },
      });
      // The same values again: the verification stands.
      const same = await clinician.request({
        method: 'PUT',
        url,
        payload: { degreeLevel: 'master', licenseStatus: 'permanent', licenseState: 'TX', attestation: true },
      });
      expect(same.json<Qualification>().verified).toBe(true);
      // A different value: it no longer vouches for what is recorded.
      const changed = await clinician.request({
        method: 'PUT',
        url,
        payload: {
          degreeLevel: 'doctorate',
          licenseStatus: 'permanent',
          licenseState: 'TX',
          attestation: true,
        },
      });
      expect(changed.json<Qualification>()).toMatchObject({
        degreeLevel: 'doctorate',
        verified: false,
        verifiedBy: null,
      });
      const events = (await auditActions(t, clinician.userId)).filter((e) =>
        e.action.startsWith('qualification.'),
      );
      expect(events.map((e) => e.action)).toEqual([
        'qualification.attest',
        'qualification.verify',
        'qualification.attest',
        'qualification.attest',
      ]);
      expect(events.every((e) => e.center_id === centerA)).toBe(true);
    });

    it('is read by the clinician, their director, their cohort’s trainer and administrators; 404 for anyone else', async () => {
      const url = `/api/v1/clinicians/${colleague}/qualification`;
      expect((await director.get(url)).statusCode).toBe(200);
      expect((await admin.get(url)).statusCode).toBe(200);
      expectError(await otherDirector.get(url), 404, 'NOT_FOUND');
      expectError(await otherDirector.post(`${url}/verify`), 404, 'NOT_FOUND');
      expectError(await clinician.get(url), 404, 'NOT_FOUND');
      expectError(await trainer.get(url), 404, 'NOT_FOUND');
      expectError(await funder.get(url), 403, 'FORBIDDEN');
      // Once the colleague is in a cohort this trainer trains, the trainer may read it.
      const cohort = await insertCohort(t, { trainerIds: [trainer.userId] });
      await insertEnrollment(t, { cohortId: cohort, userId: colleague, centerId: centerA });
      expect((await trainer.get(url)).statusCode).toBe(200);
      // Nobody records a qualification for someone else; a director verifies, after one is recorded.
      expectError(
        await director.request({
          method: 'PUT',
          url,
          payload: { degreeLevel: 'master', licenseStatus: 'permanent', attestation: true },
        }),
        403,
        'FORBIDDEN',
      );
      const nothing = expectError(await director.post(`${url}/verify`), 409, 'CONFLICT');
      expect(nothing.error.message).toMatch(/not recorded/);
      expectError(await clinician.post(`/api/v1/clinicians/${clinician.userId}/qualification/verify`), 403);
    });
  });

  describe('knowledge tests', () => {
    let cohort: string;
    let learner: string;
    let testCourse: string;

    beforeAll(async () => {
      learner = (await t.createUser({ role: 'clinician', centerId: centerA })).id;
      cohort = await insertCohort(t, { modelId: tfcbt, trainerIds: [trainer.userId] });
      await insertEnrollment(t, { cohortId: cohort, userId: learner, centerId: centerA });
      testCourse = await courseIdOf(t, 'TFCBT-TEST');
    });

    it('records attempts against the course’s pass mark and enforces the retake wait', async () => {
      const url = `/api/v1/courses/${testCourse}/test-attempts`;
      const failed = await trainer.post(url, {
        userId: learner,
        score: 72.5,
        takenAt: '2026-02-02T15:00:00Z',
      });
      expect(failed.statusCode, failed.body).toBe(201);
      expect(failed.json<Attempt>()).toMatchObject({
        courseCode: 'TFCBT-TEST',
        score: 72.5,
        passMark: 80,
        passed: false,
        centerId: centerA,
      });
      // Entered twice for the same moment: still a retake.
      expectError(
        await trainer.post(url, { userId: learner, score: 90, takenAt: '2026-02-02T15:00:00Z' }),
        422,
        'RETAKE_TOO_SOON',
      );
      const tooSoon = expectError(
        await trainer.post(url, { userId: learner, score: 90, takenAt: '2026-02-15T15:00:00Z' }),
        422,
        'RETAKE_TOO_SOON',
      );
      expect(tooSoon.error.details).toEqual([
        { path: 'takenAt', message: expect.stringContaining('2026-02-16') as string },
      ]);
      expect(tooSoon.error.message).toContain('2026-02-16');
      const passed = await trainer.post(url, { userId: learner, score: 80, takenAt: '2026-02-16T09:00:00Z' });
      expect(passed.statusCode, passed.body).toBe(201);
      expect(passed.json<Attempt>().passed).toBe(true);

      const list = await director.get(`/api/v1/clinicians/${learner}/test-attempts`);
      expect(list.statusCode).toBe(200);
      expect(list.json<{ items: Attempt[] }>().items.map((a) => [a.score, a.passed])).toEqual([
        [80, true],
        [72.5, false],
      ]);
      expectError(await otherDirector.get(`/api/v1/clinicians/${learner}/test-attempts`), 404, 'NOT_FOUND');
      expect((await auditActions(t, passed.json<Attempt>().id))[0]).toMatchObject({
        action: 'test_attempt.create',
        center_id: centerA,
        actor_user_id: trainer.userId,
      });
    });

    it('refuses a course that is not a test, a future date, and trainers of other people', async () => {
      const notTest = expectError(
        await admin.post(`/api/v1/courses/${await courseIdOf(t, 'TFCBT-WEB')}/test-attempts`, {
          userId: learner,
          score: 90,
          takenAt: '2026-01-10T10:00:00Z',
        }),
        422,
        'UNPROCESSABLE',
      );
      expect(notTest.error.details?.[0]?.path).toBe('courseId');
      const future = expectError(
        await admin.post(`/api/v1/courses/${testCourse}/test-attempts`, {
          userId: learner,
          score: 90,
          takenAt: new Date(Date.now() + 86_400_000).toISOString(),
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(future.error.details?.[0]?.path).toBe('takenAt');
      const stranger = (await t.createUser({ role: 'clinician', centerId: centerB })).id;
      expectError(
        await trainer.post(`/api/v1/courses/${testCourse}/test-attempts`, {
          userId: stranger,
          score: 90,
          takenAt: '2026-01-10T10:00:00Z',
        }),
        404,
        'NOT_FOUND',
      );
      const badScore = expectError(
        await admin.post(`/api/v1/courses/${testCourse}/test-attempts`, {
          userId: learner,
          score: 101,
          takenAt: '2026-01-10T10:00:00Z',
        }),
        400,
      );
      expect(badScore.error.details?.[0]?.path).toBe('score');
    });
  });

  describe('course completions', () => {
    it('records a course done outside Waymark once, by code or id, with the course’s CE hours by default', async () => {
      const person = (await t.createUser({ role: 'clinician', centerId: centerA })).id;
      const res = await director.post('/api/v1/course-completions', {
        userId: person,
        courseCode: 'tfcbt-web',
        completedOn: '2025-11-03',
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json<Completion>()).toMatchObject({
        courseCode: 'TFCBT-WEB',
        completedOn: '2025-11-03',
        ceHours: 10,
        source: 'record',
        centerId: centerA,
      });
      const again = expectError(
        await admin.post('/api/v1/course-completions', {
          userId: person,
          courseId: await courseIdOf(t, 'TFCBT-WEB'),
          completedOn: '2025-11-04',
        }),
        409,
        'CONFLICT',
      );
      expect(again.error.details?.[0]?.path).toBe('courseId');
      const withHours = await admin.post('/api/v1/course-completions', {
        userId: person,
        courseCode: 'CE-CHILD-ABUSE',
        completedOn: '2025-12-01',
        ceHours: 6.5,
      });
      expect(withHours.json<Completion>().ceHours).toBe(6.5);

      const future = expectError(
        await director.post('/api/v1/course-completions', {
          userId: person,
          courseCode: 'TFCBT-RENEW',
          completedOn: day(2),
        }),
        400,
        'VALIDATION_FAILED',
      );
      expect(future.error.details).toEqual([{ path: 'completedOn', message: 'must not be in the future' }]);
      const both = expectError(
        await director.post('/api/v1/course-completions', { userId: person, completedOn: '2025-01-01' }),
        400,
      );
      expect(both.error.details?.[0]?.path).toBe('courseId');
      const unknown = expectError(
        await director.post('/api/v1/course-completions', {
          userId: person,
          courseCode: 'NO-SUCH',
          completedOn: '2025-01-01',
        }),
        400,
      );
      expect(unknown.error.details?.[0]?.path).toBe('courseCode');

      expectError(
        await otherDirector.post('/api/v1/course-completions', {
          userId: person,
          courseCode: 'TFCBT-RENEW',
          completedOn: '2025-01-01',
        }),
        404,
        'NOT_FOUND',
      );
      const list = (await clinician.get(`/api/v1/clinicians/${person}/course-completions`)).statusCode;
      expect(list).toBe(404);
      const own = await director.get(`/api/v1/clinicians/${person}/course-completions`);
      expect(own.json<{ items: Completion[] }>().items.map((c) => c.courseCode)).toEqual([
        'CE-CHILD-ABUSE',
        'TFCBT-WEB',
      ]);
      const created = await asSystem(t, (trx) =>
        trx
          .selectFrom('audit_event')
          .select(['center_id', 'actor_user_id'])
          .where('action', '=', 'course_completion.create')
          .where('target_id', '=', res.json<Completion>().id)
          .execute(),
      );
      expect(created).toEqual([{ center_id: centerA, actor_user_id: director.userId }]);
    });

    it('lets a trainer record completions for people in their cohorts only', async () => {
      const inCohort = (await t.createUser({ role: 'clinician', centerId: centerA })).id;
      const cohort = await insertCohort(t, { trainerIds: [trainer.userId] });
      await insertEnrollment(t, { cohortId: cohort, userId: inCohort, centerId: centerA });
      const ok = await trainer.post('/api/v1/course-completions', {
        userId: inCohort,
        courseCode: 'TFCBT-WEB',
        completedOn: '2025-10-10',
      });
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json<Completion>().centerId).toBe(centerA);
      expectError(
        await trainer.post('/api/v1/course-completions', {
          userId: clinician.userId,
          courseCode: 'TFCBT-WEB',
          completedOn: '2025-10-10',
        }),
        404,
        'NOT_FOUND',
      );
      // Clinicians do not record their own completions: someone who can vouch for them does.
      expectError(
        await clinician.post('/api/v1/course-completions', {
          userId: clinician.userId,
          courseCode: 'TFCBT-WEB',
          completedOn: '2025-10-10',
        }),
        403,
        'FORBIDDEN',
      );
    });
  });
});
