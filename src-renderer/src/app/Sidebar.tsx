import type { NoteView } from '../../../src-shared/api/notes-api';
import type { AppInfo, Preferences } from '../api/quire-api';
import { Icon, IconButton, type IconName, Kbd } from '../ui';
import { shortcutLabel } from '../lib/keyboard';
import type { NoteCounts } from '../features/notes-list';
import { SettingsMenu } from '../features/settings';
import { SyncStatusIndicator } from '../features/sync';
import { TemplateMenu } from '../features/templates';
import { HelpPopover } from './HelpPopover';
import type { ConfirmRequest } from '../ui';
import { FolderTree } from '../features/folders';
import { TagPane } from '../features/tags';
import { BookmarksSection } from '../features/bookmarks';

interface SidebarProps {
  view: NoteView;
  counts: NoteCounts;
  onViewChange: (view: NoteView) => void;
  onNewNote: () => void;
  onNewFromTemplate: (templateId: string) => void;
  /** Today's daily note, made if it does not exist yet. */
  onOpenToday: () => void;
  preferences: Preferences;
  onPreferencesChange: (patch: Partial<Preferences>) => void;
  appInfo: AppInfo | null;
  helpOpen: boolean;
  onHelpOpenChange: (open: boolean) => void;
  /** Sync settings, or the sign-in dialog while sync is off. */
  onOpenSync: () => void;
  onSignIn: () => void;
  onImportFolder: () => void;
  onExportVault: () => void;
  onOpenAttachments: () => void;
  /** The graph view is showing (it covers the editor). */
  graphOpen: boolean;
  onOpenGraph: () => void;
  /** The note list's folder filter (null: every folder) and the tree's choice of one. */
  folderFilter: string | null;
  onFolderFilter: (folder: string | null) => void;
  /** The note list's tag filter ('' = none) and the tag pane's choice of one. */
  tagFilter: string;
  onTagFilter: (tag: string) => void;
  /** The note open in the editor (bookmarks, "Reveal in tree"). */
  openNoteId: string | null;
  onNewNoteIn: (folder: string) => void;
  onOpenNote: (id: string) => void;
  /** A bookmarked search was chosen: put it in the search box. */
  onRunSearch: (query: string) => void;
  /** The search box's text, which the bookmarks offer to pin. */
  currentQuery: string;
  confirm: (request: ConfirmRequest) => void;
}

const VIEWS: { view: NoteView; label: string; icon: IconName }[] = [
  { view: 'notes', label: 'Notes', icon: 'notes' },
  { view: 'trash', label: 'Trash', icon: 'trash' },
];

const HINTS = [
  { label: 'New note', combo: 'Mod+N' },
  { label: 'Open note', combo: 'Mod+O' },
  { label: 'Search', combo: 'Mod+K' },
  { label: 'Commands', combo: 'Mod+Shift+P' },
  { label: 'Shortcuts', combo: '?' },
];

function formatCount(count: number | null): string {
  return count === null ? '' : count.toLocaleString();
}

export function Sidebar(props: SidebarProps) {
  const { view, counts, onViewChange, onNewNote } = props;
  return (
    <nav className="sidebar" aria-label="Sidebar">
      <div className="sidebar-header">
        <span className="brand">
          <Icon name="feather" size={16} />
          Quire
        </span>
        <div className="new-note-group">
          <IconButton
            label="New note"
            icon="plus"
            className="new-note"
            title="New note"
            onClick={onNewNote}
          />
          <TemplateMenu onCreate={props.onNewFromTemplate} />
        </div>
      </div>
      <ul className="nav-list">
        {VIEWS.map((item) => (
          <li key={item.view}>
            <button
              type="button"
              className="nav-item"
              aria-label={item.label}
              aria-current={view === item.view && !props.graphOpen ? 'page' : undefined}
              onClick={() => onViewChange(item.view)}
            >
              <Icon name={item.icon} />
              <span className="nav-label">{item.label}</span>
              <span className="nav-count" aria-hidden="true">
                {formatCount(counts[item.view])}
              </span>
            </button>
          </li>
        ))}
        <li>
          <button
            type="button"
            className="nav-item"
            aria-label="Open today’s daily note"
            title={`Open today’s daily note (${shortcutLabel('Mod+Shift+D')})`}
            onClick={props.onOpenToday}
          >
            <Icon name="calendar" />
            <span className="nav-label">Today</span>
          </button>
        </li>
        <li>
          <button
            type="button"
            className="nav-item"
            aria-label="Attachments"
            aria-haspopup="dialog"
            onClick={props.onOpenAttachments}
          >
            <Icon name="paperclip" />
            <span className="nav-label">Attachments</span>
          </button>
        </li>
        <li>
          <button
            type="button"
            className="nav-item"
            aria-label="Graph view"
            aria-current={props.graphOpen ? 'page' : undefined}
            title={`Graph view (${shortcutLabel('Mod+G')})`}
            onClick={props.onOpenGraph}
          >
            <Icon name="graph" />
            <span className="nav-label">Graph</span>
          </button>
        </li>
      </ul>
      <div className="sidebar-scroll">
        <BookmarksSection
          onOpenNote={props.onOpenNote}
          onRunSearch={props.onRunSearch}
          currentQuery={props.currentQuery}
        />
        <FolderTree
          selected={props.folderFilter}
          onSelect={props.onFolderFilter}
          openNoteId={props.openNoteId}
          onNewNoteIn={props.onNewNoteIn}
          confirm={props.confirm}
        />
        <TagPane activeTag={props.tagFilter} onFilter={props.onTagFilter} />
      </div>
      <dl className="sidebar-hint">
        {HINTS.map(({ label, combo }) => (
          <div key={combo}>
            <dt>{label}</dt>
            <dd>
              <Kbd combo={combo} />
            </dd>
          </div>
        ))}
      </dl>
      <SyncStatusIndicator onOpen={props.onOpenSync} onSignIn={props.onSignIn} />
      <div className="sidebar-footer">
        <SettingsMenu
          preferences={props.preferences}
          onChange={props.onPreferencesChange}
          appInfo={props.appInfo}
          onOpenSync={props.onOpenSync}
        />
        <IconButton
          label="Import folder…"
          icon="arrowDown"
          title="Import folder…"
          onClick={props.onImportFolder}
        />
        <IconButton label="Export vault…" icon="logOut" title="Export vault…" onClick={props.onExportVault} />
        <HelpPopover open={props.helpOpen} onOpenChange={props.onHelpOpenChange} />
      </div>
    </nav>
  );
}
