/**
 * Access-matrix fixtures of the access module's routes (the gap, reported months, capacity and its
 * parameters), in the shape of FIXTURES in test/api/access-matrix.test.ts, spread in there.
 *
 * "Own" is center A (the caller's center); "other" is center B: a director is not found there (404),
 * a network administrator reaches every center. Funders, trainers, clinicians and partners are
 * refused (403): nothing center-level leaves the center's managers here.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../src/server/db/schema.js';
import { DEFAULT_CAPACITY_PARAMETERS } from '../../src/server/modules/access/capacity.js';
import { plan } from '../../src/server/modules/access/planner/planner.js';
import { parsePlannerInput, type PlanResult } from '../../src/server/modules/access/planner/planner.types.js';
import type { Role } from '../../src/shared/roles.js';
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

export interface AccessGapFixture {
  declared: readonly Role[];
  ok: number;
  other?: 'center';
  build(
    env: MatrixEnv,
    caller: MatrixCaller,
    target: Target,
  ): Promise<{ url: string; payload?: string | object; headers?: Record<string, string> }>;
}

const MANAGERS: readonly Role[] = ['network_admin', 'center_director'];
const ADMIN: readonly Role[] = ['network_admin'];

/** A month no other fixture call uses, so a report is always new (201) and a withdrawal finds its row. */
let months = 0;
function freshMonth(): string {
  const n = months++;
  return `${2000 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

function asSystem<T>(t: TestApp, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return t.db.scoped({ purpose: 'system', allCenters: true }, fn);
}

const staffOf = (env: MatrixEnv, target: Target) => (target.other ? env.staffB : env.staffA);

/** A smallest plan request: one center, one cohort, three seats. */
const SMALL_PLAN = {
  seatBudget: 3,
  horizonQuarters: 4,
  cohorts: [{ id: 'k1', quarter: 0, label: 'Q1, South', states: ['TX'], seatCap: 3 }],
  centers: [
    {
      id: 'c1',
      name: 'Matrix Center',
      state: 'TX',
      referralsPerYear: 120,
      unmetDemandPerYear: 40,
      trainedClinicians: 1,
      waitDays: 30,
      order: 1,
    },
  ],
};

/** A stored plan, as the plans service reads it back. */
async function storedPlan(env: MatrixEnv): Promise<string> {
  const user = await asSystem(env.t, (trx) =>
    trx.selectFrom('app_user').select('id').limit(1).executeTakeFirstOrThrow(),
  );
  const reached = (n: number) => ({ reachedTotal: n });
  const row = await asSystem(env.t, (trx) =>
    trx
      .insertInto('access_plan')
      .values({
        name: 'Matrix plan',
        input: JSON.stringify(SMALL_PLAN),
        result: JSON.stringify({
          seatBudget: 3,
          targetReached: 55000,
          scenarios: {
            expected: {
              reachedTotal: 30,
              comparison: { proportional: reached(28), firstComeFirstServed: reached(27) },
            },
          },
        }),
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

/**
 * A stored plan with the result the planner really returns for SMALL_PLAN (an export reads every
 * part of it). Solved once per app: the solve is pure, and each call stores a new plan from it.
 */
const solved = new WeakMap<TestApp, Promise<PlanResult>>();
async function solvedPlan(env: MatrixEnv): Promise<string> {
  if (!solved.has(env.t)) solved.set(env.t, plan(SMALL_PLAN));
  const result = await solved.get(env.t)!;
  const user = await asSystem(env.t, (trx) =>
    trx.selectFrom('app_user').select('id').limit(1).executeTakeFirstOrThrow(),
  );
  const row = await asSystem(env.t, (trx) =>
    trx
      .insertInto('access_plan')
      .values({
        name: 'Matrix export',
        input: JSON.stringify(parsePlannerInput(SMALL_PLAN)),
        result: JSON.stringify(result),
        created_by: user.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  return row.id;
}

export const ACCESS_GAP_FIXTURES: Record<string, AccessGapFixture> = {
  'GET /api/v1/access/gap': {
    declared: MANAGERS,
    ok: 200,
    build: async () => ({ url: '/api/v1/access/gap?level=state&period=2025' }),
  },
  'GET /api/v1/access/parameters': {
    declared: ADMIN,
    ok: 200,
    build: async () => ({ url: '/api/v1/access/parameters' }),
  },
  'PUT /api/v1/access/parameters': {
    declared: ADMIN,
    ok: 200,
    build: async () => ({ url: '/api/v1/access/parameters', payload: DEFAULT_CAPACITY_PARAMETERS }),
  },
  'GET /api/v1/centers/:centerId/capacity': {
    declared: MANAGERS,
    ok: 200,
    other: 'center',
    build: async (_env, _caller, target) => ({ url: `/api/v1/centers/${target.centerId}/capacity` }),
  },
  'PUT /api/v1/centers/:centerId/capacity/:userId': {
    declared: MANAGERS,
    ok: 200,
    other: 'center',
    build: async (env, _caller, target) => ({
      url: `/api/v1/centers/${target.centerId}/capacity/${staffOf(env, target)}`,
      payload: { treatmentFte: 0.6, typicalCaseload: 18 },
    }),
  },
  'DELETE /api/v1/centers/:centerId/capacity/:userId': {
    declared: MANAGERS,
    ok: 204,
    other: 'center',
    build: async (env, _caller, target) => {
      const userId = staffOf(env, target);
      await asSystem(env.t, (trx) =>
        trx
          .insertInto('clinician_capacity')
          .values({ user_id: userId, center_id: target.centerId, treatment_fte: 0.5 })
          .onConflict((oc) => oc.columns(['user_id', 'center_id']).doUpdateSet({ treatment_fte: 0.5 }))
          .execute(),
      );
      return { url: `/api/v1/centers/${target.centerId}/capacity/${userId}` };
    },
  },
  'PUT /api/v1/centers/:centerId/access-parameters': {
    declared: MANAGERS,
    ok: 200,
    other: 'center',
    build: async (_env, _caller, target) => ({
      url: `/api/v1/centers/${target.centerId}/access-parameters`,
      payload: { sessionsPerChild: 12 },
    }),
  },
  'GET /api/v1/centers/:centerId/access-months': {
    declared: MANAGERS,
    ok: 200,
    other: 'center',
    build: async (_env, _caller, target) => ({ url: `/api/v1/centers/${target.centerId}/access-months` }),
  },
  'PUT /api/v1/centers/:centerId/access-months/:month': {
    declared: MANAGERS,
    ok: 201,
    other: 'center',
    build: async (_env, _caller, target) => ({
      url: `/api/v1/centers/${target.centerId}/access-months/${freshMonth()}`,
      payload: { referred: 12, started: 9, waitingEnd: 14 },
    }),
  },
  'DELETE /api/v1/centers/:centerId/access-months/:month': {
    declared: MANAGERS,
    ok: 204,
    other: 'center',
    build: async (env, _caller, target) => {
      const month = freshMonth();
      await asSystem(env.t, (trx) =>
        trx
          .insertInto('access_month')
          .values({
            center_id: target.centerId,
            month: `${month}-01`,
            referred: 3,
            started: 2,
            waiting_end: 4,
            source: 'form',
          })
          .execute(),
      );
      return { url: `/api/v1/centers/${target.centerId}/access-months/${month}` };
    },
  },
  'POST /api/v1/centers/:centerId/access-months/import': {
    declared: MANAGERS,
    ok: 200,
    other: 'center',
    build: async (_env, _caller, target) => ({
      url: `/api/v1/centers/${target.centerId}/access-months/import`,
      payload: `month,referred,started,waiting_end\n${freshMonth()},5,4,6\n`,
      headers: { 'content-type': 'text/csv' },
    }),
  },
  'GET /api/v1/plans/suggested': {
    declared: ADMIN,
    ok: 200,
    build: async () => ({ url: '/api/v1/plans/suggested?period=2025' }),
  },
  'GET /api/v1/plans': {
    declared: ADMIN,
    ok: 200,
    build: async () => ({ url: '/api/v1/plans' }),
  },
  'POST /api/v1/plans': {
    declared: ADMIN,
    ok: 201,
    build: async () => ({ url: '/api/v1/plans', payload: { name: 'Matrix', input: SMALL_PLAN } }),
  },
  'GET /api/v1/plans/:planId': {
    declared: ADMIN,
    ok: 200,
    build: async (env) => ({ url: `/api/v1/plans/${await storedPlan(env)}` }),
  },
  'GET /api/v1/plans/:planId/export': {
    declared: ADMIN,
    ok: 200,
    build: async (env) => ({ url: `/api/v1/plans/${await solvedPlan(env)}/export?format=xlsx` }),
  },
  'DELETE /api/v1/plans/:planId': {
    declared: ADMIN,
    ok: 204,
    build: async (env) => ({ url: `/api/v1/plans/${await storedPlan(env)}` }),
  },
};
