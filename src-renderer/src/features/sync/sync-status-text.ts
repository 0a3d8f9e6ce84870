import { failureWords } from '../../../../src-shared/errors/failure-details';
import { reasonFix, type FailureFix } from '../../api/failures';
import type { SyncStatus } from '../../api/quire-api';
import { formatFullTime, formatRelativeTime } from '../../lib/relative-time';
import type { IconName } from '../../ui';

export type SyncTone = 'ok' | 'busy' | 'muted' | 'warning' | 'danger';

export interface SyncStatusText {
  tone: SyncTone;
  icon: IconName;
  /** Short, for the sidebar: "Synced", "Syncing 3 changes", "Offline", "Sync is off". */
  label: string;
  /** A second, quieter line, or null: "Retrying in 12 s", the reason of an error. */
  detail: string | null;
  /** The whole story, for the tooltip. */
  title: string;
  /** Read out by screen readers when it changes; never holds a ticking countdown. */
  announcement: string;
  /** The one action that helps, or null. */
  action: { fix: FailureFix; label: string } | null;
  /** The icon turns while work is in flight. */
  spinning: boolean;
}

const count = (n: number): string => n.toLocaleString();

export function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "12 s", "1 min 05 s": short enough for the sidebar. */
export function formatCountdown(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** "Syncing 1,200 of 10,000 notes". */
export function progressText(progress: { done: number; total: number }): string {
  return `Syncing ${count(Math.min(progress.done, progress.total))} of ${plural(progress.total, 'note', 'notes')}`;
}

function hostOf(serverUrl: string): string {
  try {
    return new URL(serverUrl).host;
  } catch {
    return serverUrl;
  }
}

/**
 * The sidebar's words for a sync status. `secondsToRetry` is the live countdown to `retryAt`
 * (null when there is none), `now` the clock for "last synced" times.
 */
export function describeSyncStatus(
  status: SyncStatus,
  now: number,
  secondsToRetry: number | null,
): SyncStatusText {
  const server = status.account ? hostOf(status.account.serverUrl) : 'the server';
  const lastSynced =
    status.lastSyncedAt === null
      ? 'Not synced yet.'
      : `Last synced ${formatRelativeTime(status.lastSyncedAt, now)} (${formatFullTime(status.lastSyncedAt)}).`;
  const who = status.account ? `${status.account.email} on ${server}.` : '';

  switch (status.state) {
    case 'signed-out':
      return {
        tone: 'muted',
        icon: 'cloudOff',
        label: 'Sync is off',
        detail: null,
        title: 'Your notes are only on this device. Sign in to a Quire sync server to sync them.',
        announcement: 'Sync is off.',
        action: null,
        spinning: false,
      };
    case 'connecting':
      return {
        tone: 'busy',
        icon: 'refresh',
        label: 'Connecting…',
        detail: null,
        title: `Connecting to ${server}. ${lastSynced}`,
        announcement: 'Connecting to the sync server.',
        action: null,
        spinning: true,
      };
    case 'syncing': {
      // During a catch-up the progress bar beside the label carries the counts.
      const catchingUp = status.progress !== null && status.progress.total > 0;
      let label = 'Syncing…';
      if (!catchingUp && status.pendingPush > 0)
        label = `Syncing ${plural(status.pendingPush, 'change', 'changes')}`;
      const doing = status.progress && catchingUp ? progressText(status.progress) : label;
      return {
        tone: 'busy',
        icon: 'refresh',
        label,
        detail: null,
        title: `${doing.replace(/…$/, '')} with ${server}. ${lastSynced}`,
        announcement: 'Syncing.',
        action: null,
        spinning: true,
      };
    }
    case 'synced': {
      // R10: a note the server refused is set aside; everything else synced. Say so, quietly.
      const setAside = status.setAsideCount;
      const notSynced = setAside > 0 ? `${plural(setAside, 'note', 'notes')} could not be synced` : null;
      return {
        tone: setAside > 0 ? 'warning' : 'ok',
        icon: 'cloudCheck',
        label: 'Synced',
        detail: notSynced,
        title:
          `${lastSynced} ${who}${notSynced ? ` ${notSynced}: open ${setAside === 1 ? 'it' : 'them'} to see why.` : ''}`.trim(),
        announcement: notSynced ? `Synced, but ${notSynced}.` : 'All changes synced.',
        action: null,
        spinning: false,
      };
    }
    case 'offline': {
      const detail =
        secondsToRetry === null
          ? null
          : secondsToRetry > 0
            ? `Retrying in ${formatCountdown(secondsToRetry)}`
            : 'Retrying…';
      const pending =
        status.pendingPush > 0
          ? `${plural(status.pendingPush, 'change is', 'changes are')} kept on this device and sent when it’s back.`
          : 'Edits are kept on this device and sent when it’s back.';
      return {
        tone: 'warning',
        icon: 'offline',
        label: 'Offline',
        detail,
        title: `Can’t reach ${server}. ${pending} ${lastSynced}`,
        announcement: `Sync is offline. ${pending}`,
        action: { fix: 'sync-now', label: 'Retry now' },
        spinning: false,
      };
    }
    case 'error': {
      const reason = status.error?.reason ?? 'UNKNOWN';
      // Q8: with the server's facts folded in ("Your sync storage is full: 1.0 GB of 1.0 GB.").
      const { headline, words } = failureWords(status.error ?? { reason });
      const fix = reasonFix(reason);
      return {
        tone: 'danger',
        icon: 'alert',
        label: headline,
        detail: words,
        title: `${words} ${lastSynced}`,
        announcement: `Sync stopped: ${words}`,
        action: fix ? { fix, label: fix === 'sign-in' ? 'Sign in again' : 'Try again' } : null,
        spinning: false,
      };
    }
  }
}
