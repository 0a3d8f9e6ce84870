import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionGrant } from '../../src-shared/sync/account';
import { csvField } from '../../sync-server/admin/audit-queries';
import { createConsoleSessions } from '../../sync-server/admin/console-sessions';
import { systemClock } from '../../sync-server/clock';
import { syncServerRouter } from '../../sync-server/router';
import {
  httpClient,
  PASSWORD,
  reasonOf,
  refusal,
  signIn,
  signUp,
  startTestSyncServer,
  syncFields,
  uniqueEmail,
  untypedHttpClient,
  wsClient,
  type TestSyncServer,
} from '../support/sync-server';

/** G1, G3, G8 over HTTP and WebSocket: admin.* as an admin and as a member, and the audit CSV route. */

const TEST_MS = 60_000;

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription' };
}
const adminProcedures = Object.entries(
  syncServerRouter._def.procedures as unknown as Record<string, ProcedureDef>,
)
  .filter(([path]) => path.startsWith('admin.'))
  .map(([path, procedure]) => ({ path, type: procedure._def.type }));

describe('admin router', { timeout: TEST_MS }, () => {
  let server: TestSyncServer;
  let boss: SessionGrant;
  let member: SessionGrant;
  beforeAll(async () => {
    server = await startTestSyncServer();
    boss = await signUp(server.url, uniqueEmail('boss'));
    member = await signUp(server.url, uniqueEmail('member'));
  }, TEST_MS);
  afterAll(() => server?.close());

  it('G1: every admin.* procedure refuses a member with NOT_ADMIN and anonymous callers with UNAUTHENTICATED', async () => {
    expect(adminProcedures.map((p) => p.path)).toEqual(
      expect.arrayContaining([
        'admin.users.list',
        'admin.users.setDisabled',
        'admin.audit.list',
        'admin.createInvite',
      ]),
    );
    for (const procedure of adminProcedures) {
      for (const [token, reason] of [
        [member.token, 'NOT_ADMIN'],
        [undefined, 'UNAUTHENTICATED'],
      ] as const) {
        const client = untypedHttpClient(server.url, token);
        // Input that no schema accepts: the role is refused before the input is read.
        const call =
          procedure.type === 'query'
            ? client.query(procedure.path, { bogus: true })
            : client.mutation(procedure.path, { bogus: true });
        expect(reasonOf(await refusal(call)), `${procedure.path} as ${token ? 'member' : 'anonymous'}`).toBe(
          reason,
        );
      }
    }
  });

  it('G7: an admin lists, changes and audits users through admin.*', async () => {
    const admin = httpClient(server.url, boss.token);
    const page = await admin.admin.users.list.query({ query: member.account.email });
    expect(page).toMatchObject({
      total: 1,
      users: [{ userId: member.account.userId, role: 'member', deviceCount: 1 }],
    });
    const created = await admin.admin.users.create.mutate({
      email: uniqueEmail('made'),
      password: 'a long enough phrase',
    });
    expect(created.role).toBe('member');
    const weak = await refusal(
      admin.admin.users.create.mutate({ email: uniqueEmail('weak'), password: 'password' }),
    );
    expect(reasonOf(weak)).toBe('WEAK_PASSWORD');
    const unknown = await refusal(admin.admin.users.get.query({ userId: 'nobody' }));
    expect(reasonOf(unknown)).toBe('USER_NOT_FOUND');
    expect(
      reasonOf(
        await refusal(admin.admin.users.setRole.mutate({ userId: boss.account.userId, role: 'member' })),
      ),
    ).toBe('LAST_ADMIN');
    await admin.admin.quotas.setUser.mutate({ userId: created.userId, quotaBytes: 5e9, maxFileBytes: null });
    const devices = await admin.admin.users.devices.query({ userId: member.account.userId });
    expect(devices.map((device) => device.deviceId)).toEqual([member.account.deviceId]);
    const invite = await admin.admin.invites.create.mutate({ expiresInHours: 1 });
    expect((await admin.admin.invites.list.query()).map((i) => i.inviteId)).toContain(invite.inviteId);
    await admin.admin.invites.revoke.mutate({ inviteId: invite.inviteId });

    const audit = await admin.admin.audit.list.query({ query: created.email });
    expect(audit.entries.map((entry) => entry.action)).toEqual(['quota_changed', 'user_created']);
    expect(audit.entries[0]).toMatchObject({
      actorEmail: boss.account.email,
      details: { via: 'device', newQuotaBytes: 5e9 },
    });
    expect(audit.entries[0]?.ip).toMatch(/127\.0\.0\.1/);
  });

  it('G7, G8: sign-ins, failures (with IP and the attempted email), sign-ups and sign-outs are audited', async () => {
    const email = uniqueEmail('audited');
    await signUp(server.url, email);
    const wrong = await refusal(
      httpClient(server.url).auth.signIn.mutate({ email, password: 'not the password', deviceName: 'guess' }),
    );
    expect(reasonOf(wrong)).toBe('BAD_CREDENTIALS');
    const phone = await signIn(server.url, email, 'phone');
    await httpClient(server.url, phone.token).auth.signOut.mutate();
    const { entries } = await httpClient(server.url, boss.token).admin.audit.list.query({ query: email });
    expect(entries.map((entry) => entry.action)).toEqual([
      'sign_out',
      'sign_in',
      'sign_in_failed',
      'sign_up',
    ]);
    expect(entries[2]).toMatchObject({
      actorEmail: email,
      details: { reason: 'BAD_CREDENTIALS', deviceName: 'guess' },
    });
    expect(entries[1]?.details).toMatchObject({ deviceName: 'phone' });
    for (const entry of entries) expect(entry.ip).toMatch(/127\.0\.0\.1/);
    expect(JSON.stringify(entries)).not.toContain(PASSWORD);
    expect(JSON.stringify(entries)).not.toContain('not the password');
  });

  it('G3: disabling a user ends their live stream now; sign-in then says ACCOUNT_DISABLED', async () => {
    const victim = await signUp(server.url, uniqueEmail('victim'));
    const ws = wsClient(server.url, victim.token);
    try {
      const ended = new Promise<unknown>((resolve) => {
        ws.client.sync.stream.subscribe(syncFields(victim.account.vaultId), {
          onData: (event) => {
            if (event === 'RESYNC')
              void httpClient(server.url, boss.token).admin.users.setDisabled.mutate({
                userId: victim.account.userId,
                disabled: true,
              });
          },
          onError: resolve,
        });
      });
      expect(reasonOf(await ended)).toBe('UNAUTHENTICATED');
    } finally {
      await ws.close();
    }
    const refused = await refusal(
      httpClient(server.url).auth.signIn.mutate({
        email: victim.account.email,
        password: PASSWORD,
        deviceName: 'x',
      }),
    );
    expect(reasonOf(refused)).toBe('ACCOUNT_DISABLED');
  });

  describe('G8: GET /admin/api/audit.csv', () => {
    it('quotes per RFC 4180 and defuses every formula lead-in', () => {
      expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvField)).toEqual([
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        `"'\rx"`,
      ]);
      expect(['plain', 'a,b', 'say "hi"', 'two\nlines', 'a=b', ''].map(csvField)).toEqual([
        'plain',
        '"a,b"',
        '"say ""hi"""',
        '"two\nlines"',
        'a=b',
        '',
      ]);
    });

    const csvUrl = (query = '') => `${server.url}/admin/api/audit.csv${query}`;

    it('needs an admin: 401 without a cookie, 403 for a member, JSON with a reason', async () => {
      const anonymous = await fetch(csvUrl());
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ reason: 'UNAUTHENTICATED' });
      const badCookie = await fetch(csvUrl(), { headers: { cookie: 'quire_admin=not-a-session' } });
      expect(badCookie.status).toBe(401);
      const asMember = await fetch(csvUrl(), { headers: { authorization: `Bearer ${member.token}` } });
      expect(asMember.status).toBe(403);
      expect(await asMember.json()).toMatchObject({ reason: 'NOT_ADMIN' });
      const badAction = await fetch(csvUrl('?action=nope'), {
        headers: { authorization: `Bearer ${boss.token}` },
      });
      expect(badAction.status).toBe(400);
    });

    it('streams RFC 4180 CSV with formula cells defused, for the console cookie', async () => {
      const sessions = createConsoleSessions({
        sql: server.sql,
        clock: systemClock,
        idleMs: 3_600_000,
        absoluteMs: 36_000_000,
      });
      const cookie = await sessions.create(boss.account.userId, { ip: null, userAgent: null });
      // A hostile "email" as a failed sign-in would record it (the attempted address is kept verbatim).
      await server.sql.query(
        `INSERT INTO audit_log (at, action, actor_email, target_email, ip, details)
         VALUES (now(), 'sign_in_failed', $1, $2, '-1+2', '{"reason":"BAD_CREDENTIALS"}')`,
        ['=HYPERLINK("http://evil")', 'a,b "quoted"\nline'],
      );
      const response = await fetch(csvUrl('?action=sign_in_failed&query=evil'), {
        headers: { cookie: `quire_admin=${cookie}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const text = await response.text();
      const lines = text.split('\r\n');
      expect(lines[0]).toBe('id,at,action,actor,target,ip,details');
      expect(lines.length).toBe(3); // header, one row (its LF is inside quotes), then the end
      const row = lines[1]!;
      expect(row).toContain(`,sign_in_failed,"'=HYPERLINK(""http://evil"")","a,b ""quoted""\nline",'-1+2,`);
      expect(row).toContain('"{""reason"":""BAD_CREDENTIALS""}"');
    });
  });
});
