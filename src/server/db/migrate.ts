/**
 * Runs migrations with Kysely's Migrator, as the connecting role (the database owner).
 */
import { Migrator, type MigrationInfo, type MigrationResult } from 'kysely/migration';
import type { Database } from './database.js';
import { migrations } from './migrations/index.js';

function migrator(db: Database): Migrator {
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'waymark_migration',
    migrationLockTableName: 'waymark_migration_lock',
  });
}

export class MigrationError extends Error {
  constructor(
    message: string,
    public readonly results: readonly MigrationResult[],
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

function check(error: unknown, results: readonly MigrationResult[] | undefined): MigrationResult[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const cause = error instanceof Error ? error.message : JSON.stringify(error);
    throw new MigrationError(
      `Migration ${failed ? `"${failed.migrationName}" ` : ''}failed: ${cause}`,
      results ?? [],
    );
  }
  return [...(results ?? [])];
}

/** Applies every pending migration. Returns what ran (empty when up to date). */
export async function migrateToLatest(db: Database): Promise<MigrationResult[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  return check(error, results);
}

/** Reverts the most recent migration (or all, with steps = 'all'). */
export async function migrateDown(db: Database, steps: number | 'all' = 1): Promise<MigrationResult[]> {
  const m = migrator(db);
  const all: MigrationResult[] = [];
  const count = steps === 'all' ? Object.keys(migrations).length : steps;
  for (let i = 0; i < count; i++) {
    const { error, results } = await m.migrateDown();
    const ran = check(error, results);
    if (ran.length === 0) break;
    all.push(...ran);
  }
  return all;
}

export async function listMigrations(db: Database): Promise<readonly MigrationInfo[]> {
  return migrator(db).getMigrations();
}
