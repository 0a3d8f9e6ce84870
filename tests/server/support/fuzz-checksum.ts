import type pg from 'pg';

/**
 * T2's "nothing was written": an md5 per table of every public table, rows ordered by primary
 * key, with exactly these rows left out (and why):
 * - rows that name the legitimate client's user, device or vault ids: its own writes, which the
 *   suite checks separately by reading them back;
 * - `last_seen_at`, `last_active_at`, `last_ip` columns: when a valid session was last used, which
 *   the fuzzer's own (valid) session moves by design on every call it makes;
 * - audit entries of refused sign-ins and rate-limit hits, and the `rate_limits` counters: the
 *   record of refused attempts that the issue asks for;
 * - job runs and usage snapshots started during the run: the scheduler's, not a request's.
 * Everything else (users, devices, vaults, documents, revisions, blobs, invites, sessions,
 * settings, counters…) must be byte-for-byte what it was.
 */

const VOLATILE_COLUMNS = ['last_seen_at', 'last_active_at', 'last_ip'];
const REFUSAL_AUDIT_ACTIONS = ['sign_in_failed', 'console_sign_in_failed', 'rate_limited'];
const COUNTER_TABLES = ['rate_limits'];
const SCHEDULER_TABLES: Record<string, string> = { job_runs: 'started_at', usage_snapshots: 'at' };

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface ChecksumScope {
  /** Ids of the legitimate client: rows naming any of them are its own writes. */
  legitIds: string[];
  /** When the run started (ms): scheduler rows from then on are left out. */
  since: number;
}

export async function tableChecksums(
  client: pg.Client,
  scope: ChecksumScope,
): Promise<Record<string, string>> {
  const { rows: tables } = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const sums: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    if (COUNTER_TABLES.includes(table)) continue;
    const { rows: keys } = await client.query<{ column_name: string }>(
      `SELECT a.attname AS column_name
         FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
        WHERE i.indrelid = ('public.' || quote_ident($1))::regclass AND i.indisprimary
        ORDER BY array_position(i.indkey, a.attnum)`,
      [table],
    );
    const row = `(row_to_json(t)::jsonb ${VOLATILE_COLUMNS.map((column) => `- '${column}'`).join(' ')})`;
    const order =
      keys.length > 0 ? keys.map((key) => `t.${ident(key.column_name)}`).join(', ') : `${row}::text`;
    const params: unknown[] = [scope.legitIds.map((id) => `%${id}%`)];
    const where = [`NOT (row_to_json(t)::text LIKE ANY ($1::text[]))`];
    if (table === 'audit_log') {
      params.push(REFUSAL_AUDIT_ACTIONS);
      where.push(`t.action <> ALL ($${params.length}::text[])`);
    }
    const schedulerColumn = SCHEDULER_TABLES[table];
    if (schedulerColumn) {
      params.push(scope.since);
      where.push(`t.${ident(schedulerColumn)} < to_timestamp($${params.length}::float8 / 1000)`);
    }
    const { rows } = await client.query<{ sum: string | null; count: string }>(
      `SELECT md5(string_agg(${row}::text, E'\\n' ORDER BY ${order})) AS sum, count(*) AS count
         FROM public.${ident(table)} t WHERE ${where.join(' AND ')}`,
      params,
    );
    sums[table] = `${rows[0]?.count ?? 0} rows, md5 ${rows[0]?.sum ?? 'none'}`;
  }
  return sums;
}
