import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateUp } from '../../sync-server/db/migrator';
import { createPgClient } from '../../sync-server/db/pg-client';
import { LATEST_MIGRATION } from '../../sync-server/ops/readiness';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const ROOT = path.resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 30_000;

/** Runs `npm run server` as an operator would, until it exits (bounded). */
function runServer(databaseUrl: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATABASE_URL: databaseUrl,
        PORT: '0',
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not exit within ${START_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`));
    }, START_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}

describe('upgrades', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const sql = createPgClient({ connectionString: database.url });
    try {
      await migrateUp(sql);
      // What a newer server would have left behind.
      await sql.query(`INSERT INTO schema_migrations (version, name) VALUES ($1, 'from the future')`, [
        LATEST_MIGRATION + 1,
      ]);
    } finally {
      await sql.close();
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('O16: a server refuses a schema newer than its code with one clear line and exit code 5', async () => {
    const { code, stderr, stdout } = await runServer(database.url);
    expect(code).toBe(5);
    expect(stdout).not.toContain('listening');
    const lines = stderr.split('\n').filter((line) => line.startsWith('quire sync server:'));
    expect(lines).toEqual([
      `quire sync server: the database schema is at version ${LATEST_MIGRATION + 1}, newer than this server knows (${LATEST_MIGRATION}); run the newer Quire sync server that upgraded it, or restore a backup taken before the upgrade.`,
    ]);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).not.toContain(database.url);
  });
});
