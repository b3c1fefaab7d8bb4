/**
 * Starting and stopping the server: configuration, database, migrations, the runtime-role safety
 * check, demo data on first start, listening, and a graceful close.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { loadConfig, type Config } from './config.js';
import { assertSafeRuntimeRole, openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { DEMO_ACCOUNTS, isDatabaseEmpty, seedDemo } from './db/seed/seed.js';
import { PasswordHasher, assertPasswordPolicy, warmPasswordList } from './modules/identity/passwords.js';
import { warmUpPlanner } from './modules/access/planner/planner.js';

/** A readable random password: four groups of four base32 characters (80 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  let s = '';
  for (let i = 0; i < 16; i++) s += alphabet[bytes[i]! % alphabet.length];
  return s.match(/.{4}/g)!.join('-');
}

export interface Started {
  app: FastifyInstance;
  db: Database;
  url: string;
  close(): Promise<void>;
}

/** Opens the database, migrates, checks the role, seeds the demo network when empty. */
export async function prepareDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  const db = await openDatabase(config);
  try {
    if (config.migrateOnStart) {
      const ran = await migrateToLatest(db);
      for (const m of ran) log(`Applied migration ${m.migrationName}`);
    }
    await assertSafeRuntimeRole(db);
    if (config.demo.enabled && (await isDatabaseEmpty(db))) {
      const password = config.demo.password ?? generatePassword();
      assertPasswordPolicy(password, { field: 'WAYMARK_DEMO_PASSWORD' });
      const hash = await new PasswordHasher(1).hash(password);
      const result = await seedDemo(db, { demoPasswordHash: hash, config });
      log('');
      log(`Seeded the synthetic demo network: ${result.centers} centers, ${result.users} people.`);
      if (result.training)
        log(
          `Training records: ${result.training.cohorts} cohorts, ${result.training.enrolments} enrolments, ` +
            `${result.training.cases} cases, ${result.training.credentials} credentials.`,
        );
      log('Demo accounts (one per role):');
      for (const a of DEMO_ACCOUNTS) log(`  ${a.email.padEnd(36)} ${a.role}`);
      log(
        config.demo.password
          ? 'Password: the value of WAYMARK_DEMO_PASSWORD.'
          : `Password for all of them: ${password}   (shown only now; set WAYMARK_DEMO_PASSWORD to choose it)`,
      );
      log('');
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

export async function startServer(
  config: Config,
  log: (line: string) => void = (l) => console.log(l),
): Promise<Started> {
  const db = await prepareDatabase(config, log);
  warmPasswordList();
  let app: FastifyInstance;
  try {
    app = await buildApp({ config, db });
    await app.listen({ host: config.host, port: config.port });
    // Compile HiGHS in the planner's worker now, so the first plan does not pay for it.
    void warmUpPlanner();
  } catch (error) {
    await db.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.port === port ? config.publicUrl : `http://localhost:${port}`;
  let closing: Promise<void> | null = null;
  return {
    app,
    db,
    url,
    close: () => {
      // Fastify stops accepting connections and waits for requests in flight; then the database closes.
      closing ??= app.close().then(() => db.close());
      return closing;
    },
  };
}

export async function runServe(overrides: Partial<Config> = {}): Promise<void> {
  const config = loadConfig(process.env, overrides);
  const started = await startServer(config);
  const engine = config.database.engine === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL';
  console.log(`Waymark ${config.version} is serving ${started.url} (database: ${engine})`);
  if (config.database.engine === 'pglite') {
    console.log('PGlite is for evaluation and single-site use; use PostgreSQL (DATABASE_URL) in production.');
  }
  let signals = 0;
  const shutdown = (signal: string) => {
    signals++;
    if (signals > 1) {
      console.error('Second signal: exiting now.');
      process.exit(1);
    }
    started.app.log.info({ signal }, 'shutting down: finishing requests in flight');
    const timer = setTimeout(() => {
      console.error('Requests did not finish within 30 seconds; exiting.');
      process.exit(1);
    }, 30_000);
    timer.unref();
    started
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
