/**
 * The access matrix: every route the application declares (app.accessTable()) is called by every
 * kind of caller, with real ids and a valid body, and each answer is checked.
 *
 *   public routes                  reachable by everyone
 *   anonymous on any other route   401
 *   a role not declared            403
 *   an allowed role, own scope     the route's success status (or a documented business answer)
 *   an allowed role, other center  404, never 403 and never 200 (network administrators see all)
 *
 * A route without a fixture here fails the test: add one when you add a route. The declared access
 * of each route is also compared with the table below, so widening access by accident fails too.
 */
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Access } from '../../src/server/platform/context.js';
import { ROLES, type Role } from '../../src/shared/roles.js';
import {
  asSystem,
  expectError,
  insertInvitation,
  insertOutboxMessage,
  insertPasswordReset,
  membershipAt,
  setMfaSeed,
  totp,
} from '../helpers/matrix.js';
import {
  ENGINE,
  TEST_PASSWORD,
  buildTestApp,
  cookieFrom,
  uniqueEmail,
  type Session,
  type TestApp,
  type TestUser,
} from '../helpers/test-app.js';
import {
  cohortWithEvents,
  courseId,
  enrol,
  pathwayId,
  readyForCertification,
  treatmentCase,
} from '../helpers/training.js';
import { LEARNING_FIXTURES } from '../helpers/learning-matrix.js';
import { CARE_FIXTURES } from '../helpers/care-matrix.js';
import { CARE_IMPORT_FIXTURES } from '../helpers/care-import-matrix.js';
import { ACCESS_GAP_FIXTURES } from '../helpers/access-gap-matrix.js';

type Who = 'anonymous' | Role;
const CALLERS: readonly Who[] = ['anonymous', ...ROLES];

const ADMIN = 'network_admin';
const DIRECTOR = 'center_director';
const NETWORK: readonly Role[] = [
  'network_admin',
  'trainer',
  'center_director',
  'clinician',
  'funder_viewer',
];
const STAFF_READERS: readonly Role[] = ['network_admin', 'center_director', 'clinician', 'trainer'];

/** Who may call a route: the expected declaration. */
type Declared = 'public' | 'signed-in' | 'signed-in during MFA' | readonly Role[];

interface Caller {
  who: Who;
  session: Session | null;
  user: TestUser | null;
  /** A TOTP seed, for callers set up for the MFA routes. */
  secret?: string;
}

interface Req {
  url: string;
  payload?: string | object;
  headers?: Record<string, string>;
}

interface Env {
  t: TestApp;
  centerA: string;
  centerB: string;
  partner: string;
  /** Shared callers, one per role, signed in once. */
  callers: Map<Role, Caller>;
  /** A clinician at each center, for routes about one person. */
  staffA: string;
  staffB: string;
  invitationA: string;
  invitationB: string;
  loginTarget: TestUser;
  /** A live session of somebody else. */
  strangerSessionId: string;
  fresh(role: Role): Promise<Caller>;
}

interface Fixture {
  declared: Declared;
  /** The answer to an allowed caller on their own scope. */
  ok: number;
  /**
   * What the "other" variant means: 'center' another center's record (404 except for network
   * administrators), 'user' another person's record (404 for everyone).
   */
  other?: 'center' | 'user';
  /** Every cell gets a newly signed-in caller (the request ends or changes the session). */
  fresh?: boolean;
  /** A caller prepared for this route (e.g. with MFA set up). */
  caller?: (env: Env, role: Role) => Promise<Caller>;
  build(env: Env, caller: Caller, target: { centerId: string; other: boolean }): Promise<Req>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix} ${++counter} ${randomUUID().slice(0, 6)}`;
const strongPassword = () => `Harbor-Violet-${randomUUID().slice(0, 8)}-Quill`;

function scopeOf(role: Role, env: Pick<Env, 'centerA' | 'partner'>) {
  if (role === 'trainer' || role === 'center_director' || role === 'clinician')
    return { centerId: env.centerA };
  if (role === 'partner_admin' || role === 'partner_learner') return { partnerId: env.partner };
  return {};
}

/** A signed-in caller whose account has two-step verification waiting to be confirmed. */
async function enrollingCaller(env: Env, role: Role): Promise<Caller> {
  const caller = await env.fresh(role);
  caller.secret = await setMfaSeed(env.t, caller.user!.id, false);
  return caller;
}

/** A caller with MFA on, signed in with password only: the session waits for the code. */
async function pendingMfaCaller(env: Env, role: Role): Promise<Caller> {
  const user = await env.t.createUser({ role, ...scopeOf(role, env) });
  const secret = await setMfaSeed(env.t, user.id, true);
  const session = await env.t.login(user.email, user.password);
  return { who: role, session, user, secret };
}

/** A fully signed-in caller who has MFA on (recovery codes, turning MFA off). */
async function mfaOnCaller(env: Env, role: Role): Promise<Caller> {
  const caller = await env.fresh(role);
  caller.secret = await setMfaSeed(env.t, caller.user!.id, true);
  return caller;
}

async function newStaff(env: Env, centerId: string): Promise<{ userId: string; membershipId: string }> {
  const user = await env.t.createUser({ role: 'clinician', centerId });
  return { userId: user.id, membershipId: await membershipAt(env.t, user.id, centerId) };
}

/** The clinician a caller asks about: themself, or a new clinician at the target center. */
async function clinicianFor(
  env: Env,
  caller: Caller,
  target: { centerId: string; other: boolean },
): Promise<string> {
  if (caller.who === 'clinician' || caller.who === 'trainer')
    return target.other ? (await newStaff(env, env.centerB)).userId : caller.user!.id;
  return (await newStaff(env, target.centerId)).userId;
}

/** A clinician whose progress the caller may see: a trainer's trainee, a director's staff, oneself. */
async function traineeFor(
  env: Env,
  caller: Caller,
  target: { centerId: string; other: boolean },
): Promise<string> {
  if (caller.who === 'clinician') return target.other ? env.staffB : caller.user!.id;
  const { userId } = await newStaff(env, target.centerId);
  if (caller.who === 'trainer' && !target.other) {
    const cohort = await cohortWithEvents(env.t.db.kysely, {
      courseCode: 'TFCBT-CONSULT',
      kind: 'consultation_call',
      first: '2026-01-05',
      count: 1,
      stepDays: 14,
      trainerId: caller.user!.id,
    });
    await enrol(env.t.db.kysely, cohort.cohortId, userId, target.centerId);
  }
  return userId;
}

async function credentialFor(
  env: Env,
  userId: string,
  centerId: string,
  validFrom = '2026-01-05',
): Promise<string> {
  await env.t.app.services.credentials.ensureSigningKey();
  // Looked up before the transaction: PGlite has one connection, so a second query from inside
  // the transaction would wait for it forever.
  const national = await pathwayId(env.t.db.kysely, 'TFCBT-NATIONAL');
  return asSystem(env.t, (trx) =>
    env.t.app.services.credentials.recordHistoric(trx, { userId, centerId, pathwayId: national, validFrom }),
  );
}

/** Credentials: the caller's own (clinicians, trainers) or one at the target center. */
async function visibleCredential(env: Env, caller: Caller, target: { centerId: string; other: boolean }) {
  if ((caller.who === 'clinician' || caller.who === 'trainer') && !target.other)
    return credentialFor(env, caller.user!.id, env.centerA);
  const { userId } = await newStaff(env, target.centerId);
  return credentialFor(env, userId, target.centerId);
}

function CREDENTIAL_FIXTURES(): Record<string, Fixture> {
  const LEARNERS: readonly Role[] = ['network_admin', 'trainer', 'center_director', 'clinician'];
  const HOLDERS: readonly Role[] = ['network_admin', 'center_director', 'clinician', 'trainer'];
  const national = (env: Env) => pathwayId(env.t.db.kysely, 'TFCBT-NATIONAL');
  const progress = (suffix: string): Fixture => ({
    declared: LEARNERS,
    ok: 200,
    other: 'center',
    build: async (env, caller, target) => ({
      url: `/api/v1/clinicians/${await traineeFor(env, caller, target)}/${suffix}`,
    }),
  });
  return {
    'GET /.well-known/jwks.json': {
      declared: 'public',
      ok: 200,
      build: async () => ({ url: '/.well-known/jwks.json' }),
    },
    'GET /api/v1/pathways': { declared: NETWORK, ok: 200, build: async () => ({ url: '/api/v1/pathways' }) },
    'GET /api/v1/pathways/:pathwayId': {
      declared: NETWORK,
      ok: 200,
      build: async (env) => ({ url: `/api/v1/pathways/${await national(env)}` }),
    },
    'POST /api/v1/pathways': {
      declared: [ADMIN],
      ok: 201,
      build: async (env) => ({
        url: '/api/v1/pathways',
        payload: {
          code: `P-${randomUUID().slice(0, 8).toUpperCase()}`,
          name: unique('Pathway'),
          modelId: (
            await asSystem(env.t, (trx) =>
              trx.selectFrom('training_model').select('id').executeTakeFirstOrThrow(),
            )
          ).id,
          validityMonths: 36,
          requirements: [{ kind: 'live_training', id: 'live', label: 'Live training', minDays: 2 }],
        },
      }),
    },
    'PATCH /api/v1/pathways/:pathwayId': {
      declared: [ADMIN],
      ok: 200,
      build: async (env) => ({ url: `/api/v1/pathways/${await national(env)}`, payload: { graceDays: 90 } }),
    },
    'POST /api/v1/pathways/:pathwayId/enrollments': {
      declared: [ADMIN, DIRECTOR, 'clinician'],
      ok: 201,
      other: 'center',
      fresh: true,
      build: async (env, caller, target) => ({
        url: `/api/v1/pathways/${await national(env)}/enrollments`,
        payload: { userId: await clinicianFor(env, caller, target) },
      }),
    },
    'POST /api/v1/pathway-enrollments/:enrollmentId/withdraw': {
      declared: [ADMIN, DIRECTOR, 'clinician'],
      ok: 200,
      other: 'center',
      fresh: true,
      build: async (env, caller, target) => {
        const userId = await clinicianFor(env, caller, target);
        const centerId =
          caller.who === 'clinician' && !target.other
            ? env.centerA
            : target.other
              ? env.centerB
              : target.centerId;
        const row = await env.t.db.kysely
          .insertInto('pathway_enrollment')
          .values({
            pathway_id: await national(env),
            user_id: userId,
            center_id: centerId,
            started_on: '2026-01-05',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { url: `/api/v1/pathway-enrollments/${row.id}/withdraw`, payload: {} };
      },
    },
    'GET /api/v1/clinicians/:clinicianId/progress': progress('progress'),
    'GET /api/v1/clinicians/:clinicianId/transcript.csv': progress('transcript.csv'),
    'GET /api/v1/clinicians/:clinicianId/transcript.pdf': progress('transcript.pdf'),
    'GET /api/v1/progress': {
      declared: [ADMIN, DIRECTOR, 'trainer'],
      ok: 200,
      build: async () => ({ url: '/api/v1/progress' }),
    },
    'GET /api/v1/credentials': {
      declared: HOLDERS,
      ok: 200,
      build: async () => ({ url: '/api/v1/credentials' }),
    },
    'POST /api/v1/credentials': {
      declared: [ADMIN],
      ok: 201,
      build: async (env) => {
        const { userId } = await newStaff(env, env.centerA);
        await readyForCertification(env.t.db.kysely, { userId, centerId: env.centerA });
        return { url: '/api/v1/credentials', payload: { userId, pathwayId: await national(env) } };
      },
    },
    'POST /api/v1/credentials/issue-due': {
      declared: [ADMIN],
      ok: 200,
      build: async () => ({ url: '/api/v1/credentials/issue-due' }),
    },
    'GET /api/v1/credentials/:credentialId': {
      declared: HOLDERS,
      ok: 200,
      other: 'center',
      build: async (env, caller, target) => ({
        url: `/api/v1/credentials/${await visibleCredential(env, caller, target)}`,
      }),
    },
    'GET /api/v1/credentials/:credentialId/certificate.pdf': {
      declared: HOLDERS,
      ok: 200,
      other: 'center',
      build: async (env, caller, target) => ({
        url: `/api/v1/credentials/${await visibleCredential(env, caller, target)}/certificate.pdf`,
      }),
    },
    'GET /api/v1/credentials/:credentialId/badge.jwt': {
      declared: HOLDERS,
      ok: 200,
      other: 'center',
      build: async (env, caller, target) => ({
        url: `/api/v1/credentials/${await visibleCredential(env, caller, target)}/badge.jwt`,
      }),
    },
    'POST /api/v1/credentials/:credentialId/revoke': {
      declared: [ADMIN],
      ok: 200,
      build: async (env) => {
        const { userId } = await newStaff(env, env.centerA);
        return {
          url: `/api/v1/credentials/${await credentialFor(env, userId, env.centerA)}/revoke`,
          payload: { reason: 'Matrix test' },
        };
      },
    },
    'POST /api/v1/credentials/:credentialId/renew': {
      declared: [ADMIN],
      ok: 201,
      build: async (env) => {
        const { userId } = await newStaff(env, env.centerA);
        await readyForCertification(env.t.db.kysely, { userId, centerId: env.centerA });
        const today = new Date().toISOString().slice(0, 10);
        // Recent cases, with the baseline and end measures on different days (one of a kind a day).
        const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
        const id = await credentialFor(env, userId, env.centerA, '2025-06-01');
        for (const n of [1, 2, 3])
          await treatmentCase(env.t.db.kysely, {
            centerId: env.centerA,
            clinicianId: userId,
            caseCode: `M-${userId.slice(0, 8)}-${n}`,
            startedOn: monthAgo,
            endedOn: today,
          });
        await env.t.db.kysely
          .insertInto('course_completion')
          .values({
            course_id: await courseId(env.t.db.kysely, 'TFCBT-RENEW'),
            user_id: userId,
            center_id: env.centerA,
            completed_on: today,
            ce_hours: 4,
            source: 'record',
          })
          .execute();
        return { url: `/api/v1/credentials/${id}/renew` };
      },
    },
    'GET /api/v1/signing-keys': {
      declared: [ADMIN],
      ok: 200,
      build: async () => ({ url: '/api/v1/signing-keys' }),
    },
    'POST /api/v1/signing-keys/rotate': {
      declared: [ADMIN],
      ok: 200,
      build: async () => ({ url: '/api/v1/signing-keys/rotate' }),
    },
    'GET /api/v1/public/credentials/:credentialId': {
      declared: 'public',
      ok: 200,
      build: async (env) => {
        const { userId } = await newStaff(env, env.centerA);
        return { url: `/api/v1/public/credentials/${await credentialFor(env, userId, env.centerA)}` };
      },
    },
  };
}

const FIXTURES: Record<string, Fixture> = {
  'GET /metrics': { declared: 'public', ok: 200, build: async () => ({ url: '/metrics' }) },
  'GET /api/v1/health': { declared: 'public', ok: 200, build: async () => ({ url: '/api/v1/health' }) },
  'POST /api/v1/auth/login': {
    declared: 'public',
    ok: 200,
    build: async (env) => ({
      url: '/api/v1/auth/login',
      payload: { email: env.loginTarget.email, password: env.loginTarget.password },
    }),
  },
  'POST /api/v1/auth/logout': {
    declared: 'signed-in during MFA',
    ok: 200,
    fresh: true,
    build: async () => ({ url: '/api/v1/auth/logout' }),
  },
  'POST /api/v1/auth/password-reset': {
    declared: 'public',
    ok: 202,
    build: async (env) => {
      const user = await env.t.createUser({ role: 'clinician', centerId: env.centerA });
      return { url: '/api/v1/auth/password-reset', payload: { email: user.email } };
    },
  },
  'POST /api/v1/auth/password-reset/complete': {
    declared: 'public',
    ok: 200,
    build: async (env) => {
      const user = await env.t.createUser({ role: 'clinician', centerId: env.centerA });
      const token = await insertPasswordReset(env.t, user.id);
      return {
        url: '/api/v1/auth/password-reset/complete',
        payload: { token, newPassword: strongPassword() },
      };
    },
  },
  'GET /api/v1/me': { declared: 'signed-in during MFA', ok: 200, build: async () => ({ url: '/api/v1/me' }) },
  'PATCH /api/v1/me': {
    declared: 'signed-in',
    ok: 200,
    build: async () => ({ url: '/api/v1/me', payload: { displayName: unique('Renamed') } }),
  },
  'POST /api/v1/me/password': {
    declared: 'signed-in',
    ok: 200,
    fresh: true,
    build: async () => ({
      url: '/api/v1/me/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: strongPassword() },
    }),
  },
  'GET /api/v1/me/sessions': {
    declared: 'signed-in',
    ok: 200,
    build: async () => ({ url: '/api/v1/me/sessions' }),
  },
  'DELETE /api/v1/me/sessions/:sessionId': {
    declared: 'signed-in',
    ok: 200,
    other: 'user',
    build: async (env, caller, target) => {
      if (target.other) return { url: `/api/v1/me/sessions/${env.strangerSessionId}` };
      // A second session of the caller's own account, signed in elsewhere.
      const second = await env.t.login(caller.user!.email, caller.user!.password);
      const own = (await second.get('/api/v1/me/sessions')).json<{
        items: { id: string; current: boolean }[];
      }>();
      return { url: `/api/v1/me/sessions/${own.items.find((s) => s.current)!.id}` };
    },
  },
  'GET /api/v1/auth/mfa': {
    declared: 'signed-in during MFA',
    ok: 200,
    build: async () => ({ url: '/api/v1/auth/mfa' }),
  },
  'POST /api/v1/auth/mfa/enrolment': {
    declared: 'signed-in during MFA',
    ok: 200,
    fresh: true,
    build: async () => ({ url: '/api/v1/auth/mfa/enrolment' }),
  },
  'POST /api/v1/auth/mfa/enrolment/confirm': {
    declared: 'signed-in during MFA',
    ok: 200,
    caller: enrollingCaller,
    build: async (_env, caller) => ({
      url: '/api/v1/auth/mfa/enrolment/confirm',
      payload: { code: await totp(caller.secret!) },
    }),
  },
  'POST /api/v1/auth/mfa/verify': {
    declared: 'signed-in during MFA',
    ok: 200,
    caller: pendingMfaCaller,
    build: async (_env, caller) => ({
      url: '/api/v1/auth/mfa/verify',
      payload: { code: await totp(caller.secret!) },
    }),
  },
  'POST /api/v1/auth/mfa/recovery-codes': {
    declared: 'signed-in',
    ok: 200,
    caller: mfaOnCaller,
    build: async () => ({ url: '/api/v1/auth/mfa/recovery-codes', payload: { password: TEST_PASSWORD } }),
  },
  'POST /api/v1/auth/mfa/disable': {
    declared: 'signed-in',
    ok: 200,
    caller: mfaOnCaller,
    build: async () => ({ url: '/api/v1/auth/mfa/disable', payload: { password: TEST_PASSWORD } }),
  },
  'POST /api/v1/invitations/preview': {
    declared: 'public',
    ok: 200,
    build: async (env) => {
      const { token } = await insertInvitation(env.t, { centerId: env.centerA });
      return { url: '/api/v1/invitations/preview', payload: { token } };
    },
  },
  'POST /api/v1/invitations/accept': {
    declared: 'public',
    ok: 200,
    build: async (env) => {
      const { token } = await insertInvitation(env.t, { centerId: env.centerA });
      return {
        url: '/api/v1/invitations/accept',
        payload: { token, displayName: unique('New Person'), password: strongPassword() },
      };
    },
  },
  'GET /api/v1/invitations': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    build: async () => ({ url: '/api/v1/invitations' }),
  },
  'POST /api/v1/invitations': {
    declared: [ADMIN, DIRECTOR],
    ok: 201,
    other: 'center',
    build: async (_env, _caller, target) => ({
      url: '/api/v1/invitations',
      payload: { email: uniqueEmail('invited'), role: 'clinician', centerId: target.centerId },
    }),
  },
  'GET /api/v1/invitations/:invitationId': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    other: 'center',
    build: async (env, _caller, target) => ({
      url: `/api/v1/invitations/${target.other ? env.invitationB : env.invitationA}`,
    }),
  },
  'POST /api/v1/invitations/:invitationId/revoke': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    other: 'center',
    build: async (env, _caller, target) => {
      const { id } = await insertInvitation(env.t, { centerId: target.centerId });
      return { url: `/api/v1/invitations/${id}/revoke` };
    },
  },
  'POST /api/v1/invitations/:invitationId/resend': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    other: 'center',
    build: async (env, _caller, target) => {
      const { id } = await insertInvitation(env.t, { centerId: target.centerId });
      return { url: `/api/v1/invitations/${id}/resend` };
    },
  },
  'GET /api/v1/users': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    build: async () => ({ url: '/api/v1/users' }),
  },
  'GET /api/v1/users/:userId': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    other: 'center',
    build: async (env, _caller, target) => ({
      url: `/api/v1/users/${target.other ? env.staffB : env.staffA}`,
    }),
  },
  'PATCH /api/v1/users/:userId': {
    declared: [ADMIN],
    ok: 200,
    build: async (env) => {
      const { userId } = await newStaff(env, env.centerA);
      return { url: `/api/v1/users/${userId}`, payload: { status: 'deactivated' } };
    },
  },
  'POST /api/v1/users/:userId/memberships': {
    declared: [ADMIN, DIRECTOR],
    ok: 201,
    other: 'center',
    build: async (env, _caller, target) => {
      const { userId } = await newStaff(env, target.centerId);
      return {
        url: `/api/v1/users/${userId}/memberships`,
        payload: { role: 'trainer', centerId: target.centerId },
      };
    },
  },
  'DELETE /api/v1/users/:userId/memberships/:membershipId': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    other: 'center',
    build: async (env, _caller, target) => {
      const { userId, membershipId } = await newStaff(env, target.centerId);
      return { url: `/api/v1/users/${userId}/memberships/${membershipId}` };
    },
  },
  'POST /api/v1/users/:userId/mfa-reset': {
    declared: [ADMIN],
    ok: 200,
    build: async (env) => {
      const { userId } = await newStaff(env, env.centerA);
      await setMfaSeed(env.t, userId, true);
      return { url: `/api/v1/users/${userId}/mfa-reset` };
    },
  },
  'GET /api/v1/centers/:centerId/staff': {
    declared: STAFF_READERS,
    ok: 200,
    other: 'center',
    build: async (_env, _caller, target) => ({ url: `/api/v1/centers/${target.centerId}/staff` }),
  },
  'PATCH /api/v1/centers/:centerId/staff/:membershipId': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    other: 'center',
    build: async (env, _caller, target) => {
      const { membershipId } = await newStaff(env, target.centerId);
      return {
        url: `/api/v1/centers/${target.centerId}/staff/${membershipId}`,
        payload: { role: 'trainer' },
      };
    },
  },
  'DELETE /api/v1/centers/:centerId/staff/:membershipId': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    other: 'center',
    build: async (env, _caller, target) => {
      const { membershipId } = await newStaff(env, target.centerId);
      return { url: `/api/v1/centers/${target.centerId}/staff/${membershipId}` };
    },
  },
  'GET /api/v1/settings': { declared: [ADMIN], ok: 200, build: async () => ({ url: '/api/v1/settings' }) },
  'PATCH /api/v1/settings': {
    declared: [ADMIN],
    ok: 200,
    // Turning the requirement on would send every later sign-in to MFA enrolment: keep it off.
    build: async () => ({ url: '/api/v1/settings', payload: { mfaRequired: false } }),
  },
  'GET /api/v1/audit-events': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    build: async () => ({ url: '/api/v1/audit-events' }),
  },
  'POST /api/v1/audit-events/verification': {
    declared: [ADMIN],
    ok: 200,
    build: async () => ({ url: '/api/v1/audit-events/verification' }),
  },
  'GET /api/v1/outbox': {
    declared: [ADMIN, DIRECTOR],
    ok: 200,
    build: async () => ({ url: '/api/v1/outbox' }),
  },
  'POST /api/v1/outbox/:messageId/retry': {
    declared: [ADMIN],
    ok: 200,
    build: async (env) => ({
      url: `/api/v1/outbox/${await insertOutboxMessage(env.t, { status: 'failed' })}/retry`,
    }),
  },
  'GET /api/v1/network/summary': {
    declared: NETWORK,
    ok: 200,
    build: async () => ({ url: '/api/v1/network/summary' }),
  },
  'GET /api/v1/centers': { declared: NETWORK, ok: 200, build: async () => ({ url: '/api/v1/centers' }) },
  'POST /api/v1/centers': {
    declared: [ADMIN],
    ok: 201,
    build: async () => ({
      url: '/api/v1/centers',
      payload: {
        name: unique('Matrix Center'),
        state: 'OK',
        county: 'Tulsa',
        zip3: '741',
        memberType: 'associate',
      },
    }),
  },
  // The directory of centers is public network information: another center is as readable as one's own.
  'GET /api/v1/centers/:centerId': {
    declared: NETWORK,
    ok: 200,
    build: async (env) => ({ url: `/api/v1/centers/${env.centerB}` }),
  },
  'PATCH /api/v1/centers/:centerId': {
    declared: [ADMIN],
    ok: 200,
    build: async (env) => ({
      url: `/api/v1/centers/${await env.t.createCenter({ name: unique('Patched Center') })}`,
      payload: { county: unique('County') },
    }),
  },
  'GET /api/v1/chapters': { declared: NETWORK, ok: 200, build: async () => ({ url: '/api/v1/chapters' }) },
  'GET /api/v1/partner-organizations': {
    declared: [ADMIN, 'partner_admin'],
    ok: 200,
    build: async () => ({ url: '/api/v1/partner-organizations' }),
  },
  'POST /api/v1/partner-organizations': {
    declared: [ADMIN],
    ok: 201,
    build: async () => ({ url: '/api/v1/partner-organizations', payload: { name: unique('Partner') } }),
  },
  'POST /api/v1/chapters': {
    declared: [ADMIN],
    ok: 201,
    build: async () => ({ url: '/api/v1/chapters', payload: { name: unique('Chapter'), state: 'KS' } }),
  },
  'PATCH /api/v1/chapters/:chapterId': {
    declared: [ADMIN],
    ok: 200,
    build: async (env) => {
      const chapter = await asSystem(env.t, (trx) =>
        trx
          .insertInto('chapter')
          .values({ name: unique('Old Chapter'), state: 'KS' })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      return { url: `/api/v1/chapters/${chapter.id}`, payload: { name: unique('New Chapter') } };
    },
  },
  'POST /api/v1/imports/centers': {
    declared: [ADMIN],
    ok: 200,
    build: async () => ({
      url: '/api/v1/imports/centers?filename=matrix.csv',
      headers: { 'content-type': 'text/csv' },
      payload: `name,state,county,zip3,member_type\n${unique('Imported Center')},NE,Douglas,681,satellite\n`,
    }),
  },
  'GET /api/v1/imports': { declared: [ADMIN], ok: 200, build: async () => ({ url: '/api/v1/imports' }) },
  ...CREDENTIAL_FIXTURES(),
  ...LEARNING_FIXTURES,
  ...CARE_FIXTURES,
  ...CARE_IMPORT_FIXTURES,
  ...ACCESS_GAP_FIXTURES,
};

function describeAccess(access: Access): string {
  if (access.kind === 'public') return 'public';
  if (access.roles === 'any') return access.duringMfa ? 'signed-in during MFA' : 'signed-in';
  return [...access.roles].sort().join(',') + (access.duringMfa ? ' during MFA' : '');
}

function describeDeclared(declared: Declared): string {
  return typeof declared === 'string' ? declared : [...declared].sort().join(',');
}

function isAllowed(declared: Declared, who: Who): boolean {
  if (declared === 'public') return true;
  if (who === 'anonymous') return false;
  return typeof declared === 'string' || declared.includes(who);
}

function expectedStatus(f: Fixture, who: Who, other: boolean): number {
  if (f.declared === 'public') return f.ok;
  if (who === 'anonymous') return 401;
  if (!isAllowed(f.declared, who)) return 403;
  if (other && (f.other === 'user' || (f.other === 'center' && who !== ADMIN))) return 404;
  return f.ok;
}

const EXPECTED_CODE: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

function routePattern(url: string): RegExp {
  // Ids are UUIDs, except an instrument code (PHQ-A), a form link's token, an import kind and a month.
  const pattern = url
    .replace(/:month\b/g, '\\d{4}-\\d{2}')
    .replace(/:code\b/g, '[A-Z0-9-]+')
    .replace(/:token\b/g, '[A-Za-z0-9_-]{43}')
    .replace(/:kind\b/g, '[a-z]+')
    .replace(/:[A-Za-z]+/g, '[0-9a-f-]{36}');
  return new RegExp(`^${pattern}(\\?.*)?$`);
}

describe('access matrix', () => {
  let t: TestApp;
  let env: Env;
  /** route -> caller -> "own" or "own/other" statuses, for the printed table. */
  const table = new Map<string, Map<Who, string>>();

  beforeAll(async () => {
    // A mail server address lets held or failed messages be retried; no worker runs in tests.
    t = await buildTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:2525' } });
    const centerA = await t.createCenter({ name: 'Matrix Center A' });
    const centerB = await t.createCenter({ name: 'Matrix Center B' });
    const partner = await t.createPartner();
    const base = { centerA, partner };
    const fresh = async (role: Role): Promise<Caller> => {
      const user = await t.createUser({ role, ...scopeOf(role, base) });
      return { who: role, session: await t.login(user.email, user.password), user };
    };
    const callers = new Map<Role, Caller>();
    await Promise.all(ROLES.map(async (role) => callers.set(role, await fresh(role))));
    const staffA = await t.createUser({ role: 'clinician', centerId: centerA });
    const staffB = await t.createUser({ role: 'clinician', centerId: centerB });
    const stranger = await fresh('clinician');
    const strangerSessions = (await stranger.session!.get('/api/v1/me/sessions')).json<{
      items: { id: string }[];
    }>();
    env = {
      t,
      centerA,
      centerB,
      partner,
      callers,
      staffA: staffA.id,
      staffB: staffB.id,
      invitationA: (await insertInvitation(t, { centerId: centerA })).id,
      invitationB: (await insertInvitation(t, { centerId: centerB })).id,
      loginTarget: await t.createUser({ role: 'funder_viewer' }),
      strangerSessionId: strangerSessions.items[0]!.id,
      fresh,
    };
  }, 120_000);

  afterAll(async () => {
    const width = Math.max(...[...table.keys()].map((k) => k.length));
    const short: Record<Who, string> = {
      anonymous: 'anon',
      network_admin: 'admin',
      trainer: 'trainer',
      center_director: 'director',
      clinician: 'clinician',
      funder_viewer: 'funder',
      partner_admin: 'p.admin',
      partner_learner: 'p.learner',
    };
    const lines = [
      `Access matrix (${ENGINE}); a/b = own center / another center`,
      ['route'.padEnd(width), ...CALLERS.map((w) => short[w].padEnd(9))].join('  '),
    ];
    for (const [route, cells] of table) {
      lines.push([route.padEnd(width), ...CALLERS.map((w) => (cells.get(w) ?? '-').padEnd(9))].join('  '));
    }
    console.log(lines.join('\n'));
    await t?.close();
  });

  it('has a fixture for every declared route, and no fixture for a route that is gone', () => {
    const declared = t.app.accessTable().map((r) => `${r.method} ${r.url}`);
    const missing = declared.filter((k) => !(k in FIXTURES));
    const stale = Object.keys(FIXTURES).filter((k) => !declared.includes(k));
    expect(missing, 'routes without a fixture in access-matrix.test.ts').toEqual([]);
    expect(stale, 'fixtures for routes that no longer exist').toEqual([]);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('declares for every route exactly the access written in this test', () => {
    const mismatches = t.app
      .accessTable()
      .filter((r) => FIXTURES[`${r.method} ${r.url}`])
      .map((r) => ({
        route: `${r.method} ${r.url}`,
        declared: describeAccess(r.access),
        expected: describeDeclared(FIXTURES[`${r.method} ${r.url}`]!.declared),
      }))
      .filter((m) => m.declared !== m.expected);
    expect(mismatches).toEqual([]);
  });

  /** Anonymous callers send the request a network administrator would send, without a session. */
  async function callerFor(f: Fixture, who: Who): Promise<Caller> {
    const role: Role = who === 'anonymous' ? ADMIN : who;
    if (f.caller) return f.caller(env, role);
    if (f.fresh) return env.fresh(role);
    return env.callers.get(role)!;
  }

  async function send(route: string, session: Session | null, req: Req): Promise<LightMyRequestResponse> {
    const [method] = route.split(' ') as [InjectOptions['method']];
    const options: InjectOptions = {
      method,
      url: req.url,
      ...(req.payload !== undefined ? { payload: req.payload } : {}),
      ...(req.headers ? { headers: req.headers } : {}),
    };
    return session ? session.request(options) : t.app.inject(options);
  }

  describe.each(Object.keys(FIXTURES))('%s', (route) => {
    it('answers every caller as declared', async () => {
      const f = FIXTURES[route]!;
      const pattern = routePattern(route.split(' ')[1]!);
      const mismatches: string[] = [];
      const cells = new Map<Who, string>();
      for (const who of CALLERS) {
        const targets =
          f.other && isAllowed(f.declared, who) && who !== 'anonymous' ? [false, true] : [false];
        const got: number[] = [];
        for (const other of targets) {
          const caller = await callerFor(f, who);
          const req = await f.build(env, caller, { centerId: other ? env.centerB : env.centerA, other });
          expect(req.url, `fixture URL of ${route}`).toMatch(pattern);
          const res = await send(route, who === 'anonymous' ? null : caller.session, req);
          const want = expectedStatus(f, who, other);
          got.push(res.statusCode);
          if (res.statusCode !== want) {
            mismatches.push(
              `${who}${other ? ' (other center)' : ''}: ${res.statusCode} (expected ${want}) ${res.body.slice(0, 200)}`,
            );
          } else if (EXPECTED_CODE[want]) {
            expectError(res, want, EXPECTED_CODE[want] as 'NOT_FOUND');
          }
        }
        cells.set(who, got.join('/'));
      }
      table.set(route, cells);
      expect(mismatches).toEqual([]);
    });
  });
});

describe('sessions waiting for the second factor', () => {
  let t: TestApp;
  let pending: Session;
  beforeAll(async () => {
    t = await buildTestApp();
    const user = await t.createUser({ role: 'network_admin' });
    await setMfaSeed(t, user.id, true);
    pending = await t.login(user.email, user.password);
  });
  afterAll(async () => t?.close());

  it('reach only the routes declared for the MFA step; everything else answers 401 MFA_REQUIRED', async () => {
    const me = await pending.get('/api/v1/me');
    expect(me.statusCode).toBe(200);
    expect(me.json<{ session: { mfaState: string } }>().session.mfaState).toBe('pending');
    expect((await pending.get('/api/v1/auth/mfa')).statusCode).toBe(200);
    const routes = t.app.accessTable().filter((r) => r.access.kind === 'signed-in' && !r.access.duringMfa);
    expect(routes.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const r of routes) {
      const url = r.url.replace(/:[A-Za-z]+/g, randomUUID());
      const res = await pending.request({ method: r.method, url });
      if (res.statusCode !== 401 || res.json<{ error: { code: string } }>().error.code !== 'MFA_REQUIRED')
        wrong.push(`${r.method} ${r.url}: ${res.statusCode} ${res.body.slice(0, 120)}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('cross-site request protection', () => {
  let t: TestApp;
  let admin: Session;
  beforeAll(async () => {
    t = await buildTestApp();
    admin = await t.signIn('network_admin');
  });
  afterAll(async () => t?.close());

  it('refuses every state-changing signed-in route without the session’s CSRF token', async () => {
    const routes = t.app
      .accessTable()
      .filter((r) => r.access.kind === 'signed-in' && ['POST', 'PATCH', 'DELETE'].includes(r.method));
    expect(routes.length).toBeGreaterThan(15);
    const wrong: string[] = [];
    for (const r of routes) {
      const url = r.url.replace(/:[A-Za-z]+/g, randomUUID());
      for (const token of ['', 'not-the-token']) {
        const res = await admin.request({
          method: r.method,
          url,
          headers: { 'x-csrf-token': token },
        });
        if (res.statusCode !== 403 || res.json<{ error: { code: string } }>().error.code !== 'CSRF_FAILED')
          wrong.push(`${r.method} ${r.url} (${token || 'empty'}): ${res.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
    // The session still works: the refusals changed nothing.
    expect((await admin.get('/api/v1/me')).statusCode).toBe(200);
  });

  it('refuses a state-changing request from another site, even a public one', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { origin: 'https://evil.example' },
      payload: { email: admin.email, password: TEST_PASSWORD },
    });
    expectError(res, 403, 'CSRF_FAILED');
    expect(cookieFrom(res)).toBeNull();
    const fetchMeta = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'sec-fetch-site': 'cross-site' },
      payload: { email: admin.email, password: TEST_PASSWORD },
    });
    expectError(fetchMeta, 403, 'CSRF_FAILED');
  });
});
