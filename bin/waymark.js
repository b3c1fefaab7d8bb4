#!/usr/bin/env node
// The `waymark` command. Runs the compiled CLI; builds it first when the build is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'dist', 'cli', 'main.js');
if (!fs.existsSync(entry) && fs.existsSync(path.join(root, 'scripts', 'build.mjs'))) {
  const built = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--if-needed'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const cli = await import(pathToFileURL(entry).href);
await cli.main(process.argv.slice(2));
