import { useMemo, useSyncExternalStore, type Ref } from 'react';
import type { NoteView } from '../../../../src-shared/api/notes-api';
import type { NoteSummary, SearchHit } from '../../api/quire-api';
import { describeFailure } from '../../api/failures';
import { Button, EmptyState, Kbd, LinkButton } from '../../ui';
import { type SearchState, SearchBox } from '../search';
import { useSyncStatus, SyncProgress } from '../sync';
import { TemplatePicks } from '../templates';
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
  onOpenFirstHit: () => void;
  onActivate: () => void;
  onDeleteKey: (id: string) => void;
  onNewNote: () => void;
  onNewFromTemplate: (templateId: string) => void;
  onImportFolder: () => void;
  onEmptyTrash: () => void;
  searchRef: Ref<HTMLInputElement>;
  listboxRef: Ref<ListboxHandle>;
  onSearchLeave: (selectFirst: boolean) => void;
}

export function NoteListPane({ searchRef, listboxRef, ...props }: NoteListPaneProps) {
  const { view, list, search, query } = props;
  // Only this pane re-renders as pages arrive; the editor is not disturbed.
  useSyncExternalStore(list.subscribe, list.getVersion);
  const searching = view === 'notes' && query.trim() !== '';
  const hitSource = useMemo(() => arraySource(search.hits), [search.hits]);
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
    } else if (search.hits.length === 0) {
      body = search.isSearching ? (
        <div className="list-status" role="status">
          Searching…
        </div>
      ) : (
        <EmptyState icon="search" title={`No notes match “${search.query}”`}>
          Try fewer or different words. Search looks at titles, text and tags.
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
        selectedId={props.selectedId}
        onSelect={props.onSelect}
        onActivate={props.onActivate}
        onDeleteKey={props.onDeleteKey}
        query={rows.highlight}
      />
    );
  }

  return (
    <section className="list-pane" aria-label={view === 'notes' ? 'Note list' : 'Trash list'}>
      <header className="list-header">
        <h1 className="list-title">{view === 'notes' ? 'Notes' : 'Trash'}</h1>
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
          onSubmit={props.onOpenFirstHit}
          onLeave={props.onSearchLeave}
          busy={search.isSearching}
        />
      )}
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
