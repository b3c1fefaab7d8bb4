/**
 * `waymark plan`, run as a separate process as an operator would: a request file solved without a
 * database (JSON equal to the planner's own result, and the table), bad arguments and requests
 * refused with exit 2 naming the field, a solve out of time exiting 1, and a plan suggested from a
 * seeded network saved in a network administrator's name (audited) on the engine under test.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase, type Database } from '../../src/server/db/database.js';
import { plan } from '../../src/server/modules/access/planner/planner.js';
import type { PlanResult, TPlannerInputRaw } from '../../src/server/modules/access/planner/planner.types.js';
import { closeDefaultSolver } from '../../src/server/modules/access/planner/solver.js';
import { syntheticPlannerInput } from '../../src/server/modules/access/planner/synthetic.js';
import { ENGINE } from '../helpers/test-app.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  await closeDefaultSolver();
});

/** A new, empty database on the engine under test, and the environment that points the CLI at it. */
async function emptyTarget(): Promise<{ env: Record<string, string>; open(): Promise<Database> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-cli-plan-'));
  const base = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    WAYMARK_DEMO_PASSWORD: 'Lantern-Meadow-Quartz-81',
    WAYMARK_SECRET_KEY: 'kQeOe3VRkR4Z5pCjK3Yb3w0yJv8Qm0bMyqzC8F6dQ1Q=',
    WAYMARK_DATA_DIR: dataDir,
  };
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  if (ENGINE === 'postgres') {
    const name = `${inject('pgTemplate')}_cliplan_${randomUUID().replace(/-/g, '').slice(0, 10)}`;
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

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function waymark(env: Record<string, string>, args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      // No database at all unless the test gives one: a request file must not need it.
      env: { ...process.env, DATABASE_URL: '', WAYMARK_DATA_DIR: '/nonexistent/waymark', ...env, CI: 'true' },
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

/**
 * The same command in this process, for arguments refused before anything is opened or solved:
 * starting a process per case would cost seconds each.
 */
async function waymarkInProcess(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
    stdout += `${parts.join(' ')}\n`;
  });
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    stderr += `${parts.join(' ')}\n`;
  });
  try {
    return { code: await runCli(args), stdout, stderr };
  } finally {
    out.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
}

function jsonFile(content: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-plan-')), 'request.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  cleanups.push(async () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  return file;
}

/** The solver's wall-clock time differs from run to run; everything else is determined by the request. */
function withoutTimes(result: PlanResult): unknown {
  return JSON.parse(JSON.stringify(result), (key, value: unknown) => (key === 'timeMs' ? 0 : value));
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');

/** Three centers in three states, two regional cohorts; the budget (6) is below the cohorts' seats (7). */
const REQUEST: TPlannerInputRaw = {
  horizonQuarters: 6,
  seatBudget: 6,
  targetReached: 500,
  cohorts: [
    { id: 'south-1', quarter: 0, label: '2027 Q1, South', states: ['TX', 'OK'], seatCap: 4 },
    { id: 'west-1', quarter: 2, label: '2027 Q3, West', states: ['NM'], seatCap: 3 },
  ],
  centers: [
    {
      id: 'tx-1',
      name: 'Gulf Coast CAC',
      state: 'TX',
      referralsPerYear: 120,
      unmetDemandPerYear: 60,
      trainedClinicians: 1,
      waitDays: 40,
      order: 2,
    },
    {
      id: 'ok-1',
      name: 'Red River CAC',
      state: 'OK',
      referralsPerYear: 50,
      unmetDemandPerYear: 10,
      trainedClinicians: 2,
      waitDays: 20,
      order: 1,
    },
    {
      id: 'nm-1',
      name: 'High Desert CAC',
      state: 'NM',
      referralsPerYear: 40,
      unmetDemandPerYear: 30,
      trainedClinicians: 0,
      waitDays: 90,
      order: 3,
    },
  ],
  // Proved optimal, so the command's plan and the planner's are the same allocation.
  solver: { mipGap: 0 },
};

describe('waymark plan --input', { timeout: 240_000 }, () => {
  it('prints the planner’s JSON for a request file or standard input: the same plan, within the budget', async () => {
    const expected = await plan(REQUEST);
    const run = await waymark({}, ['plan', '--input', jsonFile(REQUEST), '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as PlanResult;
    expect(withoutTimes(result)).toEqual(withoutTimes(expected));

    const allocation = result.scenarios.expected.allocation;
    expect(allocation.length).toBeGreaterThan(0);
    expect(allocation.reduce((s, a) => s + a.seats, 0)).toBeLessThanOrEqual(6);
    for (const cohort of REQUEST.cohorts) {
      const taken = allocation.filter((a) => a.cohortId === cohort.id);
      expect(taken.reduce((s, a) => s + a.seats, 0)).toBeLessThanOrEqual(cohort.seatCap);
      const states = taken.map((a) => REQUEST.centers.find((c) => c.id === a.centerId)!.state);
      for (const state of states) expect(cohort.states).toContain(state);
    }

    // Standard input, and the `{ "input": ... }` shape GET /api/v1/plans/suggested returns.
    const piped = await waymark({}, ['plan', '--input', '-', '--format', 'json'], JSON.stringify(REQUEST));
    expect(piped.code, piped.stderr).toBe(0);
    expect(withoutTimes(JSON.parse(piped.stdout) as PlanResult)).toEqual(withoutTimes(expected));
    const wrapped = await waymark({}, ['plan', '--input', jsonFile({ input: REQUEST, excluded: 0 })]);
    expect(wrapped.code, wrapped.stderr).toBe(0);
    // Not a terminal, so JSON by default.
    expect(withoutTimes(JSON.parse(wrapped.stdout) as PlanResult)).toEqual(withoutTimes(expected));
  });

  it('prints a table: the solver, the scenarios against the target, the policies and the seats per state', async () => {
    const expected = await plan(REQUEST);
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-plan-out-')), 'plan.json');
    cleanups.push(async () => fs.rmSync(path.dirname(out), { recursive: true, force: true }));
    const run = await waymark({}, ['plan', '--input', jsonFile(REQUEST), '--format', 'table', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const text = run.stdout;
    expect(text).toContain(
      'Plan: 6 seats over 6 quarters, 2 cohorts, 3 centers; target 500 children reached.',
    );
    expect(text).toMatch(
      /^Solver: optimal, MIP gap 0\.00%, \d+\.\d s \(\d+ rows, \d+ columns, \d+ integer\)\.$/m,
    );

    for (const name of ['low', 'expected', 'high'] as const) {
      const s = expected.scenarios[name];
      const row = new RegExp(
        `^${name}\\s+\\S+%\\s+\\S+%\\s+\\S+\\s+${whole(s.reachedTotal)}\\s+500\\s+${(s.shareOfTarget * 100).toFixed(1)}%` +
          `\\s+${whole(s.unmetDemandRemaining)}\\s+${whole(s.trainedAtEnd)}$`,
        'm',
      );
      expect(text).toMatch(row);
    }
    expect(text).toMatch(/^expected\s+90%\s+30%\s+10\s/m);

    const { optimised, proportional, firstComeFirstServed } = expected.scenarios.expected.comparison;
    expect(text).toContain('Expected scenario: the plan against the two simple policies');
    expect(text).toMatch(
      new RegExp(
        `^optimised plan\\s+${optimised.seatsAllocated}\\s+${whole(optimised.reachedTotal)}\\s`,
        'm',
      ),
    );
    const gain = optimised.reachedTotal - proportional.reachedTotal;
    expect(gain).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(
      new RegExp(
        `^seats in proportion to referrals\\s+${proportional.seatsAllocated}\\s+${whole(proportional.reachedTotal)}\\s.*` +
          `\\+${whole(gain)} \\(\\+${((gain / proportional.reachedTotal) * 100).toFixed(1)}%\\)$`,
        'm',
      ),
    );
    expect(text).toMatch(
      new RegExp(
        `^first come, first served\\s+${firstComeFirstServed.seatsAllocated}\\s+${whole(firstComeFirstServed.reachedTotal)}\\s`,
        'm',
      ),
    );

    // Seats per state, the most first, adding up to the plan's seats.
    const seatsByState = new Map<string, number>();
    for (const a of expected.scenarios.expected.allocation) {
      const state = REQUEST.centers.find((c) => c.id === a.centerId)!.state;
      seatsByState.set(state, (seatsByState.get(state) ?? 0) + a.seats);
    }
    const section = text.slice(text.indexOf('Seats per state'));
    expect(section).toMatch(new RegExp(`^Seats per state \\(${seatsByState.size} states?;`));
    const printed = [...section.matchAll(/^([A-Z]{2})\s+(\d+)\s+(\d+)\s+[\d,]+$/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]);
    expect(printed).toEqual(
      [...seatsByState.entries()].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
    );

    // --out holds the JSON while the table goes to the terminal.
    expect(text).toContain(`The plan's JSON is in ${out}.`);
    expect(withoutTimes(JSON.parse(fs.readFileSync(out, 'utf8')) as PlanResult)).toEqual(
      withoutTimes(expected),
    );
  });

  it('refuses bad arguments, unreadable files and invalid requests with exit 2, naming the field', async () => {
    const empty = await waymark({}, ['plan', '--input', '-'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/standard input is empty/);
    // The rest fail before any database or solver is touched, so they run in this process.
    const cases: [string[], RegExp][] = [
      [['plan'], /Give --input FILE .* or --suggested/],
      [['plan', '--input', jsonFile(REQUEST), '--suggested'], /either --input FILE or --suggested, not both/],
      [
        ['plan', '--input', '/nonexistent/request.json'],
        /Cannot read \/nonexistent\/request\.json: no such file/,
      ],
      [['plan', '--input', jsonFile('{"centers": [')], /is not valid JSON/],
      [['plan', '--input', jsonFile(REQUEST), '--format', 'xml'], /--format: "xml" must be table or json/],
      [['plan', '--input', jsonFile(REQUEST), '--seats', '10'], /--seats applies only with --suggested/],
      [['plan', '--input', jsonFile(REQUEST), '--save', 'Spring'], /--as EMAIL is required with --save/],
      [
        ['plan', '--suggested', '--as', 'a@example.org', '--period', '2025-13'],
        /--period: "2025-13" must be a year/,
      ],
      [
        ['plan', '--suggested', '--as', 'a@example.org', '--seats', '0'],
        /--seats: "0" must be a whole number from 1/,
      ],
      [
        ['plan', '--input', jsonFile(REQUEST), '--out', '/nonexistent/dir/plan.json'],
        /--out: the directory \/nonexistent\/dir does not exist/,
      ],
      [
        [
          'plan',
          '--input',
          jsonFile({
            ...REQUEST,
            seats: 5,
            cohorts: [REQUEST.cohorts[0], { ...REQUEST.cohorts[1], quarter: 6 }],
          }),
        ],
        /The plan request is not valid:\n {2}seats: is not a known field\n {2}cohorts\.1\.quarter: must be within the horizon: 0 to 5/,
      ],
      [
        ['plan', '--input', jsonFile({ input: { ...REQUEST, seatBudget: -1 } })],
        /^ {2}input\.seatBudget: must be at least 0$/m,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await waymarkInProcess(args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
  });

  it('exits 1 with the planner’s message when the solve runs out of time', async () => {
    const request = {
      ...syntheticPlannerInput({ centers: 950, seed: 2 }),
      solver: { timeLimitMs: 1, mipGap: 0.0001 },
    };
    const run = await waymark({}, ['plan', '--input', jsonFile(request)]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/The planner did not finish within 0\.001 s/);
    expect(run.stdout).toBe('');
  });
});

describe('waymark plan --suggested', { timeout: 240_000 }, () => {
  it('plans from the network’s figures and saves the plan in an administrator’s name, audited', async () => {
    const t = await emptyTarget();
    const seeded = await waymark(t.env, ['seed']);
    expect(seeded.code, seeded.stderr).toBe(0);

    const notAdmin = await waymark(t.env, ['plan', '--suggested', '--as', 'clinician@demo.waymark.test']);
    expect(notAdmin.code).toBe(2);
    expect(notAdmin.stderr).toContain('--as: clinician@demo.waymark.test is not a network administrator');

    const run = await waymark(t.env, [
      ...['plan', '--suggested', '--period', 'last12', '--seats', '60', '--cohorts', '4'],
      ...['--save', 'Spring cohorts', '--as', 'Admin@Demo.Waymark.Test', '--format', 'json'],
    ]);
    expect(run.code, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as PlanResult & { savedPlan: { id: string; name: string } };
    expect(printed.savedPlan.name).toBe('Spring cohorts');
    expect(printed.seatBudget).toBe(60);
    const seats = printed.scenarios.expected.allocation.reduce((s, a) => s + a.seats, 0);
    expect(seats).toBeGreaterThan(0);
    expect(seats).toBeLessThanOrEqual(60);
    expect(printed.scenarios.expected.reachedTotal).toBeGreaterThanOrEqual(
      printed.scenarios.expected.comparison.proportional.reachedTotal,
    );

    const db = await t.open();
    try {
      await db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
        const stored = await trx
          .selectFrom('access_plan as p')
          .innerJoin('app_user as u', 'u.id', 'p.created_by')
          .select(['p.name', 'p.input', 'p.result', 'u.email', 'u.id as user_id'])
          .where('p.id', '=', printed.savedPlan.id)
          .executeTakeFirstOrThrow();
        expect(stored.name).toBe('Spring cohorts');
        expect(stored.email).toBe('admin@demo.waymark.test');
        const input = stored.input as {
          seatBudget: number;
          cohorts: { seatCap: number }[];
          centers: unknown[];
        };
        expect(input.seatBudget).toBe(60);
        expect(input.cohorts).toHaveLength(4);
        expect(input.cohorts.reduce((s, c) => s + c.seatCap, 0)).toBe(60);
        expect(input.centers.length).toBeGreaterThan(0);
        const { savedPlan: _saved, ...result } = printed;
        expect(stored.result).toEqual(result);
        const audit = await sql<{ actor_user_id: string; actor_kind: string }>`
          select actor_user_id::text, actor_kind from audit_event
          where action = 'access.plan.create' and target_id = ${printed.savedPlan.id}`.execute(trx);
        expect(audit.rows).toEqual([{ actor_user_id: stored.user_id, actor_kind: 'user' }]);
      });
    } finally {
      await db.close();
    }
  });
});
