import { useId } from 'react';
import { useNow } from '../../lib/useNow';
import { Icon } from '../../ui';
import { useSecondsUntil } from './useSecondsUntil';
import { useSyncNow } from './useSyncNow';
import { useSyncStatus } from './useSyncStatus';
import { describeSyncStatus } from './sync-status-text';
import { SyncProgress } from './SyncProgress';

interface SyncStatusIndicatorProps {
  /** The account and devices dialog (or sign-in, when sync is off). */
  onOpen: () => void;
  /** The sign-in dialog: when sync is off, or the server signed this device out. */
  onSignIn: () => void;
}

/**
 * The sidebar's always-visible sync state: one button that opens what fits the state (sign-in
 * while sync is off, the account otherwise), the one action that helps (Retry now, Sign in
 * again), and the first sync's progress. Screen readers hear state changes through a polite live
 * region that never carries the ticking countdown.
 */
export function SyncStatusIndicator({ onOpen, onSignIn }: SyncStatusIndicatorProps) {
  const status = useSyncStatus();
  const now = useNow();
  const secondsToRetry = useSecondsUntil(status?.state === 'offline' ? status.retryAt : null);
  const syncNow = useSyncNow();
  const detailId = useId();

  if (!status) {
    // Room kept so the sidebar does not jump when the host answers.
    return <div className="sync-status is-unknown" data-testid="sync-status" data-state="unknown" />;
  }

  const text = describeSyncStatus(status, now, secondsToRetry);
  const signInFirst = status.state === 'signed-out' || text.action?.fix === 'sign-in';
  const progress =
    status.state === 'syncing' && status.progress && status.progress.total > 0 ? status.progress : null;

  return (
    <div className={`sync-status is-${text.tone}`} data-testid="sync-status" data-state={status.state}>
      <div className="sync-status-row">
        <button
          type="button"
          className="sync-status-button"
          aria-label={text.label}
          aria-describedby={text.detail ? detailId : undefined}
          aria-haspopup="dialog"
          title={text.title}
          onClick={signInFirst ? onSignIn : onOpen}
        >
          <span className={text.spinning ? 'sync-status-icon is-spinning' : 'sync-status-icon'}>
            <Icon name={text.icon} size={15} />
          </span>
          <span className="sync-status-label">{text.label}</span>
        </button>
        {text.action && (
          <button
            type="button"
            className="sync-status-action"
            onClick={text.action.fix === 'sign-in' ? onSignIn : syncNow}
          >
            {text.action.label}
          </button>
        )}
      </div>
      {text.detail && (
        <p className="sync-status-detail" id={detailId}>
          {text.detail}
        </p>
      )}
      {progress && <SyncProgress progress={progress} compact />}
      <span className="visually-hidden" role="status" aria-live="polite">
        {text.announcement}
      </span>
    </div>
  );
}
