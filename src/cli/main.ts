/**
 * The `waymark` command: serve, migrate, seed, users, import, audit, credentials, plan. Every command reads the same
 * configuration as the server (environment variables, see README) and validates its arguments;
 * mistakes get a clear message and a non-zero exit code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pino from 'pino';
import { z } from 'zod';
import { ROLES, ROLE_SCOPE, type Role } from '../shared/roles.js';
import { ConfigError, loadConfig, type Config } from '../server/config.js';
import { assertSafeRuntimeRole, openDatabase, type Database } from '../server/db/database.js';
import { listMigrations, migrateDown, migrateToLatest } from '../server/db/migrate.js';
import { DEMO_ACCOUNTS, seedDemo, seedNational } from '../server/db/seed/seed.js';
import { runServe, generatePassword } from '../server/serve.js';
import { verifyAuditChain } from '../server/platform/audit.js';
import { runCredentialJobs } from '../server/modules/credentials/credentials.jobs.js';
import { systemCtx } from '../server/platform/context.js';
import { AppError } from '../server/platform/errors.js';
import { PasswordHasher, assertPasswordPolicy } from '../server/modules/identity/passwords.js';
import { buildServices } from '../server/services.js';
import { parseMappingArgs, problemsToCsv } from '../server/modules/care/care-import.js';
import { CARE_IMPORT_COLUMNS, CARE_IMPORT_KINDS } from '../server/modules/care/care-import.schemas.js';
import { registerPlanCommand } from './plan.js';
import { Progress } from './progress.js';
import { readSecret } from './prompt.js';

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function config(): Config {
  return loadConfig(process.env);
}

const quietLog = pino({ level: 'warn' }, pino.destination(2));

/**
 * Opens the database the server would use. `apply` migrates it first (seeding a new database);
 * `require` refuses one with pending migrations (run `waymark migrate`, deliberately); `none` leaves
 * it to the command. Then the runtime role is checked.
 */
async function withDatabase<T>(
  fn: (db: Database, cfg: Config) => Promise<T>,
  options: { migrations?: 'apply' | 'require' | 'none' } = {},
): Promise<T> {
  const cfg = config();
  const db = await openDatabase(cfg);
  try {
    const migrations = options.migrations ?? 'require';
    if (migrations === 'apply') await migrateToLatest(db);
    if (migrations === 'require') {
      const pending = (await listMigrations(db)).filter((m) => !m.executedAt);
      if (pending.length > 0) {
        throw new CliError(
          `The database needs ${pending.length} migration${pending.length === 1 ? '' : 's'} first: run \`waymark migrate\`.`,
        );
      }
    }
    if (migrations !== 'none') await assertSafeRuntimeRole(db);
    return await fn(db, cfg);
  } finally {
    await db.close();
  }
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

function nonNegativeInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number of at least 0');
  return n;
}

const ZEmailArg = z.string().trim().toLowerCase().pipe(z.email());

export function buildProgram(): Command {
  const program = new Command('waymark')
    .description("Waymark: training, credentials and outcomes for a network of Children's Advocacy Centers.")
    .version(loadConfig({}).version)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride();

  program
    .command('serve')
    .description('Serve the web app and API (migrates, and seeds the demo network on an empty database)')
    .addOption(
      new Option('-p, --port <port>', 'port to listen on (overrides PORT)').argParser((v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0 || n > 65535)
          throw new InvalidArgumentError('must be a port number 0-65535');
        return n;
      }),
    )
    .option('--host <host>', 'address to bind (overrides HOST)')
    .action(async (opts: { port?: number; host?: string }) => {
      await runServe({
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.host ? { host: opts.host } : {}),
      });
    });

  program
    .command('migrate')
    .description('Apply pending database migrations (or revert them with --down)')
    .option('--down [steps]', 'revert the last migration, or that many, or "all" (drops data; needs --yes)')
    .option('--yes', 'confirm --down')
    .option('--status', 'list migrations and whether each has run')
    .action(async (opts: { down?: string | true; status?: boolean; yes?: boolean }) => {
      if (opts.down !== undefined) {
        if (config().isProduction) {
          throw new CliError(
            'Reverting migrations drops tables, the audit log included: refused in production.',
          );
        }
        if (!opts.yes) {
          throw new CliError(
            'Reverting migrations drops tables and their data, the audit log included. Add --yes to confirm.',
          );
        }
      }
      await withDatabase(
        async (db) => {
          if (opts.status) {
            for (const m of await listMigrations(db)) {
              console.log(
                `${m.executedAt ? `applied ${m.executedAt.toISOString()}` : 'pending            '}  ${m.name}`,
              );
            }
            return;
          }
          if (opts.down !== undefined) {
            const steps = opts.down === true ? 1 : opts.down === 'all' ? 'all' : Number(opts.down);
            if (steps !== 'all' && (!Number.isInteger(steps) || steps < 1)) {
              throw new CliError('--down takes a number of migrations (1 or more) or "all"');
            }
            const ran = await migrateDown(db, steps);
            if (ran.length === 0) console.log('Nothing to revert.');
            for (const r of ran) console.log(`Reverted ${r.migrationName}`);
            return;
          }
          const ran = await migrateToLatest(db);
          if (ran.length === 0) console.log('The database is up to date.');
          for (const r of ran) console.log(`Applied ${r.migrationName}`);
          const role = await assertSafeRuntimeRole(db);
          console.log(
            `Requests will run as the role ${role.runtimeRole} (connected as ${role.sessionUser}).`,
          );
        },
        { migrations: 'none' },
      );
    });

  program
    .command('seed')
    .description('Fill an empty database with a synthetic network (clearly labelled demo data)')
    .addOption(
      new Option(
        '--scale <scale>',
        'demo: 60 centers in 12 states; national: about 950 centers, 10,000 clinicians',
      )
        .choices(['demo', 'national'])
        .default('demo'),
    )
    .option('--seed <n>', 'random seed: the same seed gives the same network', positiveInt)
    .option('--centers <n>', 'national scale: number of centers (default 950)', positiveInt)
    .option('--clinicians <n>', 'national scale: number of clinicians (default 10000)', positiveInt)
    .option(
      '--episodes <n>',
      'national scale: synthetic treatment episodes, with their sessions and measures (default 1200000; 0 for none)',
      nonNegativeInt,
    )
    .action(
      async (opts: {
        scale: 'demo' | 'national';
        seed?: number;
        centers?: number;
        clinicians?: number;
        episodes?: number;
      }) => {
        await withDatabase(
          async (db, cfg) => {
            const password = cfg.demo.password ?? generatePassword();
            assertPasswordPolicy(password, { field: 'WAYMARK_DEMO_PASSWORD' });
            const hash = await new PasswordHasher(1).hash(password);
            const started = Date.now();
            let result: { centers: number; users: number };
            if (opts.scale === 'national') {
              const progress = new Progress();
              const national = await seedNational(db, {
                demoPasswordHash: hash,
                ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
                ...(opts.centers !== undefined ? { centers: opts.centers } : {}),
                ...(opts.clinicians !== undefined ? { clinicians: opts.clinicians } : {}),
                ...(opts.episodes !== undefined ? { careEpisodes: opts.episodes } : {}),
                onProgress: (stage, done, total) => progress.update(stage, done, total),
              });
              progress.stop();
              result = national;
              const { care } = national;
              console.log(
                `Care data: ${care.episodes} episodes, ${care.sessions} sessions, ${care.administrations} administrations ` +
                  `(${care.seconds.episodes.toFixed(1)} s, ${care.seconds.sessions.toFixed(1)} s, ${care.seconds.administrations.toFixed(1)} s; ` +
                  `vacuum and analyze ${care.seconds.vacuum.toFixed(1)} s).`,
              );
            } else {
              result = await seedDemo(db, {
                demoPasswordHash: hash,
                config: cfg,
                ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
              });
            }
            console.log(
              `Seeded the ${opts.scale} network: ${result.centers} centers, ${result.users} people in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
            );
            console.log('Demo accounts:');
            for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(36)} ${a.role}`);
            console.log(
              cfg.demo.password
                ? 'Password: the value of WAYMARK_DEMO_PASSWORD.'
                : `Password for all of them: ${password}   (shown only now)`,
            );
          },
          { migrations: 'apply' },
        );
      },
    );

  const users = program.command('users').description('Manage user accounts');
  users
    .command('create')
    .description(
      'Create an account with one role: prints an invitation link, or sets a password read from standard input',
    )
    .requiredOption('--email <email>', 'their e-mail address')
    .option('--name <name>', 'their name as shown in Waymark (required with --password-stdin)')
    .addOption(new Option('--role <role>', 'their role').choices([...ROLES]).makeOptionMandatory())
    .option('--center <center>', 'center id or exact name (for trainer, center_director, clinician)')
    .option('--partner <partner>', 'partner organisation id or exact name (for partner roles)')
    .option('--password-stdin', 'read the password from standard input instead of sending an invitation')
    .action(
      async (opts: {
        email: string;
        name?: string;
        role: Role;
        center?: string;
        partner?: string;
        passwordStdin?: boolean;
      }) => {
        const email = ZEmailArg.safeParse(opts.email);
        if (!email.success) throw new CliError(`--email: "${opts.email}" is not an e-mail address`);
        const scope = ROLE_SCOPE[opts.role];
        if (scope === 'center' && !opts.center)
          throw new CliError(`--center is required for the role ${opts.role}`);
        if (scope !== 'center' && opts.center)
          throw new CliError(`--center does not apply to the role ${opts.role}`);
        if (scope === 'partner' && !opts.partner)
          throw new CliError(`--partner is required for the role ${opts.role}`);
        if (scope !== 'partner' && opts.partner)
          throw new CliError(`--partner does not apply to the role ${opts.role}`);
        if (opts.passwordStdin && !opts.name) throw new CliError('--name is required with --password-stdin');
        await withDatabase(async (db, cfg) => {
          const services = buildServices(cfg, db);
          const ctx = systemCtx(db, cfg, quietLog);
          const centerId = opts.center ? await resolveCenter(db, opts.center) : null;
          const partnerId = opts.partner ? await resolvePartner(db, opts.partner) : null;
          if (opts.passwordStdin) {
            const password = await readSecret('Password: ');
            const id = await services.users.createUserWithPassword(ctx, {
              email: email.data,
              displayName: opts.name!,
              password,
              role: opts.role,
              centerId,
              partnerId,
            });
            console.log(`Created ${email.data} (${opts.role}), id ${id}. They can sign in now.`);
          } else {
            const { invitation, link } = await services.invitations.createFromCli(ctx, {
              email: email.data,
              displayName: opts.name,
              role: opts.role,
              centerId,
              partnerId,
            });
            console.log(
              `Invited ${invitation.email} as ${invitation.role}${invitation.centerName ? ` at ${invitation.centerName}` : ''}.`,
            );
            console.log(
              `The invitation expires ${invitation.expiresAt}. Give them this link (it works once):`,
            );
            console.log(`  ${link}`);
          }
        });
      },
    );

  users
    .command('set-password')
    .description('Set a person’s password (read from standard input) and sign them out everywhere')
    .requiredOption('--email <email>', 'their e-mail address')
    .action(async (opts: { email: string }) => {
      const email = ZEmailArg.safeParse(opts.email);
      if (!email.success) throw new CliError(`--email: "${opts.email}" is not an e-mail address`);
      const password = await readSecret('New password: ');
      assertPasswordPolicy(password, { email: email.data });
      await withDatabase(async (db, cfg) => {
        const services = buildServices(cfg, db);
        await services.auth.setPasswordByOperator(systemCtx(db, cfg, quietLog), email.data, password);
        console.log(`The password of ${email.data} is set; their sessions were ended.`);
      });
    });

  const imports = program.command('import').description('Import data from files');
  imports
    .command('centers')
    .description(
      'Import centers from a CSV file (columns: name, state, county, zip3, member_type, accredited_on, accreditation_expires_on, chapter, active)',
    )
    .argument('<file>', 'path of the CSV file')
    .option('--dry-run', 'check the file and report what would change, without writing')
    .option('--strict', 'write nothing if any row is rejected')
    .action(async (file: string, opts: { dryRun?: boolean; strict?: boolean }) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (error) {
        throw new CliError(
          `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
        );
      }
      await withDatabase(async (db, cfg) => {
        const services = buildServices(cfg, db);
        const progress = new Progress();
        const report = await services.network.importCenters(systemCtx(db, cfg, quietLog), text, {
          filename: path.basename(file),
          source: 'cli',
          dryRun: opts.dryRun ?? false,
          strict: opts.strict ?? false,
          onProgress: (done, total) => progress.update('centers', done, total),
        });
        progress.stop();
        printImportReport(report);
        if (report.status !== 'completed') throw new CliError('Nothing was imported.', 1);
        if (report.rejected > 0) process.exitCode = 2;
      });
    });

  const collect = (value: string, previous: string[]) => [...previous, value];
  for (const kind of CARE_IMPORT_KINDS) {
    imports
      .command(kind)
      .description(
        `Import care ${kind} from a CSV file (columns: ${CARE_IMPORT_COLUMNS[kind].join(', ')}). ` +
          'Every row is checked first; if any is rejected nothing is written, the problems go to FILE.errors.csv ' +
          'and the exit code is 2. A file with a column that looks like a child identifier (name, birth date, ' +
          'address, contact, notes) is refused before any row is read.',
      )
      .argument('<file>', 'path of the CSV file')
      .option('--center <center>', 'center id or exact name: the center of a file without a center column')
      .option(
        '--map <header=field>',
        'read the column "header" as the field (repeatable; "header=ignore" skips a column)',
        collect,
        [] as string[],
      )
      .option('--dry-run', 'check every row and count what would change, without writing')
      .action(async (file: string, opts: { center?: string; map: string[]; dryRun?: boolean }) => {
        let size: number;
        try {
          const stat = fs.statSync(file);
          if (!stat.isFile()) throw new CliError(`Cannot read ${file}: it is not a file.`);
          size = stat.size;
        } catch (error) {
          if (error instanceof CliError) throw error;
          throw new CliError(
            `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
          );
        }
        let mapping: Record<string, string>;
        try {
          mapping = parseMappingArgs(opts.map);
        } catch (error) {
          throw new CliError(`--map: ${(error as Error).message}`);
        }
        const errorsFile = `${file}.errors.csv`;
        await withDatabase(async (db, cfg) => {
          const services = buildServices(cfg, db);
          const centerId = opts.center ? await resolveCenter(db, opts.center) : null;
          const progress = new Progress();
          const started = Date.now();
          let report;
          try {
            report = await services.careImport.importFile(
              systemCtx(db, cfg, quietLog),
              kind,
              fs.createReadStream(file),
              {
                source: 'cli',
                filename: path.basename(file),
                centerId,
                mapping,
                dryRun: opts.dryRun ?? false,
                // The error file lists every problem, not only the first ten thousand.
                maxProblems: 1_000_000,
                onBytes: (bytes) => progress.update(`checking (bytes)`, bytes, size),
                onProgress: (stage, done, total) => {
                  if (stage === 'writing') progress.update(`writing ${kind}`, done, total);
                },
              },
            );
          } finally {
            progress.stop();
          }
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          console.log(
            `${report.dryRun ? 'Dry run: nothing was written. ' : ''}${report.totalRows} rows of ${kind} read in ${seconds} s.`,
          );
          console.log(`  inserted:  ${report.inserted}${report.dryRun ? ' (would be added)' : ''}`);
          console.log(`  updated:   ${report.updated}`);
          console.log(`  unchanged: ${report.unchanged}`);
          console.log(`  rejected:  ${report.rejected}`);
          for (const c of report.columns)
            if (c.how === 'alias' || c.how === 'mapping')
              console.log(`  column "${c.source}" read as ${c.field}`);
          for (const w of report.warnings) console.log(`  warning: ${w}`);
          if (report.status === 'rejected' && report.rejected > 0) {
            fs.writeFileSync(errorsFile, problemsToCsv(report.rejections));
            console.log('Rejected rows (line, field: problem):');
            for (const r of report.rejections.slice(0, 20))
              console.log(`  line ${r.line}${r.field ? `, ${r.field}` : ''}: ${r.message}`);
            if (report.rejections.length > 20) console.log(`  ... and ${report.rejections.length - 20} more`);
            throw new CliError(
              `Nothing was imported: ${report.rejected} row${report.rejected === 1 ? ' was' : 's were'} rejected. ` +
                `Every problem is listed in ${errorsFile}; fix them and import the file again.`,
              2,
            );
          }
          // A report left by an earlier run of this file no longer applies.
          if (fs.existsSync(errorsFile)) fs.rmSync(errorsFile);
        });
      });
  }

  const audit = program.command('audit').description('The audit log');
  audit
    .command('verify')
    .description('Recompute the hash chain of the audit log; exits 1 naming the first broken event')
    .option(
      '--expect-head <seq:hash>',
      'also check an anchor recorded earlier (printed by a previous verify)',
    )
    .action(async (opts: { expectHead?: string }) => {
      let expectHead: { seq: number; hash: string } | undefined;
      if (opts.expectHead) {
        const m = /^(\d+):([0-9a-f]{64})$/.exec(opts.expectHead);
        if (!m) throw new CliError('--expect-head must look like 1234:<64 hex characters>');
        expectHead = { seq: Number(m[1]), hash: m[2]! };
      }
      await withDatabase(async (db) => {
        const progress = new Progress();
        const result = await verifyAuditChain(
          (read) => db.scoped({ purpose: 'system', allCenters: true }, read),
          {
            ...(expectHead ? { expectHead } : {}),
            onProgress: (done, total) => progress.update('events', done, total),
          },
        );
        progress.stop();
        if (!result.ok) {
          console.error(`Audit log BROKEN at event ${result.broken!.seq}: ${result.broken!.reason}.`);
          console.error(`${result.checked} events before it are intact.`);
          throw new CliError('The audit log has been tampered with.', 1);
        }
        console.log(`Audit log intact: ${result.checked} event${result.checked === 1 ? '' : 's'} verified.`);
        if (result.head)
          console.log(
            `Head: ${result.head.seq}:${result.head.hash}  (record it elsewhere; check it later with --expect-head)`,
          );
      });
    });

  const credentials = program.command('credentials').description('Certificates and their reminders');
  credentials
    .command('run-jobs')
    .description(
      'Issue the credentials due on pathways that issue automatically and queue expiry reminders ' +
        '(the server does this every 10 minutes; run it to do it now, e.g. after an import)',
    )
    .action(async () => {
      await withDatabase(async (db, cfg) => {
        const services = buildServices(cfg, db);
        await services.credentials.ensureSigningKey();
        const result = await runCredentialJobs(services.credentials, db, cfg, quietLog);
        console.log(
          `Issued ${result.issued} credential${result.issued === 1 ? '' : 's'}; ` +
            `queued ${result.reminders} expiry reminder${result.reminders === 1 ? '' : 's'}.`,
        );
      });
    });

  registerPlanCommand(program, {
    withDatabase,
    fail: (message, exitCode) => new CliError(message, exitCode),
    log: quietLog,
  });

  return program;
}

async function resolveCenter(db: Database, value: string): Promise<string> {
  return db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
    const isUuid = /^[0-9a-f-]{36}$/i.test(value);
    const rows = await trx
      .selectFrom('center')
      .select(['id', 'name', 'state'])
      .where((eb) => (isUuid ? eb('id', '=', value) : eb(eb.fn('lower', ['name']), '=', value.toLowerCase())))
      .execute();
    if (rows.length === 0) throw new CliError(`--center: no center has the id or name "${value}".`);
    if (rows.length > 1) {
      throw new CliError(
        `--center: "${value}" names ${rows.length} centers (${rows.map((r) => `${r.state}: ${r.id}`).join(', ')}); give the id.`,
      );
    }
    return rows[0]!.id;
  });
}

async function resolvePartner(db: Database, value: string): Promise<string> {
  return db.scoped({ purpose: 'system', allCenters: true }, async (trx) => {
    const isUuid = /^[0-9a-f-]{36}$/i.test(value);
    const row = await trx
      .selectFrom('partner_organization')
      .select('id')
      .where((eb) => (isUuid ? eb('id', '=', value) : eb(eb.fn('lower', ['name']), '=', value.toLowerCase())))
      .executeTakeFirst();
    if (!row) throw new CliError(`--partner: no partner organisation has the id or name "${value}".`);
    return row.id;
  });
}

function printImportReport(report: {
  dryRun: boolean;
  totalRows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  status: string;
  rejections: { line: number; field: string | null; message: string }[];
  warnings: string[];
  chaptersCreated: string[];
}): void {
  const verb = report.dryRun ? 'would be' : 'were';
  console.log(`${report.dryRun ? 'Dry run: nothing was written. ' : ''}${report.totalRows} rows read.`);
  console.log(`  inserted:  ${report.inserted} (${verb} added)`);
  console.log(`  updated:   ${report.updated}`);
  console.log(`  unchanged: ${report.unchanged}`);
  console.log(`  rejected:  ${report.rejected}`);
  for (const c of report.chaptersCreated)
    console.log(`  chapter ${report.dryRun ? 'would be ' : ''}created: ${c}`);
  for (const w of report.warnings) console.log(`  warning: ${w}`);
  if (report.rejections.length > 0) {
    console.log('Rejected rows:');
    for (const r of report.rejections.slice(0, 200))
      console.log(`  line ${r.line}${r.field ? `, ${r.field}` : ''}: ${r.message}`);
    if (report.rejections.length > 200) console.log(`  ... and ${report.rejections.length - 200} more`);
  }
  if (report.status === 'rejected')
    console.log('Strict mode: because rows were rejected, nothing was written.');
}

/** Runs the CLI; returns the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ||
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version'
        ? 0
        : 1;
    }
    if (error instanceof CliError) {
      console.error(error.message);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    if (error instanceof AppError) {
      const details = error.details.map((d) => `  ${d.path}: ${d.message}`).join('\n');
      console.error(details && error.details.length > 1 ? `${error.message}\n${details}` : error.message);
      return 1;
    }
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

/** Entry for bin/waymark.js: runs the command and exits, except `serve`, which keeps running. */
export async function main(argv: string[]): Promise<void> {
  const code = await runCli(argv);
  const serving = argv[0] === 'serve' && !argv.includes('--help') && !argv.includes('-h');
  if (!serving || code !== 0) process.exit(code);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main(process.argv.slice(2));
}
