import fs from 'node:fs';
import path from 'node:path';

/**
 * W4: what Quire writes into a vault is its owner's alone, whatever the umask: folders 0700 and
 * files 0600, so another OS user on the machine reads neither notes nor attachments nor the
 * database. Exports are not here: the user picks that folder, and its files follow the umask.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** `mkdir -p` with 0700 for every folder it creates (existing ones keep their mode). */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

export async function makePrivateDirAsync(dir: string): Promise<void> {
  await fs.promises.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** The data dir is Quire's own: tightened on every start, also when it already existed. */
export function makePrivateDataDir(dir: string): void {
  makePrivateDir(dir);
  const stat = fs.statSync(dir);
  // Only a folder this user owns; chmod on someone else's would fail anyway.
  if (process.getuid === undefined || stat.uid === process.getuid()) fs.chmodSync(dir, PRIVATE_DIR_MODE);
}

const SQLITE_SIDECARS = ['', '-wal', '-shm', '-journal'] as const;

/**
 * Before a SQLite file is opened: its folder and an empty 0600 file, so SQLite (which gives its
 * -wal, -shm and -journal files the database file's mode) never creates any of them readable
 * by others. `:memory:` is left alone.
 */
export function preparePrivateSqliteFile(file: string): void {
  if (file === ':memory:' || file === '') return;
  makePrivateDir(path.dirname(file));
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
}

/** After opening: a database (and its sidecars) left by an older Quire with looser modes is tightened. */
export function tightenSqliteFiles(file: string): void {
  if (file === ':memory:' || file === '') return;
  for (const suffix of SQLITE_SIDECARS) {
    try {
      fs.chmodSync(file + suffix, PRIVATE_FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
