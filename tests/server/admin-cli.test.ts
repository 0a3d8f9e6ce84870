import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeReason } from '../../src-shared/errors/reason-words';
import { adminUserSchema, userPageSchema } from '../../src-shared/sync/admin';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { reasonOf, signUp, syncFields, uniqueEmail, wsClient } from '../support/sync-server';
import {
  runSyncServerCommand,
  startSyncServerProcess,
  type SyncServerProcess,
} from '../support/sync-server-process';

/** The admin CLI as an operator runs it (`npm run server -- users …`), beside a running server. */

const TEST_MS = 180_000;
const ROOT_PASSWORD = 'operator chose this phrase';

describe('admin CLI', { timeout: TEST_MS }, () => {
  let database: TestDatabase;
  let server: SyncServerProcess;
  const cli = (args: string[], stdin?: string) =>
    runSyncServerCommand(args, {
      database: { url: database.url },
      ...(stdin === undefined ? {} : { stdin }),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startSyncServerProcess({ database: { url: database.url }, startTimeoutMs: TEST_MS });
  }, TEST_MS);
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('`admin create` takes the password from stdin and refuses a common one', async () => {
    const weak = await cli(['admin', 'create', '--email', 'weak@example.com'], 'password\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr.trim()).toBe(
      'quire sync server: This password is on a list of commonly used passwords: choose another.',
    );
    const made = await cli(['admin', 'create', '--email', 'Root@Example.com'], `${ROOT_PASSWORD}\nignored\n`);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toBe('Created admin root@example.com.\n');
    // The first line and nothing else: the operator's password signs in.
    const response = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'root@example.com', password: ROOT_PASSWORD, deviceName: 'cli test' }),
    });
    expect(response.status).toBe(200);
  });

  it('G3: `users disable E` ends that user’s live stream on the running server; `users list --json` shows it', async () => {
    const email = uniqueEmail('streamer');
    const grant = await signUp(server.url, email);
    const ws = wsClient(server.url, grant.token);
    let disabled: Promise<Awaited<ReturnType<typeof cli>>> | null = null;
    try {
      const ended = new Promise<unknown>((resolve) => {
        ws.client.sync.stream.subscribe(syncFields(grant.account.vaultId), {
          onData: (event) => {
            if (event === 'RESYNC') disabled ??= cli(['users', 'disable', email.toUpperCase()]);
          },
          onError: resolve,
        });
      });
      expect(reasonOf(await ended)).toBe('UNAUTHENTICATED');
    } finally {
      await ws.close();
    }
    const run = await disabled!;
    expect(run.stdout).toBe(`Disabled ${email}.\n`);
    expect(run.code).toBe(0);

    const listed = await cli(['users', 'list', '--json']);
    expect(listed.code).toBe(0);
    const page = userPageSchema.parse(JSON.parse(listed.stdout));
    expect(page.users.map((user) => [user.email, user.role, user.disabled])).toEqual([
      ['root@example.com', 'admin', false],
      [email, 'member', true],
    ]);
    const table = await cli(['users', 'list', '--query', 'streamer']);
    expect(table.stdout.split('\n')[0]).toMatch(
      /^EMAIL\s+ROLE\s+STATUS\s+NOTES\s+USED\s+QUOTA\s+DEVICES\s+LAST ACTIVE$/,
    );
    expect(table.stdout).toMatch(
      new RegExp(`^${email.replace(/\./g, '\\.')}\\s+member\\s+disabled\\s+0\\s+`, 'm'),
    );
  });

  it('`quota set E 5GB` sets the user’s own quota; `none` returns them to the default', async () => {
    const email = uniqueEmail('quota');
    await signUp(server.url, email);
    const set = await cli(['quota', 'set', email, '5GB', '--max-file', '100MB']);
    expect(set.stderr).toBe('');
    expect(set.stdout).toBe(`${email}: quota 5.0 GB, max file 100 MB.\n`);
    const shown = adminUserSchema.parse(JSON.parse((await cli(['users', 'show', email, '--json'])).stdout));
    expect(shown).toMatchObject({
      quotaBytes: 5e9,
      quotaIsCustom: true,
      maxFileBytes: 1e8,
      maxFileIsCustom: true,
    });

    await cli(['quota', 'default', '1GB']);
    const cleared = await cli(['quota', 'set', email, 'none']);
    expect(cleared.stdout).toBe(`${email}: quota 1.0 GB, max file 100 MB.\n`);

    const audit = await cli(['audit', 'list', '--query', email, '--json']);
    const actions = (JSON.parse(audit.stdout) as { entries: { action: string }[] }).entries.map(
      (e) => e.action,
    );
    expect(actions).toEqual(['quota_changed', 'quota_changed', 'sign_up']);
  });

  it('refuses bad arguments with exit 2 and a refusal with exit 1, one line each', async () => {
    const badSize = await cli(['quota', 'set', 'root@example.com', 'lots']);
    expect(badSize.code).toBe(2);
    expect(badSize.stderr).toBe(
      'quire sync server: size: "lots" is not a size like 5GB, 500MB, none or unlimited\n',
    );
    const badRole = await cli(['users', 'role', 'root@example.com', 'boss']);
    expect(badRole.code).toBe(2);
    const missing = await cli(['users', 'show']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^quire sync server: missing required argument 'email'\n$/);
    const lastAdmin = await cli(['users', 'disable', 'root@example.com']);
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.stderr).toBe(`quire sync server: ${describeReason('LAST_ADMIN')}\n`);
    const nobody = await cli(['users', 'show', 'nobody@example.com']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toBe('quire sync server: There is no user nobody@example.com.\n');
  });

  it('`audit export` writes the log as CSV on stdout', async () => {
    const run = await cli(['audit', 'export', '--action', 'user_disabled']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\r\n');
    expect(lines[0]).toBe('id,at,action,actor,target,ip,details');
    expect(lines.slice(1, -1)).toEqual([
      expect.stringMatching(/^\d+,\d{4}-\d\d-\d\dT[^,]+,user_disabled,,streamer/),
    ]);
    expect(lines.at(-1)).toBe('');
  });
});
