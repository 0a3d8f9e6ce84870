import type { Command } from 'commander';
import { parseByteSize } from '../../src-shared/format/byte-size';
import { emailSchema, userRoleSchema } from '../../src-shared/sync/account';
import { ADMIN_LIMITS, auditActionSchema, byteLimitSchema, idSchema } from '../../src-shared/sync/admin';
import { OPERATOR, type AdminService } from '../admin/admin-service';
import { auditCsvRow, auditEntriesForExport, AUDIT_CSV_HEADER, csvRow } from '../admin/audit-queries';
import type { SyncServerConfig } from '../config';
import { CliUsageError } from './cli-errors';
import { withAdminSession } from './admin-session';
import { auditTable, devicesTable, invitesTable, limit, userDetails, usersTable } from './output';
import { readNewPassword } from './read-password';

/**
 * The admin CLI (`npm run server -- users list`, …): the same admin-service functions as the
 * console, acting as the operator (audited with no actor, `via: cli`). Users are named by email.
 * Output: aligned tables, or `--json`. Errors: one line on stderr (run.ts), exit 2 for bad
 * arguments and 1 for a refusal.
 *
 * Quota sizes: "5GB", "500MB", "1024". `none` clears a user's own limit (they follow the
 * default); `unlimited` gives them no limit (stored as the largest size, 1 PB). For the default,
 * `none` and `unlimited` both mean no limit.
 */

const PERSONAL_UNLIMITED = byteLimitSchema.unwrap().maxValue ?? 1e15;

function email(text: string): string {
  const parsed = emailSchema.safeParse(text);
  if (!parsed.success) throw new CliUsageError(`"${text}" is not an email address`);
  return parsed.data;
}

/** A size, or what `none`/`unlimited` mean where it is used. */
function size(
  text: string,
  words: { none: number | null; unlimited: number | null },
  what: string,
): number | null {
  const word = text.trim().toLowerCase();
  if (word === 'none') return words.none;
  if (word === 'unlimited') return words.unlimited;
  const bytes = parseByteSize(text);
  if (bytes === null)
    throw new CliUsageError(`${what}: "${text}" is not a size like 5GB, 500MB, none or unlimited`);
  return bytes;
}

function count(text: string, max: number, what: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw new CliUsageError(`${what}: must be a whole number from 1 to ${max}`);
  return value;
}

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const printJson = (value: unknown): void => print(JSON.stringify(value, null, 2));

export function registerAdminCommands(program: Command, config: () => SyncServerConfig): void {
  const act = <T>(run: (admin: AdminService) => Promise<T>): Promise<T> =>
    withAdminSession(config(), ({ admin }) => run(admin));

  program
    .command('admin')
    .description('bootstrap administrators')
    .command('create')
    .description('create an admin account (the password from a prompt or the first line of stdin)')
    .requiredOption('--email <email>', 'the admin’s email')
    .action(async (options: { email: string }) => {
      const address = email(options.email);
      const password = await readNewPassword();
      const user = await act((admin) => admin.createUser(OPERATOR, address, password, 'admin'));
      print(`Created admin ${user.email}.`);
    });

  const users = program.command('users').description('list and govern user accounts');
  users
    .command('list')
    .description('every user, with notes, storage, quota, devices and last activity')
    .option('--query <text>', 'only emails containing this')
    .option('--json', 'machine-readable JSON')
    .action(async (options: { query?: string; json?: boolean }) => {
      const query = options.query ?? '';
      if (query.length > ADMIN_LIMITS.searchMaxLength) throw new CliUsageError('--query: too long');
      // Every page, bounded by the number of users the server has.
      const page = await act(async (admin) => {
        const first = await admin.listUsers(query, 0, ADMIN_LIMITS.pageMax);
        const all = [...first.users];
        while (all.length < first.total) {
          const next = await admin.listUsers(query, all.length, ADMIN_LIMITS.pageMax);
          if (next.users.length === 0) break;
          all.push(...next.users);
        }
        return { users: all, total: first.total };
      });
      if (options.json) printJson(page);
      else print(page.users.length ? usersTable(page.users) : 'No users.');
    });
  users
    .command('show <email>')
    .description('one user in detail')
    .option('--json', 'machine-readable JSON')
    .action(async (who: string, options: { json?: boolean }) => {
      const user = await act(async (admin) => admin.getUser(await admin.userIdByEmail(email(who))));
      if (options.json) printJson(user);
      else print(userDetails(user));
    });
  users
    .command('create')
    .description('create an account (the password from a prompt or the first line of stdin)')
    .requiredOption('--email <email>', 'their email')
    .option('--role <role>', 'admin or member', 'member')
    .action(async (options: { email: string; role: string }) => {
      const address = email(options.email);
      const role = userRoleSchema.safeParse(options.role);
      if (!role.success) throw new CliUsageError('--role: must be admin or member');
      const password = await readNewPassword();
      const user = await act((admin) => admin.createUser(OPERATOR, address, password, role.data));
      print(`Created ${user.role} ${user.email}.`);
    });
  const onUser = (
    name: string,
    description: string,
    run: (admin: AdminService, userId: string) => Promise<string>,
  ) =>
    users
      .command(`${name} <email>`)
      .description(description)
      .action(async (who: string) => {
        const address = email(who);
        print(await act(async (admin) => run(admin, await admin.userIdByEmail(address))));
      });
  onUser('disable', 'stop them signing in and end their live sync now', async (admin, id) => {
    const user = await admin.setDisabled(OPERATOR, id, true);
    return `Disabled ${user.email}.`;
  });
  onUser('enable', 'let them sign in again', async (admin, id) => {
    const user = await admin.setDisabled(OPERATOR, id, false);
    return `Enabled ${user.email}.`;
  });
  users
    .command('role <email> <role>')
    .description('make them admin or member')
    .action(async (who: string, roleText: string) => {
      const address = email(who);
      const role = userRoleSchema.safeParse(roleText);
      if (!role.success) throw new CliUsageError('role: must be admin or member');
      const user = await act(async (admin) =>
        admin.setRole(OPERATOR, await admin.userIdByEmail(address), role.data),
      );
      print(`${user.email} is now ${user.role}.`);
    });
  users
    .command('reset-password <email>')
    .description('set a new password and end all their sessions (the password as for create)')
    .action(async (who: string) => {
      const address = email(who);
      const password = await readNewPassword();
      const user = await act(async (admin) =>
        admin.resetPassword(OPERATOR, await admin.userIdByEmail(address), password),
      );
      print(`Set a new password for ${user.email}; every device of theirs must sign in again.`);
    });
  onUser(
    'delete',
    'schedule the purge of the account and all its data (cancellable until then)',
    async (admin, id) => {
      const { purgeAt } = await admin.scheduleDeletion(OPERATOR, id);
      return `Scheduled for deletion at ${new Date(purgeAt).toISOString()}; "users undelete" cancels it until then.`;
    },
  );
  onUser('undelete', 'cancel a scheduled deletion and enable the account again', async (admin, id) => {
    const user = await admin.cancelDeletion(OPERATOR, id);
    return `Cancelled the deletion of ${user.email}.`;
  });
  users
    .command('devices <email>')
    .description('their devices: platform, version, last seen, last IP')
    .option('--json', 'machine-readable JSON')
    .action(async (who: string, options: { json?: boolean }) => {
      const address = email(who);
      const devices = await act(async (admin) => admin.listDevices(await admin.userIdByEmail(address)));
      if (options.json) printJson(devices);
      else print(devices.length ? devicesTable(devices) : 'No devices.');
    });

  program
    .command('devices')
    .description('device sessions')
    .command('revoke <deviceId>')
    .description('end a device’s session and its live sync now')
    .action(async (deviceId: string) => {
      const id = idSchema.safeParse(deviceId);
      if (!id.success) throw new CliUsageError(`"${deviceId}" is not a device id`);
      await act((admin) => admin.revokeDevice(OPERATOR, id.data));
      print(`Revoked device ${id.data}.`);
    });

  const quota = program.command('quota').description('storage quotas');
  quota
    .command('show <email>')
    .description('their usage against the limits that apply')
    .option('--json', 'machine-readable JSON')
    .action(async (who: string, options: { json?: boolean }) => {
      const address = email(who);
      const { user, defaults } = await act(async (admin) => ({
        user: await admin.getUser(await admin.userIdByEmail(address)),
        defaults: await admin.quotaDefaults(),
      }));
      const shown = {
        email: user.email,
        bytesUsed: user.bytesUsed,
        quotaBytes: user.quotaBytes,
        quotaIsCustom: user.quotaIsCustom,
        maxFileBytes: user.maxFileBytes,
        maxFileIsCustom: user.maxFileIsCustom,
        defaults,
      };
      if (options.json) return printJson(shown);
      const source = (custom: boolean): string => (custom ? 'own' : 'default');
      print(
        `${user.email}: ${limit(user.bytesUsed)} used of ${limit(user.quotaBytes)} (${source(user.quotaIsCustom)}); ` +
          `max file ${limit(user.maxFileBytes)} (${source(user.maxFileIsCustom)})`,
      );
    });
  quota
    .command('set <email> <size>')
    .description('their own quota: a size, none (follow the default) or unlimited')
    .option('--max-file <size>', 'their own largest file: a size, none or unlimited')
    .action(async (who: string, sizeText: string, options: { maxFile?: string }) => {
      const address = email(who);
      const words = { none: null, unlimited: PERSONAL_UNLIMITED };
      const quotaBytes = size(sizeText, words, 'size');
      const maxFile = options.maxFile === undefined ? undefined : size(options.maxFile, words, '--max-file');
      const user = await act(async (admin) => {
        const userId = await admin.userIdByEmail(address);
        const current = await admin.getUser(userId);
        // Without --max-file their own max-file setting stays as it is.
        const maxFileBytes =
          maxFile !== undefined ? maxFile : current.maxFileIsCustom ? current.maxFileBytes : null;
        return admin.setUserQuota(OPERATOR, userId, { quotaBytes, maxFileBytes });
      });
      print(`${user.email}: quota ${limit(user.quotaBytes)}, max file ${limit(user.maxFileBytes)}.`);
    });
  quota
    .command('default <size>')
    .description('the quota of everyone without their own: a size, or none/unlimited for no limit')
    .option('--max-file <size>', 'the default largest file')
    .action(async (sizeText: string, options: { maxFile?: string }) => {
      const words = { none: null, unlimited: null };
      const quotaBytes = size(sizeText, words, 'size');
      const maxFile = options.maxFile === undefined ? undefined : size(options.maxFile, words, '--max-file');
      const defaults = await act(async (admin) => {
        const current = await admin.quotaDefaults();
        return admin.setQuotaDefaults(OPERATOR, {
          quotaBytes,
          maxFileBytes: maxFile !== undefined ? maxFile : current.maxFileBytes,
        });
      });
      print(`Default quota ${limit(defaults.quotaBytes)}, max file ${limit(defaults.maxFileBytes)}.`);
    });

  program
    .command('invites')
    .description('invitations')
    .command('list')
    .description('recent invites (their codes are not stored), newest first')
    .option('--json', 'machine-readable JSON')
    .action(async (options: { json?: boolean }) => {
      const invites = await act((admin) => admin.listInvites());
      if (options.json) printJson(invites);
      else print(invites.length ? invitesTable(invites) : 'No invites.');
    });

  const audit = program.command('audit').description('the audit log');
  const auditFilter = (options: { query?: string; action?: string }) => {
    const query = options.query ?? '';
    if (query.length > ADMIN_LIMITS.searchMaxLength) throw new CliUsageError('--query: too long');
    if (options.action === undefined) return { query, action: undefined };
    const action = auditActionSchema.safeParse(options.action);
    if (!action.success) throw new CliUsageError(`--action: one of ${auditActionSchema.options.join(', ')}`);
    return { query, action: action.data };
  };
  audit
    .command('list')
    .description('entries, newest first')
    .option('--query <text>', 'entries whose emails, IP or action contain this')
    .option('--action <action>', 'only this action')
    .option('--limit <n>', `at most this many, newest first (up to ${ADMIN_LIMITS.pageMax})`, '50')
    .option('--json', 'machine-readable JSON')
    .action(async (options: { query?: string; action?: string; limit: string; json?: boolean }) => {
      const filter = auditFilter(options);
      const max = count(options.limit, ADMIN_LIMITS.pageMax, '--limit');
      const page = await act((admin) => admin.listAudit({ ...filter, offset: 0, limit: max }));
      if (options.json) printJson(page);
      else print(page.entries.length ? auditTable(page.entries) : 'No entries.');
    });
  audit
    .command('export')
    .description(`the audit log as CSV on stdout (newest first, at most ${ADMIN_LIMITS.auditExportMax})`)
    .option('--query <text>', 'entries whose emails, IP or action contain this')
    .option('--action <action>', 'only this action')
    .action(async (options: { query?: string; action?: string }) => {
      const filter = auditFilter(options);
      await withAdminSession(config(), async ({ sql }) => {
        process.stdout.write(csvRow(AUDIT_CSV_HEADER));
        for await (const entry of auditEntriesForExport(sql, filter)) {
          if (!process.stdout.write(auditCsvRow(entry)))
            await new Promise((resolve) => process.stdout.once('drain', resolve));
        }
      });
    });
}
