import { formatByteSize } from '../../src-shared/format/byte-size';
import type { AdminDevice, AdminInvite, AdminUser, AuditEntry } from '../../src-shared/sync/admin';

/**
 * What the admin CLI prints. Humans get aligned tables; `--json` gets the service's own objects
 * (the admin API's contracts), so a script reads the same shapes the console does.
 */

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export const when = (ms: number | null): string =>
  ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export const limit = (bytes: number | null): string => (bytes === null ? 'unlimited' : formatByteSize(bytes));

export function userStatus(user: AdminUser): string {
  if (user.purgeAt !== null) return `deleting ${when(user.purgeAt)}`;
  return user.disabled ? 'disabled' : 'active';
}

export function usersTable(users: readonly AdminUser[]): string {
  return table(
    ['EMAIL', 'ROLE', 'STATUS', 'NOTES', 'USED', 'QUOTA', 'DEVICES', 'LAST ACTIVE'],
    users.map((user) => [
      user.email,
      user.role,
      userStatus(user),
      String(user.noteCount),
      formatByteSize(user.bytesUsed),
      limit(user.quotaBytes),
      String(user.deviceCount),
      when(user.lastActiveAt),
    ]),
  );
}

export function userDetails(user: AdminUser): string {
  const source = (custom: boolean): string => (custom ? 'own' : 'default');
  return table(
    ['FIELD', 'VALUE'],
    [
      ['email', user.email],
      ['id', user.userId],
      ['role', user.role],
      ['status', userStatus(user)],
      ['created', when(user.createdAt)],
      ['last active', when(user.lastActiveAt)],
      ['notes', String(user.noteCount)],
      ['used', formatByteSize(user.bytesUsed)],
      ['quota', `${limit(user.quotaBytes)} (${source(user.quotaIsCustom)})`],
      ['max file', `${limit(user.maxFileBytes)} (${source(user.maxFileIsCustom)})`],
      ['devices', String(user.deviceCount)],
    ],
  );
}

export function devicesTable(devices: readonly AdminDevice[]): string {
  return table(
    ['ID', 'NAME', 'PLATFORM', 'VERSION', 'CREATED', 'LAST SEEN', 'LAST IP', 'STATUS'],
    devices.map((device) => [
      device.deviceId,
      device.name,
      device.platform ?? '-',
      device.appVersion ?? '-',
      when(device.createdAt),
      when(device.lastSeenAt),
      device.lastIp ?? '-',
      device.revokedAt === null ? 'active' : `revoked ${when(device.revokedAt)}`,
    ]),
  );
}

export function invitesTable(invites: readonly AdminInvite[]): string {
  return table(
    ['ID', 'FOR', 'CREATED', 'EXPIRES', 'USED BY'],
    invites.map((invite) => [
      invite.inviteId,
      invite.email ?? 'anyone',
      when(invite.createdAt),
      when(invite.expiresAt),
      invite.usedAt === null ? '-' : `${invite.usedByEmail ?? '(deleted user)'} ${when(invite.usedAt)}`,
    ]),
  );
}

export function auditTable(entries: readonly AuditEntry[]): string {
  return table(
    ['AT', 'ACTION', 'ACTOR', 'TARGET', 'IP', 'DETAILS'],
    entries.map((entry) => [
      when(entry.at),
      entry.action,
      entry.actorEmail ?? '-',
      entry.targetEmail ?? '-',
      entry.ip ?? '-',
      Object.entries(entry.details)
        .map(([key, value]) => `${key}=${String(value)}`)
        .join(' '),
    ]),
  );
}
