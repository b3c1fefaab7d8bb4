/**
 * Benchmark of the care CSV importer against a raw PostgreSQL COPY of the same rows.
 *
 * On a scratch PostgreSQL database (`wm_bench_care_<random>`, dropped at the end) it migrates,
 * creates the centers, a clinician and the episodes the rows belong to, and writes two files of the
 * same N administrations (default 1,000,000):
 *   - the import file, as a case-tracking system exports it: center name, case code, instrument,
 *     phase, respondent, date, total;
 *   - the COPY file: the same rows already resolved to the table's columns (episode id, center id,
 *     band...), which is all COPY can take.
 * Then, in one run, on the same empty table with the same indexes and constraints:
 *   (a) `\copy measure_administration (...) from FILE` through psql, as the database owner (no
 *       lookups, no checks beyond the table's own, no row-level security);
 *   (b) CareImportService.importFile on the import file, in system scope, as `waymark import
 *       administrations` runs it: streamed, every row checked, written in committed chunks.
 * It prints the rows per second of each and the importer's speed as a share of COPY's.
 *
 *   npm run bench:care-import                       # 1,000,000 rows
 *   npm run bench:care-import -- --rows 100000
 *   WAYMARK_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:care-import
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, type Database } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { CareImportService } from '../src/server/modules/care/care-import.service.js';
import { getInstrument } from '../src/server/modules/care/instruments/index.js';
import { bandFor } from '../src/server/modules/care/scoring.js';
import { systemCtx } from '../src/server/platform/context.js';

const DEFAULT_ROWS = 1_000_000;
/** Episodes per center, and administrations per episode (two instruments at four time points). */
const EPISODES_PER_CENTER = 12_500;
const PHASES = [
  { phase: 'baseline', days: 0 },
  { phase: 'mid_treatment', days: 42 },
  { phase: 'end', days: 84 },
  { phase: 'follow_up', days: 140 },
] as const;
const INSTRUMENTS = [
  { code: 'CATS-SR', respondent: 'youth' },
  { code: 'CATS-C7', respondent: 'caregiver' },
] as const;
const PER_EPISODE = PHASES.length * INSTRUMENTS.length;
const COPY_COLUMNS =
  'episode_id, center_id, instrument, phase, respondent, administered_on, total_score, band, source';

function parseArgs(argv: string[]): { rows: number; chunk: number | undefined; writers: number | undefined } {
  let rows = DEFAULT_ROWS;
  let chunk: number | undefined;
  let writers: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${arg} needs a whole number of at least 1`);
      return n;
    };
    if (arg === '--rows') rows = value();
    else if (arg === '--chunk') chunk = value();
    else if (arg === '--writers') writers = value();
    else if (arg !== '--') throw new Error(`Unknown argument ${arg} (use --rows N, --chunk N, --writers N)`);
  }
  return { rows, chunk, writers };
}

function stage(label: string): () => number {
  const started = performance.now();
  process.stderr.write(`${label}…\n`);
  return () => (performance.now() - started) / 1000;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A deterministic pseudo-random sequence (the same files on every run of the same size). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

async function writeLines(file: string, lines: Iterable<string>): Promise<void> {
  const out = fs.createWriteStream(file);
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      buffer = '';
    }
  }
  out.end(buffer);
  await new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
  });
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}: ${err.trim()}`)),
    );
  });
}

interface Setup {
  centers: { id: string; name: string }[];
  episodes: { id: string; centerId: string; caseCode: string; startedOn: string }[];
}

async function createEpisodes(db: Database, count: number): Promise<Setup> {
  return db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
    const centerCount = Math.max(1, Math.ceil(count / EPISODES_PER_CENTER));
    const centers = await trx
      .insertInto('center')
      .values(
        Array.from({ length: centerCount }, (_, i) => ({
          name: `Benchmark Center ${i + 1}`,
          state: 'TX',
          county: 'Travis',
          zip3: '787',
          member_type: 'accredited' as const,
        })),
      )
      .returning(['id', 'name'])
      .execute();
    const clinician = await trx
      .insertInto('app_user')
      .values({ email: 'clinician@bench.waymark.test', display_name: 'Benchmark Clinician' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const model = await trx
      .selectFrom('training_model')
      .select('id')
      .where('code', '=', 'TF-CBT')
      .executeTakeFirstOrThrow();
    // Set-based: one statement makes every episode.
    await sql`
      insert into episode (center_id, clinician_id, case_code, age_years, caregiver_involved, model_id,
                           referred_on, started_on)
      select (${centers.map((c) => c.id)}::uuid[])[1 + (g - 1) / ${EPISODES_PER_CENTER}],
             ${clinician.id}::uuid, 'B-' || lpad(g::text, 7, '0'), 7 + g % 11, true, ${model.id}::uuid,
             date '2023-01-02' + (g % 600), date '2023-01-09' + (g % 600)
      from generate_series(1, ${count}::int) g`.execute(trx);
    const episodes = await trx
      .selectFrom('episode')
      .select(['id', 'center_id', 'case_code', 'started_on'])
      .orderBy('case_code')
      .execute();
    return {
      centers: centers.map((c) => ({ id: c.id, name: c.name })),
      episodes: episodes.map((e) => ({
        id: e.id,
        centerId: e.center_id,
        caseCode: e.case_code,
        startedOn: e.started_on!,
      })),
    };
  });
}

/** Writes the import file and the COPY file of the same `rows` administrations. */
async function writeFiles(setup: Setup, rows: number, importFile: string, copyFile: string): Promise<void> {
  const names = new Map(setup.centers.map((c) => [c.id, c.name]));
  const bands = new Map<string, string>();
  const band = (code: string, total: number) => {
    const key = `${code}|${total}`;
    let b = bands.get(key);
    if (!b) bands.set(key, (b = bandFor(getInstrument(code)!, total).code));
    return b;
  };
  const next = random(20261202);
  const plan: {
    e: Setup['episodes'][number];
    code: string;
    respondent: string;
    phase: string;
    on: string;
    total: number;
  }[] = [];
  outer: for (const e of setup.episodes) {
    for (const instrument of INSTRUMENTS) {
      const baseline = 20 + Math.floor(next() * 35);
      for (const [i, p] of PHASES.entries()) {
        if (plan.length >= rows) break outer;
        const total = Math.max(0, Math.min(60, baseline - i * Math.floor(next() * 8)));
        plan.push({
          e,
          code: instrument.code,
          respondent: instrument.respondent,
          phase: p.phase,
          on: addDays(e.startedOn, p.days),
          total,
        });
      }
    }
  }
  await writeLines(importFile, [
    'center,case_code,instrument,phase,respondent,administered_on,total\n',
    ...(function* () {
      for (const r of plan)
        yield `${names.get(r.e.centerId)},${r.e.caseCode},${r.code},${r.phase},${r.respondent},${r.on},${r.total}\n`;
    })(),
  ]);
  await writeLines(
    copyFile,
    (function* () {
      for (const r of plan)
        yield `${r.e.id},${r.e.centerId},${r.code},${r.phase},${r.respondent},${r.on},${r.total},${band(r.code, r.total)},import\n`;
    })(),
  );
}

async function main(): Promise<void> {
  const { rows, chunk, writers } = parseArgs(process.argv.slice(2));
  const baseUrl = process.env.WAYMARK_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `wm_bench_care_${randomBytes(5).toString('hex')}`;
  const url = withDatabase(baseUrl, dbName);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-care-'));
  const importFile = path.join(dir, 'administrations.csv');
  const copyFile = path.join(dir, 'administrations.copy.csv');
  const cpus = os.cpus();
  console.log('Waymark benchmark: care CSV import of administrations vs a raw COPY of the same rows');
  console.log(
    `machine: ${cpus.length} cpus (${cpus[0]?.model.trim() ?? 'unknown'}), ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${process.platform}/${process.arch}`,
  );

  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  let db: Database | null = null;
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      WAYMARK_DATA_DIR: dir,
      WAYMARK_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    db = await openDatabase(config);
    let done = stage(`migrating ${dbName}`);
    await migrateToLatest(db);
    done();
    const episodeCount = Math.ceil(rows / PER_EPISODE);
    done = stage(`creating ${episodeCount} episodes`);
    const setup = await createEpisodes(db, episodeCount);
    console.log(`setup: ${setup.centers.length} centers, ${episodeCount} episodes in ${done().toFixed(1)} s`);
    done = stage(`writing the files of ${rows} administrations`);
    await writeFiles(setup, rows, importFile, copyFile);
    console.log(
      `files: import ${(fs.statSync(importFile).size / 2 ** 20).toFixed(1)} MiB, ` +
        `COPY ${(fs.statSync(copyFile).size / 2 ** 20).toFixed(1)} MiB, written in ${done().toFixed(1)} s`,
    );
    const quiet = async () => {
      await sql`checkpoint`.execute(db!.kysely);
      await sql`vacuum analyze measure_administration`.execute(db!.kysely);
    };
    const countRows = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from measure_administration`.execute(db!.kysely))
          .rows[0]!.n,
      );

    // (a) COPY.
    await quiet();
    done = stage('timing COPY');
    await run(
      'psql',
      [
        url,
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        `\\copy measure_administration (${COPY_COLUMNS}) from '${copyFile}' with (format csv)`,
      ],
      process.env,
    );
    const copySeconds = done();
    const copied = await countRows();
    if (copied !== rows) throw new Error(`COPY loaded ${copied} rows, not ${rows}`);
    await sql`truncate measure_administration cascade`.execute(db.kysely);

    // (b) The importer, on an empty table again.
    await quiet();
    done = stage('timing the importer');
    const importStarted = performance.now();
    let checkedAt = 0;
    const service = new CareImportService();
    const report = await service.importFile(
      systemCtx(db, config, pino({ level: 'silent' })),
      'administrations',
      fs.createReadStream(importFile),
      {
        source: 'cli',
        filename: path.basename(importFile),
        ...(chunk ? { chunkSize: chunk } : {}),
        ...(writers ? { writers } : {}),
        onProgress: (step) => {
          if (step === 'writing' && checkedAt === 0) checkedAt = performance.now();
        },
      },
    );
    const importSeconds = done();
    if (report.status !== 'completed' || report.inserted !== rows)
      throw new Error(
        `The importer did not insert every row: ${report.status}, ${report.inserted} inserted, ` +
          `${report.rejected} rejected; first problems: ${JSON.stringify(report.rejections.slice(0, 3))}`,
      );
    const imported = await countRows();
    if (imported !== rows) throw new Error(`The importer left ${imported} rows, not ${rows}`);

    const copyRate = rows / copySeconds;
    const importRate = rows / importSeconds;
    console.log('');
    console.log(`rows:      ${rows}`);
    console.log(`COPY:      ${copySeconds.toFixed(2)} s, ${Math.round(copyRate)} rows/s`);
    console.log(
      `importer:  ${importSeconds.toFixed(2)} s, ${Math.round(importRate)} rows/s ` +
        `(${report.chunks} chunks of up to ${chunk ?? 10_000} rows, ${writers ?? 2} at a time)`,
    );
    if (checkedAt > 0)
      console.log(
        `           of which checking ${((checkedAt - importStarted) / 1000).toFixed(2)} s (to the first written chunk)`,
      );
    console.log(
      `ratio:     importer at ${((importRate / copyRate) * 100).toFixed(0)}% of COPY's speed (target: 50% or more)`,
    );
  } finally {
    await db?.close().catch(() => undefined);
    const c = new pg.Client({ connectionString: baseUrl });
    try {
      await c.connect();
      await c.query(`drop database if exists ${dbName} with (force)`);
    } catch (error) {
      console.error(`dropping ${dbName}:`, error);
      process.exitCode = 1;
    } finally {
      await c.end().catch(() => undefined);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
