import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInviteInput,
  signInInput,
  signUpInput,
  type RegistrationMode,
  type SignInInput,
  type SignUpInput,
} from '../../src-shared/sync/account';
import {
  createAuthService,
  LAST_SEEN_RESOLUTION_MS,
  type AuthService,
} from '../../sync-server/auth/auth-service';
import { createPasswordHasher, type PasswordHasher } from '../../sync-server/auth/passwords';
import { migrateUp } from '../../sync-server/db/migrator';
import { createPgClient } from '../../sync-server/db/pg-client';
import type { SqlClient } from '../../sync-server/db/sql-client';
import { SyncServerError } from '../../sync-server/errors';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

const PASSWORD = 'correct horse battery';

/** A clock the tests move by hand (invite expiry, last-seen throttling). */
function manualClock(start = Date.UTC(2025, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** Counts argon2 work so A2's "same work" is checked without timing anything. */
function countingHasher(): PasswordHasher & { verifies: number } {
  const real = createPasswordHasher();
  const counting = {
    verifies: 0,
    hash: (password: string) => real.hash(password),
    async verify(hash: string, password: string) {
      counting.verifies += 1;
      return real.verify(hash, password);
    },
    async verifyDummy(password: string) {
      counting.verifies += 1;
      return real.verifyDummy(password);
    },
  };
  return counting;
}

/** The refusal a call ends with: its named reason (or its code when it has none). */
async function refusedWith(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof SyncServerError) return error.reason;
    throw error;
  }
  throw new Error('expected a refusal, but the call succeeded');
}

/** One fresh database per describe block: "first user" means first on that server. */
function useDatabase() {
  const state = {} as { database: TestDatabase; sql: SqlClient };
  beforeAll(async () => {
    state.database = await createTestDatabase();
    state.sql = createPgClient({ connectionString: state.database.url });
    await migrateUp(state.sql);
  });
  afterAll(async () => {
    await state.sql?.close();
    await state.database?.drop();
  });
  return state;
}

function service(
  db: { sql: SqlClient },
  registration: RegistrationMode,
  extra: { clock?: { now(): number }; passwords?: PasswordHasher } = {},
): AuthService {
  return createAuthService({
    sql: db.sql,
    clock: extra.clock ?? manualClock(),
    registration,
    ...(extra.passwords ? { passwords: extra.passwords } : {}),
  });
}

// The router parses inputs with the wire schemas; the tests feed the service the same way.
const up = (input: SignUpInput) => signUpInput.parse(input);
const inn = (input: SignInInput) => signInInput.parse(input);

async function count(sql: SqlClient, table: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]?.n ?? 0;
}

describe('A1: open registration', () => {
  const db = useDatabase();

  it('the first account is the administrator, later ones are members; each gets its vault (A6)', async () => {
    const auth = service(db, 'open');
    const first = await auth.signUp(
      up({ email: 'First@Example.com', password: PASSWORD, deviceName: 'laptop' }),
    );
    const second = await auth.signUp(
      up({ email: 'second@example.com', password: PASSWORD, deviceName: 'laptop' }),
    );

    expect(first.account).toMatchObject({ email: 'first@example.com', role: 'admin', deviceName: 'laptop' });
    expect(second.account.role).toBe('member');
    expect(first.account.vaultId).not.toBe(second.account.vaultId);
    expect(await auth.isVaultOwner(first.account.userId, first.account.vaultId)).toBe(true);
    expect(await auth.isVaultOwner(second.account.userId, first.account.vaultId)).toBe(false);
    expect(await auth.authenticate(first.token)).toEqual(first.account);
  });

  it('an email is taken whatever its case; nothing is written for the refused sign-up', async () => {
    const auth = service(db, 'open');
    await auth.signUp(up({ email: 'taken@example.com', password: PASSWORD, deviceName: 'a' }));
    const users = await count(db.sql, 'users');
    expect(
      await refusedWith(auth.signUp(up({ email: 'TAKEN@example.com', password: PASSWORD, deviceName: 'b' }))),
    ).toBe('EMAIL_TAKEN');
    expect(await count(db.sql, 'users')).toBe(users);
  });
});

describe('A1: two sign-ups racing on a fresh server', () => {
  const db = useDatabase();

  it('exactly one becomes administrator', async () => {
    const auth = service(db, 'open');
    const grants = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        auth.signUp(up({ email: `${name}@example.com`, password: PASSWORD, deviceName: name })),
      ),
    );
    expect(grants.filter((grant) => grant.account.role === 'admin')).toHaveLength(1);
  });
});

describe('A1: closed registration', () => {
  const db = useDatabase();

  it('refuses every sign-up, invite or not, and writes nothing', async () => {
    const auth = service(db, 'closed');
    const invite = await auth.createInvite(null, createInviteInput.parse({}));
    for (const inviteCode of [undefined, invite.code]) {
      const input = up({
        email: 'someone@example.com',
        password: PASSWORD,
        deviceName: 'laptop',
        inviteCode,
      });
      expect(await refusedWith(auth.signUp(input))).toBe('REGISTRATION_CLOSED');
    }
    expect(await count(db.sql, 'users')).toBe(0);
    expect(await count(db.sql, 'vaults')).toBe(0);
  });
});

describe('A1: invite-only registration', () => {
  const db = useDatabase();
  const clock = manualClock();
  const signUpWith = (auth: AuthService, email: string, inviteCode?: string) =>
    auth.signUp(up({ email, password: PASSWORD, deviceName: 'laptop', inviteCode }));

  it('needs a valid code; the operator can bootstrap the first (admin) account', async () => {
    const auth = service(db, 'invite', { clock });
    expect(await refusedWith(signUpWith(auth, 'admin@example.com'))).toBe('INVITE_INVALID');
    expect(await refusedWith(signUpWith(auth, 'admin@example.com', 'not-a-real-code'))).toBe(
      'INVITE_INVALID',
    );

    const invite = await auth.createInvite(null, createInviteInput.parse({}));
    const admin = await signUpWith(auth, 'admin@example.com', invite.code);
    expect(admin.account.role).toBe('admin');
  });

  it('a code is single use', async () => {
    const auth = service(db, 'invite', { clock });
    const invite = await auth.createInvite(null, createInviteInput.parse({}));
    await signUpWith(auth, 'once@example.com', invite.code);
    expect(await refusedWith(signUpWith(auth, 'twice@example.com', invite.code))).toBe('INVITE_INVALID');
  });

  it('a code racing two sign-ups admits one of them', async () => {
    const auth = service(db, 'invite', { clock });
    const invite = await auth.createInvite(null, createInviteInput.parse({}));
    const results = await Promise.allSettled([
      signUpWith(auth, 'race1@example.com', invite.code),
      signUpWith(auth, 'race2@example.com', invite.code),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('a code expires', async () => {
    const auth = service(db, 'invite', { clock });
    const invite = await auth.createInvite(null, createInviteInput.parse({ expiresInHours: 2 }));
    expect(invite.expiresAt).toBe(clock.now() + 2 * 3_600_000);
    clock.advance(2 * 3_600_000 + 1);
    expect(await refusedWith(signUpWith(auth, 'late@example.com', invite.code))).toBe('INVITE_INVALID');
  });

  it('a code bound to an email admits only that address, and stays usable for it', async () => {
    const auth = service(db, 'invite', { clock });
    const invite = await auth.createInvite(null, createInviteInput.parse({ email: 'Bound@Example.com' }));
    expect(invite.email).toBe('bound@example.com');
    expect(await refusedWith(signUpWith(auth, 'other@example.com', invite.code))).toBe('INVITE_INVALID');
    const bound = await signUpWith(auth, 'BOUND@example.com', invite.code);
    expect(bound.account.email).toBe('bound@example.com');
  });

  // Who may create one is adminProcedure's to decide (tests/server/authorization.test.ts).
  it('invites record the admin who created them; codes are stored hashed', async () => {
    const auth = service(db, 'invite', { clock });
    const memberInvite = await auth.createInvite(null, createInviteInput.parse({}));
    const member = await signUpWith(auth, 'member@example.com', memberInvite.code);
    expect(member.account.role).toBe('member');

    const admin = await auth.signIn(
      inn({ email: 'admin@example.com', password: PASSWORD, deviceName: 'desk' }),
    );
    const invite = await auth.createInvite(admin.account.userId, createInviteInput.parse({}));
    const { rows } = await db.sql.query<{ code_hash: string; created_by: string }>(
      'SELECT code_hash, created_by FROM invites WHERE code_hash = $1',
      [createHash('sha256').update(invite.code).digest('hex')],
    );
    expect(rows).toEqual([
      { code_hash: expect.not.stringContaining(invite.code), created_by: admin.account.userId },
    ]);
    const everything = await db.sql.query<{ row: string }>(
      'SELECT row_to_json(i)::text AS row FROM invites i',
    );
    expect(everything.rows.some(({ row }) => row.includes(invite.code))).toBe(false);
  });
});

describe('A2, A3: sign-in', () => {
  const db = useDatabase();
  const passwords = countingHasher();
  const clock = manualClock();
  let auth: AuthService;
  beforeAll(async () => {
    auth = service(db, 'open', { passwords, clock });
    await auth.signUp(up({ email: 'alice@example.com', password: PASSWORD, deviceName: 'laptop' }));
  });

  it('a wrong email and a wrong password get the same answer after the same argon2 work', async () => {
    const outcomes: { reason: string; message: string; verifies: number }[] = [];
    for (const input of [
      { email: 'nobody@example.com', password: PASSWORD },
      { email: 'alice@example.com', password: 'wrong password!' },
    ]) {
      const before = passwords.verifies;
      try {
        await auth.signIn(inn({ ...input, deviceName: 'phone' }));
        throw new Error('signed in with bad credentials');
      } catch (error) {
        if (!(error instanceof SyncServerError)) throw error;
        outcomes.push({
          reason: error.reason ?? '',
          message: error.message,
          verifies: passwords.verifies - before,
        });
      }
    }
    expect(outcomes[0]).toEqual(outcomes[1]);
    expect(outcomes[0]).toMatchObject({ reason: 'BAD_CREDENTIALS', verifies: 1 });
  });

  it('passwords are stored only as argon2id hashes with the OWASP parameters', async () => {
    const { rows } = await db.sql.query<{ password_hash: string }>('SELECT password_hash FROM users');
    for (const { password_hash } of rows) {
      expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
      expect(password_hash).not.toContain(PASSWORD);
    }
  });

  it('each sign-in is a new device with its own 256-bit token; the database keeps only its SHA-256', async () => {
    const phone = await auth.signIn(
      inn({ email: 'ALICE@example.com', password: PASSWORD, deviceName: 'phone' }),
    );
    const tablet = await auth.signIn(
      inn({ email: 'alice@example.com', password: PASSWORD, deviceName: 'tablet' }),
    );
    expect(phone.account.deviceId).not.toBe(tablet.account.deviceId);
    expect(phone.account.vaultId).toBe(tablet.account.vaultId);
    expect(Buffer.from(phone.token, 'base64url')).toHaveLength(32);

    const { rows } = await db.sql.query<{ token_hash: string }>(
      'SELECT token_hash FROM devices WHERE id = $1',
      [phone.account.deviceId],
    );
    expect(rows[0]?.token_hash).toBe(createHash('sha256').update(phone.token).digest('hex'));
    expect(rows[0]?.token_hash).not.toBe(phone.token);

    // No raw token anywhere: every row of every table, as text.
    const tables = await db.sql.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    for (const { table_name } of tables.rows) {
      const dump = await db.sql.query<{ row: string }>(
        `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`,
      );
      for (const { row } of dump.rows) {
        expect(row).not.toContain(phone.token);
        expect(row).not.toContain(tablet.token);
      }
    }
  });

  it('authenticate refuses junk and unknown tokens, and writes last_seen_at at most once a minute', async () => {
    expect(await auth.authenticate('')).toBeNull();
    expect(await auth.authenticate('x'.repeat(43))).toBeNull();
    expect(await auth.authenticate('not a token at all')).toBeNull();

    const grant = await auth.signIn(
      inn({ email: 'alice@example.com', password: PASSWORD, deviceName: 'watch' }),
    );
    const lastSeen = async () =>
      (await auth.listDevices(grant.account)).find((device) => device.deviceId === grant.account.deviceId)
        ?.lastSeenAt;
    const signedInAt = clock.now();
    expect(await lastSeen()).toBe(signedInAt);

    clock.advance(LAST_SEEN_RESOLUTION_MS - 1);
    expect(await auth.authenticate(grant.token)).toEqual(grant.account);
    expect(await lastSeen()).toBe(signedInAt);

    clock.advance(1);
    await auth.authenticate(grant.token);
    expect(await lastSeen()).toBe(clock.now());
  });
});

describe('A4: sign-out and revoke', () => {
  const db = useDatabase();
  let auth: AuthService;
  beforeAll(() => {
    auth = service(db, 'open');
  });

  it('sign-out ends only the calling device session', async () => {
    const laptop = await auth.signUp(
      up({ email: 'bob@example.com', password: PASSWORD, deviceName: 'laptop' }),
    );
    const phone = await auth.signIn(
      inn({ email: 'bob@example.com', password: PASSWORD, deviceName: 'phone' }),
    );
    await auth.signOut(phone.account);
    expect(await auth.authenticate(phone.token)).toBeNull();
    expect(await auth.authenticate(laptop.token)).toEqual(laptop.account);
  });

  it('an account revokes its own devices and lists only the live ones; another account’s are "not found"', async () => {
    const laptop = await auth.signUp(
      up({ email: 'carol@example.com', password: PASSWORD, deviceName: 'laptop' }),
    );
    const phone = await auth.signIn(
      inn({ email: 'carol@example.com', password: PASSWORD, deviceName: 'phone' }),
    );
    const stranger = await auth.signUp(
      up({ email: 'dave@example.com', password: PASSWORD, deviceName: 'laptop' }),
    );

    const listed = await auth.listDevices(laptop.account);
    expect(listed.map((d) => [d.deviceName, d.current]).sort()).toEqual([
      ['laptop', true],
      ['phone', false],
    ]);

    expect(await refusedWith(auth.revokeDevice(stranger.account, phone.account.deviceId))).toBe(
      'DEVICE_NOT_FOUND',
    );
    expect(await auth.authenticate(phone.token)).toEqual(phone.account);

    await auth.revokeDevice(laptop.account, phone.account.deviceId);
    expect(await auth.authenticate(phone.token)).toBeNull();
    expect((await auth.listDevices(laptop.account)).map((d) => d.deviceName)).toEqual(['laptop']);
    // Revoking again is not an error for the owner.
    await auth.revokeDevice(laptop.account, phone.account.deviceId);
  });
});
