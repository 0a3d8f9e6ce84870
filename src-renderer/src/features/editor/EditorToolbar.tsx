import type { ReactNode } from 'react';
import type { Note } from '../../api/quire-api';
import type { EditorMode } from '../../../../src-shared/api/settings-api';
import { shortcutLabel } from '../../lib/keyboard';
import { formatFullTime, formatRelativeTime } from '../../lib/relative-time';
import { useNow } from '../../lib/useNow';
import { IconButton } from '../../ui';
import type { AutosaveSnapshot } from './autosave';
import { SaveStatus } from './SaveStatus';
import { BookmarkToggle } from '../bookmarks';

interface EditorToolbarProps {
  /** Controls before the note's folder and time (the back / forward arrows). */
  lead?: ReactNode;
  note: Note;
  saveState: AutosaveSnapshot;
  previewOpen: boolean;
  onTogglePreview: () => void;
  editorMode: EditorMode;
  onToggleEditorMode: () => void;
  outlineOpen: boolean;
  onToggleOutline: () => void;
  onTrash: () => void;
  onShowHistory: () => void;
}

export function EditorToolbar({
  lead,
  note,
  saveState,
  previewOpen,
  onTogglePreview,
  editorMode,
  onToggleEditorMode,
  outlineOpen,
  onToggleOutline,
  onTrash,
  onShowHistory,
}: EditorToolbarProps) {
  const now = useNow();
  const trashed = note.trashedAt > 0;
  return (
    <div className="editor-toolbar">
      {lead}
      <span className="editor-meta" title={`Last edited ${formatFullTime(note.updatedAt)}`}>
        {note.folder && <span className="folder">{note.folder} / </span>}
        Edited {formatRelativeTime(note.updatedAt, now)}
      </span>
      <span className="toolbar-spacer" />
      <SaveStatus snapshot={saveState} />
      <IconButton
        label="Source mode"
        icon="code"
        aria-pressed={editorMode === 'source'}
        title={`${editorMode === 'source' ? 'Back to Live Preview' : 'Show the Markdown source'} (${shortcutLabel('Mod+Shift+E')})`}
        onClick={onToggleEditorMode}
      />
      <IconButton
        label="Toggle preview"
        icon="columns"
        aria-pressed={previewOpen}
        title={`Toggle preview (${shortcutLabel('Mod+E')})`}
        onClick={onTogglePreview}
      />
      <IconButton
        label="Toggle outline"
        icon="outline"
        aria-pressed={outlineOpen}
        title={`Toggle outline (${shortcutLabel('Mod+Shift+H')})`}
        onClick={onToggleOutline}
      />
      {!trashed && <BookmarkToggle noteId={note.id} />}
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
