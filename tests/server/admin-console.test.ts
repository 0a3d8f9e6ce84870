import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_COOKIE } from '../../sync-server/admin/console-sessions';
import {
  PASSWORD,
  signUp,
  startTestSyncServer,
  uniqueEmail,
  type TestSyncServer,
} from '../support/sync-server';

/** K1–K4 (docs/sync-protocol.md): the admin console's cookie session, its CSRF header, admins only. */

interface Answer {
  status: number;
  body: { result?: { data?: unknown }; error?: { message: string; data?: { reason?: string } } };
  setCookie: string[];
}

async function call(
  server: TestSyncServer,
  kind: 'query' | 'mutation',
  path: string,
  options: { input?: unknown; cookie?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.cookie) headers.cookie = `${CONSOLE_COOKIE}=${options.cookie}`;
  const url = `${server.url}/trpc/${path}`;
  const response =
    kind === 'query'
      ? await fetch(url, { headers })
      : await fetch(url, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(options.input ?? null),
        });
  return {
    status: response.status,
    body: (await response.json()) as Answer['body'],
    setCookie: response.headers.getSetCookie(),
  };
}

const CONSOLE = { 'x-quire-console': '1' };

function tokenIn(setCookie: string[]): string | null {
  for (const cookie of setCookie) {
    const match = new RegExp(`^${CONSOLE_COOKIE}=([^;]*)`).exec(cookie);
    if (match?.[1]) return match[1];
  }
  return null;
}

describe('admin console session', () => {
  let server: TestSyncServer;
  let adminEmail: string;
  let memberEmail: string;

  beforeAll(async () => {
    server = await startTestSyncServer({ registration: 'open' });
    adminEmail = uniqueEmail('admin');
    memberEmail = uniqueEmail('member');
    // The first account on a fresh server is its admin (A1).
    expect((await signUp(server.url, adminEmail)).account.role).toBe('admin');
    expect((await signUp(server.url, memberEmail)).account.role).toBe('member');
  });
  afterAll(() => server?.close());

  async function signIn(email = adminEmail, password = PASSWORD, headers: Record<string, string> = CONSOLE) {
    return call(server, 'mutation', 'console.signIn', { input: { email, password }, headers });
  }

  async function auditActions(email: string): Promise<{ action: string; ip: string | null }[]> {
    const { rows } = await server.sql.query<{ action: string; ip: string | null }>(
      `SELECT action, ip FROM audit_log WHERE actor_email = $1 OR target_email = $1 ORDER BY id`,
      [email],
    );
    return rows;
  }

  it('K1: an admin’s correct password makes an httpOnly, SameSite=Strict cookie session (no Secure over HTTP)', async () => {
    const answer = await signIn();
    expect(answer.status).toBe(200);
    expect(answer.body.result?.data).toMatchObject({ email: adminEmail, registration: 'open' });
    const cookie = answer.setCookie.find((line) => line.startsWith(`${CONSOLE_COOKIE}=`));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const token = tokenIn(answer.setCookie);
    const me = await call(server, 'query', 'console.me', { cookie: token, headers: CONSOLE });
    expect(me.status).toBe(200);
    expect(me.body.result?.data).toMatchObject({ email: adminEmail });
    expect((await auditActions(adminEmail)).map((row) => row.action)).toContain('console_sign_in');
    expect((await auditActions(adminEmail)).find((row) => row.action === 'console_sign_in')?.ip).toBeTruthy();
  });

  it('K1: a member with the right password gets NOT_ADMIN and no cookie; a wrong password BAD_CREDENTIALS', async () => {
    const member = await signIn(memberEmail);
    expect(member.body.error?.data?.reason).toBe('NOT_ADMIN');
    expect(tokenIn(member.setCookie)).toBeNull();
    const wrong = await signIn(adminEmail, 'not the password at all');
    expect(wrong.body.error?.data?.reason).toBe('BAD_CREDENTIALS');
    expect(tokenIn(wrong.setCookie)).toBeNull();
    const nobody = await signIn(uniqueEmail('nobody'));
    expect(nobody.body.error?.data?.reason).toBe('BAD_CREDENTIALS');
    // The refusals are written down, with where they came from.
    const failures = (await auditActions(memberEmail)).filter(
      (row) => row.action === 'console_sign_in_failed',
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]?.ip).toBeTruthy();
    expect((await auditActions(adminEmail)).map((row) => row.action)).toContain('console_sign_in_failed');
  });

  it('K1: a disabled admin gets no session, and a session ends when its admin is disabled', async () => {
    const token = tokenIn((await signIn()).setCookie);
    await server.sql.query('UPDATE users SET disabled_at = now() WHERE email = $1', [adminEmail]);
    try {
      const refused = await signIn();
      expect(refused.body.error?.data?.reason).toBe('ACCOUNT_DISABLED');
      expect(tokenIn(refused.setCookie)).toBeNull();
      const me = await call(server, 'query', 'console.me', { cookie: token, headers: CONSOLE });
      expect(me.body.error?.data?.reason).toBe('UNAUTHENTICATED');
    } finally {
      await server.sql.query('UPDATE users SET disabled_at = NULL WHERE email = $1', [adminEmail]);
    }
  });

  it('K2: the cookie counts only with x-quire-console: 1 and no foreign Origin', async () => {
    const token = tokenIn((await signIn()).setCookie);
    const own = new URL(server.url).origin;
    const without = await call(server, 'query', 'console.me', { cookie: token });
    expect(without.body.error?.data?.reason).toBe('UNAUTHENTICATED');
    const wrongValue = await call(server, 'query', 'console.me', {
      cookie: token,
      headers: { 'x-quire-console': 'yes' },
    });
    expect(wrongValue.body.error?.data?.reason).toBe('UNAUTHENTICATED');
    const foreign = await call(server, 'query', 'console.me', {
      cookie: token,
      headers: { ...CONSOLE, origin: 'https://evil.example' },
    });
    expect(foreign.body.error?.data?.reason).toBe('UNAUTHENTICATED');
    const same = await call(server, 'query', 'console.me', {
      cookie: token,
      headers: { ...CONSOLE, origin: own },
    });
    expect(same.status).toBe(200);
    // Sign-in itself needs the header too: no other page can sign a browser in.
    const signInWithout = await signIn(adminEmail, PASSWORD, {});
    expect(signInWithout.body.error?.data?.reason).toBe('UNAUTHENTICATED');
    expect(tokenIn(signInWithout.setCookie)).toBeNull();
    const signInForeign = await signIn(adminEmail, PASSWORD, { ...CONSOLE, origin: 'https://evil.example' });
    expect(signInForeign.body.error?.data?.reason).toBe('UNAUTHENTICATED');
  });

  it('K3: the cookie opens admin procedures only, never a device’s (it is not a device session)', async () => {
    const token = tokenIn((await signIn()).setCookie);
    const deviceCall = await call(server, 'query', 'auth.me', { cookie: token, headers: CONSOLE });
    expect(deviceCall.body.error?.data?.reason).toBe('UNAUTHENTICATED');
    // console.me is an admin procedure: a member's device token is refused by role.
    const memberGrant = await signUp(server.url, uniqueEmail('member2'));
    const response = await fetch(`${server.url}/trpc/console.me`, {
      headers: { authorization: `Bearer ${memberGrant.token}` },
    });
    const body = (await response.json()) as Answer['body'];
    expect(body.error?.data?.reason).toBe('NOT_ADMIN');
  });

  it('K4: sign-out ends the session and clears the cookie', async () => {
    const token = tokenIn((await signIn()).setCookie);
    const out = await call(server, 'mutation', 'console.signOut', { cookie: token, headers: CONSOLE });
    expect(out.status).toBe(200);
    expect(out.setCookie.find((line) => line.startsWith(`${CONSOLE_COOKIE}=;`))).toMatch(/Max-Age=0/);
    const me = await call(server, 'query', 'console.me', { cookie: token, headers: CONSOLE });
    expect(me.body.error?.data?.reason).toBe('UNAUTHENTICATED');
    expect((await auditActions(adminEmail)).map((row) => row.action)).toContain('console_sign_out');
  });
});

describe('K1: the cookie is Secure over HTTPS (behind a trusted proxy)', () => {
  let server: TestSyncServer;
  beforeAll(async () => {
    server = await startTestSyncServer({ registration: 'open', env: { TRUST_PROXY: 'true' } });
  });
  afterAll(() => server?.close());

  it('sets Secure when the proxy says the request came over HTTPS, and checks Origin against https', async () => {
    const email = uniqueEmail('tls-admin');
    await signUp(server.url, email);
    const host = new URL(server.url).host;
    const headers = { ...CONSOLE, 'x-forwarded-proto': 'https', origin: `https://${host}` };
    const answer = await call(server, 'mutation', 'console.signIn', {
      input: { email, password: PASSWORD },
      headers,
    });
    expect(answer.status).toBe(200);
    expect(answer.setCookie.find((line) => line.startsWith(`${CONSOLE_COOKIE}=`))).toMatch(/; Secure/);
    // The same page over plain http is another origin.
    const plain = await call(server, 'mutation', 'console.signIn', {
      input: { email, password: PASSWORD },
      headers: { ...CONSOLE, 'x-forwarded-proto': 'https', origin: `http://${host}` },
    });
    expect(plain.body.error?.data?.reason).toBe('UNAUTHENTICATED');
  });
});
