import type { z } from 'zod';
import {
  ADMIN_LIMITS,
  auditEntrySchema,
  type AuditAction,
  type AuditEntry,
  type listAuditInput,
} from '../../src-shared/sync/admin';
import type { SqlQueryable } from '../db/sql-client';
import { likePattern } from './admin-users';

/**
 * Reading the audit log: a searched, paged list (newest first) for the console and the CLI, and
 * the same rows as CSV for export. The search matches the actor's and target's emails, the IP
 * and the action's name; the export walks the log in pages by (at, id), never all at once.
 */

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  retentionDays: number;
}

export interface AuditFilter {
  query: string;
  action?: AuditAction | undefined;
}

const MS = (column: string): string => `floor(extract(epoch from ${column}) * 1000)::float8`;
const DAY_MS = 86_400_000;
const EXPORT_PAGE = 1_000;

interface AuditRow {
  id: string | number;
  at: number;
  action: string;
  actor_email: string | null;
  target_email: string | null;
  ip: string | null;
  details: unknown;
}

/** The WHERE clause for a filter, its parameters numbered from `first`. */
function whereOf(filter: AuditFilter, first = 1): { clause: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const query = filter.query.trim().slice(0, ADMIN_LIMITS.searchMaxLength);
  if (query) {
    params.push(likePattern(query));
    const p = `$${first + params.length - 1}`;
    parts.push(`(actor_email ILIKE ${p} OR target_email ILIKE ${p} OR ip ILIKE ${p} OR action ILIKE ${p})`);
  }
  if (filter.action) {
    params.push(filter.action);
    parts.push(`action = $${first + params.length - 1}`);
  }
  return { clause: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

/** Rows written by an older or newer server with an unknown shape are skipped, never a 500. */
function toEntries(rows: AuditRow[]): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (const row of rows) {
    const parsed = auditEntrySchema.safeParse({
      id: Number(row.id),
      at: row.at,
      action: row.action,
      actorEmail: row.actor_email,
      targetEmail: row.target_email,
      ip: row.ip,
      details: row.details ?? {},
    });
    if (parsed.success) entries.push(parsed.data);
  }
  return entries;
}

const COLUMNS = `id, ${MS('at')} AS at, action, actor_email, target_email, ip, details`;

export async function listAudit(
  sql: SqlQueryable,
  input: z.output<typeof listAuditInput>,
  retentionMs: number,
): Promise<AuditPage> {
  const { clause, params } = whereOf(input);
  const limit = Math.min(Math.max(input.limit, 1), ADMIN_LIMITS.pageMax);
  const n = params.length;
  const { rows } = await sql.query<AuditRow>(
    `SELECT ${COLUMNS} FROM audit_log ${clause} ORDER BY at DESC, id DESC OFFSET $${n + 1} LIMIT $${n + 2}`,
    [...params, Math.max(input.offset, 0), limit],
  );
  const total = await sql.query<{ n: string | number }>(
    `SELECT count(*) AS n FROM audit_log ${clause}`,
    params,
  );
  return {
    entries: toEntries(rows),
    total: Number(total.rows[0]?.n ?? 0),
    retentionDays: Math.round(retentionMs / DAY_MS),
  };
}

/** Every matching entry, newest first, in pages; at most `max` (ADMIN_LIMITS.auditExportMax). */
export async function* auditEntriesForExport(
  sql: SqlQueryable,
  filter: AuditFilter,
  max: number = ADMIN_LIMITS.auditExportMax,
): AsyncGenerator<AuditEntry, void, undefined> {
  const { clause, params } = whereOf(filter);
  let after: { at: number; id: number } | null = null;
  let sent = 0;
  while (sent < max) {
    const n = params.length;
    const keyset: string = after
      ? `${clause ? `${clause} AND` : 'WHERE'} (${MS('at')}, id) < ($${n + 1}::float8, $${n + 2}::bigint)`
      : clause;
    const pageParams: unknown[] = after ? [...params, after.at, after.id] : params;
    const size = Math.min(EXPORT_PAGE, max - sent);
    const { rows }: { rows: AuditRow[] } = await sql.query<AuditRow>(
      // Ordered by the same millisecond value the keyset compares, so no row is skipped or repeated.
      `SELECT ${COLUMNS} FROM audit_log ${keyset} ORDER BY ${MS('at')} DESC, id DESC LIMIT ${size}`,
      pageParams,
    );
    for (const entry of toEntries(rows)) {
      yield entry;
      sent += 1;
    }
    const last: AuditRow | undefined = rows.at(-1);
    if (!last || rows.length < size) return;
    after = { at: last.at, id: Number(last.id) };
  }
}

// CSV (RFC 4180)

export const AUDIT_CSV_HEADER = ['id', 'at', 'action', 'actor', 'target', 'ip', 'details'];

/**
 * One CSV field: quoted when it holds a comma, quote, CR or LF, quotes doubled. A cell a
 * spreadsheet would read as a formula (= + - @, tab, CR first) gets a leading `'`.
 */
export function csvField(value: string): string {
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function auditCsvRow(entry: AuditEntry): string {
  return csvRow([
    String(entry.id),
    new Date(entry.at).toISOString(),
    entry.action,
    entry.actorEmail ?? '',
    entry.targetEmail ?? '',
    entry.ip ?? '',
    JSON.stringify(entry.details),
  ]);
}
