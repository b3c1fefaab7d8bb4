/**
 * `waymark import episodes|sessions|administrations`: run as a child process against a real
 * database, as an operator would. A clean file is written and a re-run changes nothing; a file
 * with a rejected row writes nothing, leaves FILE.errors.csv and exits 2; an identifier column
 * refuses the file; bad arguments get a message that names them.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase, type Database } from '../../src/server/db/database.js';
import { ENGINE } from '../helpers/test-app.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

/** A new, empty database on the engine under test, and the environment that points the CLI at it. */
async function emptyTarget(): Promise<{ env: Record<string, string>; open(): Promise<Database> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-cli-care-'));
  const base = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    WAYMARK_SECRET_KEY: 'kQeOe3VRkR4Z5pCjK3Yb3w0yJv8Qm0bMyqzC8F6dQ1Q=',
    WAYMARK_DATA_DIR: dataDir,
  };
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  if (ENGINE === 'postgres') {
    const name = `${inject('pgTemplate')}_clicare_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const admin = new pg.Client({ connectionString: inject('pgBaseUrl') });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(inject('pgBaseUrl'));
    url.pathname = `/${name}`;
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: inject('pgBaseUrl') });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    });
    const env = { ...base, DATABASE_URL: url.toString() };
    return { env, open: () => openDatabase(loadConfig(env)) };
  }
  const env = { ...base, DATABASE_URL: '' };
  return { env, open: () => openDatabase(loadConfig(env)) };
}

function waymark(
  env: Record<string, string>,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env, CI: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function csvFile(name: string, lines: string[]): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-care-csv-')), name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('waymark import of care data', { timeout: 240_000 }, () => {
  it('imports a file, changes nothing on a re-run, and writes nothing when a row is rejected', async () => {
    const t = await emptyTarget();
    expect((await waymark(t.env, ['migrate'])).code).toBe(0);
    const db = await t.open();
    let centerId: string;
    try {
      centerId = await db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
        const center = await trx
          .insertInto('center')
          .values({
            name: 'Prairie Light CAC',
            state: 'KS',
            county: 'Sedgwick',
            zip3: '672',
            member_type: 'accredited',
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const user = await trx
          .insertInto('app_user')
          .values({ email: 'rivera@prairie.test', display_name: 'Dr Rivera' })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('membership')
          .values({ user_id: user.id, role: 'clinician', center_id: center.id })
          .execute();
        return center.id;
      });
    } finally {
      await db.close();
    }

    // A case-tracking export: no center column (--center names it), its own header names.
    const episodes = csvFile('episodes.csv', [
      'Case Number,Therapist Email,Age at Referral,Sex,Treatment Model,Referral Date,First Session',
      'C-2026-0001,rivera@prairie.test,9,F,TF-CBT,2026-01-05,2026-01-12',
      'C-2026-0002,rivera@prairie.test,13,M,TF-CBT,2026-01-19,',
    ]);
    const first = await waymark(t.env, ['import', 'episodes', episodes, '--center', 'Prairie Light CAC']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^2 rows of episodes read in [\d.]+ s\.$/m);
    expect(first.stdout).toMatch(/inserted:\s+2$/m);
    expect(first.stdout).toContain('column "Therapist Email" read as clinician_email');
    const again = await waymark(t.env, ['import', 'episodes', episodes, '--center', centerId]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/inserted:\s+0$/m);
    expect(again.stdout).toMatch(/unchanged:\s+2$/m);

    // One bad row (a session before the first session date): nothing is written, the problems go to a file.
    const sessions = csvFile('sessions.csv', [
      'center,case_code,Session Date,Duration,participants',
      'Prairie Light CAC,C-2026-0001,2026-01-12,60,child',
      'Prairie Light CAC,C-2026-0001,2026-01-07,60,child',
      'Prairie Light CAC,C-2026-0001,2026-01-19,50,child;caregiver',
    ]);
    const dry = await waymark(t.env, ['import', 'sessions', sessions, '--dry-run']);
    expect(dry.code).toBe(2);
    const rejected = await waymark(t.env, ['import', 'sessions', sessions]);
    expect(rejected.code).toBe(2);
    expect(rejected.stdout).toMatch(/rejected:\s+1$/m);
    expect(rejected.stdout).toContain(
      "line 3, held_on: is before the episode's first session (first_session_on)",
    );
    expect(rejected.stderr).toContain(
      `Nothing was imported: 1 row was rejected. Every problem is listed in ${sessions}.errors.csv`,
    );
    expect(fs.readFileSync(`${sessions}.errors.csv`, 'utf8')).toBe(
      "line,field,message\r\n3,held_on,is before the episode's first session (first_session_on)\r\n",
    );

    const fixed = sessions.replace(/sessions\.csv$/, 'fixed.csv');
    fs.writeFileSync(fixed, fs.readFileSync(sessions, 'utf8').replace('2026-01-07', '2026-01-26'));
    const clean = await waymark(t.env, ['import', 'sessions', fixed, '--map', 'Duration=minutes']);
    expect(clean.code, clean.stderr).toBe(0);
    expect(clean.stdout).toMatch(/inserted:\s+3$/m);

    const check = await t.open();
    try {
      const counts = await check.scoped(
        { purpose: 'system', allCenters: true },
        async (trx) =>
          (
            await sql<{ episodes: number; sessions: number; batches: number }>`
            select (select count(*)::int from episode) as episodes,
                   (select count(*)::int from episode_session) as sessions,
                   (select count(*)::int from import_batch where kind like 'care.%' and source = 'cli') as batches`.execute(
              trx,
            )
          ).rows[0],
      );
      expect(counts).toEqual({ episodes: 2, sessions: 3, batches: 5 });
    } finally {
      await check.close();
    }
  });

  it('refuses identifier columns and explains bad arguments', async () => {
    const t = await emptyTarget();
    expect((await waymark(t.env, ['migrate'])).code).toBe(0);
    const names = csvFile('names.csv', [
      'center,case_code,First Name,Date of Birth,instrument,phase,administered_on,total',
      'Any,C-1,Ada,2015-01-01,CATS-SR,baseline,2026-01-05,20',
    ]);
    const refused = await waymark(t.env, ['import', 'administrations', names]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'The file was refused before any row was read: the columns "First Name", "Date of Birth"',
    );
    expect(refused.stderr).not.toContain('Ada');

    const map = await waymark(t.env, ['import', 'episodes', names, '--map', 'no equals sign']);
    expect(map.code).toBe(1);
    expect(map.stderr).toContain(
      '--map: The mapping "no equals sign" must look like "Source Header=target_field".',
    );
    const missing = await waymark(t.env, ['import', 'sessions', '/nonexistent/sessions.csv']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read /nonexistent/sessions.csv: no such file');
    const center = await waymark(t.env, ['import', 'episodes', names, '--center', 'Nowhere CAC']);
    expect(center.code).toBe(1);
    expect(center.stderr).toContain('--center: no center has the id or name "Nowhere CAC".');
    const help = await waymark(t.env, ['import', 'administrations', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--map <header=field>/);
    expect(help.stdout).toMatch(/--dry-run/);
  });
});
