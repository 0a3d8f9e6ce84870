import { useSyncExternalStore, type KeyboardEvent, type Ref } from 'react';
import type { NoteView } from '../../../../src-shared/api/notes-api';
import type { NoteSummary, SearchHit } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { Button, EmptyState, Icon, Kbd, LinkButton } from '../../ui';
import { type SearchState, SearchBox, SearchSummary, useSearchCursor } from '../search';
import { useSyncStatus, SyncProgress } from '../sync';
import { TemplatePicks } from '../templates';
import { FolderFilterChip, type FolderFilter } from '../folders';
import type { PagedList } from './paged-list';
import { arraySource, type RowSource } from './row-source';
import { NoteListbox, type ListboxHandle } from './NoteListbox';

interface NoteListPaneProps {
  view: NoteView;
  list: PagedList<NoteSummary>;
  query: string;
  onQueryChange: (query: string) => void;
  search: SearchState;
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Enter in the search box: open this hit (the highlighted one). */
  onOpenHit: (id: string) => void;
  onActivate: () => void;
  onDeleteKey: (id: string) => void;
  onNewNote: () => void;
  onNewFromTemplate: (templateId: string) => void;
  onImportFolder: () => void;
  onEmptyTrash: () => void;
  searchRef: Ref<HTMLInputElement>;
  listboxRef: Ref<ListboxHandle>;
  onSearchLeave: (selectFirst: boolean) => void;
  /** The Notes view lists only notes with this tag (nested ones too); '' = every note. */
  tagFilter?: string;
  /** A tag chip was clicked (a tag), or the filter was cleared (''). */
  onTagFilterChange?: (tag: string) => void;
  /** The Notes view lists only the notes of this folder (set from the sidebar's tree). */
  folderFilter?: FolderFilter;
}

export function NoteListPane({ searchRef, listboxRef, ...props }: NoteListPaneProps) {
  const { view, list, search, query } = props;
  // Only this pane re-renders as pages arrive; the editor is not disturbed.
  useSyncExternalStore(list.subscribe, list.getVersion);
  const searching = view === 'notes' && query.trim() !== '';
  const tagFilter = view === 'notes' ? (props.tagFilter ?? '') : '';
  const onTagFilterChange = props.onTagFilterChange;
  const clearTagFilter = (): void => onTagFilterChange?.('');
  // Esc in the list (the search box keeps its own Esc) drops the tag filter.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key !== 'Escape' || event.defaultPrevented || tagFilter === '') return;
    event.preventDefault();
    clearTagFilter();
  };
  // While searching, the row shown selected is the one Enter opens (bug: they used to differ).
  const cursor = useSearchCursor(search, props.selectedId);
  // Memoised by the React compiler on `search.hits`: the listbox keeps its source between renders.
  const hitSource = arraySource(search.hits);
  const onSearchLeave = (selectFirst: boolean): void => {
    if (selectFirst && searching && cursor !== null) {
      props.onSelect(cursor);
      props.onSearchLeave(false);
    } else props.onSearchLeave(selectFirst);
  };
  const sync = useSyncStatus();
  // The first sync of a new device: the notes are on their way, not missing.
  const incoming =
    sync?.state === 'syncing' && sync.progress && sync.progress.total > 0 ? sync.progress : null;

  let body;
  // The rows to list, and the words to highlight in them, when there are any.
  let rows: { source: RowSource<NoteSummary | SearchHit>; highlight: string } | undefined;
  if (searching) {
    if (search.error) {
      body = (
        <EmptyState icon="alert" title="Search failed">
          {search.error}
        </EmptyState>
      );
    } else if (search.indexing) {
      body = (
        <EmptyState icon="search" title="Indexing your notes">
          Search will be ready in a moment; results appear as soon as every note is indexed.
        </EmptyState>
      );
    } else if (search.hits.length === 0) {
      body = search.isSearching ? (
        <div className="list-status" role="status">
          Searching…
        </div>
      ) : (
        <EmptyState
          icon="search"
          title={
            tagFilter === ''
              ? `No notes match “${search.query}”`
              : `No notes tagged #${tagFilter} match “${search.query}”`
          }
        >
          Try fewer or different words. Search looks at titles, text and tags.
          {tagFilter !== '' && (
            <p>
              <LinkButton onClick={clearTagFilter}>Search all notes</LinkButton>
            </p>
          )}
        </EmptyState>
      );
    } else {
      rows = { source: hitSource, highlight: search.query };
    }
  } else if (!list.isLoaded) {
    body = list.lastError ? (
      <EmptyState icon="alert" title="Couldn’t load your notes">
        <p>{describeFailure(list.lastError)}</p>
        <Button onClick={() => list.retry()}>Try again</Button>
      </EmptyState>
    ) : (
      <div className="list-status" role="status" aria-busy="true">
        Loading…
      </div>
    );
  } else if (list.count === 0 && view === 'notes' && props.folderFilter?.folder != null) {
    body = (
      <EmptyState icon="notes" title="No notes in this folder">
        <Button variant="primary" onClick={props.onNewNote}>
          New note here
        </Button>
      </EmptyState>
    );
  } else if (list.count === 0 && tagFilter !== '') {
    body = (
      <EmptyState icon="search" title={`No notes tagged #${tagFilter}`}>
        <p>Notes get a tag from their properties or from a #tag in their text.</p>
        <Button onClick={clearTagFilter}>Show all notes</Button>
      </EmptyState>
    );
  } else if (list.count === 0 && view === 'notes' && incoming) {
    body = (
      <EmptyState icon="cloud" title="Your notes are on their way">
        <SyncProgress progress={incoming} />
        <p className="hint">You can start writing already; nothing waits for the sync.</p>
      </EmptyState>
    );
  } else if (list.count === 0) {
    body =
      view === 'notes' ? (
        <EmptyState icon="notes" title="No notes yet">
          <Button variant="primary" onClick={props.onNewNote}>
            Create your first note
          </Button>
          <p className="hint">
            or press <Kbd combo="Mod+N" /> anywhere
          </p>
          <TemplatePicks onCreate={props.onNewFromTemplate} />
          <Button icon="arrowDown" onClick={props.onImportFolder}>
            Import folder…
          </Button>
        </EmptyState>
      ) : (
        <EmptyState icon="inbox" title="Trash is empty">
          Notes you delete wait here until you restore them or empty the trash.
        </EmptyState>
      );
  } else {
    rows = { source: list, highlight: '' };
  }

  if (rows) {
    body = (
      <NoteListbox
        ref={listboxRef}
        source={rows.source}
        selectedId={searching ? cursor : props.selectedId}
        onSelect={props.onSelect}
        onActivate={searching && cursor !== null ? () => props.onOpenHit(cursor) : props.onActivate}
        onDeleteKey={props.onDeleteKey}
        query={rows.highlight}
        onTagClick={onTagFilterChange}
        activeTag={tagFilter}
      />
    );
  }

  return (
    <section
      className="list-pane"
      aria-label={view === 'notes' ? 'Note list' : 'Trash list'}
      onKeyDown={onKeyDown}
    >
      <header className="list-header">
        <h1 className="list-title">{view === 'notes' ? 'Notes' : 'Trash'}</h1>
        {tagFilter !== '' && (
          <TagFilterChip
            tag={tagFilter}
            count={searching ? search.total : list.isLoaded ? list.count : null}
            onClear={clearTagFilter}
          />
        )}
        {view === 'notes' && props.folderFilter && (
          <FolderFilterChip
            filter={props.folderFilter}
            count={searching ? search.hits.length : list.isLoaded ? list.count : null}
          />
        )}
        {view === 'trash' && list.count > 0 && (
          <Button variant="subtle-danger" icon="trash" onClick={props.onEmptyTrash}>
            Empty trash
          </Button>
        )}
      </header>
      {view === 'notes' && (
        <SearchBox
          ref={searchRef}
          value={query}
          onChange={props.onQueryChange}
          onSubmit={() => cursor !== null && props.onOpenHit(cursor)}
          onLeave={onSearchLeave}
          busy={search.isSearching}
        />
      )}
      {searching && <SearchSummary search={search} />}
      {list.lastError !== null && list.isLoaded && !searching && (
        <div className="inline-error" role="alert">
          Some notes couldn’t be loaded. {describeFailure(list.lastError)}{' '}
          <LinkButton onClick={() => list.retry()}>Try again</LinkButton>
        </div>
      )}
      {body}
    </section>
  );
}

/** The active tag filter in the list's header: the tag, how many notes it shows, and ×. */
function TagFilterChip({ tag, count, onClear }: { tag: string; count: number | null; onClear: () => void }) {
  return (
    <div className="tag-filter" role="status" title={`Showing the notes tagged #${tag} or a tag under it`}>
      <span className="tag-filter-name">#{tag}</span>
      {count !== null && (
        <span className="tag-filter-count" aria-label={`${count} ${count === 1 ? 'note' : 'notes'}`}>
          {count.toLocaleString()}
        </span>
      )}
      <button
        type="button"
        className="tag-filter-clear"
        aria-label={`Clear the #${tag} filter`}
        title="Show all notes (Esc)"
        onClick={onClear}
      >
        <Icon name="close" size={12} />
      </button>
    </div>
  );
}
