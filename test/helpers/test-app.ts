/**
 * buildTestApp(): the real application on a real engine, one fresh database per call.
 *   WAYMARK_TEST_ENGINE=pglite    PGlite on a copy of the migrated data directory (see test/setup/pglite.ts)
 *   WAYMARK_TEST_ENGINE=postgres  a copy of the migrated template database (see test/setup/postgres.ts)
 * Factories insert data directly (fast); sessions sign in through the API like a browser would.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { inject } from 'vitest';
import { buildApp, type BuildAppOptions } from '../../src/server/app.js';
import { loadConfig, type Config } from '../../src/server/config.js';
import { openDatabase, type Database } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { PasswordHasher } from '../../src/server/modules/identity/passwords.js';
import type { Role } from '../../src/shared/roles.js';

export type Engine = 'pglite' | 'postgres';
export const ENGINE: Engine = process.env.WAYMARK_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

export const TEST_PASSWORD = 'Lantern-Meadow-Quartz-81';
let passwordHash: Promise<string> | null = null;
/** One real Argon2id hash of TEST_PASSWORD per process, reused by every factory user. */
export function testPasswordHash(): Promise<string> {
  passwordHash ??= new PasswordHasher(1).hash(TEST_PASSWORD);
  return passwordHash;
}

export interface TestDatabase {
  db: Database;
  config: Config;
  /** Closes the database and drops it (PostgreSQL) or discards it (PGlite). */
  destroy(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export function testConfig(env: Record<string, string> = {}, overrides: Partial<Config> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-test-'));
  return loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      WAYMARK_DEMO: '0',
      WAYMARK_DATA_DIR: dataDir,
      WAYMARK_SECRET_KEY: randomBytes(32).toString('base64'),
      WAYMARK_LOGIN_RATE_LIMIT: '10000',
      ...env,
    },
    overrides,
  );
}

/** A fresh, migrated database on the engine under test. */
export async function createTestDatabase(
  env: Record<string, string> = {},
  overrides: Partial<Config> = {},
): Promise<TestDatabase> {
  if (ENGINE === 'postgres') {
    const base = inject('pgBaseUrl');
    const template = inject('pgTemplate');
    const name = `${template}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const config = testConfig(
      { DATABASE_URL: withDatabase(base, name), WAYMARK_DB_POOL_MAX: '5', ...env },
      overrides,
    );
    const db = await openDatabase(config);
    return {
      db,
      config,
      destroy: async () => {
        await db.close();
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const runDir = inject('pgliteRunDir');
  const template = inject('pgliteTemplate');
  if (!runDir || !template) {
    // Without the PGlite tier's set-up (test/setup/pglite.ts): an empty in-memory database, migrated.
    const config = testConfig(env, overrides);
    const db = await openDatabase(config, { inMemory: true });
    await migrateToLatest(db);
    return { db, config, destroy: () => db.close() };
  }
  // A copy of the run's migrated data directory: much faster than initdb and every migration.
  const dataDir = fs.mkdtempSync(path.join(runDir, 'db-'));
  fs.cpSync(template, path.join(dataDir, 'pgdata'), { recursive: true, mode: fs.constants.COPYFILE_FICLONE });
  const config = testConfig({ WAYMARK_DATA_DIR: dataDir, ...env }, overrides);
  const db = await openDatabase(config);
  return {
    db,
    config,
    destroy: async () => {
      await db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Session {
  userId: string;
  email: string;
  cookie: string;
  csrf: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  del(url: string): Promise<LightMyRequestResponse>;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
  /** Inserts a center (and its chapter when a chapter name is given). */
  createCenter(
    values?: Partial<{
      name: string;
      state: string;
      county: string;
      zip3: string;
      memberType: string;
      active: boolean;
    }>,
  ): Promise<string>;
  createPartner(name?: string): Promise<string>;
  createUser(values: {
    role?: Role;
    centerId?: string | null;
    partnerId?: string | null;
    email?: string;
    name?: string;
    status?: 'active' | 'deactivated';
    roles?: { role: Role; centerId?: string | null; partnerId?: string | null }[];
  }): Promise<TestUser>;
  setSetting(key: string, value: unknown): Promise<void>;
  /** Signs in through POST /auth/login and returns a session that sends the cookie and CSRF token. */
  login(email: string, password?: string): Promise<Session>;
  /** Creates a user with one role and signs them in. */
  signIn(role: Role, scope?: { centerId?: string | null; partnerId?: string | null }): Promise<Session>;
  close(): Promise<void>;
}

export function cookieFrom(response: LightMyRequestResponse): string | null {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  for (const c of all) {
    const m = /^((?:__Host-)?waymark_session)=([^;]*)/.exec(c);
    if (m && m[2]) return `${m[1]}=${m[2]}`;
  }
  return null;
}

export function makeSession(
  app: FastifyInstance,
  user: { id: string; email: string },
  cookie: string,
  csrf: string,
): Session {
  const s: Session = {
    userId: user.id,
    email: user.email,
    cookie,
    csrf,
    request: (options) => {
      const method = (options.method ?? 'GET').toUpperCase();
      const headers: Record<string, string> = {
        cookie: s.cookie,
        ...(options.headers as Record<string, string> | undefined),
      };
      if (!['GET', 'HEAD'].includes(method) && headers['x-csrf-token'] === undefined)
        headers['x-csrf-token'] = s.csrf;
      return app.inject({ ...options, method: method as InjectOptions['method'], headers });
    },
    get: (url) => s.request({ method: 'GET', url }),
    post: (url, payload) =>
      s.request({ method: 'POST', url, ...(payload !== undefined ? { payload: payload as object } : {}) }),
    patch: (url, payload) => s.request({ method: 'PATCH', url, payload: payload as object }),
    del: (url) => s.request({ method: 'DELETE', url }),
  };
  return s;
}

let counter = 0;
export function uniqueEmail(prefix = 'person'): string {
  counter++;
  return `${prefix}.${counter}.${randomUUID().slice(0, 8)}@test.waymark.test`;
}

export async function buildTestApp(
  options: {
    env?: Record<string, string>;
    config?: Partial<Config>;
    app?: Partial<BuildAppOptions>;
    mfaRequired?: boolean;
  } = {},
): Promise<TestApp> {
  const tdb = await createTestDatabase(options.env, options.config);
  const { db } = tdb;
  // Most tests sign in without a second factor; MFA tests turn the network requirement back on.
  await db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
    trx
      .insertInto('network_setting')
      .values({ key: 'mfa.required', value: JSON.stringify(options.mfaRequired ?? false) })
      .execute(),
  );
  const app = await buildApp({
    config: tdb.config,
    db,
    logger: pino({ level: process.env.WAYMARK_TEST_LOG ?? 'silent' }),
    webRoot: null,
    mailTransport: null,
    ...options.app,
  });
  await app.ready();
  const t: TestApp = {
    ...tdb,
    app,
    createCenter: async (values = {}) => {
      const row = await db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
        trx
          .insertInto('center')
          .values({
            name: values.name ?? `Test Center ${randomUUID().slice(0, 8)}`,
            state: values.state ?? 'TX',
            county: values.county ?? 'Travis',
            zip3: values.zip3 ?? '787',
            member_type: (values.memberType ?? 'accredited') as 'accredited',
            active: values.active ?? true,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      return row.id;
    },
    createPartner: async (name) => {
      const row = await db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
        trx
          .insertInto('partner_organization')
          .values({ name: name ?? `Partner ${randomUUID().slice(0, 8)}` })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      return row.id;
    },
    createUser: async (values) => {
      const email = values.email ?? uniqueEmail(values.role ?? 'user');
      const hash = await testPasswordHash();
      const roles =
        values.roles ??
        (values.role
          ? [{ role: values.role, centerId: values.centerId ?? null, partnerId: values.partnerId ?? null }]
          : []);
      const id = await db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
        const user = await trx
          .insertInto('app_user')
          .values({
            email,
            display_name: values.name ?? email.split('@')[0]!,
            password_hash: hash,
            status: values.status ?? 'active',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        for (const r of roles) {
          await trx
            .insertInto('membership')
            .values({
              user_id: user.id,
              role: r.role,
              center_id: r.centerId ?? null,
              partner_id: r.partnerId ?? null,
            })
            .execute();
        }
        return user.id;
      });
      return { id, email, password: TEST_PASSWORD };
    },
    setSetting: async (key, value) => {
      await db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
        trx
          .insertInto('network_setting')
          .values({ key, value: JSON.stringify(value) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
          .execute(),
      );
    },
    login: async (email, password = TEST_PASSWORD) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password },
      });
      if (response.statusCode !== 200)
        throw new Error(`login of ${email} failed: ${response.statusCode} ${response.body}`);
      const cookie = cookieFrom(response);
      if (!cookie) throw new Error('login set no session cookie');
      const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
      const body = me.json<{ user: { id: string } }>();
      return makeSession(
        app,
        { id: body.user.id, email },
        cookie,
        response.json<{ csrfToken: string }>().csrfToken,
      );
    },
    signIn: async (role, scope = {}) => {
      const user = await t.createUser({
        role,
        centerId: scope.centerId ?? null,
        partnerId: scope.partnerId ?? null,
      });
      return t.login(user.email, user.password);
    },
    close: async () => {
      await app.close();
      await tdb.destroy();
    },
  };
  return t;
}
