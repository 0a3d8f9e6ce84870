import type { Note } from '../api/quire-api';
import type { AutosaveSnapshot } from '../lib/autosave';
import { shortcutLabel } from '../lib/keyboard';
import { formatFullTime, formatRelativeTime } from '../lib/relative-time';
import { useNow } from '../hooks/useNow';
import { Icon } from './Icon';
import { SaveStatus } from './SaveStatus';

interface EditorToolbarProps {
  note: Note;
  saveState: AutosaveSnapshot;
  previewOpen: boolean;
  onTogglePreview: () => void;
  onTrash: () => void;
  onShowHistory: () => void;
}

export function EditorToolbar({
  note,
  saveState,
  previewOpen,
  onTogglePreview,
  onTrash,
  onShowHistory,
}: EditorToolbarProps) {
  const now = useNow();
  const trashed = note.trashedAt > 0;
  return (
    <div className="editor-toolbar">
      <span className="editor-meta" title={`Last edited ${formatFullTime(note.updatedAt)}`}>
        {note.folder && <span className="folder">{note.folder} / </span>}
        Edited {formatRelativeTime(note.updatedAt, now)}
      </span>
      <span className="toolbar-spacer" />
      <SaveStatus snapshot={saveState} />
      <button
        type="button"
        className="icon-button"
        aria-label="Toggle preview"
        aria-pressed={previewOpen}
        title={`Toggle preview (${shortcutLabel('Mod+E')})`}
        onClick={onTogglePreview}
      >
        <Icon name="columns" />
      </button>
      {!trashed && (
        <button
          type="button"
          className="icon-button"
          aria-label="Version history"
          aria-haspopup="dialog"
          title="Version history"
          onClick={onShowHistory}
        >
          <Icon name="history" />
        </button>
      )}
      {!trashed && (
        <button
          type="button"
          className="icon-button"
          aria-label="Move to trash"
          title="Move to trash"
          onClick={onTrash}
        >
          <Icon name="trash" />
        </button>
      )}
    </div>
  );
}
