import type { Command } from 'commander';
import { z } from 'zod';
import type { Subscription } from 'rxjs';
import { systemScheduler, type ScheduledTask } from '../../clock';
import type { SyncService } from '../../sync/sync-service';
import { serverUrlSchema, type SyncStatus } from '../../../src-shared/api/sync-api';
import { emailSchema } from '../../../src-shared/sync/account';
import { describeReason } from '../../../src-shared/errors/reason-words';
import type { FailureReason } from '../../../src-shared/errors/reasons';
import { CliError, output, parseInput, withHost, type GlobalOptions } from './context';
import { readPassword } from './prompt';

type Globals = (command: Command) => GlobalOptions;

/** Reasons retrying cannot fix: `quire sync` stops at once instead of waiting out its timeout. */
const NEEDS_THE_USER: ReadonlySet<FailureReason> = new Set([
  'UNAUTHENTICATED',
  'CLIENT_TOO_OLD',
  'SERVER_TOO_OLD',
  'VAULT_NOT_FOUND',
  'NOT_SIGNED_IN',
]);

/** Synced and nothing pending must hold this long: pending counts lag a write by a moment. */
const SETTLED_MS = 1_000;

function statusWords(status: SyncStatus): string {
  if (!status.account) return 'Not signed in to a sync server.';
  const lines = [
    `${status.state} · ${status.account.email} on ${status.account.serverUrl} (device ${status.account.deviceName})`,
  ];
  if (status.pendingPush > 0) lines.push(`${status.pendingPush} change(s) not yet sent`);
  if (status.lastSyncedAt !== null) lines.push(`last synced ${new Date(status.lastSyncedAt).toISOString()}`);
  if (status.error) lines.push(describeReason(status.error.reason));
  if (status.setAsideCount > 0) lines.push(`${status.setAsideCount} note(s) set aside (not synced)`);
  return lines.join('\n');
}

/** The first status that is settled (synced, nothing pending, for SETTLED_MS) or needs the user; null at the timeout. */
function waitSettled(service: SyncService, timeoutMs: number): Promise<SyncStatus | null> {
  return new Promise((resolve) => {
    let finished = false;
    let settle: ScheduledTask | null = null;
    let subscription: Subscription | null = null;
    const done = (status: SyncStatus | null): void => {
      if (finished) return;
      finished = true;
      settle?.cancel();
      deadline.cancel();
      subscription?.unsubscribe();
      resolve(status);
    };
    const deadline = systemScheduler.after(timeoutMs, () => done(null));
    subscription = service.status$.subscribe((status) => {
      settle?.cancel();
      settle = null;
      if (status.state === 'error' && status.error !== null && NEEDS_THE_USER.has(status.error.reason))
        done(status);
      else if (status.state === 'synced' && status.pendingPush === 0)
        settle = systemScheduler.after(SETTLED_MS, () => done(status));
    });
    if (finished) subscription.unsubscribe();
  });
}

export function registerSyncCommands(program: Command, globals: Globals): void {
  const sync = program
    .command('sync')
    .description('sync once: push and pull until nothing is pending, then exit')
    .option('--timeout <seconds>', 'give up after this long', '60')
    .action(async (raw: { timeout: string }, command: Command) => {
      const options = globals(command);
      const { timeout } = parseInput(z.object({ timeout: z.coerce.number().positive().max(86_400) }), raw);
      await withHost(options, async (host) => {
        const service = host.services.sync;
        if (!service.status().account) {
          throw new CliError(
            'This vault is not signed in; run `quire sync login --server URL --email E` first.',
            1,
            'NOT_SIGNED_IN',
          );
        }
        await service.syncNow();
        const result = await waitSettled(service, timeout * 1000);
        const last = result ?? service.status();
        if (result === null || last.state !== 'synced') {
          const why = last.error ? ` ${describeReason(last.error.reason)}` : '';
          throw new CliError(
            result === null ? `Sync did not finish within ${timeout} s (${last.state}).${why}` : why.trim(),
            1,
            last.error?.reason ?? 'SYNC_TIMEOUT',
          );
        }
        output(options).result(last, () => statusWords(last));
      });
    });

  const account = (name: 'signup' | 'login', description: string): void => {
    sync
      .command(name)
      .description(description)
      .requiredOption('--server <url>', 'the sync server, like https://sync.example.com')
      .requiredOption('--email <email>', 'the account email')
      .option('--invite <code>', 'an invite code (sign-up)')
      .action(async (raw: unknown, command: Command) => {
        const options = globals(command);
        const input = parseInput(
          z.object({
            server: serverUrlSchema,
            email: emailSchema,
            invite: z.string().trim().max(100).optional(),
          }),
          raw,
        );
        const password = await readPassword();
        await withHost(options, async (host) => {
          const request = { serverUrl: input.server, email: input.email, password };
          const status =
            name === 'signup'
              ? await host.services.sync.signUp({ ...request, inviteCode: input.invite })
              : await host.services.sync.signIn(request);
          output(options).result(status, () => `Signed in as ${input.email} on ${input.server}.`);
        });
      });
  };
  account('signup', 'create an account on a sync server and sign this vault in');
  account('login', 'sign this vault in to a sync server');

  sync
    .command('status')
    .description('show the sync account and state')
    .action(async (_raw: unknown, command: Command) => {
      const options = globals(command);
      await withHost(options, (host) => {
        const status = host.services.sync.status();
        output(options).result(status, () => statusWords(status));
        return Promise.resolve();
      });
    });

  sync
    .command('logout')
    .description('sign this vault out (its notes stay)')
    .action(async (_raw: unknown, command: Command) => {
      const options = globals(command);
      await withHost(options, async (host) => {
        const status = await host.services.sync.signOut();
        output(options).result(status, () => 'Signed out; the notes on this device are kept.');
      });
    });
}
