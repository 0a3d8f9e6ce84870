import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE } from '../../src-main/vault/data-dir-lock';
import { useTempDirs } from '../support/temp-dir';

/** Another process holding the vault, as a second running Quire would. */
async function holdInChild(dir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [
    '--import',
    'tsx',
    path.resolve(import.meta.dirname, 'fixtures/lock-holder.ts'),
    dir,
  ]);
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('data directory lock', () => {
  const tempDir = useTempDirs(afterEach);

  it('refuses a second holder in the same process and frees on release', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    acquireDataDirLock(dir).release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('refuses a vault held by another process, naming it, and takes it over once that process is killed', async () => {
    const dir = tempDir();
    const child = await holdInChild(dir);
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(
        new RegExp(`Another Quire process \\(pid ${child.pid}\\) is already using the vault`),
      );
    } finally {
      await kill(child);
    }
    // SIGKILL left the lock file behind, but the OS released its lock with the process.
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(true);
    acquireDataDirLock(dir).release();
  });

  it('ignores a stale or garbage lock file that nobody holds', () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, LOCK_FILE),
      'not a database, and long enough to look like a damaged header',
    );
    acquireDataDirLock(dir).release();
  });
});
