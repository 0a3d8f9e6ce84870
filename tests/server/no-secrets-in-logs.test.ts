import { createHash, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { CONSOLE_COOKIE } from '../../sync-server/admin/console-sessions';
import { CONSOLE_HEADER } from '../../sync-server/admin/console-csrf';
import { createServerLogger } from '../../sync-server/server';
import { findSecrets } from '../support/log-capture';
import { createTestDatabase, type TestDatabase } from '../support/postgres';
import { startSyncServerProcess, type SyncServerProcess } from '../support/sync-server-process';
import {
  note,
  reasonOf,
  startTestSyncServer,
  syncFields,
  wsClient,
  type TestSyncServer,
} from '../support/sync-server';
import { httpClient } from '../support/sync-server';

/**
 * T3: a broad scenario at the most verbose level (trace), through a real server process (its
 * stdout and stderr) and in this process (its logger), and then every log line is searched for
 * every password, token, invite code, cookie and note text the scenario used, as is, JSON-escaped,
 * and by a distinctive middle part. `npm run test:log-secrets` does the same for the whole suite.
 */

interface Secret {
  kind: string;
  value: string;
}

/** Every answer the scenario expects: it fails loudly if a step did not happen as planned. */
async function rawTrpc(
  url: string,
  path: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; setCookie: string | null }> {
  const response = await fetch(`${url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
  return {
    status: response.status,
    body: await response.text(),
    setCookie: response.headers.get('set-cookie'),
  };
}

async function outcomeOf(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => 'ok',
    (error: unknown) => reasonOf(error) ?? String(error),
  );
}

/**
 * The scenario: sign-up, wrong passwords until rate-limited, invites, pushes and pulls of notes
 * with distinctive text, revisions, a live stream, refusals (bad input, documents PostgreSQL
 * refuses, an over-size note), an attachment up and down, the admin console's sign-in and admin
 * actions, token rotation, /metrics. Returns every secret it used.
 */
async function runScenario(url: string, metricsToken: string): Promise<Secret[]> {
  const tag = randomBytes(5).toString('hex');
  const secrets: Secret[] = [{ kind: 'metrics token', value: metricsToken }];
  const secret = (kind: string, value: string) => {
    secrets.push({ kind, value });
    return value;
  };
  const api = (token?: string) => httpClient(url, token);

  const adminEmail = `admin-${tag}@example.com`;
  const adminPassword = secret('password', `Admin-Pass-${tag}-Zebra!`);
  const admin = await api().auth.signUp.mutate({
    email: adminEmail,
    password: adminPassword,
    deviceName: 'admin laptop',
  });
  secret('token', admin.token);
  expect(admin.account.role).toBe('admin');

  // Wrong passwords, one by one and batched, until that account is rate-limited (not the admin's).
  const targetEmail = `target-${tag}@example.com`;
  const target = await api().auth.signUp.mutate({
    email: targetEmail,
    password: secret('password', `Target-Pass-${tag}-Ibex`),
    deviceName: 'target',
  });
  secret('token', target.token);
  const refusals = new Set<string>();
  for (let attempt = 0; attempt < 12; attempt += 1) {
    const guess = secret('password', `Wrong-Guess-${tag}-${attempt}-Otter`);
    refusals.add(
      await outcomeOf(
        api().auth.signIn.mutate({ email: targetEmail, password: guess, deviceName: 'guesser' }),
      ),
    );
  }
  expect([...refusals]).toEqual(expect.arrayContaining(['BAD_CREDENTIALS', 'RATE_LIMITED']));
  const batchGuesses = Object.fromEntries(
    [0, 1, 2].map((i) => [
      String(i),
      { email: targetEmail, password: secret('password', `Batch-Guess-${tag}-${i}-Lynx`), deviceName: 'b' },
    ]),
  );
  const batch = await fetch(`${url}/trpc/auth.signIn,auth.signIn,auth.signIn?batch=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(batchGuesses),
  });
  expect(batch.status).toBeGreaterThanOrEqual(400);

  // Invites, and a member who signs up with one.
  const invite = await api(admin.token).admin.invites.create.mutate({ email: `member-${tag}@example.com` });
  secret('invite code', invite.code!);
  const spare = await api(admin.token).admin.createInvite.mutate({});
  secret('invite code', spare.code);
  const memberPassword = secret('password', `Member-Secret-${tag}-Quokka`);
  const member = await api().auth.signUp.mutate({
    email: `member-${tag}@example.com`,
    password: memberPassword,
    deviceName: 'member laptop',
    inviteCode: invite.code!,
  });
  secret('token', member.token);
  const phone = await api().auth.signIn.mutate({
    email: member.account.email,
    password: memberPassword,
    deviceName: 'phone',
  });
  secret('token', phone.token);

  // Bad input that carries a password: refused, and the input is not logged.
  const badInput = await outcomeOf(
    api().auth.signUp.mutate({
      email: 'not an email',
      password: secret('password', `BadInput-Pass-${tag}-Heron`),
      deviceName: 'x',
    }),
  );
  expect(badInput).toBe('INVALID_REQUEST');

  // A live stream on the phone, then notes with distinctive text pushed from the laptop.
  const ws = wsClient(url, phone.token);
  const fields = syncFields(member.account.vaultId);
  const diary = note('diary', {
    title: secret('note title', `Diary title ${tag} Pineapple`),
    body: secret('note text', `Secret diary ${tag}: the cat is named Bartholomew`),
  });
  try {
    const streamed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the stream never delivered the note')), 15_000);
      ws.client.sync.stream.subscribe(fields, {
        onData: (event) => {
          if (event !== 'RESYNC' && event.documents.some((document) => document.id === 'diary')) {
            clearTimeout(timer);
            resolve();
          }
        },
        onError: reject,
      });
    });
    // The stream's first event (RESYNC) comes before it is live; a pull on the socket waits it out.
    await ws.client.sync.pull.query({ ...fields, checkpoint: null, batchSize: 10 });
    const laptop = api(member.token);
    expect(
      await laptop.sync.push.mutate({
        ...fields,
        rows: [{ assumedMasterState: null, newDocumentState: diary }],
      }),
    ).toEqual({
      conflicts: [],
      rejected: [],
    });
    await streamed;
    const second = {
      ...diary,
      body: secret('note text', `Second draft ${tag} of the escape plan`),
      updatedAt: diary.updatedAt + 1,
    };
    await laptop.sync.push.mutate({
      ...fields,
      rows: [{ assumedMasterState: diary, newDocumentState: second }],
    });
    const pulled = await laptop.sync.pull.query({ ...fields, checkpoint: null, batchSize: 10 });
    expect(pulled.documents).toEqual([second]);
    await laptop.sync.revisions.query({ ...fields, documentId: 'diary', limit: 5 });

    // Documents PostgreSQL refuses (NUL, a lone surrogate) and one over the size limit, text inside.
    for (const body of [
      secret('note text', `NulHidden ${tag} words\u0000after the nul`),
      secret('note text', `Lonely ${tag} surrogate \ud800 inside`),
      `Oversize ${tag} marker of a long note ${'y'.repeat(4_300_000)}`,
    ]) {
      if (body.startsWith('Oversize')) secret('note text', body.slice(0, 60));
      await outcomeOf(
        laptop.sync.push.mutate({
          ...fields,
          rows: [{ assumedMasterState: null, newDocumentState: note(`bad-${body.length}`, { body }) }],
        }),
      );
    }
  } finally {
    await ws.close();
  }

  // An attachment, up and down.
  const attachment = Buffer.from(secret('note text', `Attachment ${tag} bytes of a secret contract`));
  const hash = createHash('sha256').update(attachment).digest('hex');
  const put = await fetch(`${url}/blobs/${hash}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${member.token}`, 'content-length': String(attachment.length) },
    body: attachment,
  });
  expect(put.status).toBeLessThan(300);
  const got = await fetch(`${url}/blobs/${hash}`, { headers: { authorization: `Bearer ${member.token}` } });
  expect(Buffer.from(await got.arrayBuffer())).toEqual(attachment);
  expect(
    (
      await fetch(`${url}/blobs/${hash}`, {
        headers: { authorization: `Bearer ${secret('token', `bogus-${tag}-token-value`)}` },
      })
    ).status,
  ).toBe(401);

  // The admin console: a wrong password, a sign-in, admin actions with the cookie, the CSV, sign-out.
  const consoleHeaders = { [CONSOLE_HEADER]: '1' };
  const wrongConsole = await rawTrpc(
    url,
    'console.signIn',
    { email: adminEmail, password: secret('password', `Console-Wrong-${tag}-Moose`) },
    consoleHeaders,
  );
  expect(wrongConsole.status).toBeGreaterThanOrEqual(400);
  const signedIn = await rawTrpc(
    url,
    'console.signIn',
    { email: adminEmail, password: adminPassword },
    consoleHeaders,
  );
  const cookie = new RegExp(`${CONSOLE_COOKIE}=([^;]+)`).exec(signedIn.setCookie ?? '')?.[1];
  expect(cookie).toBeTruthy();
  secret('cookie', cookie!);
  const asConsole = { ...consoleHeaders, cookie: `${CONSOLE_COOKIE}=${cookie!}` };
  const listed = await fetch(`${url}/trpc/admin.users.list?input=${encodeURIComponent(JSON.stringify({}))}`, {
    headers: asConsole,
  });
  expect(listed.status).toBe(200);
  const reset = await rawTrpc(
    url,
    'admin.users.resetPassword',
    { userId: member.account.userId, password: secret('password', `Reset-To-${tag}-Walrus`) },
    asConsole,
  );
  expect(reset.status).toBe(200);
  const csv = await fetch(`${url}/admin/api/audit.csv`, {
    headers: { cookie: `${CONSOLE_COOKIE}=${cookie!}` },
  });
  expect(csv.status).toBe(200);
  await rawTrpc(url, 'console.signOut', {}, asConsole);
  const staleCookie = await fetch(`${url}/trpc/console.me`, {
    headers: { ...consoleHeaders, cookie: `${CONSOLE_COOKIE}=${cookie!}` },
  });
  expect(staleCookie.status).toBe(401);

  // Token rotation, metrics (right and wrong token), sign-out.
  const rotated = await api(admin.token).auth.rotateToken.mutate();
  secret('token', rotated.token);
  expect(
    (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).status,
  ).toBe(200);
  const wrongMetrics = await fetch(`${url}/metrics`, {
    headers: { authorization: `Bearer ${secret('token', `metrics-wrong-${tag}-value`)}` },
  });
  expect(wrongMetrics.status).toBeGreaterThanOrEqual(400);
  await api(rotated.token).auth.signOut.mutate();
  return secrets;
}

/** The log must be verbose (trace/debug lines, the calls named) for its silence on secrets to mean anything. */
function expectVerbose(log: string): void {
  expect(log.split('\n').filter(Boolean).length).toBeGreaterThan(100);
  // The server writes nothing at trace itself; debug lines prove the level is below info.
  expect(log).toMatch(/"level":20\b/);
  for (const marker of ['sync.push', 'auth.signIn', 'console.signIn', 'admin.users.resetPassword'])
    expect(log).toContain(marker);
}

describe('T3: the search', () => {
  it('T3: finds a secret as is, JSON-escaped, and by its middle part, and nothing else', () => {
    const value = 'Pass "quoted"\nline \u00fc and a long tail 1234567890';
    const secrets = [{ kind: 'password', value }];
    expect(findSecrets(`{"msg":${JSON.stringify(value)}}`, secrets)).toHaveLength(1);
    expect(findSecrets(`plain ${value} text`, secrets)).toHaveLength(1);
    expect(
      findSecrets(`{"cut":"${value.slice(value.length / 2 - 8, value.length / 2 + 8)}"}`, secrets),
    ).toHaveLength(1);
    expect(findSecrets('{"msg":"Pass and line, but not the secret"}', secrets)).toEqual([]);
  });
});

describe('T3: no secret and no note text reaches a log line, at trace', () => {
  let database: TestDatabase | undefined;
  let serverProcess: SyncServerProcess | undefined;
  let inProcess: TestSyncServer | undefined;
  afterAll(async () => {
    await serverProcess?.stop();
    await database?.drop();
    await inProcess?.close();
  });

  it('T3: a server process at LOG_LEVEL=trace (stdout and stderr)', async () => {
    database = await createTestDatabase();
    const metricsToken = `metrics-${randomBytes(8).toString('hex')}-secret`;
    serverProcess = await startSyncServerProcess({
      database: { url: database.url },
      env: { LOG_LEVEL: 'trace', LOG_FORMAT: 'json', METRICS_TOKEN: metricsToken },
    });
    const secrets = await runScenario(serverProcess.url, metricsToken);
    await serverProcess.stop();
    const log = `${serverProcess.stdout()}\n${serverProcess.log()}`;
    expectVerbose(log);
    expect(findSecrets(log, secrets)).toEqual([]);
  }, 90_000);

  it('T3: a server in this process with a trace logger', async () => {
    const lines: string[] = [];
    const metricsToken = `metrics-${randomBytes(8).toString('hex')}-secret`;
    inProcess = await startTestSyncServer({
      logger: createServerLogger('trace', { write: (line: string) => void lines.push(line) }),
      env: { METRICS_TOKEN: metricsToken },
    });
    const secrets = await runScenario(inProcess.url, metricsToken);
    const log = lines.join('');
    expectVerbose(log);
    expect(findSecrets(log, secrets)).toEqual([]);
  }, 90_000);
});
