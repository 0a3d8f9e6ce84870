import { useState } from 'react';
import { describeError } from '../api/errors';
import { useServices } from '../hooks/useServices';
import { toasts } from '../state/toast-store';
import { Icon } from './Icon';

interface ReviewBannerProps {
  noteId: string;
  /** The text on screen still has `<<<<<<<` markers. */
  hasMarkers: boolean;
  onNextMarker: () => void;
  /** Saves what is being typed first, so the resolved text is what the host has. */
  beforeResolve: () => Promise<void>;
}

/**
 * Over a note a sync merge flagged (`needsReview`): where both devices changed the same lines,
 * both versions were kept between markers. "Mark as resolved" clears the flag once edited.
 */
export function ReviewBanner({ noteId, hasMarkers, onNextMarker, beforeResolve }: ReviewBannerProps) {
  const { api } = useServices();
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');

  const resolve = async (): Promise<void> => {
    if (state !== 'idle') return;
    setState('busy');
    try {
      await beforeResolve();
      await api.notes.markReviewed.mutate({ id: noteId });
      // Hidden now; the note's refresh (needsReview: false) then removes the banner for good.
      setState('done');
      toasts.show({ message: 'Marked as resolved' });
    } catch (error) {
      setState('idle');
      toasts.show({ tone: 'error', message: `Couldn’t mark the note as resolved. ${describeError(error)}` });
    }
  };

  if (state === 'done') return null;
  return (
    <div className="review-banner" role="note" data-testid="review-banner">
      <Icon name="merge" size={14} />
      <span className="review-banner-text">
        Sync kept two versions of some lines — look for <code>{'<<<<<<<'}</code> markers, edit, then Mark as
        resolved
      </span>
      <span className="review-banner-actions">
        {hasMarkers && (
          <button type="button" className="button" onClick={onNextMarker}>
            <Icon name="arrowDown" size={14} />
            Next marker
          </button>
        )}
        <button
          type="button"
          className="button primary"
          aria-disabled={state === 'busy' || undefined}
          onClick={() => void resolve()}
        >
          <Icon name="check" size={14} />
          {state === 'busy' ? 'Marking…' : 'Mark as resolved'}
        </button>
      </span>
    </div>
  );
}
