import { plural, progressText } from './sync-status-text';

interface SyncProgressProps {
  progress: { done: number; total: number };
  /** The sidebar's version: a thin bar and "1,200 of 10,000 notes". */
  compact?: boolean;
}

/** How far the catch-up pull (the first sync above all) has come: "Syncing 1,200 of 10,000 notes". */
export function SyncProgress({ progress, compact = false }: SyncProgressProps) {
  const total = Math.max(0, progress.total);
  const done = Math.min(Math.max(0, progress.done), total);
  const text = progressText({ done, total });
  const percent = total > 0 ? (done / total) * 100 : 0;
  return (
    <div className={compact ? 'sync-progress is-compact' : 'sync-progress'} data-testid="sync-progress">
      <div
        className="sync-progress-track"
        role="progressbar"
        aria-label="Sync progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={text}
      >
        <div className="sync-progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="sync-progress-text" aria-hidden="true">
        {compact ? `${done.toLocaleString()} of ${plural(total, 'note', 'notes')}` : text}
      </span>
    </div>
  );
}
