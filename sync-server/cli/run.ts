import { Command, CommanderError } from 'commander';
import { ZodError } from 'zod';
import { createInviteInput } from '../../src-shared/sync/account';
import { OPERATOR } from '../admin/admin-service';
import { parseConfig, type SyncServerConfig } from '../config';
import { DataDirLockedError } from '../db/data-dir-lock';
import { SchemaTooNewError } from '../db/migrator';
import { SyncServerError } from '../errors';
import { createServerLogger, startSyncServer } from '../server';
import { registerAdminCommands } from './admin-commands';
import { withAdminSession } from './admin-session';
import { CliUsageError } from './cli-errors';

/**
 * `npm run server [-- command]`: with no command it serves; `invite` and the admin commands
 * (admin-commands.ts) act on the server's database through the same services the API uses.
 * Exit codes: 0 done, 1 failed or refused, 2 bad settings or arguments, 3 embedded database in
 * use, 4 port in use, 5 database schema newer than this server (O16). Every failure is one line on stderr, prefixed as below.
 */

const PREFIX = 'quire sync server:';
const USAGE =
  'usage: npm run server [-- invite [--email name@example.com] [--hours 168] | admin create --email E | users … | devices revoke ID | quota … | invites list | audit list|export]; --help lists them';
/** Refusals that are the caller's input, not the server's state: exit 2 like bad arguments. */
const INPUT_REASONS = new Set(['INVALID_REQUEST', 'WEAK_PASSWORD']);

class CliExit extends Error {
  constructor(
    readonly code: number,
    readonly lines: string[],
  ) {
    super(lines.join('\n'));
  }
}

function fail(code: number, ...lines: string[]): never {
  throw new CliExit(code, lines);
}

function describeDatabase(config: SyncServerConfig): string {
  return config.databaseUrl ? 'postgres' : `embedded at ${config.dataDir}`;
}

async function serve(config: SyncServerConfig): Promise<void> {
  const logger = createServerLogger(config.logLevel, undefined, config.logFormat);
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

async function invite(config: SyncServerConfig, options: { email?: string; hours?: string }): Promise<void> {
  const parsed = createInviteInput.safeParse({
    email: options.email,
    expiresInHours: options.hours === undefined ? undefined : Number(options.hours),
  });
  if (!parsed.success) {
    fail(
      2,
      ...parsed.error.issues.map(
        (issue) => `${issue.path[0] === 'expiresInHours' ? '--hours' : '--email'}: ${issue.message}`,
      ),
    );
  }
  const created = await withAdminSession(config, ({ admin }) => admin.createInvite(OPERATOR, parsed.data));
  // The code alone on stdout, so `$(npm run -s server -- invite)` captures just it.
  console.log(created.code);
  const bound = created.email ? `, only for ${created.email}` : '';
  console.error(`Single-use invite; expires ${new Date(created.expiresAt).toISOString()}${bound}.`);
  if (config.registration !== 'invite') {
    console.error(`Note: REGISTRATION is "${config.registration}"; invites matter only when it is "invite".`);
  }
}

function buildProgram(config: SyncServerConfig): Command {
  const program = new Command('npm run server --')
    .description('The Quire sync server, and the tools to administer it.')
    .exitOverride()
    .showSuggestionAfterError(false)
    .configureOutput({
      // Commander's own refusals, one line like every other failure.
      outputError: (text, write) => write(`${PREFIX} ${text.replace(/^error: /, '').trim()}\n`),
    });
  program
    .command('serve', { isDefault: true })
    .description('serve the sync API (the default)')
    .action(() => serve(config));
  program
    .command('invite')
    .description('create a single-use invite code as the operator')
    .option('--email <email>', 'only this address may use it')
    .option('--hours <n>', 'hours until it expires (default 168)')
    .action((options: { email?: string; hours?: string }) => invite(config, options));
  registerAdminCommands(program, () => config);
  return program;
}

function exitWith(error: unknown, failed: string): never {
  if (error instanceof CliExit) {
    for (const line of error.lines) console.error(`${PREFIX} ${line}`);
    process.exit(error.code);
  }
  if (error instanceof CommanderError) {
    // Help and version are answers, not failures; the message was already written.
    process.exit(error.code.startsWith('commander.help') || error.code === 'commander.version' ? 0 : 2);
  }
  const report = (code: number, line: string): never => exitWith(new CliExit(code, [line]), failed);
  if (error instanceof CliUsageError) report(2, error.message);
  if (error instanceof ZodError) report(2, error.issues[0]?.message ?? 'invalid input');
  if (error instanceof SyncServerError) report(INPUT_REASONS.has(error.reason) ? 2 : 1, error.message);
  if (error instanceof DataDirLockedError) report(3, error.message);
  if (error instanceof SchemaTooNewError) report(5, error.message);
  const code = (error as NodeJS.ErrnoException).code;
  // A connection error to several addresses is an AggregateError with an empty message.
  const words = (error instanceof Error && error.message) || String(code ?? error);
  if (code === 'EADDRINUSE') report(4, 'that address is already in use; pick another with HOST/PORT.');
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '28P01' || code === '3D000') {
    // The database's own words, never the URL (it may carry a password).
    report(1, `could not open the database: ${words}`);
  }
  // One line for the operator; the stack only when they asked for detail.
  if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') console.error(error);
  return report(1, `${failed}: ${words}`);
}

/** Runs the CLI for `args` (process.argv without node and the script); exits on failure. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    const parsedConfig = parseConfig(env);
    if (!parsedConfig.ok) fail(2, ...parsedConfig.problems);
    const program = buildProgram(parsedConfig.config);
    const first = args[0];
    const known = program.commands.flatMap((command) => [command.name(), ...command.aliases()]);
    if (first !== undefined && !first.startsWith('-') && !known.includes(first) && first !== 'help') {
      fail(2, `unknown command "${first}"`, USAGE);
    }
    await program.parseAsync(args, { from: 'user' });
  } catch (error) {
    exitWith(error, args[0] === undefined || args[0] === 'serve' ? 'could not start' : 'failed');
  }
}
