/**
 * A lock file that stops a second process from opening the same PGlite data directory.
 * PGlite keeps no lock of its own; two processes writing one directory would corrupt it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    public readonly dataDir: string,
    public readonly holder: { pid: number; host: string; startedAt: string },
  ) {
    super(
      `The data directory ${dataDir} is in use by another Waymark process ` +
        `(pid ${holder.pid} on ${holder.host}, started ${holder.startedAt}). ` +
        'Stop that process first, or point WAYMARK_DATA_DIR at another directory. ' +
        `If no such process is running, delete ${path.join(dataDir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export const LOCK_FILE = 'waymark.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  release(): void;
}

/** Takes the lock or throws DataDirLockedError. A lock left by a dead process on this host is taken over. */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const me = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as { pid: number };
          if (current.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
      process.once('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: { pid: number; host: string; startedAt: string };
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof holder;
      } catch {
        holder = { pid: 0, host: 'unknown', startedAt: 'unknown' };
      }
      const sameHost = holder.host === me.host;
      if (sameHost && holder.pid > 0 && holder.pid !== process.pid && isAlive(holder.pid)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      if (holder.pid === process.pid) {
        // Our own PID: either this process opened the directory twice (refuse), or a previous run
        // that had the same PID died without removing the lock (containers restart as PID 1).
        const processStarted = Date.now() - process.uptime() * 1000;
        const lockWritten = Date.parse(holder.startedAt);
        if (!(Number.isFinite(lockWritten) && lockWritten < processStarted - 1000)) {
          throw new DataDirLockedError(dataDir, holder);
        }
        fs.rmSync(file, { force: true });
        continue;
      }
      if (!sameHost) {
        // Cannot tell whether a process on another host is alive: refuse rather than risk corruption.
        throw new DataDirLockedError(dataDir, holder);
      }
      // Stale lock from a process that died: remove it and try once more.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}`);
}
