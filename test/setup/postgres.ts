/**
 * PostgreSQL tier: migrates a template database once per run; each test file then gets its own
 * copy (CREATE DATABASE ... TEMPLATE), so files are isolated and may run in parallel. Everything
 * is dropped at the end.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../src/server/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const base = process.env.WAYMARK_TEST_DATABASE_URL;
  if (!base) {
    throw new Error(
      'The postgres tier needs WAYMARK_TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test',
    );
  }
  const template = `waymark_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: withDatabase(base, template),
    LOG_LEVEL: 'silent',
  });
  const db = await openDatabase(config);
  await migrateToLatest(db);
  await db.close();
  project.provide('pgTemplate', template);
  project.provide('pgBaseUrl', base);
  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [`${template}_%`, template],
    );
    for (const { datname } of leftovers.rows) {
      await admin.query(`drop database if exists ${datname} with (force)`);
    }
    await admin.end();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
    pgBaseUrl: string;
  }
}
