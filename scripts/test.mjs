#!/usr/bin/env node
/**
 * `npm test`: the unit and PGlite tiers always; the PostgreSQL tier when WAYMARK_TEST_DATABASE_URL
 * is set; the browser tier when Chromium is installed. Tiers that cannot run say so and how to
 * run them. `npm run test:all` (--all), and any run with CI=true, requires every tier and fails
 * when one cannot run.
 *
 * The browser tier runs at the same time as the database tiers, not after them: a journey waits on
 * one page and one request at a time and uses well under one core on average, so the two together
 * finish far sooner than one after the other. The browser tier's output is held back until the
 * database tiers are done, so each tier's report reads as one block. `--serial` runs the tiers one
 * after the other (to time a tier on its own, or on a machine with a single core).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// In CI every tier must run: a tier that cannot is a failure, not a skip.
const all = process.argv.includes('--all') || process.env.CI === 'true';
const serial = process.argv.includes('--serial');
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

/**
 * Starts `vitest run ARGS`. With `held`, its output is kept until release() and then passed on as
 * it comes. Resolves to the exit status.
 */
function start(args, { held = false } = {}) {
  const child = spawn(process.execPath, [vitest, 'run', ...args], {
    cwd: root,
    stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    // Held output is still the terminal's in the end: keep its colours.
    env: held && process.stdout.isTTY ? { ...process.env, FORCE_COLOR: '1' } : process.env,
  });
  const pending = [];
  let live = !held;
  const pass = (stream, target) =>
    stream?.on('data', (chunk) => (live ? target.write(chunk) : pending.push([target, chunk])));
  pass(child.stdout, process.stdout);
  pass(child.stderr, process.stderr);
  const status = new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`Could not start vitest: ${error.message}`);
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
  return {
    status,
    release() {
      for (const [target, chunk] of pending.splice(0)) target.write(chunk);
      live = true;
    },
  };
}

// The CLI tests and the browser tier run the built program, as users do: build it first when stale.
const build = await new Promise((resolve) => {
  spawn(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-needed'], {
    cwd: root,
    stdio: 'inherit',
  }).on('close', (code) => resolve(code ?? 1));
});

let status = build;
if (status === 0) {
  const databaseArgs = projects.flatMap((p) => ['--project', p]);
  if (!e2e || serial) {
    status = await start(databaseArgs).status;
    if (status === 0 && e2e) status = await start(['--project', 'e2e']).status;
  } else {
    const browser = start(['--project', 'e2e'], { held: true });
    const database = start(databaseArgs);
    const databaseStatus = await database.status;
    console.log('\nBrowser tier (started alongside the database tiers):\n');
    browser.release();
    const browserStatus = await browser.status;
    status = databaseStatus !== 0 ? databaseStatus : browserStatus;
  }
}
console.log('');
console.log(`Tiers run: ${[...projects, ...(e2e ? ['e2e'] : [])].join(', ')}`);
for (const s of skipped) console.log(s);
process.exit(status);
