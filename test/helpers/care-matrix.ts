/**
 * Access-matrix fixtures of the care routes (episodes, sessions, instruments, measures, outcomes,
 * alerts, form links, the public family form and the FHIR export), spread into FIXTURES of
 * test/api/access-matrix.test.ts. The types below mirror the ones that file declares.
 *
 * "Own" records are the caller's: a clinician's own episode, an episode of center A for its
 * director, any for a network administrator, and for a trainer an alert of a clinician in a cohort
 * they train. "Other" records are center B's: 404 for everyone but network administrators.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../../src/server/db/schema.js';
import { getInstrument } from '../../src/server/modules/care/instruments/index.js';
import type { Role } from '../../src/shared/roles.js';
import { day, insertCohort, insertEnrollment, modelIdOf } from './learning.js';
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
  staffA: string;
  staffB: string;
}

interface Target {
  centerId: string;
  other: boolean;
}

interface CareFixture {
  declared: 'public' | readonly Role[];
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
const CARE: readonly Role[] = [ADMIN, DIRECTOR, CLINICIAN];
const MEASURE_USERS: readonly Role[] = [ADMIN, DIRECTOR, CLINICIAN, TRAINER];
const MANAGERS: readonly Role[] = [ADMIN, DIRECTOR];

let counter = 0;
const caseCode = () => `MX-${++counter}-${randomUUID().slice(0, 6)}`;

function asSystem<T>(t: TestApp, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return t.db.scoped({ purpose: 'system', allCenters: true }, fn);
}

/** The clinician an "own" record belongs to for this caller, and its center. */
function ownerOf(
  env: MatrixEnv,
  caller: MatrixCaller,
  target: Target,
): { centerId: string; clinicianId: string } {
  if (target.other) return { centerId: env.centerB, clinicianId: env.staffB };
  if (caller.who === CLINICIAN) return { centerId: env.centerA, clinicianId: caller.user!.id };
  return { centerId: env.centerA, clinicianId: env.staffA };
}

/** A started TF-CBT episode of a 12-year-old, referred 30 days ago, that the caller may (or, for "other", may not) see. */
async function episodeFor(env: MatrixEnv, caller: MatrixCaller, target: Target): Promise<string> {
  const { centerId, clinicianId } = ownerOf(env, caller, target);
  const modelId = await modelIdOf(env.t, 'TF-CBT');
  return asSystem(env.t, async (trx) => {
    const row = await trx
      .insertInto('episode')
      .values({
        center_id: centerId,
        clinician_id: clinicianId,
        case_code: caseCode(),
        age_years: 12,
        caregiver_involved: true,
        model_id: modelId,
        referred_on: day(-30),
        started_on: day(-20),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

async function sessionFor(env: MatrixEnv, episodeId: string): Promise<string> {
  return asSystem(env.t, async (trx) => {
    const ep = await trx
      .selectFrom('episode')
      .select('center_id')
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('episode_session')
      .values({
        episode_id: episodeId,
        center_id: ep.center_id,
        held_on: day(-20),
        minutes: 60,
        participants: ['child'],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

async function administrationFor(env: MatrixEnv, episodeId: string): Promise<string> {
  return asSystem(env.t, async (trx) => {
    const ep = await trx
      .selectFrom('episode')
      .select('center_id')
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('measure_administration')
      .values({
        episode_id: episodeId,
        center_id: ep.center_id,
        instrument: 'CATS-SR',
        phase: 'baseline',
        respondent: 'youth',
        administered_on: day(-19),
        total_score: 30,
        band: 'probable_ptsd',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/** An open form link of an episode, with its token. */
async function formLinkFor(env: MatrixEnv, episodeId: string): Promise<{ id: string; token: string }> {
  const token = randomBytes(32).toString('base64url');
  const id = await asSystem(env.t, async (trx) => {
    const ep = await trx
      .selectFrom('episode')
      .select(['center_id', 'clinician_id'])
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('form_link')
      .values({
        token_hash: createHash('sha256').update(token).digest('hex'),
        episode_id: episodeId,
        center_id: ep.center_id,
        instrument: 'SMFQ-C',
        respondent: 'youth',
        phase: 'mid_treatment',
        language: 'en',
        created_by: ep.clinician_id,
        expires_at: new Date(Date.now() + 3600_000),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return { id, token };
}

/**
 * An open alert for the caller: on their episode, or for a trainer a "not on track" alert of a
 * clinician in a cohort they train. For "other", an alert at center B nobody at A is linked to.
 */
async function alertFor(env: MatrixEnv, caller: MatrixCaller, target: Target): Promise<string> {
  const episodeId = await episodeFor(env, caller, target);
  const { centerId, clinicianId } = ownerOf(env, caller, target);
  if (caller.who === TRAINER && !target.other) {
    const cohortId = await insertCohort(env.t, {
      modelId: await modelIdOf(env.t, 'TF-CBT'),
      trainerIds: [caller.user!.id],
    });
    await insertEnrollment(env.t, { cohortId, userId: clinicianId, centerId });
  }
  return asSystem(env.t, async (trx) => {
    const row = await trx
      .insertInto('care_alert')
      .values({
        kind: caller.who === TRAINER ? 'not_on_track' : 'self_harm',
        center_id: centerId,
        episode_id: episodeId,
        clinician_id: clinicianId,
        instrument: 'PHQ-A',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

const episodeRoute = (suffix = '', ok = 200, payload?: () => object): CareFixture => ({
  declared: CARE,
  ok,
  other: 'center',
  build: async (env, caller, target) => ({
    url: `/api/v1/episodes/${await episodeFor(env, caller, target)}${suffix}`,
    ...(payload ? { payload: payload() } : {}),
  }),
});

const allAnswers = (code: string, value: number) =>
  Object.fromEntries(getInstrument(code)!.items.map((i) => [i.id, value]));

export const CARE_FIXTURES: Record<string, CareFixture> = {
  'GET /api/v1/episodes': {
    declared: CARE,
    ok: 200,
    build: async () => ({ url: '/api/v1/episodes?status=active' }),
  },
  'POST /api/v1/episodes': {
    declared: CARE,
    ok: 201,
    other: 'center',
    build: async (env, caller, target) => {
      const { centerId, clinicianId } = ownerOf(env, caller, target);
      return {
        url: '/api/v1/episodes',
        payload: {
          centerId,
          clinicianId,
          caseCode: caseCode(),
          ageYears: 9,
          caregiverInvolved: true,
          modelId: await modelIdOf(env.t, 'TF-CBT'),
          referredOn: day(-7),
        },
      };
    },
  },
  'GET /api/v1/episodes/:episodeId': episodeRoute(),
  'PATCH /api/v1/episodes/:episodeId': episodeRoute('', 200, () => ({ ageYears: 11 })),
  'GET /api/v1/episodes/:episodeId/sessions': episodeRoute('/sessions'),
  'POST /api/v1/episodes/:episodeId/sessions': episodeRoute('/sessions', 201, () => ({
    heldOn: day(-2),
    minutes: 50,
    participants: ['child', 'caregiver'],
    components: ['P', 'R'],
  })),
  'PATCH /api/v1/episodes/:episodeId/sessions/:sessionId': {
    declared: CARE,
    ok: 200,
    other: 'center',
    build: async (env, caller, target) => {
      const episodeId = await episodeFor(env, caller, target);
      return {
        url: `/api/v1/episodes/${episodeId}/sessions/${await sessionFor(env, episodeId)}`,
        payload: { minutes: 45 },
      };
    },
  },
  'DELETE /api/v1/episodes/:episodeId/sessions/:sessionId': {
    declared: CARE,
    ok: 204,
    other: 'center',
    build: async (env, caller, target) => {
      const episodeId = await episodeFor(env, caller, target);
      return { url: `/api/v1/episodes/${episodeId}/sessions/${await sessionFor(env, episodeId)}` };
    },
  },
  'GET /api/v1/instruments': {
    declared: MEASURE_USERS,
    ok: 200,
    build: async () => ({ url: '/api/v1/instruments' }),
  },
  'GET /api/v1/instruments/:code': {
    declared: MEASURE_USERS,
    ok: 200,
    build: async () => ({ url: '/api/v1/instruments/CATS-SR' }),
  },
  'POST /api/v1/instruments/:code/score': {
    declared: MEASURE_USERS,
    ok: 200,
    build: async () => ({
      url: '/api/v1/instruments/SMFQ-C/score',
      payload: { responses: allAnswers('SMFQ-C', 1) },
    }),
  },
  'PUT /api/v1/centers/:centerId/instruments/:code': {
    declared: MANAGERS,
    ok: 204,
    other: 'center',
    build: async (_env, _caller, target) => ({
      url: `/api/v1/centers/${target.centerId}/instruments/TSCC-PTS`,
    }),
  },
  'DELETE /api/v1/centers/:centerId/instruments/:code': {
    declared: MANAGERS,
    ok: 204,
    other: 'center',
    build: async (_env, _caller, target) => ({
      url: `/api/v1/centers/${target.centerId}/instruments/TSCC-PTS`,
    }),
  },
  'GET /api/v1/episodes/:episodeId/administrations': episodeRoute('/administrations'),
  'POST /api/v1/episodes/:episodeId/administrations': episodeRoute('/administrations', 201, () => ({
    instrument: 'CATS-SR',
    phase: 'baseline',
    administeredOn: day(-18),
    total: 28,
  })),
  'DELETE /api/v1/episodes/:episodeId/administrations/:administrationId': {
    declared: CARE,
    ok: 204,
    other: 'center',
    build: async (env, caller, target) => {
      const episodeId = await episodeFor(env, caller, target);
      return {
        url: `/api/v1/episodes/${episodeId}/administrations/${await administrationFor(env, episodeId)}`,
      };
    },
  },
  'GET /api/v1/episodes/:episodeId/outcomes': episodeRoute('/outcomes'),
  'GET /api/v1/outcomes': {
    declared: MANAGERS,
    ok: 200,
    other: 'center',
    build: async (_env, _caller, target) => ({
      url: `/api/v1/outcomes?level=clinician&centerId=${target.centerId}`,
    }),
  },
  'GET /api/v1/alerts': {
    declared: MEASURE_USERS,
    ok: 200,
    build: async () => ({ url: '/api/v1/alerts?open=true' }),
  },
  'POST /api/v1/alerts/:alertId/acknowledge': {
    declared: MEASURE_USERS,
    ok: 200,
    other: 'center',
    build: async (env, caller, target) => ({
      url: `/api/v1/alerts/${await alertFor(env, caller, target)}/acknowledge`,
      payload: { action: 'reviewed_in_session' },
    }),
  },
  'GET /api/v1/episodes/:episodeId/form-links': episodeRoute('/form-links'),
  'POST /api/v1/episodes/:episodeId/form-links': episodeRoute('/form-links', 201, () => ({
    instrument: 'SMFQ-C',
    phase: 'mid_treatment',
    language: 'es',
  })),
  'DELETE /api/v1/episodes/:episodeId/form-links/:linkId': {
    declared: CARE,
    ok: 204,
    other: 'center',
    build: async (env, caller, target) => {
      const episodeId = await episodeFor(env, caller, target);
      return { url: `/api/v1/episodes/${episodeId}/form-links/${(await formLinkFor(env, episodeId)).id}` };
    },
  },
  'GET /api/v1/forms/:token': {
    declared: 'public',
    ok: 200,
    build: async (env, caller) => {
      const episodeId = await episodeFor(env, caller, { centerId: env.centerA, other: false });
      return { url: `/api/v1/forms/${(await formLinkFor(env, episodeId)).token}` };
    },
  },
  'POST /api/v1/forms/:token': {
    declared: 'public',
    ok: 201,
    build: async (env, caller) => {
      const episodeId = await episodeFor(env, caller, { centerId: env.centerA, other: false });
      return {
        url: `/api/v1/forms/${(await formLinkFor(env, episodeId)).token}`,
        payload: { responses: allAnswers('SMFQ-C', 0) },
      };
    },
  },
  'GET /api/v1/fhir/Questionnaire/:code': {
    declared: MEASURE_USERS,
    ok: 200,
    build: async () => ({ url: '/api/v1/fhir/Questionnaire/PHQ-A' }),
  },
  'GET /api/v1/fhir/episodes/:episodeId': {
    declared: CARE,
    ok: 200,
    other: 'center',
    build: async (env, caller, target) => {
      const episodeId = await episodeFor(env, caller, target);
      await administrationFor(env, episodeId);
      return { url: `/api/v1/fhir/episodes/${episodeId}` };
    },
  },
  'GET /api/v1/fhir/centers/:centerId': {
    declared: MANAGERS,
    ok: 200,
    other: 'center',
    build: async (_env, _caller, target) => ({
      url: `/api/v1/fhir/centers/${target.centerId}?from=${day(-30)}`,
    }),
  },
};
