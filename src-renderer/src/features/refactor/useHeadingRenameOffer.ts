import { useEffect } from 'react';
import { useServices } from '../../api/useServices';
import { toasts } from '../../ui';
import { HeadingTracker } from './heading-changes';
import { useRefactor } from './useRefactor';

/** The open note as the offer follows it (the editor's note session has this shape). */
export interface HeadingSource {
  readonly id: string;
  readonly version: { readonly body: string; readonly writtenBy: 'local' | 'sync' };
  subscribe(listener: (event: { kind: string }) => void): () => void;
}

/** Long enough to read the question and reach for the button. */
const OFFER_MS = 12_000;

/**
 * When a saved edit of the open note renames a heading that other notes (or the note itself)
 * link to, offers to update those links: "Update 3 links to “Goals”?" · Update. The heading
 * line itself is the user's own edit; only the links are rewritten, as one undoable operation.
 */
export function useHeadingRenameOffer(source: HeadingSource | undefined): void {
  const { api } = useServices();
  const actions = useRefactor();
  useEffect(() => {
    if (!source) return;
    const tracker = new HeadingTracker();
    tracker.next(source.version.body);
    let lastBody = source.version.body;
    let ask = 0;
    let offer: number | null = null;
    const unsubscribe = source.subscribe((event) => {
      if (event.kind !== 'version' || source.version.body === lastBody) return;
      lastBody = source.version.body;
      const rename = tracker.next(lastBody);
      // Another device's heading edit is theirs to follow up; only this device's saves are offered.
      if (!rename || source.version.writtenBy !== 'local') return;
      const asked = ++ask;
      api.refactor.headingLinkCount
        .query({ id: source.id, heading: rename.from })
        .then(({ links }) => {
          if (asked !== ask || links === 0) return;
          if (offer !== null) toasts.dismiss(offer);
          offer = toasts.show({
            message: `Update ${links === 1 ? '1 link' : `${links.toLocaleString('en-US')} links`} to “${rename.from}”?`,
            durationMs: OFFER_MS,
            action: {
              label: 'Update',
              run: () => {
                tracker.settle(rename.from);
                void actions.renameHeading(source.id, rename.from, rename.to);
              },
            },
          });
        })
        // The offer is a convenience: without an answer the links simply stay as written.
        .catch(() => undefined);
    });
    return () => {
      unsubscribe();
      ask += 1;
    };
  }, [source, api, actions]);
}
