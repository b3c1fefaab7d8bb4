/**
 * The lock file on a PGlite data directory: one process at a time, a clear message for the second,
 * and a lock left by a process that died is taken over.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { openDatabase } from './database.js';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './lock.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const lockModule = path.join(here, 'lock.ts');
const dirs: string[] = [];

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-lock-'));
  dirs.push(dir);
  return dir;
}

function readLock(dir: string): { pid: number; host: string; startedAt: string } {
  return JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as {
    pid: number;
    host: string;
    startedAt: string;
  };
}

/** A script for a second Node process: it tries to take the lock, says what happened, and may hold it. */
function lockScript(dir: string, hold: boolean): string {
  return `
    import { lockDataDir } from ${JSON.stringify(lockModule)};
    try {
      lockDataDir(${JSON.stringify(dir)});
      console.log('LOCKED');
      ${hold ? 'setInterval(() => undefined, 1000);' : 'process.exit(0);'}
    } catch (error) {
      console.log(error.name + ': ' + error.message);
      process.exit(3);
    }`;
}

function runNode(script: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 30_000,
  });
}

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('lockDataDir', () => {
  it('writes who holds the lock and removes it on release', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    expect(readLock(dir)).toMatchObject({ pid: process.pid, host: os.hostname() });
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    lock.release();
  });

  it('refuses a second lock in the same process, naming the directory', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    try {
      let error: unknown;
      try {
        lockDataDir(dir);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DataDirLockedError);
      expect((error as DataDirLockedError).dataDir).toBe(dir);
      expect((error as Error).message).toContain(`The data directory ${dir} is in use`);
      expect((error as Error).message).toContain(`pid ${process.pid}`);
    } finally {
      lock.release();
    }
    lockDataDir(dir).release();
  });

  it('refuses a second process while the first holds the lock, with a clear message', () => {
    const dir = tempDir();
    const lock = lockDataDir(dir);
    try {
      const child = runNode(lockScript(dir, false));
      expect(child.status, child.stderr).toBe(3);
      expect(child.stdout).toContain('DataDirLockedError');
      expect(child.stdout).toContain(`The data directory ${dir} is in use by another Waymark process`);
      expect(child.stdout).toContain(`pid ${process.pid}`);
      expect(child.stdout).toContain('point WAYMARK_DATA_DIR at another directory');
      expect(readLock(dir).pid).toBe(process.pid);
    } finally {
      lock.release();
    }
  });

  it('is refused while another process holds it, and taken over once that process has died', async () => {
    const dir = tempDir();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', lockScript(dir, true)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('LOCKED')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`child exited with ${code}: ${out}`)));
      });
      expect(readLock(dir).pid).toBe(child.pid);
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(`pid ${child.pid}`);
    } finally {
      // Killed without a chance to clean up: the lock file stays behind.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    expect(readLock(dir).pid).toBe(child.pid);
    const lock = lockDataDir(dir);
    expect(readLock(dir).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a stale lock of a dead process on this host', () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    fs.writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: dead, host: os.hostname(), startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const lock = lockDataDir(dir);
    expect(readLock(dir).pid).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock left by an earlier run that had the same process id (a restarted container)', () => {
    const dir = tempDir();
    const earlier = new Date(Date.now() - process.uptime() * 1000 - 60_000).toISOString();
    fs.writeFileSync(
      path.join(dir, LOCK_FILE),
      JSON.stringify({ pid: process.pid, host: os.hostname(), startedAt: earlier }),
    );
    const lock = lockDataDir(dir);
    expect(readLock(dir).startedAt).not.toBe(earlier);
    // But this same process opening the directory a second time is still refused.
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    lock.release();
  });

  it('refuses a lock held on another host, and an unreadable lock file, saying how to clear it', () => {
    const dir = tempDir();
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(
      file,
      JSON.stringify({ pid: 1, host: 'other-host', startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    expect(() => lockDataDir(dir)).toThrow(/pid 1 on other-host/);
    fs.writeFileSync(file, 'not json');
    expect(() => lockDataDir(dir)).toThrow(`delete ${file}`);
  });
});

describe('openDatabase on a PGlite data directory', () => {
  it('refuses a second open of the same directory until the first is closed', async () => {
    const dir = tempDir();
    const config = loadConfig({ WAYMARK_DATA_DIR: dir, LOG_LEVEL: 'silent', WAYMARK_DEMO: '0' });
    const first = await openDatabase(config);
    try {
      await expect(openDatabase(config)).rejects.toThrow(DataDirLockedError);
      await expect(openDatabase(config)).rejects.toThrow(
        `The data directory ${config.database.dataDir} is in use`,
      );
    } finally {
      await first.close();
    }
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    const again = await openDatabase(config);
    await again.close();
  }, 60_000);
});
