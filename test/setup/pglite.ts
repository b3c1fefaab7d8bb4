/**
 * PGlite tier: migrates one PGlite data directory per run; each test database is then a copy of
 * it (see createTestDatabase), the way the PostgreSQL tier copies a template database. Starting
 * PGlite on a copied data directory takes about a second; an empty in-memory PGlite first runs
 * initdb, which takes several, and then every migration. Everything is removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-pglite-run-'));
  const templateDir = path.join(root, 'template');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: '',
    WAYMARK_DATA_DIR: templateDir,
  });
  const db = await openDatabase(config);
  try {
    await migrateToLatest(db);
  } finally {
    await db.close();
  }
  project.provide('pgliteRunDir', root);
  project.provide('pgliteTemplate', path.join(templateDir, 'pgdata'));
  return () => {
    fs.rmSync(root, { recursive: true, force: true });
    return Promise.resolve();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** A directory for this run's test databases, removed at the end of the run. */
    pgliteRunDir: string;
    /** The migrated PGlite data directory that each test database copies. */
    pgliteTemplate: string;
  }
}
