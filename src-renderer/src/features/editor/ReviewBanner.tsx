import { EditorView } from '@codemirror/view';
import { useEffect, useRef, useState } from 'react';
import { hasConflictMarkers, parseConflictBlocks } from '../../../../src-shared/sync/conflict-blocks';
import { describeFailure } from '../../api/failures';
import { useServices } from '../../api/useServices';
import { Button, Icon, toasts } from '../../ui';

interface ReviewBannerProps {
  noteId: string;
  /** The text on screen still has `<<<<<<<` markers. */
  hasMarkers: boolean;
  /**
   * The text on screen, to count the conflict blocks left. Without it the banner reads the
   * editor beside it (in the same `.editor-pane`) when asked to mark the note resolved.
   */
  text?: string | undefined;
  onNextMarker: () => void;
  /** Saves what is being typed first, so the resolved text is what the host has. */
  beforeResolve: () => Promise<void>;
}

/**
 * The conflicts left to resolve in `text`: its complete blocks, and at least one while an
 * opening marker remains (one never closed is a conflict too, just not one with Keep buttons).
 */
function conflictsLeft(text: string): number {
  const blocks = parseConflictBlocks(text).length;
  return blocks > 0 ? blocks : hasConflictMarkers(text) ? 1 : 0;
}

/** The text of the editor in the same pane as `element`, or null if there is none. */
function textBeside(element: HTMLElement | null): string | null {
  const dom = element?.closest('.editor-pane')?.querySelector<HTMLElement>('.cm-editor');
  const view = dom ? EditorView.findFromDOM(dom) : null;
  return view ? view.state.doc.toString() : null;
}

function refusalMessage(left: number): string {
  return `Resolve every conflict block first — ${left} ${left === 1 ? 'remains' : 'remain'}`;
}

/**
 * Over a note a sync merge flagged (`needsReview`): where both devices changed the same lines,
 * both versions were kept between markers. "Mark as resolved" clears the flag once no conflict
 * block is left; while one is, it says so instead (the host refuses too).
 */
export function ReviewBanner({ noteId, hasMarkers, text, onNextMarker, beforeResolve }: ReviewBannerProps) {
  const { api } = useServices();
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  /** How many conflicts were left when Mark as resolved was refused; null when not refused. */
  const [refused, setRefused] = useState<number | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);

  // While refused, the count follows the text (each Keep click takes one off); at none it goes.
  // After every render: without `text` the count is read from the editor, which changes with no
  // prop changing (the pane renders the banner again on each edit). Settles: set only on a change.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (refused === null) return;
    const onScreen = text ?? textBeside(bannerRef.current);
    const left = onScreen === null ? (hasMarkers ? refused : 0) : conflictsLeft(onScreen);
    if (left !== refused) setRefused(left > 0 ? left : null);
  });

  const resolve = async (): Promise<void> => {
    if (state !== 'idle') return;
    const onScreen = text ?? textBeside(bannerRef.current);
    const left = onScreen === null ? (hasMarkers ? 1 : 0) : conflictsLeft(onScreen);
    if (left > 0) {
      setRefused(left);
      return;
    }
    setRefused(null);
    setState('busy');
    try {
      await beforeResolve();
      await api.notes.markReviewed.mutate({ id: noteId });
      // Hidden now; the note's refresh (needsReview: false) then removes the banner for good.
      setState('done');
      toasts.show({ message: 'Marked as resolved' });
    } catch (error) {
      setState('idle');
      toasts.show({
        tone: 'error',
        message: `Couldn’t mark the note as resolved. ${describeFailure(error)}`,
      });
    }
  };

  if (state === 'done') return null;
  return (
    <div ref={bannerRef} className="review-banner" role="note" data-testid="review-banner">
      <Icon name="merge" size={14} />
      <span className="review-banner-text">
        Sync kept two versions of some lines — choose with the Keep buttons above each conflict, or edit
        between the <code>{'<<<<<<<'}</code> markers, then Mark as resolved
      </span>
      <span className="review-banner-actions">
        {hasMarkers && (
          <Button icon="arrowDown" onClick={onNextMarker}>
            Next marker
          </Button>
        )}
        <Button variant="primary" icon="check" busy={state === 'busy'} onClick={() => void resolve()}>
          {state === 'busy' ? 'Marking…' : 'Mark as resolved'}
        </Button>
      </span>
      {refused !== null && (
        <p className="review-banner-refusal" role="alert">
          <Icon name="alert" size={14} />
          {refusalMessage(refused)}
        </p>
      )}
    </div>
  );
}
