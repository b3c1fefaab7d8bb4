/**
 * Access-matrix fixtures of the learning routes (catalog, qualifications, cohorts, enrolments,
 * events, attendance, tests, completions, CE hours), spread into FIXTURES of
 * test/api/access-matrix.test.ts. The types below mirror the ones that file declares.
 *
 * 'other' means another center's person (404 for everyone but network administrators). Routes
 * where a trainer acts on a cohort they do not train answer 403 (a cohort is network information,
 * not another tenant's record); the learning-*.test.ts files cover those.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../src/shared/roles.js';
import {
  courseIdOf,
  insertCohort,
  insertEnrollment,
  insertEvent,
  insertQualification,
  modelIdOf,
} from './learning.js';
import type { Session, TestApp, TestUser } from './test-app.js';

interface MatrixCaller {
  who: Role | 'anonymous';
  session: Session | null;
  user: TestUser | null;
}

interface MatrixEnv {
  t: TestApp;
  centerA: string;
  centerB: string;
}

interface Target {
  centerId: string;
  other: boolean;
}

interface LearningFixture {
  declared: readonly Role[];
  ok: number;
  other?: 'center' | 'user';
  build(
    env: MatrixEnv,
    caller: MatrixCaller,
    target: Target,
  ): Promise<{ url: string; payload?: object; headers?: Record<string, string> }>;
}

const ADMIN = 'network_admin';
const DIRECTOR = 'center_director';
const TRAINER = 'trainer';
const CLINICIAN = 'clinician';
const NETWORK: readonly Role[] = [ADMIN, TRAINER, DIRECTOR, CLINICIAN, 'funder_viewer'];
const RECORD_READERS: readonly Role[] = [ADMIN, TRAINER, DIRECTOR, CLINICIAN];

let counter = 0;
const code = (prefix: string) => `${prefix}${++counter}-${randomUUID().slice(0, 4).toUpperCase()}`;

const newClinician = async (env: MatrixEnv, centerId: string) =>
  (await env.t.createUser({ role: 'clinician', centerId })).id;

/** A TF-CBT cohort; trained by the caller when the caller is a trainer (and it is not the "other" case). */
async function cohortFor(env: MatrixEnv, caller: MatrixCaller, target?: Target): Promise<string> {
  const trains = caller.who === TRAINER && !target?.other;
  return insertCohort(env.t, {
    modelId: await modelIdOf(env.t, 'TF-CBT'),
    ...(trains ? { trainerIds: [caller.user!.id] } : {}),
  });
}

/**
 * A clinician whose records the caller may see: themself (a clinician), a trainee in the caller's
 * cohort (a trainer), a new clinician at center A (directors, administrators); for "other", a new
 * clinician at center B whom only administrators may see.
 */
async function personFor(env: MatrixEnv, caller: MatrixCaller, target: Target): Promise<string> {
  if (target.other) return newClinician(env, env.centerB);
  if (caller.who === CLINICIAN) return caller.user!.id;
  const userId = await newClinician(env, env.centerA);
  if (caller.who === TRAINER) {
    const cohort = await cohortFor(env, caller);
    await insertEnrollment(env.t, { cohortId: cohort, userId, centerId: env.centerA });
  }
  return userId;
}

/** An enrolment the caller may act on (or, for "other", one at center B in a cohort they do not train). */
async function enrollmentFor(
  env: MatrixEnv,
  caller: MatrixCaller,
  target: Target,
): Promise<{ cohortId: string; enrollmentId: string }> {
  const cohortId = await cohortFor(env, caller, target);
  const self = caller.who === CLINICIAN && !target.other;
  const userId = self ? caller.user!.id : await newClinician(env, target.centerId);
  const enrollmentId = await insertEnrollment(env.t, { cohortId, userId, centerId: target.centerId });
  return { cohortId, enrollmentId };
}

const recordRead = (suffix: string): LearningFixture => ({
  declared: RECORD_READERS,
  ok: 200,
  other: 'center',
  build: async (env, caller, target) => ({
    url: `/api/v1/clinicians/${await personFor(env, caller, target)}/${suffix}`,
  }),
});

export const LEARNING_FIXTURES: Record<string, LearningFixture> = {
  'GET /api/v1/training-models': {
    declared: NETWORK,
    ok: 200,
    build: async () => ({ url: '/api/v1/training-models' }),
  },
  'POST /api/v1/training-models': {
    declared: [ADMIN],
    ok: 201,
    build: async () => ({
      url: '/api/v1/training-models',
      payload: { code: code('M'), name: 'Matrix model' },
    }),
  },
  'GET /api/v1/training-models/:modelId': {
    declared: NETWORK,
    ok: 200,
    build: async (env) => ({ url: `/api/v1/training-models/${await modelIdOf(env.t, 'CFTSI')}` }),
  },
  'PATCH /api/v1/training-models/:modelId': {
    declared: [ADMIN],
    ok: 200,
    build: async (env) => ({
      url: `/api/v1/training-models/${await modelIdOf(env.t, 'EMDR')}`,
      payload: { description: `Changed ${randomUUID()}` },
    }),
  },
  'GET /api/v1/courses': { declared: NETWORK, ok: 200, build: async () => ({ url: '/api/v1/courses' }) },
  'POST /api/v1/courses': {
    declared: [ADMIN],
    ok: 201,
    build: async () => ({
      url: '/api/v1/courses',
      payload: { code: code('C'), title: 'Matrix course', kind: 'ce_module', ceHours: 2 },
    }),
  },
  'GET /api/v1/courses/:courseId': {
    declared: NETWORK,
    ok: 200,
    build: async (env) => ({ url: `/api/v1/courses/${await courseIdOf(env.t, 'TFCBT-LIVE')}` }),
  },
  'PATCH /api/v1/courses/:courseId': {
    declared: [ADMIN],
    ok: 200,
    build: async (env) => ({
      url: `/api/v1/courses/${await courseIdOf(env.t, 'CE-CHILD-ABUSE')}`,
      payload: { description: `Changed ${randomUUID()}` },
    }),
  },
  'GET /api/v1/clinicians/:userId/qualification': recordRead('qualification'),
  'GET /api/v1/clinicians/:userId/ce-hours': recordRead('ce-hours'),
  'GET /api/v1/clinicians/:userId/test-attempts': recordRead('test-attempts'),
  'GET /api/v1/clinicians/:userId/course-completions': recordRead('course-completions'),
  'PUT /api/v1/clinicians/:userId/qualification': {
    declared: [TRAINER, DIRECTOR, CLINICIAN],
    ok: 200,
    build: async (_env, caller) => ({
      url: `/api/v1/clinicians/${caller.user!.id}/qualification`,
      payload: { degreeLevel: 'master', licenseStatus: 'permanent', licenseState: 'TX', attestation: true },
    }),
  },
  'POST /api/v1/clinicians/:userId/qualification/verify': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    other: 'center',
    build: async (env, _caller, target) => {
      const userId = await newClinician(env, target.centerId);
      await insertQualification(env.t, userId);
      return { url: `/api/v1/clinicians/${userId}/qualification/verify` };
    },
  },
  'POST /api/v1/courses/:courseId/test-attempts': {
    declared: [ADMIN, TRAINER],
    ok: 201,
    other: 'center',
    build: async (env, caller, target) => ({
      url: `/api/v1/courses/${await courseIdOf(env.t, 'TFCBT-TEST')}/test-attempts`,
      payload: { userId: await personFor(env, caller, target), score: 85, takenAt: '2026-01-20T15:00:00Z' },
    }),
  },
  'POST /api/v1/course-completions': {
    declared: [ADMIN, DIRECTOR, TRAINER],
    ok: 201,
    other: 'center',
    build: async (env, caller, target) => ({
      url: '/api/v1/course-completions',
      payload: {
        userId: await personFor(env, caller, target),
        courseCode: 'TFCBT-WEB',
        completedOn: '2025-09-01',
      },
    }),
  },
  'GET /api/v1/cohorts': { declared: NETWORK, ok: 200, build: async () => ({ url: '/api/v1/cohorts' }) },
  'POST /api/v1/cohorts': {
    declared: [ADMIN],
    ok: 201,
    build: async () => ({
      url: '/api/v1/cohorts',
      payload: {
        title: `Matrix collaborative ${randomUUID().slice(0, 6)}`,
        kind: 'collaborative',
        modality: 'hybrid',
        states: ['NE'],
        seats: 30,
        startsOn: '2026-09-01',
        endsOn: '2027-08-31',
      },
    }),
  },
  'GET /api/v1/cohorts/:cohortId': {
    declared: NETWORK,
    ok: 200,
    build: async (env, caller) => ({ url: `/api/v1/cohorts/${await cohortFor(env, caller)}` }),
  },
  'PATCH /api/v1/cohorts/:cohortId': {
    declared: [ADMIN],
    ok: 200,
    build: async (env, caller) => ({
      url: `/api/v1/cohorts/${await cohortFor(env, caller)}`,
      payload: { seats: 40, title: 'Matrix cohort, bigger room' },
    }),
  },
  'GET /api/v1/cohorts/:cohortId/enrollments': {
    declared: [ADMIN, TRAINER, DIRECTOR, CLINICIAN],
    ok: 200,
    build: async (env, caller) => ({ url: `/api/v1/cohorts/${await cohortFor(env, caller)}/enrollments` }),
  },
  'POST /api/v1/cohorts/:cohortId/enrollments': {
    declared: [ADMIN, DIRECTOR, CLINICIAN],
    ok: 201,
    other: 'center',
    build: async (env, caller, target) => {
      const cohortId = await cohortFor(env, caller);
      const userId =
        caller.who === CLINICIAN && !target.other
          ? caller.user!.id
          : await newClinician(env, target.centerId);
      return { url: `/api/v1/cohorts/${cohortId}/enrollments`, payload: { userId } };
    },
  },
  'POST /api/v1/cohorts/:cohortId/enrollments/:enrollmentId/withdraw': {
    declared: [ADMIN, DIRECTOR, CLINICIAN, TRAINER],
    ok: 200,
    other: 'center',
    build: async (env, caller, target) => {
      const { cohortId, enrollmentId } = await enrollmentFor(env, caller, target);
      return {
        url: `/api/v1/cohorts/${cohortId}/enrollments/${enrollmentId}/withdraw`,
        payload: { reason: 'Matrix' },
      };
    },
  },
  'POST /api/v1/cohorts/:cohortId/enrollments/:enrollmentId/complete': {
    declared: [ADMIN, TRAINER],
    ok: 200,
    other: 'center',
    build: async (env, caller, target) => {
      const { cohortId, enrollmentId } = await enrollmentFor(env, caller, target);
      return { url: `/api/v1/cohorts/${cohortId}/enrollments/${enrollmentId}/complete` };
    },
  },
  'GET /api/v1/cohorts/:cohortId/events': {
    declared: NETWORK,
    ok: 200,
    build: async (env, caller) => ({ url: `/api/v1/cohorts/${await cohortFor(env, caller)}/events` }),
  },
  'POST /api/v1/cohorts/:cohortId/events': {
    declared: [ADMIN, TRAINER],
    ok: 201,
    build: async (env, caller) => ({
      url: `/api/v1/cohorts/${await cohortFor(env, caller)}/events`,
      payload: {
        kind: 'consultation_call',
        title: 'Consultation call',
        startsAt: '2026-02-03T17:00:00Z',
        durationMinutes: 60,
      },
    }),
  },
  'POST /api/v1/cohorts/:cohortId/events/series': {
    declared: [ADMIN, TRAINER],
    ok: 201,
    build: async (env, caller) => ({
      url: `/api/v1/cohorts/${await cohortFor(env, caller)}/events/series`,
      payload: {
        kind: 'consultation_call',
        title: 'Consultation call',
        firstStartsAt: '2026-02-03T17:00:00Z',
        count: 3,
        every: 'two_weeks',
        durationMinutes: 60,
      },
    }),
  },
  'GET /api/v1/cohorts/:cohortId/events/:eventId': {
    declared: NETWORK,
    ok: 200,
    build: async (env, caller) => {
      const cohortId = await cohortFor(env, caller);
      return { url: `/api/v1/cohorts/${cohortId}/events/${await insertEvent(env.t, { cohortId })}` };
    },
  },
  'PUT /api/v1/cohorts/:cohortId/events/:eventId/attendance': {
    declared: [ADMIN, TRAINER],
    ok: 200,
    build: async (env, caller, target) => {
      const { cohortId, enrollmentId } = await enrollmentFor(env, caller, target);
      const eventId = await insertEvent(env.t, { cohortId });
      return {
        url: `/api/v1/cohorts/${cohortId}/events/${eventId}/attendance`,
        payload: { records: [{ enrollmentId, status: 'present' }] },
      };
    },
  },
  'DELETE /api/v1/cohorts/:cohortId/events/:eventId': {
    declared: [ADMIN, TRAINER],
    ok: 200,
    build: async (env, caller) => {
      const cohortId = await cohortFor(env, caller);
      return { url: `/api/v1/cohorts/${cohortId}/events/${await insertEvent(env.t, { cohortId })}` };
    },
  },
};
