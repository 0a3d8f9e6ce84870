import { quotaDefaultsSchema } from '../../src-shared/sync/admin';
import type { AuditLog } from '../admin/audit-log';
import type { Clock } from '../clock';
import type { SqlQueryable } from '../db/sql-client';
import { rejection, type SyncServerError } from '../errors';

/**
 * Storage quotas enforced (docs/sync-protocol.md Q1–Q6). Pushes are checked inside their own
 * transaction, under the vault lock, before anything is written (Q1), so a refused push leaves
 * nothing behind; uploads before their body is read and again before their row is recorded (Q5).
 */

/** What a QUOTA_EXCEEDED refusal carries in `data.details` (Q4). */
export interface QuotaDetails {
  usedBytes: number;
  quotaBytes: number;
}

/** One document a push writes, as the quota counts it. */
export interface QuotaWrite {
  /** The new row's size (its JSON in UTF-8). */
  sizeBytes: number;
  /** The size of the row it replaces; 0 for a new document. */
  replacedBytes: number;
  /** The revision the push keeps of the replaced row (R11 copies it whole); 0 for none. */
  revisionBytes: number;
  /** Q2: a deletion or a move to the trash. */
  frees: boolean;
}

/** The limits of the user owning a vault; null limits are unlimited. */
export interface VaultOwnerLimits {
  userId: string;
  email: string;
  quotaBytes: number | null;
  maxFileBytes: number | null;
}

export interface QuotaEnforcer {
  /** Q1, Q2: inside the push's transaction, after the vault is locked; throws QUOTA_EXCEEDED. */
  checkPush(tx: SqlQueryable, input: { vaultId: string; writes: readonly QuotaWrite[] }): Promise<void>;
  /** The vault owner's limits (an upload reads them before its body). Null: no such vault. */
  limitsOfVault(q: SqlQueryable, vaultId: string): Promise<VaultOwnerLimits | null>;
  /**
   * Q5, Q6: whether `addedBytes` more fit, locking the owner's row so racing writers are counted
   * one after another. Inside a transaction; one that locks a vault's row too must lock it first
   * (vault, then user, as every push does), or two writers could wait for each other. Throws
   * QUOTA_EXCEEDED.
   */
  checkAddition(
    tx: SqlQueryable,
    owner: VaultOwnerLimits,
    addedBytes: number,
    kind: 'push' | 'upload',
  ): Promise<void>;
}

const AUDIT_EVERY_MS = 60 * 60_000;
/** Users remembered for the audit throttle; past it the oldest are forgotten (bounded memory). */
const AUDIT_THROTTLE_MAX = 10_000;

type Numeric = string | number | null;

/** Room for a move to the trash: `"trashedAt":0` becomes a 13-digit time. */
const TRASH_GROWTH_BYTES = 64;

/**
 * Q2: a write that deletes a live document, or moves a note to the trash (trashedAt set where it
 * was 0), and is not larger than the row it replaces (give or take the trash time). New rows and
 * grown ones never count as freeing, so a deletion cannot carry new bytes past the quota.
 */
export function freesSpace(input: {
  master: { _deleted: boolean } | null;
  masterBytes: number;
  next: object;
  deleted: boolean;
  sizeBytes: number;
}): boolean {
  const { master } = input;
  if (!master || input.sizeBytes > input.masterBytes + TRASH_GROWTH_BYTES) return false;
  if (input.deleted) return !master._deleted;
  const trashedAt = (value: object): number =>
    'trashedAt' in value && typeof value.trashedAt === 'number' ? value.trashedAt : 0;
  return !master._deleted && trashedAt(input.next) > 0 && trashedAt(master) === 0;
}

/** The bytes a push adds: new sizes minus the rows they replace, plus the revisions kept of those. */
export function bytesAdded(writes: readonly QuotaWrite[]): number {
  let added = 0;
  for (const write of writes) added += write.sizeBytes - write.replacedBytes + write.revisionBytes;
  return added;
}

export function quotaExceeded(details: QuotaDetails): SyncServerError {
  return rejection('QUOTA_EXCEEDED', undefined, {
    details: { usedBytes: details.usedBytes, quotaBytes: details.quotaBytes },
  });
}

const OWNER_LIMITS = `
  SELECT u.id, u.email, u.quota_bytes, u.max_file_bytes, s.value AS defaults
    FROM vaults v
    JOIN users u ON u.id = v.owner_id
    LEFT JOIN settings s ON s.key = 'quota.defaults'
   WHERE v.id = $1`;

export function createQuotaEnforcer(deps: { clock: Clock; audit: AuditLog }): QuotaEnforcer {
  const { clock, audit } = deps;
  const lastAudited = new Map<string, number>();

  /** Q6: at most one `quota_refused` entry per user per hour (a blocked device retries often). */
  function auditRefusal(owner: VaultOwnerLimits, details: QuotaDetails, kind: 'push' | 'upload'): void {
    const now = clock.now();
    const last = lastAudited.get(owner.userId);
    if (last !== undefined && now - last < AUDIT_EVERY_MS) return;
    lastAudited.delete(owner.userId);
    lastAudited.set(owner.userId, now);
    if (lastAudited.size > AUDIT_THROTTLE_MAX) {
      const oldest = lastAudited.keys().next().value;
      if (oldest !== undefined) lastAudited.delete(oldest);
    }
    // Not on the push's transaction: that one rolls back. record() never throws.
    void audit.record({
      action: 'quota_refused',
      targetId: owner.userId,
      targetEmail: owner.email,
      details: { kind, usedBytes: details.usedBytes, quotaBytes: details.quotaBytes },
    });
  }

  async function limitsOfVault(q: SqlQueryable, vaultId: string): Promise<VaultOwnerLimits | null> {
    const { rows } = await q.query<{
      id: string;
      email: string;
      quota_bytes: Numeric;
      max_file_bytes: Numeric;
      defaults: unknown;
    }>(OWNER_LIMITS, [vaultId]);
    const row = rows[0];
    if (!row) return null;
    const parsed = quotaDefaultsSchema.safeParse(row.defaults);
    const defaults = parsed.success ? parsed.data : { quotaBytes: null, maxFileBytes: null };
    return {
      userId: row.id,
      email: row.email,
      // bigint columns arrive as strings from node-postgres.
      quotaBytes: row.quota_bytes === null ? defaults.quotaBytes : Number(row.quota_bytes),
      maxFileBytes: row.max_file_bytes === null ? defaults.maxFileBytes : Number(row.max_file_bytes),
    };
  }

  async function checkAddition(
    tx: SqlQueryable,
    owner: VaultOwnerLimits,
    addedBytes: number,
    kind: 'push' | 'upload',
  ): Promise<void> {
    if (owner.quotaBytes === null || addedBytes <= 0) return;
    // Q5: a second writer of this user waits here, then sums with what the first committed (a
    // new statement reads a new snapshot in READ COMMITTED).
    await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [owner.userId]);
    const { rows } = await tx.query<{ bytes: Numeric }>(
      'SELECT coalesce(sum(storage_bytes), 0) AS bytes FROM vaults WHERE owner_id = $1',
      [owner.userId],
    );
    const usedBytes = Number(rows[0]?.bytes ?? 0);
    if (usedBytes + addedBytes <= owner.quotaBytes) return;
    const details = { usedBytes, quotaBytes: owner.quotaBytes };
    auditRefusal(owner, details, kind);
    throw quotaExceeded(details);
  }

  return {
    limitsOfVault,
    checkAddition,
    async checkPush(tx, input) {
      // Q2: deleting and trashing always pass, so a user over quota can still clear space.
      if (input.writes.every((write) => write.frees)) return;
      const added = bytesAdded(input.writes);
      if (added <= 0) return;
      const owner = await limitsOfVault(tx, input.vaultId);
      if (!owner || owner.quotaBytes === null) return;
      await checkAddition(tx, owner, added, 'push');
    },
  };
}
