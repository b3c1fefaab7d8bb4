#!/usr/bin/env node
/**
 * Builds the server (tsc -> dist/) and the web app (vite -> dist/web/).
 * With --if-needed, does nothing when the build is newer than every source file, so `npm start`
 * and `npm ci` (prepare) stay fast after the first build.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const ifNeeded = process.argv.includes('--if-needed');

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

if (ifNeeded && fs.existsSync(stamp)) {
  const built = fs.statSync(stamp).mtimeMs;
  const sources = Math.max(
    newestMtime(path.join(root, 'src')),
    ...['package.json', 'tsconfig.json', 'tsconfig.build.json', 'vite.config.ts', 'index.html']
      .map((f) => path.join(root, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => fs.statSync(f).mtimeMs),
  );
  if (built >= sources) process.exit(0);
}

function run(label, command, args) {
  const started = Date.now();
  process.stdout.write(`Building ${label}... `);
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) {
    process.stdout.write('failed\n');
    process.stderr.write(result.stdout + result.stderr);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
run('the server', bin('tsc'), ['-p', 'tsconfig.build.json']);
run('the web app', bin('vite'), ['build', '--logLevel', 'warn']);
fs.writeFileSync(stamp, new Date().toISOString() + '\n');
