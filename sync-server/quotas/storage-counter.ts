/**
 * Q3: every vault keeps its stored bytes (documents + revisions + blobs) in
 * `vaults.storage_bytes`, so a quota check reads a handful of rows instead of summing every
 * document and revision of the user. The counter is kept by statement-level triggers (one
 * UPDATE per statement, not per row), so every writer keeps it right: pushes, uploads, and the
 * retention, garbage-collection and purge jobs alike, without knowing about it.
 *
 * Part of migration 004 (spread into its `up` and `down`); frozen with it once released.
 */

const TABLES = [
  { table: 'documents', size: 'size_bytes' },
  { table: 'revisions', size: 'size_bytes' },
  { table: 'blobs', size: 'size' },
] as const;

/** One function per table and event; each sums its transition table(s) per vault. */
function counterFunction(table: string, size: string, event: 'insert' | 'update' | 'delete'): string {
  const rows =
    event === 'insert'
      ? `SELECT vault_id, ${size} AS bytes FROM added_rows`
      : event === 'delete'
        ? `SELECT vault_id, -${size} AS bytes FROM removed_rows`
        : `SELECT vault_id, ${size} AS bytes FROM added_rows
           UNION ALL SELECT vault_id, -${size} AS bytes FROM removed_rows`;
  return `CREATE FUNCTION count_${table}_storage_${event}() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      UPDATE vaults v SET storage_bytes = v.storage_bytes + delta.bytes
        FROM (SELECT vault_id, sum(bytes) AS bytes FROM (${rows}) AS changed GROUP BY vault_id) AS delta
       WHERE v.id = delta.vault_id AND delta.bytes <> 0;
      RETURN NULL;
    END
  $fn$`;
}

function counterTrigger(table: string, event: 'insert' | 'update' | 'delete'): string {
  const referencing =
    event === 'insert'
      ? 'NEW TABLE AS added_rows'
      : event === 'delete'
        ? 'OLD TABLE AS removed_rows'
        : 'OLD TABLE AS removed_rows NEW TABLE AS added_rows';
  return `CREATE TRIGGER ${table}_storage_${event} AFTER ${event.toUpperCase()} ON ${table}
    REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION count_${table}_storage_${event}()`;
}

const EVENTS = ['insert', 'update', 'delete'] as const;

export const storageCounterUp: readonly string[] = [
  `ALTER TABLE vaults ADD COLUMN storage_bytes bigint NOT NULL DEFAULT 0`,
  ...TABLES.flatMap(({ table, size }) =>
    EVENTS.flatMap((event) => [counterFunction(table, size, event), counterTrigger(table, event)]),
  ),
  // Existing data (revisions' sizes were filled in just before).
  `UPDATE vaults v SET storage_bytes =
       coalesce((SELECT sum(d.size_bytes) FROM documents d WHERE d.vault_id = v.id), 0)
     + coalesce((SELECT sum(r.size_bytes) FROM revisions r WHERE r.vault_id = v.id), 0)
     + coalesce((SELECT sum(b.size) FROM blobs b WHERE b.vault_id = v.id), 0)`,
];

export const storageCounterDown: readonly string[] = [
  ...TABLES.flatMap(({ table }) =>
    EVENTS.flatMap((event) => [
      `DROP TRIGGER ${table}_storage_${event} ON ${table}`,
      `DROP FUNCTION count_${table}_storage_${event}()`,
    ]),
  ),
  `ALTER TABLE vaults DROP COLUMN storage_bytes`,
];
