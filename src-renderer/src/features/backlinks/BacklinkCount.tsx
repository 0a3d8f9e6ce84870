import { memo, useEffect, useState } from 'react';
import { useServices } from '../../api/useServices';
import './backlinks.css';

/** After other notes change; the open note's own edits never change who links to it by name. */
const REFRESH_MS = 600;

/**
 * "N backlinks" in the editor's status line, as in Obsidian's: a button that opens the Links pane.
 * It reads one count per note and again only when other notes change.
 */
export const BacklinkCount = memo(function BacklinkCount(props: { noteId: string; onOpen: () => void }) {
  const { api, changes } = useServices();
  const { noteId } = props;
  const [count, setCount] = useState<{ noteId: string; total: number } | null>(null);

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const read = (): void => {
      api.linkIndex.backlinks.query({ id: noteId, limit: 1 }).then(
        (answer) => alive && setCount({ noteId, total: answer.total }),
        // The count is a convenience: on a failure it stays as it was (the pane shows the reason).
        () => undefined,
      );
    };
    read();
    const unsubscribe = changes.subscribe((change) => {
      if (change.kind === 'ids' && change.ids.every((id) => id === noteId)) return;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(read, REFRESH_MS);
    });
    return () => {
      alive = false;
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [api, changes, noteId]);

  if (count === null || count.noteId !== noteId) return null;
  return (
    <button
      type="button"
      className="backlink-count"
      title="Show or hide the links pane"
      onClick={props.onOpen}
    >
      {count.total === 1 ? '1 backlink' : `${count.total.toLocaleString()} backlinks`}
    </button>
  );
});
