import { useEffect } from 'react';
import { useServices } from '../../api/useServices';
import { showMergeNotice } from './merge-notice';

/**
 * An edit from elsewhere brought back a note that was deleted here (M7, E5): say so, whichever
 * note is open. Merges of the open note itself are told by its editor (`useNoteSession`).
 */
export function useRestoreNotices(): void {
  const { changes } = useServices();
  useEffect(
    () =>
      changes.subscribe((change) => {
        if (change.kind !== 'ids') return;
        for (const merge of change.merges) if (merge.restored) showMergeNotice(merge.id, merge);
      }),
    [changes],
  );
}
