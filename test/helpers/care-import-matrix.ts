/**
 * Access-matrix fixtures of the care import routes, in the shape of FIXTURES in
 * test/api/access-matrix.test.ts (spread them in there like CARE_FIXTURES). test/api/care-import.test.ts
 * also runs them on their own, every role against its own and another center.
 *
 * "Own" is center A (the caller's center); "other" is center B: a director is not found there (404),
 * a network administrator imports anywhere.
 */
import { randomUUID } from 'node:crypto';
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
}

interface Target {
  centerId: string;
  other: boolean;
}

export interface CareImportFixture {
  declared: readonly Role[];
  ok: number;
  other?: 'center';
  build(
    env: MatrixEnv,
    caller: MatrixCaller,
    target: Target,
  ): Promise<{ url: string; payload?: string; headers?: Record<string, string> }>;
}

const IMPORTERS: readonly Role[] = ['network_admin', 'center_director'];

export const CARE_IMPORT_FIXTURES: Record<string, CareImportFixture> = {
  // A file of sessions for the target center with a header and no row: a valid, empty import.
  'POST /api/v1/care-imports': {
    declared: IMPORTERS,
    ok: 200,
    other: 'center',
    build: async (_env, _caller, target) => ({
      url: `/api/v1/care-imports?kind=sessions&centerId=${target.centerId}`,
      payload: 'case_code,held_on,minutes,participants\n',
      headers: { 'content-type': 'text/csv' },
    }),
  },
  'GET /api/v1/care-imports/templates/:kind': {
    declared: IMPORTERS,
    ok: 200,
    build: async () => ({ url: '/api/v1/care-imports/templates/episodes' }),
  },
  'GET /api/v1/care-imports/:importId/errors.csv': {
    declared: IMPORTERS,
    ok: 200,
    other: 'center',
    build: async (env, _caller, target) => {
      const row = await env.t.db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
        trx
          .insertInto('import_batch')
          .values({
            kind: 'care.episodes',
            source: 'upload',
            filename: `matrix-${randomUUID().slice(0, 8)}.csv`,
            center_id: target.centerId,
            status: 'rejected',
            total_rows: 1,
            rejected: 1,
            rejections: JSON.stringify([{ line: 2, field: 'age_years', message: 'is required' }]),
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      return { url: `/api/v1/care-imports/${row.id}/errors.csv` };
    },
  },
};
