import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `Another Quire process (pid ${ownerPid}) is already using the vault at ${dataDir}. ` +
        'Close it first, or start this one with a different data directory (QUIRE_DATA_DIR or --data-dir).',
    );
    this.name = 'DataDirLockedError';
  }
}

interface LockFile {
  pid: number;
  hostname: string;
  startedAt: number;
}

export interface DataDirLock {
  release(): void;
}

// Locks held by this very process: a second host in the same process must be refused too.
const heldInThisProcess = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockFile | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockFile>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return null;
    return { pid: parsed.pid, hostname: parsed.hostname, startedAt: parsed.startedAt ?? 0 };
  } catch {
    return null;
  }
}

/**
 * One process per data directory, so two writers never share the SQLite files. The lock is a
 * pid file created with O_EXCL; a lock left by a crashed process (dead pid on this host) is
 * taken over, so a SIGKILL never locks the user out.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const resolved = path.resolve(dataDir);
  const file = path.join(resolved, 'quire.lock');
  if (heldInThisProcess.has(resolved)) throw new DataDirLockedError(resolved, process.pid);
  fs.mkdirSync(resolved, { recursive: true });
  const mine: LockFile = { pid: process.pid, hostname: os.hostname(), startedAt: Date.now() };

  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      heldInThisProcess.add(resolved);
      const release = (): void => {
        if (!heldInThisProcess.delete(resolved)) return;
        const current = readLock(file);
        if (current?.pid === process.pid) fs.rmSync(file, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readLock(file);
      if (owner && owner.hostname === mine.hostname && owner.pid !== process.pid && isAlive(owner.pid)) {
        throw new DataDirLockedError(resolved, owner.pid);
      }
      if (owner && owner.hostname !== mine.hostname) throw new DataDirLockedError(resolved, owner.pid);
      // Stale (dead owner, or unreadable half-written file): remove and try again.
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirLockedError(resolved, readLock(file)?.pid ?? -1);
}
