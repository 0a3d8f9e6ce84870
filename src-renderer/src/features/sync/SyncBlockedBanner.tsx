import { setAsideWords } from '../../../../src-shared/errors/reason-words';
import { Icon } from '../../ui';
import { useSetAsideReason } from './useSetAsideReason';

interface SyncBlockedBannerProps {
  noteId: string;
}

/**
 * Over a note sync set aside (docs/sync-protocol.md R10, R16): the server could not accept its
 * current version, so it waits here while the other notes sync. Editing it sends it again.
 * Renders nothing for a note that syncs normally.
 */
export function SyncBlockedBanner({ noteId }: SyncBlockedBannerProps) {
  const reason = useSetAsideReason(noteId);
  if (!reason) return null;
  return (
    <div className="review-banner" role="note" data-testid="sync-blocked-banner" data-reason={reason}>
      <Icon name="cloudOff" size={14} />
      <span className="review-banner-text">This note could not be synced: {setAsideWords(reason)}</span>
    </div>
  );
}
