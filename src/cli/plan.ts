/**
 * `waymark plan`: the training-seat planner from the command line. The request comes from a JSON
 * file (no database needed) or is suggested from the network's figures exactly as
 * GET /api/v1/plans/suggested builds it; the plan is solved by the same planner as the web app and
 * printed as a table or as the API's JSON, and with --save stored through PlansService (audited,
 * listed on the Planner page).
 *
 * Reading the network's figures and saving a plan are a network administrator's acts (the gap is
 * read under their scope, and a plan records who made it), so those need --as EMAIL: the operator,
 * who already holds the server's configuration, acts in that administrator's name.
 *
 * Exit codes: 2 for anything wrong with the arguments or the request (each field named), 1 when
 * the solver gives no plan (its message says why) or the database is not ready.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../server/config.js';
import type { Database } from '../server/db/database.js';
import {
  scopeFor,
  systemCtx,
  type Actor,
  type ActorMembership,
  type Ctx,
} from '../server/platform/context.js';
import { AppError, type ErrorDetail } from '../server/platform/errors.js';
import { buildServices } from '../server/services.js';
import { ZCreatePlan } from '../server/modules/access/access.schemas.js';
import { PERIOD_PATTERN } from '../server/modules/access/gap.js';
import { defaultCohorts } from '../server/modules/access/plans.service.js';
import { plan } from '../server/modules/access/planner/planner.js';
import {
  parsePlannerInput,
  type ComparisonEntry,
  type PlanResult,
  type TPlannerInput,
  type TPlannerInputRaw,
} from '../server/modules/access/planner/planner.types.js';
import { closeDefaultSolver, PlannerError } from '../server/modules/access/planner/solver.js';

/** What the command borrows from main.ts: the database opener and the error that carries an exit code. */
export interface PlanCommandSupport {
  withDatabase<T>(fn: (db: Database, cfg: Config) => Promise<T>): Promise<T>;
  fail(message: string, exitCode: number): Error;
  log: FastifyBaseLogger;
}

interface PlanOptions {
  input?: string;
  suggested?: boolean;
  period?: string;
  seats?: string;
  cohorts?: string;
  save?: string;
  as?: string;
  format?: string;
  out?: string;
}

/** A request file larger than this is a mistake: 5,000 centers and 400 cohorts fit in about 2 MB. */
const MAX_INPUT_BYTES = 20 * 1024 * 1024;
const MAX_SEATS = 1_000_000;
const EXIT_USAGE = 2;
const EXIT_FAILED = 1;

export function registerPlanCommand(program: Command, support: PlanCommandSupport): void {
  program
    .command('plan')
    .description(
      'Plan where the training seats go (the Planner page from the command line): solve a request from a JSON file, ' +
        'or one suggested from the network’s figures; print a table or JSON, and optionally save the plan. ' +
        'Exits 2 when the arguments or the request are wrong (each field named), 1 when the solver gives no plan.',
    )
    .option('--input <file>', 'a plan request in JSON ("-" reads standard input); needs no database')
    .option('--suggested', 'build the request from the network’s figures, like GET /api/v1/plans/suggested')
    .option(
      '--period <period>',
      'with --suggested: last12 (default), a year 2025, a quarter 2025-Q3 or a month 2025-07',
    )
    .option('--seats <n>', 'with --suggested: the seat budget, shared evenly over the cohorts (default 2000)')
    .option('--cohorts <n>', 'with --suggested: the number of quarterly cohorts, one a quarter (default 12)')
    .option('--save <name>', 'also save the plan under this name (listed on the Planner page; needs --as)')
    .option(
      '--as <email>',
      'the network administrator in whose name the figures are read and the plan saved (with --suggested or --save)',
    )
    .option('--format <format>', 'table or json (default: table on a terminal, json otherwise)')
    .option('--out <file>', 'write the JSON to this file instead of standard output')
    .action(async (opts: PlanOptions) => {
      try {
        await runPlan(opts, support);
      } finally {
        // The solver's worker thread would otherwise keep the process alive.
        await closeDefaultSolver();
      }
    });
}

async function runPlan(opts: PlanOptions, support: PlanCommandSupport): Promise<void> {
  const usage = (message: string) => support.fail(message, EXIT_USAGE);
  const args = checkArguments(opts, usage);
  const spinner = new Spinner();

  // A request from a file is read and checked before any database is opened.
  const fromFile = args.source.kind === 'file' ? readRequest(args.source.file, usage) : null;

  const solve = async (
    input: TPlannerInput,
    save: ((input: TPlannerInput) => Promise<{ id: string; result: PlanResult }>) | null,
  ): Promise<{ result: PlanResult; savedId: string | null }> => {
    spinner.start(
      `Solving: ${count(input.centers.length, 'center')}, ${count(input.cohorts.length, 'cohort')}, ` +
        `${count(input.seatBudget, 'seat')}`,
    );
    try {
      if (save) {
        const saved = await save(input);
        return { result: saved.result, savedId: saved.id };
      }
      return { result: await plan(input), savedId: null };
    } catch (error) {
      if (error instanceof PlannerError) throw support.fail(error.message, EXIT_FAILED);
      // PlansService reports a solver failure as the API would (503 for a timeout, and so on).
      if (error instanceof AppError && error.code !== 'VALIDATION_FAILED')
        throw support.fail(error.message, EXIT_FAILED);
      throw error;
    } finally {
      spinner.stop();
    }
  };

  let outcome: { input: TPlannerInput; result: PlanResult; savedId: string | null; note: string | null };
  if (fromFile && !args.save) {
    outcome = { input: fromFile, ...(await solve(fromFile, null)), note: null };
  } else {
    outcome = await support.withDatabase(async (db, cfg) => {
      const services = buildServices(cfg, db);
      const ctx: Ctx = { ...systemCtx(db, cfg, support.log), actor: await networkAdmin(db, args.as!, usage) };
      const save = args.save
        ? async (input: TPlannerInput) => {
            const created = await services.plans.create(ctx, { name: args.save!, input });
            return { id: created.summary.id, result: created.result as PlanResult };
          }
        : null;
      if (fromFile) return { input: fromFile, ...(await solve(fromFile, save)), note: null };
      const source = args.source as SuggestedSource;
      spinner.start('Reading the network’s figures');
      let suggested;
      try {
        suggested = await services.plans.suggestedInput(ctx, source.period);
      } finally {
        spinner.stop();
      }
      const input = parseRequest(withOverrides(suggested.input, source, usage), '', usage);
      const note =
        `Request suggested from the network's figures for ${source.period}: ` +
        `${count(input.centers.length, 'center')} with demand data` +
        (suggested.excluded > 0 ? `, ${suggested.excluded} without left out.` : '.');
      return { input, ...(await solve(input, save)), note };
    });
  }

  const json = `${JSON.stringify(
    outcome.savedId
      ? { ...outcome.result, savedPlan: { id: outcome.savedId, name: args.save } }
      : outcome.result,
    null,
    2,
  )}\n`;
  if (args.out) {
    try {
      fs.writeFileSync(args.out, json);
    } catch (error) {
      throw support.fail(
        `Cannot write ${args.out}: ${(error as Error).message}` +
          (outcome.savedId ? ` (the plan was saved as "${args.save}", plan ${outcome.savedId}).` : ''),
        EXIT_FAILED,
      );
    }
  }
  if (args.format === 'json') {
    if (!args.out) await write(json);
    return;
  }
  const lines = planTable(outcome.input, outcome.result);
  if (outcome.note) lines.unshift(outcome.note);
  if (outcome.savedId)
    lines.push('', `Saved as "${args.save}" (plan ${outcome.savedId}); it is listed on the Planner page.`);
  if (args.out) lines.push(`The plan's JSON is in ${args.out}.`);
  await write(`${lines.join('\n')}\n`);
}

// Arguments -----------------------------------------------------------------------------------------

interface SuggestedSource {
  kind: 'suggested';
  period: string;
  seats: number | null;
  cohorts: number | null;
}
type Source = { kind: 'file'; file: string } | SuggestedSource;

interface Arguments {
  source: Source;
  save: string | null;
  as: string | null;
  format: 'table' | 'json';
  out: string | null;
}

/** Every argument checked before anything is read, opened or solved. */
function checkArguments(opts: PlanOptions, usage: (message: string) => Error): Arguments {
  if (opts.input !== undefined && opts.suggested)
    throw usage('Give either --input FILE or --suggested, not both.');
  if (opts.input === undefined && !opts.suggested)
    throw usage(
      'Give --input FILE (a plan request in JSON, "-" for standard input) or --suggested (built from the network’s figures).',
    );
  if (!opts.suggested) {
    if (opts.period !== undefined) throw usage('--period applies only with --suggested.');
    for (const [flag, field, value] of [
      ['--seats', 'seatBudget', opts.seats],
      ['--cohorts', 'cohorts', opts.cohorts],
    ] as const)
      if (value !== undefined)
        throw usage(`${flag} applies only with --suggested; a request file gives its own ${field}.`);
  }

  let source: Source;
  if (opts.suggested) {
    const period = opts.period ?? 'last12';
    if (!PERIOD_PATTERN.test(period))
      throw usage(
        `--period: "${period}" must be a year (2025), a quarter (2025-Q3), a month (2025-07) or last12.`,
      );
    source = {
      kind: 'suggested',
      period,
      seats: opts.seats === undefined ? null : wholeNumber('--seats', opts.seats, 1, MAX_SEATS, usage),
      // One cohort a quarter; the upper bound is the request's horizon, checked once it is known.
      cohorts: opts.cohorts === undefined ? null : wholeNumber('--cohorts', opts.cohorts, 1, 400, usage),
    };
  } else {
    if (opts.input === '') throw usage('--input: give the path of a JSON file, or "-" for standard input.');
    source = { kind: 'file', file: opts.input! };
  }

  let save: string | null = null;
  if (opts.save !== undefined) {
    const name = ZCreatePlan.shape.name.safeParse(opts.save);
    if (!name.success) throw usage(`--save: the plan's name ${name.error.issues[0]!.message}.`);
    save = name.data;
  }

  const needsAdmin = source.kind === 'suggested' || save !== null;
  if (needsAdmin && !opts.as)
    throw usage(
      `--as EMAIL is required with ${source.kind === 'suggested' ? '--suggested' : '--save'}: ` +
        'the network administrator in whose name the network’s figures are read and plans are saved.',
    );
  if (!needsAdmin && opts.as !== undefined)
    throw usage('--as applies only with --suggested or --save; a request file is solved without a database.');

  const format = opts.format ?? (process.stdout.isTTY ? 'table' : 'json');
  if (format !== 'table' && format !== 'json') throw usage(`--format: "${format}" must be table or json.`);

  let out: string | null = null;
  if (opts.out !== undefined) {
    out = opts.out;
    const dir = path.dirname(path.resolve(out));
    // Checked now, so that a mistyped path does not cost a solve (or a saved plan and no file).
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
      throw usage(`--out: the directory ${dir} does not exist.`);
    if (fs.existsSync(out) && fs.statSync(out).isDirectory())
      throw usage(`--out: ${out} is a directory; give a file name.`);
    try {
      fs.accessSync(fs.existsSync(out) ? out : dir, fs.constants.W_OK);
    } catch {
      throw usage(`--out: ${out} cannot be written (permission denied).`);
    }
  }

  return { source, save, as: opts.as ?? null, format, out };
}

function wholeNumber(
  flag: string,
  value: string,
  min: number,
  max: number,
  usage: (message: string) => Error,
): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw usage(`${flag}: "${value}" must be a whole number from ${min} to ${max.toLocaleString('en-US')}.`);
  return n;
}

/**
 * Reads and validates the request. A file holding `{ "input": {...} }` (what GET /api/v1/plans/suggested returns,
 * or a saved plan) is read as its `input`, and problems are then named under `input.`.
 */
function readRequest(file: string, usage: (message: string) => Error): TPlannerInput {
  const name = file === '-' ? 'standard input' : file;
  if (file === '-' && process.stdin.isTTY)
    throw usage('--input -: standard input is a terminal; pipe the request in, e.g. < request.json.');
  let text: string;
  try {
    if (file !== '-') {
      const stat = fs.statSync(file);
      if (!stat.isFile()) throw usage(`Cannot read ${file}: it is not a file.`);
      if (stat.size > MAX_INPUT_BYTES) throw usage(`Cannot read ${file}: it is larger than 20 MB.`);
    }
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw usage(
      `Cannot read ${name}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`,
    );
  }
  if (Buffer.byteLength(text) > MAX_INPUT_BYTES) throw usage(`Cannot read ${name}: it is larger than 20 MB.`);
  if (text.trim() === '') throw usage(`${name} is empty: it should hold a plan request in JSON.`);
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw usage(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  if (isObject(raw) && isObject(raw.input) && !('centers' in raw))
    return parseRequest(raw.input, 'input.', usage);
  return parseRequest(raw, '', usage);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates the request with the planner's own rules; every problem is listed with its field. */
function parseRequest(raw: unknown, pathPrefix: string, usage: (message: string) => Error): TPlannerInput {
  try {
    return parsePlannerInput(raw);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
    const problems = error.details.map(
      (d: ErrorDetail) =>
        `  ${d.path ? `${pathPrefix}${d.path}` : pathPrefix.replace(/\.$/, '') || '(request)'}: ${d.message}`,
    );
    throw usage(`The plan request is not valid:\n${problems.join('\n')}`);
  }
}

/** --seats and --cohorts: the suggested calendar redrawn with the same rule the API uses. */
function withOverrides(
  input: TPlannerInputRaw,
  source: SuggestedSource,
  usage: (message: string) => Error,
): TPlannerInputRaw {
  if (source.seats === null && source.cohorts === null) return input;
  const horizon = input.horizonQuarters ?? 12;
  if (source.cohorts !== null && source.cohorts > horizon)
    throw usage(
      `--cohorts: ${source.cohorts} must be at most ${horizon}, one cohort a quarter over the ${horizon}-quarter horizon.`,
    );
  const seats = source.seats ?? input.seatBudget;
  const cohorts = source.cohorts ?? input.cohorts.length;
  return {
    ...input,
    seatBudget: seats,
    cohorts: defaultCohorts(new Date().toISOString().slice(0, 10), cohorts, seats),
  };
}

/** The account --as names, as an actor: it must be active and hold the network administrator role. */
async function networkAdmin(db: Database, email: string, usage: (message: string) => Error): Promise<Actor> {
  const normalized = email.trim().toLowerCase();
  const found = await db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
    const user = await trx
      .selectFrom('app_user')
      .select(['id', 'email', 'display_name', 'status', 'mfa_enabled_at', 'locale'])
      .where('email', '=', normalized)
      .executeTakeFirst();
    if (!user) return null;
    const memberships = await trx
      .selectFrom('membership')
      .select(['id', 'role', 'center_id', 'partner_id'])
      .where('user_id', '=', user.id)
      .where('ended_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return { user, memberships };
  });
  if (!found) throw usage(`--as: no account has the e-mail ${normalized}.`);
  const { user } = found;
  if (user.status !== 'active') throw usage(`--as: the account ${user.email} is deactivated.`);
  const memberships: ActorMembership[] = found.memberships.map((m) => ({
    id: m.id,
    role: m.role,
    centerId: m.center_id,
    partnerId: m.partner_id,
  }));
  const roles = new Set(memberships.map((m) => m.role));
  if (!roles.has('network_admin'))
    throw usage(`--as: ${user.email} is not a network administrator, and only they plan for the network.`);
  return {
    userId: user.id,
    email: user.email,
    displayName: user.display_name,
    // The command line has no session: there is no cookie, CSRF token or second step to track.
    sessionId: '',
    sessionExpiresAt: new Date(),
    csrfToken: '',
    mfaState: 'not_required',
    mfaEnabled: user.mfa_enabled_at !== null,
    locale: user.locale,
    memberships,
    roles,
    scope: scopeFor(user.id, memberships),
  };
}

// Output --------------------------------------------------------------------------------------------

/** Resolves once the text is handed to the system, so that exiting right after loses none of it. */
function write(text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(text, (error) => (error ? reject(error) : resolve())),
  );
}

const whole = (n: number) => Math.round(n).toLocaleString('en-US');
const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;
/** A planning parameter as given: at most one decimal, without trailing zeros (90%, 7.5). */
const figure = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 1 });
const count = (n: number, noun: string) => `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;

/** Plain text columns: the first left-aligned, the others right-aligned (they are figures). */
function columns(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** What the optimised plan reaches beyond a policy, in children and in percent of the policy's reach. */
function gain(optimised: ComparisonEntry, policy: ComparisonEntry): string {
  const more = optimised.reachedTotal - policy.reachedTotal;
  const sign = more >= 0 ? '+' : '-';
  const children = `${sign}${whole(Math.abs(more))}`;
  if (policy.reachedTotal <= 0) return children;
  return `${children} (${sign}${percent(Math.abs(more) / policy.reachedTotal)})`;
}

/** The plan as the Planner page summarises it, in plain text. */
function planTable(input: TPlannerInput, result: PlanResult): string[] {
  const { solver } = result;
  const lines: string[] = [];
  lines.push(
    `Plan: ${count(result.seatBudget, 'seat')} over ${count(result.horizonQuarters, 'quarter')}, ` +
      `${count(input.cohorts.length, 'cohort')}, ${count(input.centers.length, 'center')}; ` +
      `target ${whole(result.targetReached)} children reached.`,
  );
  lines.push(
    `Solver: ${solver.status}, MIP gap ${percent(solver.mipGap, 2)}, ${(solver.timeMs / 1000).toFixed(1)} s ` +
      `(${whole(solver.rows)} rows, ${whole(solver.columns)} columns, ${whole(solver.integers)} integer).`,
  );

  lines.push('', `Children reached over ${count(result.horizonQuarters, 'quarter')}, by scenario`);
  lines.push(
    ...columns(
      [
        'scenario',
        'completion',
        'turnover/yr',
        'children/clinician/yr',
        'reached',
        'target',
        'of target',
        'unmet demand at end/yr',
        'trained at end',
      ],
      (['low', 'expected', 'high'] as const).map((name) => {
        const s = result.scenarios[name];
        return [
          name,
          `${figure(s.parameters.completionRate * 100)}%`,
          `${figure(s.parameters.turnoverPerYear * 100)}%`,
          figure(s.parameters.childrenPerClinicianPerYear),
          whole(s.reachedTotal),
          whole(s.targetReached),
          percent(s.shareOfTarget),
          whole(s.unmetDemandRemaining),
          whole(s.trainedAtEnd),
        ];
      }),
    ),
  );

  const expected = result.scenarios.expected;
  const { optimised, proportional, firstComeFirstServed } = expected.comparison;
  lines.push('', 'Expected scenario: the plan against the two simple policies');
  lines.push(
    ...columns(
      ['allocation', 'seats', 'reached', 'unmet demand at end/yr', 'trained at end', 'the plan gains'],
      (
        [
          ['optimised plan', optimised, ''],
          ['seats in proportion to referrals', proportional, gain(optimised, proportional)],
          ['first come, first served', firstComeFirstServed, gain(optimised, firstComeFirstServed)],
        ] as const
      ).map(([label, e, gained]) => [
        label,
        whole(e.seatsAllocated),
        whole(e.reachedTotal),
        whole(e.unmetDemandRemaining),
        whole(e.trainedAtEnd),
        gained,
      ]),
    ),
  );

  const stateOf = new Map(input.centers.map((c) => [c.id, c.state]));
  const byState = new Map<string, { seats: number; centers: number; reached: number }>();
  for (const c of expected.centers) {
    if (c.seats <= 0) continue;
    const state = stateOf.get(c.centerId) ?? '??';
    const s = byState.get(state) ?? { seats: 0, centers: 0, reached: 0 };
    s.seats += c.seats;
    s.centers += 1;
    s.reached += c.reached;
    byState.set(state, s);
  }
  lines.push('');
  if (byState.size === 0) {
    lines.push('No seats allocated: with these figures no seat reaches a child who would otherwise wait.');
  } else {
    lines.push(`Seats per state (${count(byState.size, 'state')}; reached in the expected scenario)`);
    lines.push(
      ...columns(
        ['state', 'seats', 'centers', 'reached'],
        [...byState.entries()]
          .sort(([a, x], [b, y]) => y.seats - x.seats || a.localeCompare(b))
          .map(([state, s]) => [state, whole(s.seats), whole(s.centers), whole(s.reached)]),
      ),
    );
  }
  return lines;
}

// Progress ------------------------------------------------------------------------------------------

/**
 * A spinner with the elapsed time on a terminal's standard error while the database or the solver
 * works (HiGHS runs in a worker thread, so the spinner keeps turning). Nothing when standard error
 * is not a terminal: logs and scripts get only the result.
 */
class Spinner {
  static readonly #frames = ['-', '\\', '|', '/'];
  readonly #tty = Boolean(process.stderr.isTTY);
  #timer: NodeJS.Timeout | null = null;
  #text = '';
  #frame = 0;
  #started = 0;

  start(text: string): void {
    if (!this.#tty) return;
    this.stop();
    this.#text = text;
    this.#started = Date.now();
    this.#timer = setInterval(() => this.#draw(), 100);
    this.#draw();
  }

  #draw(): void {
    const frame = Spinner.#frames[this.#frame++ % Spinner.#frames.length]!;
    const seconds = ((Date.now() - this.#started) / 1000).toFixed(1);
    process.stderr.write(`\r\x1b[2K${frame} ${this.#text} ${seconds} s`);
  }

  stop(): void {
    if (!this.#timer) return;
    clearInterval(this.#timer);
    this.#timer = null;
    process.stderr.write('\r\x1b[2K');
  }
}
