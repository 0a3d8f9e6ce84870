import type { ChangeBus } from '../bus/change-bus';
import { currentVersion } from '../db/migrator';
import { migrations } from '../db/migrations/index';
import type { SqlClient } from '../db/sql-client';

export const READY_PATH = '/readyz';
/** A check that has not answered in this long counts as failed: a hung pool must not hang the probe. */
const CHECK_TIMEOUT_MS = 2_000;

/** The newest schema version this code knows. */
export const LATEST_MIGRATION = Math.max(0, ...migrations.map((migration) => migration.version));

export interface ReadinessCheck {
  ok: boolean;
  /** Why not, in words; never SQL or a stack. */
  error?: string;
}

export interface Readiness {
  ok: boolean;
  database: ReadinessCheck;
  bus: ReadinessCheck;
  migrations: ReadinessCheck & { current: number | null; latest: number };
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function words(error: unknown): string {
  return error instanceof Error && error.message ? error.message.slice(0, 200) : 'unreachable';
}

/**
 * O5: ready when the database answers, the change bus answers its ping and the schema is the one
 * this code expects. Each check runs even when another fails, so the answer names every cause.
 */
export async function checkReadiness(deps: { sql: SqlClient; bus: ChangeBus }): Promise<Readiness> {
  const [database, bus, version] = await Promise.allSettled([
    withTimeout(deps.sql.query('SELECT 1'), CHECK_TIMEOUT_MS, 'the database'),
    withTimeout(deps.bus.ping(), CHECK_TIMEOUT_MS, 'the change bus'),
    withTimeout(currentVersion(deps.sql), CHECK_TIMEOUT_MS, 'the database'),
  ]);
  const check = (result: PromiseSettledResult<unknown>): ReadinessCheck =>
    result.status === 'fulfilled' ? { ok: true } : { ok: false, error: words(result.reason) };
  const current = version.status === 'fulfilled' ? version.value : null;
  const migrationsCheck =
    current === null
      ? { ok: false, error: 'could not read schema_migrations', current, latest: LATEST_MIGRATION }
      : current === LATEST_MIGRATION
        ? { ok: true, current, latest: LATEST_MIGRATION }
        : {
            ok: false,
            error: `schema version ${current}, this server expects ${LATEST_MIGRATION}`,
            current,
            latest: LATEST_MIGRATION,
          };
  const result = { database: check(database), bus: check(bus), migrations: migrationsCheck };
  return { ok: result.database.ok && result.bus.ok && result.migrations.ok, ...result };
}
