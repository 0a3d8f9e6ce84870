import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamEventSchema, type StreamEvent } from '../../src-shared/sync/protocol';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import {
  httpClient,
  note,
  PASSWORD,
  reasonOf,
  refusal,
  signIn,
  signUp,
  syncFields,
  wsClient,
} from '../support/sync-server';
import { runSyncServerCommand, startSyncServerProcess } from '../support/sync-server-process';
import { makeTempDir } from '../support/temp-dir';

/** `npm run server` as a real child process: its line, health, signals, exit codes, `invite`. */

/** Generous: each start transpiles TypeScript, and a fresh PGlite directory runs initdb in WebAssembly. */
const PROCESS_TEST_MS = 120_000;
const EMBEDDED_TEST_MS = 300_000;

const LISTENING =
  /^Quire sync server listening on (http:\/\/127\.0\.0\.1:\d+) \(database: (.+), registration: (\w+)\)$/m;

describe('npm run server on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.drop());

  it(
    'prints its bound URL, answers /healthz, serves sign-up, and exits 0 on SIGTERM',
    async () => {
      const server = await startSyncServerProcess({
        database: { url: database.url },
        registration: 'open',
        startTimeoutMs: PROCESS_TEST_MS,
      });
      try {
        expect(server.stdout()).toMatch(LISTENING);
        expect(LISTENING.exec(server.stdout())?.slice(2)).toEqual(['postgres', 'open']);
        const health = await fetch(`${server.url}/healthz`);
        expect(health.status).toBe(200);
        expect(await health.json()).toEqual({ ok: true, protocolVersion: 2, db: 'postgres' });
        const grant = await signUp(server.url, 'first@example.com');
        expect(grant.account.role).toBe('admin');
      } finally {
        expect((await server.stop()).code).toBe(0);
        expect(server.log()).not.toContain(PASSWORD);
      }
    },
    PROCESS_TEST_MS,
  );

  it(
    '`invite` bootstraps an invite-only server from the command line',
    async () => {
      const made = await runSyncServerCommand(['invite', '--email', 'Friend@Example.com', '--hours', '2'], {
        database: { url: database.url },
      });
      expect(made.code).toBe(0);
      const code = made.stdout.trim();
      expect(code).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(made.stderr).toMatch(/Single-use invite; expires .*only for friend@example\.com/);

      const server = await startSyncServerProcess({
        database: { url: database.url },
        registration: 'invite',
        startTimeoutMs: PROCESS_TEST_MS,
      });
      try {
        const client = httpClient(server.url);
        const withoutCode = await refusal(
          client.auth.signUp.mutate({
            email: 'friend@example.com',
            password: PASSWORD,
            deviceName: 'laptop',
          }),
        );
        expect(reasonOf(withoutCode)).toBe('INVITE_INVALID');
        const grant = await client.auth.signUp.mutate({
          email: 'friend@example.com',
          password: PASSWORD,
          deviceName: 'laptop',
          inviteCode: code,
        });
        expect(grant.account.email).toBe('friend@example.com');
      } finally {
        expect((await server.stop()).code).toBe(0);
      }
    },
    PROCESS_TEST_MS,
  );

  it(
    'R15: two processes on one database serve one vault: a push to one reaches a stream on the other',
    async () => {
      const settings = { database: { url: database.url }, startTimeoutMs: PROCESS_TEST_MS };
      const [first, second] = await Promise.all([
        startSyncServerProcess(settings),
        startSyncServerProcess(settings),
      ]);
      try {
        const laptop = await signUp(first.url);
        const phone = await signIn(second.url, laptop.account.email);
        const fields = syncFields(laptop.account.vaultId);
        const ws = wsClient(first.url, laptop.token);
        try {
          const events: StreamEvent[] = [];
          const arrived = new Promise<void>((resolve, reject) => {
            ws.client.sync.stream.subscribe(fields, {
              onData(event) {
                events.push(streamEventSchema.parse(event));
                if (event === 'RESYNC') {
                  void httpClient(second.url, phone.token).sync.push.mutate({
                    ...fields,
                    rows: [{ assumedMasterState: null, newDocumentState: note('via-second') }],
                  });
                } else resolve();
              },
              onError: reject,
            });
          });
          await arrived;
          expect(events).toEqual(['RESYNC', { documents: [note('via-second')], checkpoint: { seq: 1 } }]);
        } finally {
          await ws.close();
        }
      } finally {
        expect((await first.stop()).code).toBe(0);
        expect((await second.stop()).code).toBe(0);
      }
    },
    PROCESS_TEST_MS,
  );
});

describe('npm run server with the embedded database', () => {
  const dataDir = makeTempDir('quire-server-');
  afterAll(() => dataDir.cleanup());

  it(
    'keeps its data across restarts, and a second process on the same directory exits 3',
    async () => {
      const settings = { database: { embeddedDir: dataDir.dir }, startTimeoutMs: EMBEDDED_TEST_MS };
      const first = await startSyncServerProcess(settings);
      try {
        expect(LISTENING.exec(first.stdout())?.[2]).toBe(`embedded at ${dataDir.dir}`);
        expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({
          ok: true,
          protocolVersion: 2,
          db: 'pglite',
        });
        await signUp(first.url, 'kept@example.com');

        const second = await runSyncServerCommand([], settings);
        expect(second.code).toBe(3);
        expect(second.stderr).toMatch(
          /^quire sync server: Another Quire sync server process \(pid \d+\) is using the embedded database/m,
        );
      } finally {
        expect((await first.stop()).code).toBe(0);
      }

      const again = await startSyncServerProcess(settings);
      try {
        const grant = await signIn(again.url, 'kept@example.com');
        expect(grant.account.role).toBe('admin');
      } finally {
        expect((await again.stop()).code).toBe(0);
      }
    },
    EMBEDDED_TEST_MS,
  );
});

describe('npm run server with bad settings', () => {
  it(
    'explains each problem in one line and exits 2, without a stack or a secret',
    async () => {
      const run = await runSyncServerCommand([], {
        env: {
          PORT: 'seventy',
          REGISTRATION: 'maybe',
          LOG_LEVEL: 'loud',
          DATABASE_URL: 'mysql://root:hunter2@db/quire',
        },
      });
      expect(run.code).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines.sort()).toEqual([
        'quire sync server: DATABASE_URL: must be a URL like postgres://user:password@host:5432/quire',
        'quire sync server: LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
        'quire sync server: PORT: must be a whole number from 0 to 65535 (got "seventy")',
        'quire sync server: REGISTRATION: must be one of open, invite, closed (got "maybe")',
      ]);
      expect(run.stdout).toBe('');
    },
    PROCESS_TEST_MS,
  );

  it(
    'refuses an unknown command and bad invite options with exit 2',
    async () => {
      const unknown = await runSyncServerCommand(['serve-please']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/^quire sync server: unknown command "serve-please"/);
      const badEmail = await runSyncServerCommand(['invite', '--email', 'not-an-email']);
      expect(badEmail.code).toBe(2);
      expect(badEmail.stderr).toMatch(/^quire sync server: --email: /);
    },
    PROCESS_TEST_MS,
  );
});
