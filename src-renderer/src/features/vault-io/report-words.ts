import type { ReportEntry, ReportKind } from '../../../../src-shared/api/vault-api';

/** Words for each kind of report entry. Exhaustive: a new kind does not compile until it has words. */
export function reportKindWords(kind: ReportKind): string {
  switch (kind) {
    case 'HIDDEN_SKIPPED':
      return 'Hidden folder, skipped';
    case 'NOT_UTF8':
      return 'Not UTF-8 text: kept as an attachment, byte for byte';
    case 'HAS_NUL':
      return 'Holds a NUL character: kept as an attachment';
    case 'TOO_LONG':
      return 'Too long for a note: kept as an attachment';
    case 'NAME_COLLISION':
      return 'Name collides with another on some disks: kept as an attachment';
    case 'PATH_TOO_LONG':
      return 'Path too long for the vault: skipped';
    case 'FILE_TOO_LARGE':
      return 'Larger than the attachment limit: skipped';
    case 'NAME_NOT_UTF8':
      return 'Name is not UTF-8: skipped';
    case 'NOT_A_FILE':
      return 'A link, device or socket: not followed';
    case 'EXISTING_SKIPPED':
      return 'Already in the vault: left as it was';
    case 'EXISTING_UPDATED':
      return 'Already in the vault: replaced';
    case 'EXISTING_KEPT_BOTH':
      return 'Already in the vault: imported beside it';
    case 'ILLEGAL_ON_WINDOWS':
      return 'Name Windows cannot hold: kept, but exporting to Windows would fail';
    case 'UNREADABLE':
      return 'Could not be read';
  }
}

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The report as CSV, one entry a row, for "Save report…". */
export function reportCsv(entries: readonly ReportEntry[]): string {
  const rows = [['path', 'kind', 'what happened', 'kept as']];
  for (const entry of entries) {
    rows.push([entry.path, entry.kind, reportKindWords(entry.kind), entry.keptAs ?? '']);
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** "1.2 MB": sizes for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** "about 2 min left"; null when the host cannot tell yet. */
export function formatEta(etaMs: number | null): string | null {
  if (etaMs === null) return null;
  const seconds = Math.ceil(etaMs / 1000);
  if (seconds < 60) return `about ${seconds} s left`;
  return `about ${Math.ceil(seconds / 60)} min left`;
}
