#!/usr/bin/env node
/**
 * `npm test`: the unit and PGlite tiers always; the PostgreSQL tier when WAYMARK_TEST_DATABASE_URL
 * is set; the browser tier when Chromium is installed. Tiers that cannot run say so and how to
 * run them. `npm run test:all` (--all), and any run with CI=true, requires every tier and fails
 * when one cannot run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// In CI every tier must run: a tier that cannot is a failure, not a skip.
const all = process.argv.includes('--all') || process.env.CI === 'true';
const vitest = path.join(root, 'node_modules', '.bin', 'vitest');
const chromium = process.env.WAYMARK_CHROMIUM_PATH ?? '/usr/bin/chromium';

const projects = ['unit', 'pglite'];
const skipped = [];
if (process.env.WAYMARK_TEST_DATABASE_URL) {
  projects.push('postgres');
} else {
  skipped.push(
    'PostgreSQL tier NOT RUN: set WAYMARK_TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run it.',
  );
}
let e2e = false;
if (fs.existsSync(chromium)) {
  e2e = true;
} else {
  skipped.push(
    `Browser tier NOT RUN: no Chromium at ${chromium}. Install it (apt-get install chromium) or set WAYMARK_CHROMIUM_PATH.`,
  );
}
if (all && skipped.length > 0) {
  for (const s of skipped) console.error(s);
  console.error('test:all needs every tier.');
  process.exit(1);
}

function run(args) {
  const result = spawnSync(vitest, ['run', ...args], { cwd: root, stdio: 'inherit' });
  return result.status ?? 1;
}

// The CLI tests and the browser tier run the built program, as users do: build it first when stale.
const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-needed'], {
  cwd: root,
  stdio: 'inherit',
});
let status = build.status ?? 1;
if (status === 0) status = run(projects.flatMap((p) => ['--project', p]));
if (status === 0 && e2e) status = run(['--project', 'e2e']);
console.log('');
console.log(`Tiers run: ${[...projects, ...(e2e ? ['e2e'] : [])].join(', ')}`);
for (const s of skipped) console.log(s);
process.exit(status);
