/**
 * The `waymark` command, run as a separate process exactly as an operator would, against a fresh
 * database on the engine under test (a PGlite data directory, or a new PostgreSQL database).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase, type Database } from '../../src/server/db/database.js';
import { migrations } from '../../src/server/db/migrations/index.js';
import { PasswordHasher } from '../../src/server/modules/identity/passwords.js';
import { ENGINE } from '../helpers/test-app.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

interface Target {
  env: Record<string, string>;
  /** Opens the target's database (only while no CLI process holds it). */
  open(): Promise<Database>;
}

/** A new, empty database on the engine under test. */
async function emptyTarget(): Promise<Target> {
  const base = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    WAYMARK_DEMO_PASSWORD: 'Lantern-Meadow-Quartz-81',
    WAYMARK_SECRET_KEY: 'kQeOe3VRkR4Z5pCjK3Yb3w0yJv8Qm0bMyqzC8F6dQ1Q=',
    WAYMARK_PUBLIC_URL: 'https://waymark.example.org',
  };
  if (ENGINE === 'postgres') {
    const name = `${inject('pgTemplate')}_cli_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
    const admin = new pg.Client({ connectionString: inject('pgBaseUrl') });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(inject('pgBaseUrl'));
    url.pathname = `/${name}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-cli-'));
    const env = { ...base, DATABASE_URL: url.toString(), WAYMARK_DATA_DIR: dataDir };
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: inject('pgBaseUrl') });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    });
    return { env, open: () => openDatabase(loadConfig(env)) };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-cli-'));
  const env = { ...base, WAYMARK_DATA_DIR: dataDir, DATABASE_URL: '' };
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  return { env, open: () => openDatabase(loadConfig(env)) };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built command when the build is newer than the sources (npm test builds first), else the sources via tsx. */
function newest(dir: string): number {
  let m = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    m = Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return m;
}
const stamp = path.join(ROOT, 'dist', '.build-stamp');
const COMMAND =
  fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= newest(path.join(ROOT, 'src'))
    ? ['bin/waymark.js']
    : ['--import', 'tsx', 'src/cli/main.ts'];

function waymark(target: Target | null, args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...COMMAND, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...(target?.env ?? {}), CI: 'true' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    if (stdin !== undefined) child.stdin.write(stdin);
    child.stdin.end();
  });
}

async function query<T>(target: Target, text: string): Promise<T[]> {
  const db = await target.open();
  try {
    return await db.scoped(
      { purpose: 'system', allCenters: true },
      async (trx) => (await sql.raw<T>(text).execute(trx)).rows,
    );
  } finally {
    await db.close();
  }
}

function csvFile(content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-csv-')), 'centers.csv');
  fs.writeFileSync(file, content);
  return file;
}

describe('waymark --help', { timeout: 240_000 }, () => {
  it('lists every command and describes each one', async () => {
    const top = await waymark(null, ['--help']);
    expect(top.code).toBe(0);
    for (const c of ['serve', 'migrate', 'seed', 'users', 'import', 'audit', 'credentials', 'plan'])
      expect(top.stdout).toContain(c);
    const sub = await waymark(null, ['import', 'centers', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--dry-run/);
    expect(sub.stdout).toMatch(/--strict/);
  });

  it('refuses bad arguments with a message that names them', async () => {
    const scale = await waymark(null, ['seed', '--scale', 'galaxy']);
    expect(scale.code).toBe(1);
    expect(scale.stderr).toMatch(/--scale.*galaxy|galaxy.*invalid|Allowed choices are demo, national/i);
    const seed = await waymark(null, ['seed', '--seed', '0']);
    expect(seed.code).toBe(1);
    expect(seed.stderr).toMatch(/whole number of at least 1/);
    const email = await waymark(null, [
      'users',
      'create',
      '--email',
      'not-an-email',
      '--role',
      'network_admin',
    ]);
    expect(email.code).toBe(1);
    expect(email.stderr).toMatch(/--email: "not-an-email" is not an e-mail address/);
    const center = await waymark(null, ['users', 'create', '--email', 'a@b.org', '--role', 'clinician']);
    expect(center.code).toBe(1);
    expect(center.stderr).toMatch(/--center is required for the role clinician/);
    const missing = await waymark(null, ['import', 'centers', '/nonexistent/centers.csv']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Cannot read \/nonexistent\/centers\.csv: no such file/);
  });
});

describe('waymark migrate', { timeout: 240_000 }, () => {
  it('applies, lists and reverts migrations on an empty database', async () => {
    const t = await emptyTarget();
    const up = await waymark(t, ['migrate']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/Applied 2026-11-22T0900-foundation/);
    expect(up.stdout).toMatch(/Requests will run as the role waymark_app/);
    expect((await waymark(t, ['migrate'])).stdout).toMatch(/up to date/);
    expect((await waymark(t, ['migrate', '--status'])).stdout).toMatch(
      /applied .* 2026-11-22T0900-foundation/,
    );
    const unconfirmed = await waymark(t, ['migrate', '--down', 'all']);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toMatch(/drops tables and their data, the audit log included. Add --yes/);
    const production = await waymark({ ...t, env: { ...t.env, NODE_ENV: 'production' } }, [
      'migrate',
      '--down',
      'all',
      '--yes',
    ]);
    expect(production.code).toBe(1);
    expect(production.stderr).toMatch(/refused in production/);
    const down = await waymark(t, ['migrate', '--down', 'all', '--yes']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stdout).toMatch(/Reverted 2026-11-22T0900-foundation/);
    expect((await waymark(t, ['migrate', '--status'])).stdout).toMatch(
      /pending\s+2026-11-22T0900-foundation/,
    );
    expect((await waymark(t, ['migrate'])).code).toBe(0);
    const bad = await waymark(t, ['migrate', '--down', 'sideways', '--yes']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--down takes a number/);
  });
});

describe('waymark seed', { timeout: 240_000 }, () => {
  it('builds the same national network for the same seed, and refuses a database that is not empty', async () => {
    const a = await emptyTarget();
    const b = await emptyTarget();
    const args = [
      ...['seed', '--scale', 'national', '--seed', '5', '--centers', '120', '--clinicians', '800'],
      ...['--episodes', '300'],
    ];
    const ra = await waymark(a, args);
    expect(ra.code, ra.stderr).toBe(0);
    expect(ra.stdout).toMatch(/Seeded the national network: 120 centers/);
    expect(ra.stdout).toMatch(/Care data: 300 episodes, \d+ sessions, \d+ administrations/);
    expect(ra.stderr).toMatch(/people: \d+\/\d+/);
    expect((await waymark(b, args)).code).toBe(0);
    const centersA = await query<{ id: string; name: string; state: string }>(
      a,
      'select id, name, state from center order by id',
    );
    const centersB = await query<{ id: string; name: string; state: string }>(
      b,
      'select id, name, state from center order by id',
    );
    expect(centersA).toHaveLength(120);
    expect(centersB).toEqual(centersA);
    // The care data too: the same episodes, with the same clinicians and measures.
    const careSql =
      'select e.id, e.clinician_id, e.case_code, e.started_on, count(a.id)::int as measures, sum(a.total_score) as total ' +
      'from episode e left join measure_administration a on a.episode_id = e.id group by e.id order by e.id';
    const careA = await query<{ id: string }>(a, careSql);
    expect(careA).toHaveLength(300);
    expect(await query<{ id: string }>(b, careSql)).toEqual(careA);
    const clinicians = await query<{ n: number }>(
      a,
      "select count(*)::int as n from membership m join app_user u on u.id = m.user_id where m.role = 'clinician' and u.email like '%@national.waymark.test'",
    );
    expect(clinicians[0]!.n).toBe(800);
    const again = await waymark(a, ['seed', '--scale', 'demo']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds centers or users/);
  });

  it('seeds the demo network with the demo accounts and their password', async () => {
    const t = await emptyTarget();
    const r = await waymark(t, ['seed']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Seeded the demo network: 60 centers/);
    expect(r.stdout).toContain('admin@demo.waymark.test');
    const [admin] = await query<{ password_hash: string }>(
      t,
      "select password_hash from app_user where email = 'admin@demo.waymark.test'",
    );
    expect(await new PasswordHasher(1).verify(admin!.password_hash, 'Lantern-Meadow-Quartz-81')).toBe(true);

    // The demo's training records come with it, and the credential jobs can run from the command
    // line: a second run finds nothing left to do.
    const [{ n: credentials } = { n: 0 }] = await query<{ n: number }>(
      t,
      'select count(*)::int as n from credential',
    );
    expect(credentials).toBeGreaterThan(0);
    const jobs = await waymark(t, ['credentials', 'run-jobs']);
    expect(jobs.code, jobs.stderr).toBe(0);
    expect(jobs.stdout).toMatch(/^Issued \d+ credentials?; queued \d+ expiry reminders?\.$/m);
    const again = await waymark(t, ['credentials', 'run-jobs']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Issued 0 credentials; queued 0 expiry reminders.');
  });
});

describe('waymark import centers', { timeout: 240_000 }, () => {
  const header = 'name,state,county,zip3,member_type,accredited_on,accreditation_expires_on,chapter,active\n';
  const good =
    "Prairie Light Children's Advocacy Center,KS,Sedgwick,672,accredited,2023-05-01,2028-05-01,Children's Advocacy Centers of Kansas,true\n";
  const bad = 'Broken Row,KS,Sedgwick,6720,accredited,,,,\n';

  it('reports rejected rows with line and field, exits 2, and is idempotent', async () => {
    const t = await emptyTarget();
    expect((await waymark(t, ['migrate'])).code).toBe(0);
    const file = csvFile(header + good + bad);
    const first = await waymark(t, ['import', 'centers', file]);
    expect(first.code, first.stderr).toBe(2);
    expect(first.stdout).toMatch(/inserted:\s+1/);
    expect(first.stdout).toMatch(/rejected:\s+1/);
    expect(first.stdout).toMatch(/line 3, zip3: "6720" must be the first 3 digits/);
    expect(first.stdout).toMatch(/chapter created: Children's Advocacy Centers of Kansas \(KS\)/);
    const second = await waymark(t, ['import', 'centers', file]);
    expect(second.stdout).toMatch(/inserted:\s+0/);
    expect(second.stdout).toMatch(/unchanged:\s+1/);
    const rows = await query<{ n: number }>(t, "select count(*)::int as n from center where state = 'KS'");
    expect(rows[0]!.n).toBe(1);
    const batches = await query<{ status: string; source: string }>(
      t,
      'select status, source from import_batch order by started_at',
    );
    expect(batches).toEqual([
      { status: 'completed', source: 'cli' },
      { status: 'completed', source: 'cli' },
    ]);
  });

  it('writes nothing on a dry run or, in strict mode, when a row is rejected', async () => {
    const t = await emptyTarget();
    expect((await waymark(t, ['migrate'])).code).toBe(0);
    const dry = await waymark(t, ['import', 'centers', csvFile(header + good), '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/Dry run: nothing was written/);
    expect(dry.stdout).toMatch(/inserted:\s+1 \(would be added\)/);
    const strict = await waymark(t, ['import', 'centers', csvFile(header + good + bad), '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/Strict mode: because rows were rejected, nothing was written/);
    expect((await query<{ n: number }>(t, 'select count(*)::int as n from center'))[0]!.n).toBe(0);
    const clean = await waymark(t, ['import', 'centers', csvFile(header + good)]);
    expect(clean.code).toBe(0);
    expect((await query<{ n: number }>(t, 'select count(*)::int as n from center'))[0]!.n).toBe(1);
  });

  it('explains a file that is not a centers CSV', async () => {
    const t = await emptyTarget();
    // An unmigrated database is not migrated behind the operator's back.
    const unmigrated = await waymark(t, [
      'import',
      'centers',
      csvFile('first_name,last_name\nAda,Lovelace\n'),
    ]);
    expect(unmigrated.code).toBe(1);
    const pending = Object.keys(migrations).length;
    expect(unmigrated.stderr).toContain(
      `needs ${pending} migration${pending === 1 ? '' : 's'} first: run \`waymark migrate\``,
    );
    expect((await waymark(t, ['migrate'])).code).toBe(0);
    const r = await waymark(t, ['import', 'centers', csvFile('first_name,last_name\nAda,Lovelace\n')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lacks the required columns name, state, county, zip3, member_type/);
  });
});

describe('waymark users', { timeout: 240_000 }, () => {
  it('invites the first administrator with a one-time link, or creates an account with a password from stdin', async () => {
    const t = await emptyTarget();
    expect((await waymark(t, ['migrate'])).code).toBe(0);
    const invite = await waymark(t, [
      'users',
      'create',
      '--email',
      'Ops@Example.org',
      '--role',
      'network_admin',
      '--name',
      'Ops Lead',
    ]);
    expect(invite.code, invite.stderr).toBe(0);
    expect(invite.stdout).toMatch(/Invited ops@example\.org as network_admin/);
    expect(invite.stdout).toMatch(/https:\/\/waymark\.example\.org\/invite#token=[A-Za-z0-9_-]{43}/);
    const [inv] = await query<{ email: string; token_hash: string }>(
      t,
      'select email, token_hash from invitation',
    );
    expect(inv!.email).toBe('ops@example.org');
    expect(invite.stdout).not.toContain(inv!.token_hash);

    const weak = await waymark(
      t,
      [
        'users',
        'create',
        '--email',
        'c@example.org',
        '--role',
        'funder_viewer',
        '--name',
        'C',
        '--password-stdin',
      ],
      'password1234\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/commonly used or breached/);
    const created = await waymark(
      t,
      [
        'users',
        'create',
        '--email',
        'funder@example.org',
        '--role',
        'funder_viewer',
        '--name',
        'Fran Funder',
        '--password-stdin',
      ],
      'Copper-Willow-Atlas-93\n',
    );
    expect(created.code, created.stderr).toBe(0);
    const [user] = await query<{ password_hash: string }>(
      t,
      "select password_hash from app_user where email = 'funder@example.org'",
    );
    expect(await new PasswordHasher(1).verify(user!.password_hash, 'Copper-Willow-Atlas-93')).toBe(true);
    const dup = await waymark(
      t,
      [
        'users',
        'create',
        '--email',
        'funder@example.org',
        '--role',
        'funder_viewer',
        '--name',
        'F',
        '--password-stdin',
      ],
      'Copper-Willow-Atlas-93\n',
    );
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);

    const reset = await waymark(
      t,
      ['users', 'set-password', '--email', 'funder@example.org'],
      'Granite-Harbor-Ember-27\n',
    );
    expect(reset.code, reset.stderr).toBe(0);
    const [after] = await query<{ password_hash: string }>(
      t,
      "select password_hash from app_user where email = 'funder@example.org'",
    );
    expect(await new PasswordHasher(1).verify(after!.password_hash, 'Granite-Harbor-Ember-27')).toBe(true);
    const unknown = await waymark(
      t,
      ['users', 'set-password', '--email', 'nobody@example.org'],
      'Granite-Harbor-Ember-27\n',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/An account with the e-mail nobody@example\.org was not found/);
  });
});

describe('waymark audit verify', { timeout: 240_000 }, () => {
  it('passes on an intact log and names the first altered event after tampering', async () => {
    const t = await emptyTarget();
    expect((await waymark(t, ['seed'])).code).toBe(0);
    expect(
      (await waymark(t, ['users', 'create', '--email', 'x@example.org', '--role', 'network_admin'])).code,
    ).toBe(0);
    const ok = await waymark(t, ['audit', 'verify']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/Audit log intact: 2 events verified/);
    const head = /Head: (\d+:[0-9a-f]{64})/.exec(ok.stdout)![1]!;
    expect((await waymark(t, ['audit', 'verify', '--expect-head', head])).code).toBe(0);

    // Tamper as the database owner, with triggers switched off, as an attacker with owner rights would.
    const db = await t.open();
    await db.kysely.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await sql`update audit_event set details = '{"scale":"forged"}' where seq = 1`.execute(trx);
    });
    await db.close();
    const broken = await waymark(t, ['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/Audit log BROKEN at event 1: event 1 was altered/);
    const badAnchor = await waymark(t, ['audit', 'verify', '--expect-head', 'nonsense']);
    expect(badAnchor.code).toBe(1);
    expect(badAnchor.stderr).toMatch(/--expect-head must look like/);
  });
});
