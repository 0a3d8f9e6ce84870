import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../src-main/host';
import { useTempDirs } from '../support/temp-dir';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'scripts/quire.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real binary as a child process; stdin is piped (so never a TTY) and closed after `input`. */
function quire(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, QUIRE_SECRETS: 'file', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

const tempDir = useTempDirs(afterEach);

describe('quire (local commands)', () => {
  it('creates, lists, shows, writes and searches notes, with --json', async () => {
    const vault = tempDir();
    const created = await quire(['--vault', vault, '--json', 'new', '--title', 'Plan', '--folder', 'work'], {
      input: 'first line\r\nno final newline',
    });
    expect(created.code, created.stderr).toBe(0);
    const note = JSON.parse(created.stdout) as { id: string; body: string; folder: string };
    expect(note.body).toBe('first line\r\nno final newline');
    expect(note.folder).toBe('work');

    const shown = await quire(['--vault', vault, 'show', 'work/Plan.md']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe('first line\r\nno final newline');

    const written = await quire(['--vault', vault, 'write', note.id], {
      input: '---\ntags: [x]\n---\nzebra text',
    });
    expect(written.code, written.stderr).toBe(0);
    expect((await quire(['--vault', vault, 'show', 'Plan'])).stdout).toBe('---\ntags: [x]\n---\nzebra text');

    const listed = await quire(['--vault', vault, 'list', '--tag', 'x', '--json']);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((n) => n.id)).toEqual([note.id]);
    const none = await quire(['--vault', vault, 'list', '--tag', 'y', '--json']);
    expect(JSON.parse(none.stdout)).toEqual([]);

    const hits = await quire(['--vault', vault, '--json', 'search', 'zebra']);
    expect((JSON.parse(hits.stdout) as { id: string }[]).map((n) => n.id)).toEqual([note.id]);
  });

  it('exits 2 on bad usage and 1 on a failure, in plain words', async () => {
    const vault = tempDir();
    expect((await quire(['--vault', vault, 'frobnicate'])).code).toBe(2);
    expect((await quire(['--vault', vault, 'new'])).code).toBe(2);
    const missing = await quire(['--vault', vault, 'show', 'Nothing here']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No note is called "Nothing here"');
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an ambiguous title and lists the candidates', async () => {
    const vault = tempDir();
    const a = await quire(['--vault', vault, 'new', '--title', 'Same', '--folder', 'a'], { input: 'A' });
    const b = await quire(['--vault', vault, 'new', '--title', 'Same', '--folder', 'b'], { input: 'B' });
    const result = await quire(['--vault', vault, 'show', 'Same']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(a.stdout.trim());
    expect(result.stderr).toContain(b.stdout.trim());
    expect(result.stderr).toContain('a/Same');
    expect((await quire(['--vault', vault, 'show', 'b/Same'])).stdout).toBe('B');
  });

  it('edits a note through $EDITOR', async () => {
    const vault = tempDir();
    const editor = path.join(tempDir(), 'editor.mjs');
    fs.writeFileSync(
      editor,
      "import fs from 'node:fs';\nconst f = process.argv[2];\nfs.writeFileSync(f, fs.readFileSync(f, 'utf8') + ' edited');\n",
    );
    await quire(['--vault', vault, 'new', '--title', 'E'], { input: 'text' });
    const edited = await quire(['--vault', vault, 'edit', 'E'], {
      env: { EDITOR: `"${process.execPath}" "${editor}"` },
    });
    expect(edited.code, edited.stderr).toBe(0);
    expect((await quire(['--vault', vault, 'show', 'E'])).stdout).toBe('text edited');
  });

  it('says the vault is open in the app when its lock is held', async () => {
    const vault = tempDir();
    const host = await createHost({ dataDir: vault, runtime: 'node', storage: 'memory' });
    try {
      const result = await quire(['--vault', vault, 'list']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `The vault at ${vault} is open in Quire. Close the app, or pick another vault with --vault.`,
      );
    } finally {
      await host.close();
    }
  });

  it('imports and exports a folder', async () => {
    const vault = tempDir();
    const source = tempDir();
    fs.mkdirSync(path.join(source, 'sub'));
    fs.writeFileSync(path.join(source, 'sub', 'Note.md'), 'body\r\n');
    fs.writeFileSync(path.join(source, 'img.png'), Buffer.from([1, 2, 3]));
    const imported = await quire(['--vault', vault, '--json', 'import', source]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(
      (JSON.parse(imported.stdout) as { job: { notes: number; attachments: number } }).job,
    ).toMatchObject({ notes: 1, attachments: 1 });
    expect((await quire(['--vault', vault, 'show', 'sub/Note'])).stdout).toBe('body\r\n');
    const attachments = JSON.parse(
      (await quire(['--vault', vault, '--json', 'attachments', '--unused'])).stdout,
    ) as { path: string }[];
    expect(attachments.map((a) => a.path)).toEqual(['img.png']);
    const target = path.join(tempDir(), 'out');
    const exported = await quire(['--vault', vault, 'export', target]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(fs.readFileSync(path.join(target, 'sub', 'Note.md'), 'utf8')).toBe('body\r\n');
    expect([...fs.readFileSync(path.join(target, 'img.png'))]).toEqual([1, 2, 3]);
  });
});

describe('quire sync (two devices, one server)', () => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startSyncServerProcess({ database: { url: database.url } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('merges offline edits of one note on both devices', { timeout: 180_000 }, async () => {
    const a = tempDir();
    const b = tempDir();
    const email = `cli-${Date.now()}@example.com`;
    const password = 'correct horse battery staple';
    const signup = await quire(['--vault', a, 'sync', 'signup', '--server', server.url, '--email', email], {
      input: `${password}\n`,
    });
    expect(signup.code, signup.stderr).toBe(0);
    const created = await quire(['--vault', a, 'new', '--title', 'Shared'], { input: 'one\ntwo\nthree\n' });
    expect((await quire(['--vault', a, 'sync'])).code).toBe(0);
    const login = await quire(
      ['--vault', b, '--json', 'sync', 'login', '--server', server.url, '--email', email],
      { input: password },
    );
    expect(login.code, login.stderr).toBe(0);
    const bSync = await quire(['--vault', b, 'sync']);
    expect(bSync.code, bSync.stderr).toBe(0);
    expect((await quire(['--vault', b, 'show', 'Shared'])).stdout).toBe('one\ntwo\nthree\n');

    // Offline: the server is away while both devices edit the same note.
    await server.kill('SIGTERM');
    expect(
      (await quire(['--vault', a, 'write', created.stdout.trim()], { input: 'one A\ntwo\nthree\n' })).code,
    ).toBe(0);
    expect((await quire(['--vault', b, 'write', 'Shared'], { input: 'one\ntwo\nthree B\n' })).code).toBe(0);
    const offline = await quire(['--vault', a, 'sync', '--timeout', '3']);
    expect(offline.code).toBe(1);
    await server.start();

    for (const vault of [a, b, a, b]) {
      const run = await quire(['--vault', vault, 'sync']);
      expect(run.code, run.stderr).toBe(0);
    }
    for (const vault of [a, b]) {
      expect((await quire(['--vault', vault, 'show', 'Shared'])).stdout).toBe('one A\ntwo\nthree B\n');
    }
    const status = JSON.parse((await quire(['--vault', a, '--json', 'sync', 'status'])).stdout) as {
      state: string;
      account: { email: string };
    };
    expect(status.account.email).toBe(email);
    const logout = await quire(['--vault', b, 'sync', 'logout']);
    expect(logout.code).toBe(0);
    expect(JSON.parse((await quire(['--vault', b, '--json', 'sync', 'status'])).stdout)).toMatchObject({
      state: 'signed-out',
    });
    expect(fs.statSync(path.join(a, 'cli-secrets.json')).mode & 0o777).toBe(0o600);
  });
});
