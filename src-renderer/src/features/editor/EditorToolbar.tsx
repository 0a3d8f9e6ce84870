import type { Note } from '../../api/quire-api';
import { shortcutLabel } from '../../lib/keyboard';
import { formatFullTime, formatRelativeTime } from '../../lib/relative-time';
import { useNow } from '../../lib/useNow';
import { IconButton } from '../../ui';
import type { AutosaveSnapshot } from './autosave';
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
      <IconButton
        label="Toggle preview"
        icon="columns"
        aria-pressed={previewOpen}
        title={`Toggle preview (${shortcutLabel('Mod+E')})`}
        onClick={onTogglePreview}
      />
      {!trashed && (
        <IconButton
          label="Version history"
          icon="history"
          aria-haspopup="dialog"
          title="Version history"
          onClick={onShowHistory}
        />
      )}
      {!trashed && <IconButton label="Move to trash" icon="trash" title="Move to trash" onClick={onTrash} />}
    </div>
  );
}
