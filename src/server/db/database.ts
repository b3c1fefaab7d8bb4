/**
 * One SQL dialect, two engines. Without DATABASE_URL the data lives in PGlite (Postgres compiled to
 * WASM) in a directory on disk; with it, in a PostgreSQL server. Both are driven by Kysely's own
 * PostgresDialect: PostgreSQL through a `pg.Pool`, PGlite through a queued one-connection pool.
 *
 * Every query a request makes runs inside `scoped()`: a transaction that first switches to the
 * non-superuser application role and sets the caller's scope, so row-level security applies on
 * both engines (PGlite's own role is a superuser that would otherwise bypass it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type PostgresPool, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { lockDataDir, type DataDirLock } from './lock.js';
import { PGlitePool } from './pglite-pool.js';
import type { DB } from './schema.js';

export type Engine = 'pglite' | 'postgres';

/** What the current transaction may see. Anything not set is empty: policies fail closed. */
export interface DbScope {
  /** 'user': a signed-in request; 'auth': sign-in flows; 'system': CLI and background jobs; 'public': no login. */
  purpose: 'user' | 'auth' | 'system' | 'public';
  userId?: string | null;
  /** Network-wide access to center records (network administrators and system jobs). */
  allCenters?: boolean;
  /** Centers whose records the caller may read. */
  centerIds?: readonly string[];
  /** Centers the caller manages (invite, change roles, see the audit trail). */
  manageCenterIds?: readonly string[];
  partnerIds?: readonly string[];
  managePartnerIds?: readonly string[];
}

export type Executor = Kysely<DB> | Transaction<DB>;

export interface Database {
  readonly engine: Engine;
  /** The connecting role's handle: migrations, seeding and scoped() only. Never for request queries. */
  readonly kysely: Kysely<DB>;
  readonly appRole: string;
  /** Runs `fn` in one transaction as the application role with the given scope. */
  scoped<T>(scope: DbScope, fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  /** Pool statistics for /metrics. */
  poolStats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export class UnsafeDatabaseRoleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsafeDatabaseRoleError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function uuidArray(ids: readonly string[] | undefined): string {
  if (!ids || ids.length === 0) return '';
  for (const id of ids) if (!UUID.test(id)) throw new Error(`Not a UUID in a database scope: ${id}`);
  return `{${ids.join(',')}}`;
}

/** The same value shapes on both engines: int8 as number, date as 'YYYY-MM-DD', numeric as string. */
const TYPE_INT8 = 20;
const TYPE_DATE = 1082;

function pgTypes(): pg.CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if (oid === TYPE_DATE) return (value: string) => value;
      if (oid === TYPE_INT8) return (value: string) => Number(value);
      return pg.types.getTypeParser(oid, format) as (value: string) => unknown;
    }) as pg.CustomTypesConfig['getTypeParser'],
  };
}

export interface OpenOptions {
  /** PGlite only: keep the data in memory (tests). */
  inMemory?: boolean;
}

export async function openDatabase(config: Config, options: OpenOptions = {}): Promise<Database> {
  const appRole = config.appRole;
  if (config.database.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.database.url,
      max: config.database.poolMax,
      types: pgTypes(),
      application_name: 'waymark',
    });
    // An idle client's error (server restart) must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
    return makeDatabase(
      'postgres',
      kysely,
      appRole,
      () => ({
        total: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
      }),
      async () => {
        await kysely.destroy();
      },
    );
  }

  let lock: DataDirLock | null = null;
  let pglite: PGlite;
  if (options.inMemory) {
    pglite = await PGlite.create({ parsers: { [TYPE_DATE]: (v: string) => v } });
  } else {
    const dataDir = config.database.dataDir;
    lock = lockDataDir(dataDir);
    try {
      const pgdata = path.join(dataDir, 'pgdata');
      fs.mkdirSync(pgdata, { recursive: true });
      pglite = await PGlite.create(pgdata, { parsers: { [TYPE_DATE]: (v: string) => v } });
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  const pool = new PGlitePool(pglite);
  // The queued pool implements the part of PostgresPool that PostgresDialect uses (no cursors).
  const kysely = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as PostgresPool }) });
  return makeDatabase(
    'pglite',
    kysely,
    appRole,
    () => ({
      total: 1,
      idle: 0,
      waiting: pool.waitingCount,
    }),
    async () => {
      await kysely.destroy();
      await pglite.close();
      lock?.release();
    },
  );
}

function makeDatabase(
  engine: Engine,
  kysely: Kysely<DB>,
  appRole: string,
  poolStats: Database['poolStats'],
  close: () => Promise<void>,
): Database {
  let closed = false;
  return {
    engine,
    kysely,
    appRole,
    poolStats,
    scoped: (scope, fn) =>
      kysely.transaction().execute(async (trx) => {
        await sql`select
            set_config('role', ${appRole}, true),
            set_config('waymark.purpose', ${scope.purpose}, true),
            set_config('waymark.user_id', ${scope.userId ?? ''}, true),
            set_config('waymark.all_centers', ${scope.allCenters ? 'on' : 'off'}, true),
            set_config('waymark.center_ids', ${uuidArray(scope.centerIds)}, true),
            set_config('waymark.manage_center_ids', ${uuidArray(scope.manageCenterIds)}, true),
            set_config('waymark.partner_ids', ${uuidArray(scope.partnerIds)}, true),
            set_config('waymark.manage_partner_ids', ${uuidArray(scope.managePartnerIds)}, true)`.execute(
          trx,
        );
        return fn(trx);
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      await close();
    },
  };
}

/**
 * Refuses to run when request queries would execute as a superuser or a BYPASSRLS role: row-level
 * security would silently not apply. Checks the role a scoped transaction actually runs as.
 */
export async function assertSafeRuntimeRole(
  db: Database,
): Promise<{ sessionUser: string; runtimeRole: string }> {
  let exists: boolean;
  try {
    const found = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_roles where rolname = ${db.appRole}`.execute(db.kysely);
    exists = (found.rows[0]?.n ?? 0) > 0;
  } catch {
    exists = false;
  }
  if (!exists) {
    throw new UnsafeDatabaseRoleError(
      `The application role "${db.appRole}" does not exist. Run 'waymark migrate' as the database owner first.`,
    );
  }
  const rows = await db
    .scoped({ purpose: 'system' }, async (trx) =>
      sql<{
        session_user: string;
        current_user: string;
        rolsuper: boolean;
        rolbypassrls: boolean;
        can_read: boolean | null;
      }>`
        select session_user, current_user, r.rolsuper, r.rolbypassrls,
               case when to_regclass('public.center') is null then null
                    else has_table_privilege(current_user, 'public.center', 'SELECT') end as can_read
        from pg_roles r where r.rolname = current_user`.execute(trx),
    )
    .catch((error: unknown) => {
      throw new UnsafeDatabaseRoleError(
        `Cannot switch to the application role "${db.appRole}" (${(error as Error).message}). ` +
          `Grant it to the connecting role: GRANT ${db.appRole} TO <role>.`,
      );
    });
  const row = rows.rows[0];
  if (!row) throw new UnsafeDatabaseRoleError('Could not read the runtime role.');
  if (row.rolsuper || row.rolbypassrls) {
    throw new UnsafeDatabaseRoleError(
      `Refusing to start: request queries would run as "${row.current_user}", which is a ` +
        `${row.rolsuper ? 'superuser' : 'BYPASSRLS role'}, so row-level security would not apply. ` +
        `Set WAYMARK_DB_APP_ROLE to a role without SUPERUSER or BYPASSRLS (default: waymark_app).`,
    );
  }
  if (row.can_read === false) {
    throw new UnsafeDatabaseRoleError(
      `The role "${row.current_user}" may not read Waymark's tables. ` +
        `Grant it the application role's privileges: GRANT waymark_app TO ${row.current_user}.`,
    );
  }
  return { sessionUser: row.session_user, runtimeRole: row.current_user };
}
