import { runCli } from './cli/run';

/**
 * `npm run server`: serve. `npm run server -- invite …`, `admin create …`, `users …`,
 * `devices …`, `quota …`, `invites …`, `audit …`: the operator's commands (sync-server/cli/,
 * listed in sync-server/README.md). Exit codes: 0 done, 1 failed, 2 bad settings or arguments,
 * 3 embedded database in use, 4 port in use, 5 database schema newer than this server (O16).
 */
void runCli(process.argv.slice(2), process.env);
