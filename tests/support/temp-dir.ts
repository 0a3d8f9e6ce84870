import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh directory per test; removed by the returned cleanup. */
export function makeTempDir(prefix = 'quire-test-'): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Temp directories for a test file: call `tempDir()` in a test, all are removed after each test. */
export function useTempDirs(afterEach: (fn: () => void) => void): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
  return () => {
    const temp = makeTempDir();
    cleanups.push(temp.cleanup);
    return temp.dir;
  };
}
