import type { z } from 'zod';
import type {
  Account,
  DeviceSession,
  RegistrationMode,
  SessionGrant,
  createInviteInput,
  signInInput,
  signUpInput,
} from '../../src-shared/sync/account';
import type { SqlClient, SqlQueryable } from '../db/sql-client';
import { randomId, type Clock, type IdGenerator } from '../clock';
import { rejection } from '../errors';
import { createPasswordHasher, type PasswordHasher } from './passwords';
import { assertPasswordAllowed } from './password-rules';
import { hashSecret, looksLikeSessionToken, newInviteCode, newSessionToken } from './tokens';

/** An authenticated device: who it belongs to and which vault it syncs. Same shape as `Account`. */
export type Session = Account;

export interface Invite {
  code: string;
  email: string | null;
  expiresAt: number;
}

export interface AuthService {
  /** A1, A6: creates the user (the first one is admin), their vault and this device's session. */
  signUp(input: z.output<typeof signUpInput>): Promise<SessionGrant>;
  /** A2, A3: a new device session; a wrong email and a wrong password fail the same way. */
  signIn(input: z.output<typeof signInInput>): Promise<SessionGrant>;
  /** The session a token belongs to, or null if it is unknown, revoked or its user disabled. */
  authenticate(token: string, meta?: { ip: string | null }): Promise<Session | null>;
  /** A4: revokes the calling device's own session. */
  signOut(session: Session): Promise<void>;
  listDevices(session: Session): Promise<DeviceSession[]>;
  /** A4: revokes one of the account's own devices; anyone else's is "not found". */
  revokeDevice(session: Session, deviceId: string): Promise<void>;
  /** `by`: the admin's user id (the role is checked by adminProcedure), or null for the operator's CLI. */
  createInvite(by: string | null, input: z.output<typeof createInviteInput>): Promise<Invite>;
  /** R3. */
  isVaultOwner(userId: string, vaultId: string): Promise<boolean>;
  /**
   * K1: the user a correct email and password name, whatever their role (the caller decides), or
   * null. Unknown emails take the dummy hash, so timing does not tell whether an account exists.
   */
  verifyCredentials(email: string, password: string): Promise<VerifiedUser | null>;
  /** S25: a fresh token for the calling device; `token` (its current one) stops working at once. */
  rotateToken(session: Session, token: string): Promise<string>;
}

export interface VerifiedUser {
  userId: string;
  email: string;
  role: 'admin' | 'member';
  disabled: boolean;
}

/** last_seen_at is written at most this often per device, so every call is not a write. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

const DEFAULT_VAULT_NAME = 'Notes';
const UNIQUE_VIOLATION = '23505';

/** Timestamps cross the SQL boundary as epoch milliseconds, taken from the injected clock. */
const TS = (param: string): string => `to_timestamp(${param}::float8 / 1000)`;
const MS = (column: string): string => `floor(extract(epoch from ${column}) * 1000)::float8`;

interface SessionRow {
  user_id: string;
  email: string;
  role: 'admin' | 'member';
  device_id: string;
  device_name: string;
  vault_id: string;
  last_seen: number;
  created: number;
}

export function createAuthService(options: {
  sql: SqlClient;
  clock: Clock;
  registration: RegistrationMode;
  newId?: IdGenerator;
  passwords?: PasswordHasher;
  /** S24: device sessions end when unused for `idleMs` or `absoluteMs` after sign-in; omitted: never. */
  sessions?: { idleMs: number; absoluteMs: number };
}): AuthService {
  const { sql, clock, registration, sessions } = options;
  const newId = options.newId ?? randomId;
  const passwords = options.passwords ?? createPasswordHasher();

  async function createDevice(
    q: SqlQueryable,
    userId: string,
    device: { deviceName: string; platform?: string | undefined; appVersion?: string | undefined },
  ) {
    const deviceId = newId();
    const token = newSessionToken();
    const now = clock.now();
    await q.query(
      `INSERT INTO devices (id, user_id, name, token_hash, created_at, last_seen_at, platform, app_version)
       VALUES ($1, $2, $3, $4, ${TS('$5')}, ${TS('$5')}, $6, $7)`,
      [
        deviceId,
        userId,
        device.deviceName,
        hashSecret(token),
        now,
        device.platform || null,
        device.appVersion || null,
      ],
    );
    return { deviceId, token };
  }

  async function vaultOf(q: SqlQueryable, userId: string): Promise<string> {
    const { rows } = await q.query<{ id: string }>(
      'SELECT id FROM vaults WHERE owner_id = $1 ORDER BY created_at, id LIMIT 1',
      [userId],
    );
    const vault = rows[0];
    // Sign-up creates the vault in the same transaction as the user (A6).
    if (!vault) throw new Error(`user ${userId} has no vault`);
    return vault.id;
  }

  async function claimInvite(q: SqlQueryable, code: string | undefined, email: string): Promise<string> {
    if (!code)
      throw rejection(
        'INVITE_INVALID',
        'This server accepts new accounts by invitation only: enter your invite code.',
      );
    const codeHash = hashSecret(code);
    // FOR UPDATE: two sign-ups racing for one code serialise here; the second sees it used.
    const { rows } = await q.query<{ email: string | null }>(
      `SELECT email FROM invites WHERE code_hash = $1 AND used_at IS NULL AND expires_at > ${TS('$2')} FOR UPDATE`,
      [codeHash, clock.now()],
    );
    const invite = rows[0];
    if (!invite || (invite.email !== null && invite.email !== email)) throw rejection('INVITE_INVALID');
    return codeHash;
  }

  return {
    async signUp(input) {
      if (registration === 'closed') throw rejection('REGISTRATION_CLOSED');
      if (registration === 'invite' && !input.inviteCode) {
        throw rejection(
          'INVITE_INVALID',
          'This server accepts new accounts by invitation only: enter your invite code.',
        );
      }
      // S19: checked before hashing, so a refused password costs no argon2 time.
      await assertPasswordAllowed(input.password, input.email);
      // Hashing is the slow part: done before the transaction so it holds no locks meanwhile.
      const passwordHash = await passwords.hash(input.password);
      try {
        return await sql.transaction(async (tx) => {
          // Serialises sign-ups, so of two racing first sign-ups only one becomes admin (A1).
          await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
          // The invite is checked before the email, so without one nobody can probe for accounts.
          const inviteHash =
            registration === 'invite' ? await claimInvite(tx, input.inviteCode, input.email) : null;
          const taken = await tx.query('SELECT 1 FROM users WHERE email = $1', [input.email]);
          if (taken.rowCount > 0) throw rejection('EMAIL_TAKEN');
          const anyone = await tx.query('SELECT 1 FROM users LIMIT 1');
          const role = anyone.rowCount === 0 ? 'admin' : 'member';
          const userId = newId();
          const now = clock.now();
          await tx.query(
            `INSERT INTO users (id, email, password_hash, role, created_at) VALUES ($1, $2, $3, $4, ${TS('$5')})`,
            [userId, input.email, passwordHash, role, now],
          );
          if (inviteHash) {
            await tx.query(`UPDATE invites SET used_by = $2, used_at = ${TS('$3')} WHERE code_hash = $1`, [
              inviteHash,
              userId,
              now,
            ]);
          }
          const vaultId = newId();
          await tx.query(
            `INSERT INTO vaults (id, owner_id, name, created_at) VALUES ($1, $2, $3, ${TS('$4')})`,
            [vaultId, userId, DEFAULT_VAULT_NAME, now],
          );
          const { deviceId, token } = await createDevice(tx, userId, input);
          return {
            token,
            account: { userId, email: input.email, role, deviceId, deviceName: input.deviceName, vaultId },
          };
        });
      } catch (error) {
        // The lock makes this unreachable on one database; kept so a race can never be a 500.
        if ((error as { code?: unknown }).code === UNIQUE_VIOLATION) throw rejection('EMAIL_TAKEN');
        throw error;
      }
    },

    async signIn(input) {
      const { rows } = await sql.query<{
        id: string;
        password_hash: string;
        role: 'admin' | 'member';
        disabled: boolean;
      }>('SELECT id, password_hash, role, disabled_at IS NOT NULL AS disabled FROM users WHERE email = $1', [
        input.email,
      ]);
      const user = rows[0];
      if (!user) {
        await passwords.verifyDummy(input.password);
        throw rejection('BAD_CREDENTIALS');
      }
      const ok = await passwords.verify(user.password_hash, input.password);
      if (!ok) throw rejection('BAD_CREDENTIALS');
      // G3: only someone who knows the password learns that the account is disabled.
      if (user.disabled) throw rejection('ACCOUNT_DISABLED');
      const vaultId = await vaultOf(sql, user.id);
      const { deviceId, token } = await createDevice(sql, user.id, input);
      return {
        token,
        account: {
          userId: user.id,
          email: input.email,
          role: user.role,
          deviceId,
          deviceName: input.deviceName,
          vaultId,
        },
      };
    },

    async authenticate(token, meta) {
      if (!looksLikeSessionToken(token)) return null;
      const { rows } = await sql.query<SessionRow>(
        `SELECT u.id AS user_id, u.email, u.role, d.id AS device_id, d.name AS device_name,
                v.id AS vault_id, ${MS('d.last_seen_at')} AS last_seen, ${MS('d.created_at')} AS created
           FROM devices d
           JOIN users u ON u.id = d.user_id
           JOIN LATERAL (SELECT id FROM vaults WHERE owner_id = u.id ORDER BY created_at, id LIMIT 1) v ON true
          WHERE d.token_hash = $1 AND d.revoked_at IS NULL AND u.disabled_at IS NULL`,
        [hashSecret(token)],
      );
      const row = rows[0];
      if (!row) return null;
      const now = clock.now();
      if (sessions && (now - row.last_seen >= sessions.idleMs || now - row.created >= sessions.absoluteMs)) {
        // S24: expired is revoked, so the device list and the clean-up job see it as ended too.
        await sql.query(`UPDATE devices SET revoked_at = COALESCE(revoked_at, ${TS('$2')}) WHERE id = $1`, [
          row.device_id,
          now,
        ]);
        return null;
      }
      if (now - row.last_seen >= LAST_SEEN_RESOLUTION_MS) {
        // The admin's device list shows the last address; a call without one keeps the old.
        await sql.query(
          `UPDATE devices SET last_seen_at = ${TS('$2')}, last_ip = COALESCE($3, last_ip) WHERE id = $1`,
          [row.device_id, now, meta?.ip ?? null],
        );
        await sql.query(`UPDATE users SET last_active_at = ${TS('$2')} WHERE id = $1`, [row.user_id, now]);
      }
      return {
        userId: row.user_id,
        email: row.email,
        role: row.role,
        deviceId: row.device_id,
        deviceName: row.device_name,
        vaultId: row.vault_id,
      };
    },

    async rotateToken(session, token) {
      const fresh = newSessionToken();
      // One statement: the old hash is replaced only if it is still this device's live token, so
      // two rotations racing with one token cannot both succeed.
      const { rowCount } = await sql.query(
        `UPDATE devices SET token_hash = $3 WHERE id = $1 AND token_hash = $2 AND revoked_at IS NULL`,
        [session.deviceId, hashSecret(token), hashSecret(fresh)],
      );
      if (rowCount === 0) throw rejection('UNAUTHENTICATED');
      return fresh;
    },

    async signOut(session) {
      await sql.query(`UPDATE devices SET revoked_at = ${TS('$2')} WHERE id = $1 AND revoked_at IS NULL`, [
        session.deviceId,
        clock.now(),
      ]);
    },

    async listDevices(session) {
      const { rows } = await sql.query<{ id: string; name: string; created: number; last_seen: number }>(
        `SELECT id, name, ${MS('created_at')} AS created, ${MS('last_seen_at')} AS last_seen
           FROM devices WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at, id`,
        [session.userId],
      );
      return rows.map((row) => ({
        deviceId: row.id,
        deviceName: row.name,
        createdAt: row.created,
        lastSeenAt: row.last_seen,
        current: row.id === session.deviceId,
      }));
    },

    async revokeDevice(session, deviceId) {
      // Idempotent for the owner; another account's device id is indistinguishable from none.
      const result = await sql.query(
        `UPDATE devices SET revoked_at = COALESCE(revoked_at, ${TS('$3')}) WHERE id = $1 AND user_id = $2`,
        [deviceId, session.userId, clock.now()],
      );
      if (result.rowCount === 0) throw rejection('DEVICE_NOT_FOUND');
    },

    async createInvite(by, input) {
      const code = newInviteCode();
      const now = clock.now();
      const expiresAt = now + input.expiresInHours * 3_600_000;
      await sql.query(
        `INSERT INTO invites (code_hash, email, created_by, created_at, expires_at)
         VALUES ($1, $2, $3, ${TS('$4')}, ${TS('$5')})`,
        [hashSecret(code), input.email ?? null, by, now, expiresAt],
      );
      return { code, email: input.email ?? null, expiresAt };
    },

    async verifyCredentials(email, password) {
      const { rows } = await sql.query<{
        id: string;
        password_hash: string;
        role: 'admin' | 'member';
        disabled: boolean;
      }>('SELECT id, password_hash, role, disabled_at IS NOT NULL AS disabled FROM users WHERE email = $1', [
        email,
      ]);
      const user = rows[0];
      if (!user) {
        await passwords.verifyDummy(password);
        return null;
      }
      if (!(await passwords.verify(user.password_hash, password))) return null;
      return { userId: user.id, email, role: user.role, disabled: user.disabled };
    },

    async isVaultOwner(userId, vaultId) {
      const { rowCount } = await sql.query('SELECT 1 FROM vaults WHERE id = $1 AND owner_id = $2', [
        vaultId,
        userId,
      ]);
      return rowCount > 0;
    },
  };
}
