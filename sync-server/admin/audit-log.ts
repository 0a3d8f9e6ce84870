import type { AuditAction, AuditEntry } from '../../src-shared/sync/admin';
import type { Clock } from '../clock';
import type { SqlQueryable } from '../db/sql-client';

/**
 * The audit log: who did what to whom, from where. Written by the services that act (sign-in,
 * admin operations, refusals worth knowing about), read by the console and the CLI, thinned by
 * the audit-retention job. Details are small facts, never a password, token or note text.
 */

export interface AuditRecord {
  action: AuditAction;
  actorId?: string | null;
  actorEmail?: string | null;
  targetId?: string | null;
  targetEmail?: string | null;
  ip?: string | null;
  details?: AuditEntry['details'];
}

export interface AuditLog {
  /** Never throws: an audit write that fails is logged by the caller's logger, the action stands. */
  record(entry: AuditRecord, q?: SqlQueryable): Promise<void>;
}

const TS = (param: string): string => `to_timestamp(${param}::float8 / 1000)`;
const TEXT_MAX = 320;

export function createAuditLog(options: {
  sql: SqlQueryable;
  clock: Clock;
  onError: (error: unknown) => void;
}): AuditLog {
  const { sql, clock, onError } = options;
  const clip = (value: string | null | undefined): string | null =>
    value === undefined || value === null ? null : value.slice(0, TEXT_MAX);
  return {
    async record(entry, q = sql) {
      try {
        await q.query(
          `INSERT INTO audit_log (at, action, actor_id, actor_email, target_id, target_email, ip, details)
           VALUES (${TS('$1')}, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
          [
            clock.now(),
            entry.action,
            clip(entry.actorId),
            clip(entry.actorEmail),
            clip(entry.targetId),
            clip(entry.targetEmail),
            clip(entry.ip),
            JSON.stringify(entry.details ?? {}),
          ],
        );
      } catch (error) {
        onError(error);
      }
    },
  };
}
