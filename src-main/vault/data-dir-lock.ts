import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDataDir, preparePrivateSqliteFile, PRIVATE_FILE_MODE } from './private-files';
import Database from 'better-sqlite3';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number | null,
  ) {
    super(
      `Another Quire process${ownerPid === null ? '' : ` (pid ${ownerPid})`} is already using the vault at ${dataDir}. ` +
        'Close it first, or start this one with a different data directory (QUIRE_DATA_DIR or --data-dir).',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  release(): void;
}

export const LOCK_FILE = 'quire.lock';
/** Who holds the lock, for the message only; the lock itself is the SQLite file's OS lock. */
const OWNER_FILE = 'quire.lock.owner';

// Locks held by this very process: a second host in the same process must be refused too.
const heldInThisProcess = new Set<string>();

function readOwnerPid(dataDir: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(path.join(dataDir, OWNER_FILE), 'utf8'), 10);
    return Number.isSafeInteger(pid) ? pid : null;
  } catch {
    return null;
  }
}

/** A lock file that is not a database (damaged, or written by something else) is held by nobody. */
function openLockDatabase(file: string): Database.Database {
  preparePrivateSqliteFile(file);
  const db = new Database(file, { timeout: 0 });
  try {
    db.pragma('schema_version');
    return db;
  } catch (error) {
    db.close();
    if ((error as { code?: unknown }).code !== 'SQLITE_NOTADB') throw error;
    fs.rmSync(file, { force: true });
    return new Database(file, { timeout: 0 });
  }
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * One process per data directory, so two writers never share the SQLite files. The lock is an
 * exclusive SQLite lock (an OS file lock) on `quire.lock`, held for the life of the host: two
 * processes starting at the same instant cannot both win, and the OS drops it when its holder
 * dies, so a crash or SIGKILL never locks the user out and a recycled pid never matters.
 */
export function acquireDataDirLock(dataDir: string): DataDirLock {
  const resolved = path.resolve(dataDir);
  if (heldInThisProcess.has(resolved)) throw new DataDirLockedError(resolved, process.pid);
  makePrivateDataDir(resolved);

  let db: Database.Database | null = null;
  try {
    db = openLockDatabase(path.join(resolved, LOCK_FILE));
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = DELETE');
    // The first write takes the exclusive lock; in EXCLUSIVE locking mode it is kept after commit.
    db.exec('BEGIN EXCLUSIVE; CREATE TABLE IF NOT EXISTS holder (pid INTEGER); DELETE FROM holder; COMMIT;');
    db.prepare('INSERT INTO holder (pid) VALUES (?)').run(process.pid);
  } catch (error) {
    db?.close();
    if (isBusy(error)) throw new DataDirLockedError(resolved, readOwnerPid(resolved));
    throw error;
  }
  fs.writeFileSync(path.join(resolved, OWNER_FILE), String(process.pid), { mode: PRIVATE_FILE_MODE });
  heldInThisProcess.add(resolved);

  const release = (): void => {
    if (!heldInThisProcess.delete(resolved)) return;
    process.off('exit', release);
    fs.rmSync(path.join(resolved, OWNER_FILE), { force: true });
    db?.close();
    // Tidy only: a leftover file is harmless, its lock died with the connection.
    fs.rmSync(path.join(resolved, LOCK_FILE), { force: true });
  };
  process.on('exit', release);
  return { release };
}
