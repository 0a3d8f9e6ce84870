import type { SqlClient } from '../db/sql-client';
import type { Clock } from '../clock';
import { hashSecret, looksLikeSessionToken, newSessionToken } from '../auth/tokens';

/**
 * The admin console's sessions: a random token in an httpOnly, SameSite=Strict cookie (the
 * console never sees it), its hash in `console_sessions`. A session ends after `idleMs` unused or
 * `absoluteMs` after sign-in, whichever comes first; a session older than `rotateMs` is replaced
 * by a fresh token on its next use, so a stolen cookie stops working soon after the admin's own
 * browser moves on. Only admins hold one: demoting or disabling a user ends theirs.
 */

export interface ConsoleActor {
  userId: string;
  email: string;
  role: 'admin' | 'member';
}

export interface ConsoleAuthResult {
  actor: ConsoleActor;
  /** Set when the token was rotated: the caller sends this new one as the cookie. */
  rotatedToken: string | null;
}

export interface ConsoleSessions {
  create(userId: string, meta: { ip: string | null; userAgent: string | null }): Promise<string>;
  /** Null when the token is unknown, expired, or its user is disabled or no longer an admin. */
  authenticate(token: string): Promise<ConsoleAuthResult | null>;
  end(token: string): Promise<void>;
  /** Ends every console session of a user (password reset, disable, demotion, deletion). */
  endAllFor(userId: string): Promise<void>;
  /** Deletes expired sessions (the clean-up job); returns how many. */
  deleteExpired(): Promise<number>;
}

export const CONSOLE_COOKIE = 'quire_admin';

const TS = (param: string): string => `to_timestamp(${param}::float8 / 1000)`;
const MS = (column: string): string => `floor(extract(epoch from ${column}) * 1000)::float8`;

export function createConsoleSessions(options: {
  sql: SqlClient;
  clock: Clock;
  idleMs: number;
  absoluteMs: number;
  /** Default: a tenth of the idle time, at least a minute. */
  rotateMs?: number;
}): ConsoleSessions {
  const { sql, clock, idleMs, absoluteMs } = options;
  const rotateMs = options.rotateMs ?? Math.max(60_000, Math.floor(idleMs / 10));

  return {
    async create(userId, meta) {
      const token = newSessionToken();
      const now = clock.now();
      await sql.query(
        `INSERT INTO console_sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent)
         VALUES ($1, $2, ${TS('$3')}, ${TS('$3')}, $4, $5)`,
        [hashSecret(token), userId, now, meta.ip, meta.userAgent?.slice(0, 300) ?? null],
      );
      return token;
    },

    async authenticate(token) {
      if (!looksLikeSessionToken(token)) return null;
      const hash = hashSecret(token);
      const { rows } = await sql.query<{
        user_id: string;
        email: string;
        role: 'admin' | 'member';
        created: number;
        last_seen: number;
      }>(
        `SELECT u.id AS user_id, u.email, u.role, ${MS('s.created_at')} AS created, ${MS('s.last_seen_at')} AS last_seen
           FROM console_sessions s JOIN users u ON u.id = s.user_id
          WHERE s.token_hash = $1 AND u.disabled_at IS NULL AND u.role = 'admin'`,
        [hash],
      );
      const row = rows[0];
      if (!row) return null;
      const now = clock.now();
      if (now - row.last_seen >= idleMs || now - row.created >= absoluteMs) {
        await sql.query('DELETE FROM console_sessions WHERE token_hash = $1', [hash]);
        return null;
      }
      const actor: ConsoleActor = { userId: row.user_id, email: row.email, role: row.role };
      if (now - row.last_seen < rotateMs) return { actor, rotatedToken: null };
      // Rotation keeps the absolute deadline (created_at) and moves only the idle one.
      const fresh = newSessionToken();
      const { rowCount } = await sql.query(
        `UPDATE console_sessions SET token_hash = $2, last_seen_at = ${TS('$3')} WHERE token_hash = $1`,
        [hash, hashSecret(fresh), now],
      );
      // Two requests racing with the old token: the loser keeps working without a new cookie.
      return { actor, rotatedToken: rowCount > 0 ? fresh : null };
    },

    async end(token) {
      if (!looksLikeSessionToken(token)) return;
      await sql.query('DELETE FROM console_sessions WHERE token_hash = $1', [hashSecret(token)]);
    },

    async endAllFor(userId) {
      await sql.query('DELETE FROM console_sessions WHERE user_id = $1', [userId]);
    },

    async deleteExpired() {
      const now = clock.now();
      const { rowCount } = await sql.query(
        `DELETE FROM console_sessions
          WHERE last_seen_at < ${TS('$1')} OR created_at < ${TS('$2')}`,
        [now - idleMs, now - absoluteMs],
      );
      return rowCount;
    },
  };
}
