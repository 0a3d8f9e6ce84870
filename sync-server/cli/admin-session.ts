import type { Logger } from 'pino';
import { createAuditLog } from '../admin/audit-log';
import { createAdminService, type AdminService } from '../admin/admin-service';
import { createConsoleSessions } from '../admin/console-sessions';
import { createAuthService } from '../auth/auth-service';
import { systemClock } from '../clock';
import type { SyncServerConfig } from '../config';
import { migrateUp } from '../db/migrator';
import type { SqlClient } from '../db/sql-client';
import { createSqlReplicationStore } from '../replication/sql-replication-store';
import { createServerLogger, openBus, openDatabase } from '../server';

/**
 * The admin CLI's connection: the server's own database and change bus, and the same admin
 * service the running server builds, so a command acts exactly as the console would. On
 * PostgreSQL its announcements reach the running server (NOTIFY or Redis): `users disable E`
 * ends that user's live streams there. The embedded database admits one process at a time, so
 * with it the CLI runs while the server is stopped.
 */

export interface AdminSession {
  admin: AdminService;
  sql: SqlClient;
  config: SyncServerConfig;
}

export function cliLogger(config: SyncServerConfig): Logger {
  // A command's own output is the point: the server's info lines would only clutter it.
  return createServerLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
}

export async function withAdminSession<T>(
  config: SyncServerConfig,
  run: (session: AdminSession) => Promise<T>,
): Promise<T> {
  const logger = cliLogger(config);
  const { sql, release } = await openDatabase(config, logger);
  try {
    await migrateUp(sql);
    const bus = await openBus(config, sql, logger);
    try {
      const clock = systemClock;
      const audit = createAuditLog({
        sql,
        clock,
        onError: (error) => logger.warn({ err: error }, 'could not write an audit entry'),
      });
      const admin = createAdminService({
        sql,
        clock,
        auth: createAuthService({ sql, clock, registration: config.registration, sessions: config.sessions }),
        audit,
        bus,
        store: createSqlReplicationStore({ sql, bus, clock, logger }),
        consoleSessions: createConsoleSessions({
          sql,
          clock,
          idleMs: config.sessions.adminIdleMs,
          absoluteMs: config.sessions.adminAbsoluteMs,
        }),
        config,
        logger,
      });
      return await run({ admin, sql, config });
    } finally {
      await bus.close();
    }
  } finally {
    await release();
  }
}
