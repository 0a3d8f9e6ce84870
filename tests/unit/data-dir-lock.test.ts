import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../src-main/vault/data-dir-lock';
import { makeTempDir } from '../support/temp-dir';

describe('data directory lock', () => {
  const temps: (() => void)[] = [];
  afterEach(() => temps.splice(0).forEach((cleanup) => cleanup()));
  const tempDir = (): string => {
    const temp = makeTempDir();
    temps.push(temp.cleanup);
    return temp.dir;
  };

  it('refuses a second holder in the same process and frees on release', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    acquireDataDirLock(dir).release();
  });

  it('refuses a directory held by another live process, with a clear message', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      fs.writeFileSync(
        path.join(dir, 'quire.lock'),
        JSON.stringify({ pid: child.pid, hostname: os.hostname(), startedAt: 1 }),
      );
      expect(() => acquireDataDirLock(dir)).toThrow(
        /Another Quire process \(pid \d+\) is already using the vault/,
      );
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    // Its owner died without cleaning up (SIGKILL): the stale lock is taken over.
    acquireDataDirLock(dir).release();
  });

  it('takes over a half-written lock file', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'quire.lock'), '{"pi');
    acquireDataDirLock(dir).release();
    expect(fs.existsSync(path.join(dir, 'quire.lock'))).toBe(false);
  });
});
