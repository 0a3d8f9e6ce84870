import { parseArgs } from 'node:util';
import { createInviteInput } from '../src-shared/sync/account';
import { createAuthService } from './auth/auth-service';
import { systemClock } from './clock';
import { parseConfig, type SyncServerConfig } from './config';
import { DataDirLockedError } from './db/data-dir-lock';
import { migrateUp } from './db/migrator';
import { createServerLogger, openDatabase, startSyncServer } from './server';

/**
 * `npm run server`: serve. `npm run server -- invite [--email x] [--hours n]`: create an invite
 * as the operator (no admin account needed), so an invite-only server can be bootstrapped.
 * Exit codes: 0 done, 1 failed, 2 bad settings or arguments, 3 embedded database in use, 4 port in use.
 */

const PREFIX = 'quire sync server:';
const USAGE = 'usage: npm run server [-- invite [--email name@example.com] [--hours 168]]';

function fail(code: number, ...lines: string[]): never {
  for (const line of lines) console.error(`${PREFIX} ${line}`);
  process.exit(code);
}

function describeDatabase(config: SyncServerConfig): string {
  return config.databaseUrl ? 'postgres' : `embedded at ${config.dataDir}`;
}

async function serve(config: SyncServerConfig): Promise<void> {
  const logger = createServerLogger(config.logLevel);
  const server = await startSyncServer({ config, logger });
  // Tests and scripts read this exact line; it names the port actually bound (PORT=0 picks one).
  console.log(
    `Quire sync server listening on ${server.url} (database: ${describeDatabase(config)}, registration: ${config.registration})`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

async function invite(config: SyncServerConfig, args: string[]): Promise<void> {
  let values: { email?: string; hours?: string };
  try {
    ({ values } = parseArgs({ args, options: { email: { type: 'string' }, hours: { type: 'string' } } }));
  } catch (error) {
    fail(2, (error as Error).message, USAGE);
  }
  const parsed = createInviteInput.safeParse({
    email: values.email,
    expiresInHours: values.hours === undefined ? undefined : Number(values.hours),
  });
  if (!parsed.success) {
    fail(
      2,
      ...parsed.error.issues.map(
        (issue) => `${issue.path[0] === 'expiresInHours' ? '--hours' : '--email'}: ${issue.message}`,
      ),
    );
  }
  const logger = createServerLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const { sql, release } = await openDatabase(config, logger);
  try {
    await migrateUp(sql);
    const auth = createAuthService({ sql, clock: systemClock, registration: config.registration });
    const created = await auth.createInvite(null, parsed.data);
    // The code alone on stdout, so `$(npm run -s server -- invite)` captures just it.
    console.log(created.code);
    const bound = created.email ? `, only for ${created.email}` : '';
    console.error(`Single-use invite; expires ${new Date(created.expiresAt).toISOString()}${bound}.`);
    if (config.registration !== 'invite') {
      console.error(
        `Note: REGISTRATION is "${config.registration}"; invites matter only when it is "invite".`,
      );
    }
  } finally {
    await release();
  }
}

async function main(): Promise<void> {
  const parsedConfig = parseConfig(process.env);
  if (!parsedConfig.ok) fail(2, ...parsedConfig.problems);
  const { config } = parsedConfig;
  const [command, ...rest] = process.argv.slice(2);
  if (command === undefined) return serve(config);
  if (command === 'invite') return invite(config, rest);
  fail(2, `unknown command "${command}"`, USAGE);
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) fail(3, error.message);
  const code = (error as NodeJS.ErrnoException).code;
  // A connection error to several addresses is an AggregateError with an empty message.
  const words = (error instanceof Error && error.message) || String(code ?? error);
  if (code === 'EADDRINUSE') fail(4, 'that address is already in use; pick another with HOST/PORT.');
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
    // The database's own words, never the URL (it may carry a password).
    fail(1, `could not open the database: ${words}`);
  }
  // One line for the operator; the stack only when they asked for detail.
  if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') console.error(error);
  fail(1, `could not start: ${words}`);
});
