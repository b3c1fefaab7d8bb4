/**
 * Benchmark of GET /api/v1/progress (CredentialsService.roster): the certification progress of
 * every clinician in a network administrator's reach on the demo network (about 245 clinicians).
 *
 * For each engine (PGlite in memory always; PostgreSQL when WAYMARK_TEST_DATABASE_URL is set, in a
 * fresh database `wm_bench_<random>` that is dropped at the end) it migrates, seeds the demo
 * network, signs in as admin@demo.waymark.test and times the endpoint through app.inject. A
 * baseline on the same database and the same Database object (a bare Fastify instance whose one
 * route selects the same clinicians and returns them as JSON) is timed the same way, and the
 * ratio of the two medians is printed. No timing assertions: this only reports.
 *
 *   npm run bench:progress
 *   WAYMARK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:progress
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/server/app.js';
import { loadConfig, type Config } from '../src/server/config.js';
import { openDatabase, type Database } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { seedDemo } from '../src/server/db/seed/seed.js';
import { PasswordHasher } from '../src/server/modules/identity/passwords.js';

const WARMUP = 3;
const RUNS = 20;
const ADMIN_EMAIL = 'admin@demo.waymark.test';
const DEMO_PASSWORD = 'Lantern-Meadow-Quartz-81';
const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');

type EngineName = 'pglite' | 'postgres';

interface Result {
  engine: EngineName;
  clinicians: number;
  evaluations: number;
  baselineRows: number;
  progressMedian: number;
  progressP95: number;
  computeMedian: number;
  baselineMedian: number;
  baselineP95: number;
  seedSeconds: number;
}

interface RosterBody {
  clinicians: number;
  computeMs: number;
  items: { pathways: unknown[] }[];
}

// Progress line on stderr --------------------------------------------------------------------------

class ProgressLine {
  #label = '';
  #started = 0;
  #timer: NodeJS.Timeout | null = null;
  readonly #tty = process.stderr.isTTY;

  constructor(private readonly prefix: string) {}

  stage(label: string): void {
    this.#finishLine();
    this.#label = label;
    this.#started = performance.now();
    if (this.#tty) {
      this.#draw();
      this.#timer = setInterval(() => this.#draw(), 250);
    } else {
      process.stderr.write(`[${this.prefix}] ${label}…\n`);
    }
  }

  done(): void {
    this.#finishLine();
    this.#label = '';
  }

  #draw(): void {
    const seconds = ((performance.now() - this.#started) / 1000).toFixed(1);
    process.stderr.write(`\r\x1b[K[${this.prefix}] ${this.#label}… ${seconds}s`);
  }

  #finishLine(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    if (this.#tty && this.#label) {
      this.#draw();
      process.stderr.write('\n');
    }
  }
}

// Statistics ---------------------------------------------------------------------------------------

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  // Nearest rank.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

/** Warms up, then times RUNS sequential requests; `check` validates (and may inspect) each response. */
async function timeRequests(
  send: () => Promise<LightMyRequestResponse>,
  check: (response: LightMyRequestResponse) => void,
): Promise<{ wall: number[]; last: LightMyRequestResponse }> {
  for (let i = 0; i < WARMUP; i++) check(await send());
  const wall: number[] = [];
  let last: LightMyRequestResponse | null = null;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const response = await send();
    wall.push(performance.now() - t0);
    check(response);
    last = response;
  }
  return { wall, last: last! };
}

function expectOk(what: string): (response: LightMyRequestResponse) => void {
  return (response) => {
    if (response.statusCode !== 200)
      throw new Error(`${what} answered ${response.statusCode}: ${response.body.slice(0, 500)}`);
  };
}

// Engines ------------------------------------------------------------------------------------------

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function benchConfig(dataDir: string, env: Record<string, string>): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    WAYMARK_DATA_DIR: dataDir,
    WAYMARK_SECRET_KEY: SECRET_KEY,
    WAYMARK_LOGIN_RATE_LIMIT: '10000',
    ...env,
  });
}

function sessionCookie(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  for (const c of all) {
    const m = /^((?:__Host-)?waymark_session)=([^;]*)/.exec(c);
    if (m && m[2]) return `${m[1]}=${m[2]}`;
  }
  throw new Error('sign-in set no session cookie');
}

/** The baseline: a bare Fastify instance, one route, one plain select of the same clinicians. */
async function buildBaseline(db: Database): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get('/clinicians', async () =>
    db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
      trx
        .selectFrom('membership as m')
        .innerJoin('app_user as u', 'u.id', 'm.user_id')
        .innerJoin('center as c', 'c.id', 'm.center_id')
        .select(['u.id', 'u.display_name', 'c.name as center_name'])
        .where('m.role', '=', 'clinician')
        .where('m.ended_at', 'is', null)
        .where('u.status', '=', 'active')
        .orderBy('u.display_name')
        .execute(),
    ),
  );
  await app.ready();
  return app;
}

async function benchEngine(engine: EngineName, hash: string, baseUrl: string | undefined): Promise<Result> {
  const line = new ProgressLine(engine);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-'));
  const dbName = `wm_bench_${randomBytes(6).toString('hex')}`;
  let created = false;
  let db: Database | null = null;
  let app: FastifyInstance | null = null;
  let baseline: FastifyInstance | null = null;
  try {
    let config: Config;
    if (engine === 'postgres') {
      if (!baseUrl) throw new Error('postgres needs WAYMARK_TEST_DATABASE_URL');
      line.stage(`creating database ${dbName}`);
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      try {
        await admin.query(`create database ${dbName}`);
        created = true;
      } finally {
        await admin.end();
      }
      config = benchConfig(dataDir, { DATABASE_URL: withDatabase(baseUrl, dbName) });
      db = await openDatabase(config);
    } else {
      config = benchConfig(dataDir, {});
      line.stage('opening PGlite in memory');
      db = await openDatabase(config, { inMemory: true });
    }

    line.stage('migrating');
    await migrateToLatest(db);
    line.stage('seeding the demo network (centers, people, training, credentials)');
    const seedStarted = performance.now();
    const seeded = await seedDemo(db, { demoPasswordHash: hash, config });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    line.stage(`seeded ${seeded.centers} centers, ${seeded.users} people; building the app`);
    app = await buildApp({ config, db, logger: pino({ level: 'silent' }), webRoot: null, jobs: false });
    await app.ready();

    line.stage(`signing in as ${ADMIN_EMAIL}`);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: ADMIN_EMAIL, password: DEMO_PASSWORD },
    });
    expectOk('POST /api/v1/auth/login')(login);
    const cookie = sessionCookie(login);
    const csrf = login.json<{ csrfToken?: string }>().csrfToken;
    if (!csrf) throw new Error('sign-in returned no CSRF token');
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expectOk('GET /api/v1/me')(me);

    line.stage(`timing GET /api/v1/progress (${WARMUP} warm-up + ${RUNS} runs)`);
    const computeMs: number[] = [];
    let counted = 0;
    const progressApp = app;
    const progress = await timeRequests(
      () => progressApp.inject({ method: 'GET', url: '/api/v1/progress', headers: { cookie } }),
      (response) => {
        expectOk('GET /api/v1/progress')(response);
        // Warm-up responses are checked but not counted.
        if (counted++ >= WARMUP) computeMs.push(response.json<RosterBody>().computeMs);
      },
    );
    const roster = progress.last.json<RosterBody>();
    const evaluations = roster.items.reduce((n, item) => n + item.pathways.length, 0);

    line.stage(`timing the baseline select (${WARMUP} warm-up + ${RUNS} runs)`);
    baseline = await buildBaseline(db);
    const baselineApp = baseline;
    const base = await timeRequests(
      () => baselineApp.inject({ method: 'GET', url: '/clinicians' }),
      expectOk('baseline GET /clinicians'),
    );
    const baselineRows = base.last.json<unknown[]>().length;

    // Sign out through the CSRF-protected route, as a browser would.
    const logout = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    if (logout.statusCode >= 400) throw new Error(`sign-out answered ${logout.statusCode}: ${logout.body}`);
    line.done();

    return {
      engine,
      clinicians: roster.clinicians,
      evaluations,
      baselineRows,
      progressMedian: median(progress.wall),
      progressP95: percentile(progress.wall, 95),
      computeMedian: median(computeMs),
      baselineMedian: median(base.wall),
      baselineP95: percentile(base.wall, 95),
      seedSeconds,
    };
  } finally {
    line.done();
    await baseline?.close().catch((e: unknown) => console.error('closing the baseline app:', e));
    await app?.close().catch((e: unknown) => console.error('closing the app:', e));
    await db?.close().catch((e: unknown) => console.error('closing the database:', e));
    if (created && baseUrl) {
      const admin = new pg.Client({ connectionString: baseUrl });
      try {
        await admin.connect();
        await admin.query(`drop database if exists ${dbName} with (force)`);
      } catch (e) {
        console.error(`dropping ${dbName}:`, e);
        process.exitCode = 1;
      } finally {
        await admin.end().catch(() => undefined);
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// Report -------------------------------------------------------------------------------------------

function printTable(results: readonly Result[]): void {
  const ms = (v: number): string => v.toFixed(1);
  const header = [
    'engine',
    'clinicians',
    'evaluations',
    'progress median ms',
    'progress p95 ms',
    'computeMs median',
    'baseline median ms',
    'ratio',
  ];
  const rows = results.map((r) => [
    r.engine,
    String(r.clinicians),
    String(r.evaluations),
    ms(r.progressMedian),
    ms(r.progressP95),
    ms(r.computeMedian),
    ms(r.baselineMedian),
    `${(r.progressMedian / r.baselineMedian).toFixed(1)}x`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(fmt(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
}

async function main(): Promise<void> {
  const baseUrl = process.env.WAYMARK_TEST_DATABASE_URL || undefined;
  const engines: EngineName[] = baseUrl ? ['pglite', 'postgres'] : ['pglite'];
  const cpus = os.cpus();
  console.log('Waymark benchmark: GET /api/v1/progress as a network administrator on the demo network');
  console.log(
    `machine: ${cpus.length} cpus (${cpus[0]?.model.trim() ?? 'unknown'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${process.platform}/${process.arch}`,
  );
  console.log(`runs: ${WARMUP} warm-up + ${RUNS} timed requests each, sequential, via app.inject`);
  if (!baseUrl) console.log('PostgreSQL: skipped (set WAYMARK_TEST_DATABASE_URL to include it)');
  console.log('');

  const hash = await new PasswordHasher(1).hash(DEMO_PASSWORD);
  const results: Result[] = [];
  for (const engine of engines) results.push(await benchEngine(engine, hash, baseUrl));

  printTable(results);
  console.log('');
  for (const r of results) {
    const note = r.baselineRows === r.clinicians ? '' : `  (differs from ${r.clinicians} clinicians!)`;
    console.log(
      `${r.engine}: seeded in ${r.seedSeconds.toFixed(1)}s; baseline returned ${r.baselineRows} rows${note}, ` +
        `baseline p95 ${r.baselineP95.toFixed(1)} ms`,
    );
  }
  console.log('ratio = progress median / baseline median (wall time per request through app.inject)');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
