/**
 * Benchmark of the care outcome queries on national-scale care data.
 *
 * On a scratch PostgreSQL database (`wm_bench_<random>` on the server named by
 * WAYMARK_TEST_DATABASE_URL, dropped at the end) it migrates and runs `waymark seed --scale national`
 * with N episodes (default 1,200,000: about 10 million sessions and 10 million administrations),
 * printing the time of each seed stage. Then it builds the app, signs in as the demo network
 * administrator and the demo center director, and times through app.inject, sequentially (one
 * warm-up, then the median of R runs):
 *   - GET /api/v1/outcomes for a year at each level: network, state (every state), center (every
 *     center of the director's state) and clinician (the director's center);
 *   - GET /api/v1/episodes?centerId=... : one center's caseload, first page, with what is due;
 * and, as a baseline on the same Database object, a bare Fastify instance whose one route counts
 * the administrations (`select count(*) from measure_administration`, a full pass over 10 million
 * rows). Each query's ratio to the baseline is printed. No timing assertions: this only reports.
 *
 *   WAYMARK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:care-outcomes
 *   ... npm run bench:care-outcomes -- --episodes 100000 --runs 3
 *   ... npm run bench:care-outcomes -- --keep                 # keep the database, print its name
 *   ... npm run bench:care-outcomes -- --reuse wm_bench_1234  # time a kept database again, no seeding
 *   ... npm run bench:care-outcomes -- --reuse wm_bench_1234 --explain docs/sql/care-outcomes.sql
 *
 * --explain FILE writes the key statements as they run (the outcome summary at each level, and the
 * caseload), each with its EXPLAIN (ANALYZE, BUFFERS) plan as the administrator and as the director.
 *
 * --compare-copy N times the seed's way of writing rows against COPY of the same rows (see
 * compareCopy below), for the sessions and administrations of N episodes. It needs a server on this
 * machine and a superuser (COPY to and from a server file).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/server/app.js';
import { loadConfig, type Config } from '../src/server/config.js';
import { openDatabase, type Database, type DbScope } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import {
  careSeedContext,
  careSeedStatements,
  DEFAULT_CARE_EPISODES,
} from '../src/server/db/seed/care-national.js';
import { seedAccess } from '../src/server/db/seed/access.js';
import { seedNational } from '../src/server/db/seed/seed.js';
import { findEpisodes } from '../src/server/modules/care/care.repo.js';
import { instrumentsFor } from '../src/server/modules/care/care.service.js';
import {
  outcomeSummaryQuery,
  settingsFor,
  visibleCentersOf,
  type SummaryFilter,
} from '../src/server/modules/care/summary.repo.js';
import { PasswordHasher } from '../src/server/modules/identity/passwords.js';

const ADMIN_EMAIL = 'admin@demo.waymark.test';
const DIRECTOR_EMAIL = 'director@demo.waymark.test';
const DEMO_PASSWORD = 'Lantern-Meadow-Quartz-81';
const SECRET_KEY = Buffer.alloc(32, 7).toString('base64');
/** The year every outcome query asks about: the middle of the seed's three years of referrals. */
const YEAR = { from: '2025-01-01', to: '2025-12-31' };

interface Options {
  episodes: number;
  runs: number;
  keep: boolean;
  reuse: string | null;
  explain: string | null;
  compareCopy: number | null;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    episodes: DEFAULT_CARE_EPISODES,
    runs: 5,
    keep: false,
    reuse: null,
    explain: null,
    compareCopy: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    const whole = (min: number): number => {
      const n = Number(next());
      if (!Number.isInteger(n) || n < min) throw new Error(`${arg} needs a whole number of at least ${min}`);
      return n;
    };
    if (arg === '--episodes') o.episodes = whole(1);
    else if (arg === '--runs') o.runs = whole(1);
    else if (arg === '--keep') o.keep = true;
    else if (arg === '--reuse') {
      o.reuse = next();
      if (!/^[a-z_][a-z0-9_]*$/.test(o.reuse)) throw new Error('--reuse takes the name of a database');
    } else if (arg === '--explain') o.explain = next();
    else if (arg === '--compare-copy') o.compareCopy = whole(1);
    else if (arg !== '--')
      throw new Error(
        `Unknown argument ${arg} (use --episodes N, --runs N, --keep, --reuse NAME, --explain FILE, --compare-copy N)`,
      );
  }
  return o;
}

// Statistics ---------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? sorted[(n - 1) / 2]! : (sorted[n / 2 - 1]! + sorted[n / 2]!) / 2;
}

function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

// Database -----------------------------------------------------------------------------------------

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function benchConfig(dataDir: string, databaseUrl: string): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    WAYMARK_DATA_DIR: dataDir,
    WAYMARK_SECRET_KEY: SECRET_KEY,
    WAYMARK_LOGIN_RATE_LIMIT: '10000',
    DATABASE_URL: databaseUrl,
  });
}

async function admin(baseUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Seeds and returns the time of each stage, in seconds, in order. */
async function seed(db: Database, episodes: number): Promise<[string, number][]> {
  const hash = await new PasswordHasher(1).hash(DEMO_PASSWORD);
  const started = performance.now();
  let careStarted = 0;
  let last = '';
  const national = await seedNational(db, {
    demoPasswordHash: hash,
    careEpisodes: episodes,
    onProgress: (stage, done, total) => {
      if (stage !== last) note(`  ${stage}…`);
      last = stage;
      if (stage.startsWith('care') && careStarted === 0) careStarted = performance.now();
      if (done === total && stage.startsWith('care')) note(`  ${stage}: ${done} done`);
    },
  });
  const { care } = national;
  note(
    `  seeded ${national.centers} centers, ${national.users} people, ${care.episodes} episodes, ` +
      `${care.sessions} sessions, ${care.administrations} administrations`,
  );
  return [
    [
      `centers and people (${national.centers} centers, ${national.users} people)`,
      (careStarted - started) / 1000,
    ],
    [`care episodes (${care.episodes})`, care.seconds.episodes],
    [`care sessions (${care.sessions})`, care.seconds.sessions],
    [`care administrations (${care.administrations})`, care.seconds.administrations],
    ['vacuum (analyze) of the care tables', care.seconds.vacuum],
    ['total', (performance.now() - started) / 1000],
  ];
}

// Requests -----------------------------------------------------------------------------------------

function sessionCookie(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const all = Array.isArray(header) ? header : header ? [header] : [];
  for (const c of all) {
    const m = /^((?:__Host-)?waymark_session)=([^;]*)/.exec(c);
    if (m && m[2]) return `${m[1]}=${m[2]}`;
  }
  throw new Error('sign-in set no session cookie');
}

async function signIn(app: FastifyInstance, email: string): Promise<string> {
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: DEMO_PASSWORD },
  });
  if (login.statusCode !== 200) throw new Error(`signing in as ${email}: ${login.statusCode} ${login.body}`);
  return sessionCookie(login);
}

interface Timed {
  name: string;
  as: string;
  rows: number;
  median: number;
  min: number;
}

/** One warm-up, then `runs` sequential requests; the body's `items` length is reported as rows. */
async function time(
  app: FastifyInstance,
  name: string,
  as: string,
  url: string,
  cookie: string | null,
  runs: number,
): Promise<Timed> {
  const send = () => app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
  const check = (r: LightMyRequestResponse): number => {
    if (r.statusCode !== 200)
      throw new Error(`GET ${url} as ${as} answered ${r.statusCode}: ${r.body.slice(0, 500)}`);
    const body = r.json<{
      items?: unknown[];
      rows?: unknown[];
      count?: number;
      input?: { centers: unknown[] };
    }>();
    return body.items?.length ?? body.rows?.length ?? body.input?.centers.length ?? body.count ?? 0;
  };
  note(`  ${name} as ${as}…`);
  let rows = check(await send());
  const wall: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = await send();
    wall.push(performance.now() - t0);
    rows = check(r);
  }
  return { name, as, rows, median: median(wall), min: Math.min(...wall) };
}

/** The baseline: a bare Fastify instance, one route, one count over every administration. */
async function buildBaseline(db: Database): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get('/count', async () =>
    db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
      const { rows } = await sql<{
        n: number;
      }>`select count(*)::int as n from measure_administration`.execute(trx);
      return { count: rows[0]!.n };
    }),
  );
  await app.ready();
  return app;
}

// EXPLAIN ------------------------------------------------------------------------------------------

interface Statement {
  title: string;
  sql: string;
  parameters: readonly unknown[];
}

/**
 * The statement findEpisodes sends, caught on its way to the driver: the caseload query is built
 * inside the repository, so this is the only way to see it exactly as run.
 */
async function caughtStatement(run: () => Promise<unknown>): Promise<{ text: string; values: unknown[] }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let caught: { text: string; values: unknown[] } | null = null;
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (typeof args[0] === 'string' && /\bwith e as\b/.test(args[0]))
      caught = { text: args[0], values: (args[1] as unknown[]) ?? [] };
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    proto.query = original;
  }
  if (!caught) throw new Error('the caseload statement was not seen');
  return caught;
}

/** A statement with its parameters written in, for reading and for psql. */
function inline(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, i: string) => {
    const v = values[Number(i) - 1];
    if (typeof v === 'number') return String(v);
    if (Array.isArray(v)) return `'{${v.join(',')}}'`;
    return `'${String(v).replace(/'/g, "''")}'`;
  });
}

async function explainAll(
  db: Database,
  scopes: { as: string; scope: DbScope }[],
  centerId: string,
  state: string,
): Promise<string> {
  const levels: { title: string; filter: SummaryFilter }[] = [
    { title: 'Outcome summary, network level, 2025', filter: { level: 'network', ...YEAR } },
    { title: 'Outcome summary, state level (every state), 2025', filter: { level: 'state', ...YEAR } },
    {
      title: `Outcome summary, center level (every center in ${state}), 2025`,
      filter: { level: 'center', state, ...YEAR },
    },
    {
      title: "Outcome summary, clinician level (the director's center), 2025",
      filter: { level: 'clinician', centerId, ...YEAR },
    },
  ];
  const out: string[] = [];
  for (const { title, filter } of [...levels, { title: 'Caseload: one center, first page', filter: null }]) {
    for (const { as, scope } of scopes) {
      note(`  EXPLAIN ${title} as ${as}…`);
      const section = await db.scoped(scope, async (trx): Promise<{ statement: Statement; plan: string }> => {
        let statement: Statement;
        const settings: string[] = [];
        if (filter) {
          const defs = await instrumentsFor(trx);
          const params = [...defs.values()].map((d) => ({
            code: d.code,
            sd: d.reliableChange.sd,
            reliability: d.reliableChange.reliability,
            clinicalCutoff: d.clinicalCutoff,
          }));
          const visible = await visibleCentersOf(trx);
          // The settings outcomeSummary() gives the statement.
          for (const [name, value] of Object.entries(settingsFor(filter))) {
            await sql`select set_config(${name}, ${value}, true)`.execute(trx);
            settings.push(`set local ${name} = '${value}';`);
          }
          const compiled = outcomeSummaryQuery(filter, params, visible).compile(trx);
          statement = { title, sql: compiled.sql, parameters: compiled.parameters };
        } else {
          const caught = await caughtStatement(() => findEpisodes(trx, { centerId, limit: 50, offset: 0 }));
          statement = { title, sql: caught.text, parameters: caught.values };
        }
        const result = await trx.executeQuery<Record<string, string>>(
          CompiledQuery.raw(`explain (analyze, buffers) ${statement.sql}`, [...statement.parameters]),
        );
        const plan = result.rows.map((r) => r['QUERY PLAN']).join('\n');
        return { statement: { ...statement, sql: `${settings.join('\n')}\n${statement.sql}`.trim() }, plan };
      });
      if (as === scopes[0]!.as)
        out.push(
          `-- ${'='.repeat(96)}\n-- ${title}\n-- ${'='.repeat(96)}\n\n${inline(section.statement.sql, section.statement.parameters).trim()};\n`,
        );
      const execution = /Execution Time: ([\d.]+) ms/.exec(section.plan)?.[1] ?? '?';
      out.push(
        `-- Plan as the ${as} (execution ${execution} ms):\n${section.plan
          .split('\n')
          .map((l) => `--   ${l}`)
          .join('\n')}\n`,
      );
    }
  }
  return out.join('\n');
}

// Seeding by INSERT ... SELECT against COPY -------------------------------------------------------

/**
 * The national seed writes each chunk with one INSERT ... SELECT that generates the rows inside the
 * database. This times that statement for the sessions and administrations of episodes 1..N against
 * COPY FROM of exactly the same rows, each into an empty copy of the table (same columns, checks and
 * indexes; neither copy has foreign keys or row-level security). The rows for COPY are first written
 * to a server file by COPY (the same SELECT) TO: that time is shown apart, since COPY alone leaves
 * out producing the rows, which a client streaming them would have to do as well.
 */
async function compareCopy(db: Database, episodes: number): Promise<string[]> {
  const ctx = await careSeedContext(db, 1);
  const file = path.join(os.tmpdir(), `wm_bench_copy_${randomBytes(6).toString('hex')}.csv`);
  const run = (statement: string) => db.kysely.executeQuery(CompiledQuery.raw(statement));
  const lines: string[] = [];
  try {
    await run(`set jit = off`);
    for (const [stage, table] of [
      ['sessions', 'episode_session'],
      ['administrations', 'measure_administration'],
    ] as const) {
      note(`  INSERT ... SELECT against COPY: ${stage} of ${episodes} episodes…`);
      const statement = careSeedStatements(ctx, 1, episodes)[stage];
      const insert = new RegExp(`insert into ${table} \\(([^)]*)\\)`);
      const columns = insert.exec(statement)?.[1];
      if (!columns) throw new Error(`the ${stage} statement has no insert into ${table}`);
      await run(`drop table if exists wm_copy_a, wm_copy_b`);
      for (const copy of ['wm_copy_a', 'wm_copy_b'])
        await run(
          `create table ${copy} (like ${table} including defaults including constraints including indexes)`,
        );
      const t0 = performance.now();
      const inserted = await run(statement.replace(insert, `insert into wm_copy_a (${columns})`));
      const insertSeconds = (performance.now() - t0) / 1000;
      const t1 = performance.now();
      await run(`copy (${statement.replace(insert, '')}) to '${file}'`);
      const writeSeconds = (performance.now() - t1) / 1000;
      const t2 = performance.now();
      await run(`copy wm_copy_b (${columns}) from '${file}'`);
      const copySeconds = (performance.now() - t2) / 1000;
      lines.push(
        `${stage} of ${episodes} episodes (${Number(inserted.numAffectedRows ?? 0)} rows): ` +
          `INSERT ... SELECT ${insertSeconds.toFixed(1)} s; COPY FROM ${copySeconds.toFixed(1)} s ` +
          `(after ${writeSeconds.toFixed(1)} s to produce the rows for it)`,
      );
    }
  } finally {
    await run(`drop table if exists wm_copy_a, wm_copy_b`);
    fs.rmSync(file, { force: true });
  }
  return lines;
}

// Main ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const baseUrl = process.env.WAYMARK_TEST_DATABASE_URL;
  if (!baseUrl)
    throw new Error('Set WAYMARK_TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test');
  const cpus = os.cpus();
  console.log('Waymark benchmark: care outcome queries on national-scale care data (PostgreSQL)');
  console.log(
    `machine: ${cpus.length} cpus (${cpus[0]?.model.trim() ?? 'unknown'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${process.platform}/${process.arch}`,
  );

  const dbName = options.reuse ?? `wm_bench_${randomBytes(6).toString('hex')}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-'));
  let created = false;
  let db: Database | null = null;
  let app: FastifyInstance | null = null;
  let baseline: FastifyInstance | null = null;
  try {
    if (!options.reuse) {
      await admin(baseUrl, `create database ${dbName}`);
      created = true;
    }
    const config = benchConfig(dataDir, withDatabase(baseUrl, dbName));
    db = await openDatabase(config);
    await migrateToLatest(db);
    const server = await db.kysely.executeQuery<{ version: string }>(CompiledQuery.raw('select version()'));
    console.log(`server: ${server.rows[0]?.version.split(',')[0] ?? '?'}; database ${dbName}`);

    if (!options.reuse) {
      note(`Seeding ${options.episodes} episodes into ${dbName}…`);
      const stages = await seed(db, options.episodes);
      console.log('');
      console.log('seed stage                                                  seconds');
      for (const [stage, seconds] of stages)
        console.log(`${stage.padEnd(58)} ${seconds.toFixed(1).padStart(8)}`);
    } else console.log('seed: reused, not timed');
    // A database seeded before the access module has no training, FTEs or reported months yet.
    const capacityRows = await db.kysely.executeQuery<{ n: number }>(
      CompiledQuery.raw('select count(*)::int as n from clinician_capacity'),
    );
    if (capacityRows.rows[0]!.n === 0) {
      note('Adding the access data (training, FTEs, reported months)…');
      const t0 = performance.now();
      const added = await db.scoped({ purpose: 'system', allCenters: true }, (trx) =>
        seedAccess(trx, { seed: 1, today: new Date().toISOString().slice(0, 10) }),
      );
      console.log(
        `access data: ${added.trained} trained, ${added.capacityRows} FTEs, ${added.reportedMonths} reported months ` +
          `in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }

    const people = await db.kysely
      .selectFrom('app_user as u')
      .innerJoin('membership as m', 'm.user_id', 'u.id')
      .leftJoin('center as c', 'c.id', 'm.center_id')
      .select(['u.id', 'u.email', 'm.role', 'm.center_id', 'c.state'])
      .where('u.email', 'in', [ADMIN_EMAIL, DIRECTOR_EMAIL])
      .execute();
    const adminRow = people.find((p) => p.email === ADMIN_EMAIL);
    const directorRow = people.find((p) => p.email === DIRECTOR_EMAIL && p.role === 'center_director');
    if (!adminRow || !directorRow?.center_id || !directorRow.state)
      throw new Error('the demo accounts are missing');
    const centerId = directorRow.center_id;
    const state = directorRow.state;
    const counts = await db.kysely.executeQuery<{ episodes: number; year: number; center: number }>(
      CompiledQuery.raw(
        `select (select count(*) from episode)::int as episodes,
           (select count(*) from episode where started_on between $1 and $2)::int as year,
           (select count(*) from episode where center_id = $3)::int as center`,
        [YEAR.from, YEAR.to, centerId],
      ),
    );
    const c = counts.rows[0]!;
    console.log(
      `data: ${c.episodes} episodes, ${c.year} with a first session in 2025; ` +
        `the director's center (${state}) has ${c.center} episodes`,
    );

    if (options.compareCopy) {
      console.log('');
      for (const line of await compareCopy(db, options.compareCopy)) console.log(line);
    }

    if (options.explain) {
      note('Writing the statements and their plans…');
      const scopes = [
        { as: 'network administrator', scope: { purpose: 'user', userId: adminRow.id, allCenters: true } },
        {
          as: 'center director',
          scope: {
            purpose: 'user',
            userId: directorRow.id,
            centerIds: [centerId],
            manageCenterIds: [centerId],
          },
        },
      ] satisfies { as: string; scope: DbScope }[];
      const body = await explainAll(db, scopes, centerId, state);
      const header = fs.existsSync(options.explain)
        ? fs.readFileSync(options.explain, 'utf8').split('-- @plans')[0]!
        : '';
      fs.writeFileSync(
        options.explain,
        `${header}-- @plans (written by bench/care-outcomes.ts --explain)\n\n${body}`,
      );
      console.log(`plans written to ${options.explain}`);
    }

    app = await buildApp({ config, db, logger: pino({ level: 'silent' }), webRoot: null, jobs: false });
    await app.ready();
    const cookies = {
      'network administrator': await signIn(app, ADMIN_EMAIL),
      'center director': await signIn(app, DIRECTOR_EMAIL),
    };
    const period = `from=${YEAR.from}&to=${YEAR.to}`;
    const queries: [string, string][] = [
      ['outcomes: network', `/api/v1/outcomes?level=network&${period}`],
      ['outcomes: every state', `/api/v1/outcomes?level=state&${period}`],
      [`outcomes: every center in ${state}`, `/api/v1/outcomes?level=center&state=${state}&${period}`],
      [
        'outcomes: clinicians of one center',
        `/api/v1/outcomes?level=clinician&centerId=${centerId}&${period}`,
      ],
      ['caseload: one center, first page', `/api/v1/episodes?centerId=${centerId}&pageSize=50`],
      ['access gap: every state', '/api/v1/access/gap?level=state&period=2025&trendMonths=24'],
      ['access gap: every center', '/api/v1/access/gap?level=center&period=2025&trendMonths=12'],
      ['access gap: the nation', '/api/v1/access/gap?level=nation&period=2025&trendMonths=24'],
    ];
    const adminOnly: [string, string][] = [
      ['planner: suggested request', '/api/v1/plans/suggested?period=2025'],
    ];
    note(`Timing (1 warm-up + ${options.runs} runs each)…`);
    baseline = await buildBaseline(db);
    const base = await time(
      baseline,
      'baseline: count(*) of measure_administration',
      'bare route',
      '/count',
      null,
      options.runs,
    );
    const results: Timed[] = [];
    for (const [as, cookie] of Object.entries(cookies))
      for (const [name, url] of [...queries, ...(as === 'network administrator' ? adminOnly : [])])
        results.push(await time(app, name, as, url, cookie, options.runs));

    console.log('');
    const header = ['query', 'as', 'rows', 'median ms', 'min ms', 'ratio'];
    const rows = [...results, base].map((r) => [
      r.name,
      r.as,
      String(r.rows),
      r.median.toFixed(1),
      r.min.toFixed(1),
      `${(r.median / base.median).toFixed(2)}x`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (cells: string[]): string =>
      cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
    console.log(fmt(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const r of rows) console.log(fmt(r));
    console.log('');
    console.log(
      `ratio = median / the baseline's median (one count over ${base.rows} administrations); ` +
        `wall time per request through app.inject, ${options.runs} runs after one warm-up`,
    );
    if (options.keep && !options.reuse)
      console.log(`kept the database ${dbName} (--reuse ${dbName} to time it again)`);
  } finally {
    await baseline?.close().catch((e: unknown) => console.error('closing the baseline app:', e));
    await app?.close().catch((e: unknown) => console.error('closing the app:', e));
    await db?.close().catch((e: unknown) => console.error('closing the database:', e));
    if (created && !options.keep)
      await admin(baseUrl, `drop database if exists ${dbName} with (force)`).catch((e: unknown) => {
        console.error(`dropping ${dbName}:`, e);
        process.exitCode = 1;
      });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
