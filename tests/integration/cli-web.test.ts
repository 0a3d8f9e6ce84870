import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp-dir';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `src-main/cli/web.ts` (what `npm run web` runs); resolves on exit or once it prints its URL. */
function startCli(args: string[], until: RegExp | null): Promise<Run & { stop(): Promise<Run> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src-main/cli/web.ts'), ...args],
    {
      cwd: ROOT,
      env: { ...process.env, QUIRE_LOG_LEVEL: 'warn' },
    },
  );
  const run: Run = { code: null, stdout: '', stderr: '' };
  const exited = new Promise<Run>((resolve) =>
    child.once('exit', (code) => {
      run.code = code;
      resolve(run);
    }),
  );
  const stop = async (): Promise<Run> => {
    if (run.code === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      run.stdout += chunk.toString();
      if (until?.test(run.stdout)) resolve({ ...run, stop });
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    void exited.then(() => resolve({ ...run, stop }));
  });
}

describe('npm run web (the Node host CLI)', () => {
  const vault = makeTempDir('quire-cli-');
  const renderer = makeTempDir('quire-cli-renderer-');
  beforeAll(() =>
    fs.writeFileSync(path.join(renderer.dir, 'index.html'), '<!doctype html><title>Quire</title>'),
  );
  afterAll(() => {
    vault.cleanup();
    renderer.cleanup();
  });

  it('prints its loopback URL, refuses a second process on the same vault, and releases the vault on SIGTERM', async () => {
    const args = ['--port', '0', '--data-dir', vault.dir, '--renderer-dir', renderer.dir];
    const first = await startCli(args, /Quire is running at/);
    try {
      expect(first.stdout).toMatch(
        /Quire is running at http:\/\/127\.0\.0\.1:\d+\/\?key=[A-Za-z0-9_-]{43} \(vault: /,
      );
      const second = await startCli(args, null);
      expect(second.code).toBe(3);
      expect(second.stderr).toMatch(/Another Quire process \(pid \d+\) is already using the vault/);
    } finally {
      expect((await first.stop()).code).toBe(0);
    }
    expect(fs.existsSync(path.join(vault.dir, 'quire.lock'))).toBe(false);
    const third = await startCli(args, /Quire is running at/);
    expect((await third.stop()).code).toBe(0);
  });

  it('explains bad arguments in one line', async () => {
    const run = await startCli(['--port', 'seventy', '--data-dir', vault.dir], null);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^quire web: port: /);
  });

  it('says how to build the renderer when it is missing', async () => {
    const run = await startCli(
      ['--port', '0', '--data-dir', vault.dir, '--renderer-dir', path.join(renderer.dir, 'nope')],
      null,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/npm run build:web/);
    expect(fs.existsSync(path.join(vault.dir, 'quire.lock'))).toBe(false);
  });
});
