const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const weekday = new Intl.DateTimeFormat(undefined, { weekday: 'short' });
const sameYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });
const otherYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const full = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });

function startOfDay(time: number): number {
  const d = new Date(time);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Short, list-friendly: "just now", "5m ago", "3h ago", "Yesterday", "Tue", "Mar 4", "Mar 4, 2023". */
export function formatRelativeTime(time: number, now: number): string {
  const elapsed = now - time;
  if (elapsed < MINUTE) return 'just now';
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m ago`;
  const today = startOfDay(now);
  if (time >= today) return `${Math.floor(elapsed / HOUR)}h ago`;
  if (time >= today - DAY) return 'Yesterday';
  if (time >= today - 6 * DAY) return weekday.format(time);
  return new Date(time).getFullYear() === new Date(now).getFullYear()
    ? sameYear.format(time)
    : otherYear.format(time);
}

/** For tooltips and screen readers. */
export function formatFullTime(time: number): string {
  return full.format(time);
}

const clock = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

/** To the minute, for lists of versions: "Today, 3:04 PM", "Yesterday, 9:12 AM", "Mar 4, 3:04 PM". */
export function formatTimestamp(time: number, now: number): string {
  const today = startOfDay(now);
  const day =
    time >= today
      ? 'Today'
      : time >= today - DAY
        ? 'Yesterday'
        : new Date(time).getFullYear() === new Date(now).getFullYear()
          ? sameYear.format(time)
          : otherYear.format(time);
  return `${day}, ${clock.format(time)}`;
}
