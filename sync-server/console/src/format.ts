import { formatByteSize } from '../../../src-shared/format/byte-size';

/** Times as an admin reads them: "3 min ago", "yesterday", then a date. */
export function relativeTime(at: number | null, now: number): string {
  if (at === null) return 'Never';
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 0) return inFuture(-seconds);
  if (seconds < 45) return 'Just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return 'Yesterday';
  if (days < 30) return `${days} days ago`;
  return dateOnly(at);
}

function inFuture(seconds: number): string {
  if (seconds < 60) return 'In under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `In ${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `In ${hours} h`;
  return `In ${Math.round(hours / 24)} days`;
}

export function dateOnly(at: number): string {
  return new Date(at).toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });
}

export function timeOnly(at: number): string {
  return new Date(at).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function dateTime(at: number): string {
  return new Date(at).toLocaleString('en', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/** "1.2 GB of 5.0 GB", "1.2 GB (no limit)". */
export function usageCaption(used: number, limit: number | null): string {
  return limit === null
    ? `${formatByteSize(used)} · no limit`
    : `${formatByteSize(used)} of ${formatByteSize(limit)}`;
}

export function limitText(limit: number | null): string {
  return limit === null ? 'No limit' : formatByteSize(limit);
}

/** "3 days 4 h", "5 h 12 min", "7 min". */
export function uptime(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'} ${hours % 24} h`;
  if (hours > 0) return `${hours} h ${minutes % 60} min`;
  return `${minutes} min`;
}
