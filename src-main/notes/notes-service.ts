import { Subject, type Observable } from 'rxjs';
import type { MangoQuerySelector, MangoQuerySortPart, RxDocument } from 'rxdb';
import type { QuireDatabase } from '../db/database';
import type { Clock, IdGenerator } from '../clock';
import type { SearchIndex } from '../search/search-index';
import { startSearchIndexer } from '../search/search-indexer';
import { NoteNotFoundError, QuireError } from '../errors';
import { noteSchema, toNoteSummary, type Note } from '../../src-shared/schema/note';
import { extractTags } from '../../src-shared/markdown/frontmatter';
import type {
  ListNotesOutput,
  NotesChangedEvent,
  NoteView,
  ResolveTitlesOutput,
  SearchHit,
} from '../../src-shared/api/notes-api';

export const UNTITLED = 'Untitled';

export interface NotesService {
  list(input: {
    view: NoteView;
    folder?: string | undefined;
    offset: number;
    limit: number;
  }): Promise<ListNotesOutput>;
  get(id: string): Promise<Note>;
  create(input: {
    title?: string | undefined;
    body?: string | undefined;
    folder?: string | undefined;
  }): Promise<Note>;
  update(input: {
    id: string;
    title?: string | undefined;
    body?: string | undefined;
    folder?: string | undefined;
  }): Promise<Note>;
  trash(id: string): Promise<Note>;
  restore(id: string): Promise<Note>;
  deleteForever(id: string): Promise<{ id: string }>;
  emptyTrash(): Promise<{ deleted: number }>;
  /** Clears `needsReview` once the user has resolved a merge's conflict markers (sync rule M6). */
  markReviewed(id: string): Promise<Note>;
  /**
   * Writes an earlier version's content back as a new edit (sync rule R11). The result is live:
   * restoring a version of a trashed or deleted note brings the note back.
   */
  restoreVersion(input: {
    id: string;
    title: string;
    body: string;
    folder: string;
    createdAt: number;
  }): Promise<Note>;
  search(input: { query: string; limit: number }): Promise<SearchHit[]>;
  /** Maps each title to the id of the live note it names (case-insensitive), or null. */
  resolveTitles(titles: readonly string[]): Promise<ResolveTitlesOutput>;
  /** Bulk insert for imports and benchmarks; notes whose id already exists are skipped, not overwritten. */
  importNotes(notes: readonly Note[]): Promise<{ imported: number; skipped: number }>;
  /** One event per write batch, whoever wrote it (this window, another window, sync). */
  readonly changes$: Observable<NotesChangedEvent>;
  currentRevision(): number;
  /** Resolves once search reflects every write made so far. */
  whenIndexed(): Promise<void>;
  close(): Promise<void>;
}

export interface NotesServiceDeps {
  db: QuireDatabase;
  clock: Clock;
  newId: IdGenerator;
  searchIndex: SearchIndex;
}

const LIVE_SORT: MangoQuerySortPart<Note>[] = [{ updatedAt: 'desc' }, { id: 'desc' }];
// Trash is ordered by when things were thrown away; this sort is served by the same index.
const TRASH_SORT: MangoQuerySortPart<Note>[] = [{ trashedAt: 'desc' }, { updatedAt: 'desc' }, { id: 'desc' }];

function toNote(doc: RxDocument<Note>): Note {
  const { id, title, body, tags, folder, createdAt, updatedAt, trashedAt, needsReview } = doc.toJSON();
  return { id, title, body, tags: [...tags], folder, createdAt, updatedAt, trashedAt, needsReview };
}

function normalizeTitle(title: string | undefined): string {
  const trimmed = title?.trim() ?? '';
  return trimmed.length > 0 ? trimmed : UNTITLED;
}

function normalizeFolder(folder: string | undefined): string {
  return (folder ?? '')
    .split('/')
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && part !== '.')
    .join('/');
}

export function createNotesService(deps: NotesServiceDeps): NotesService {
  const { db, clock, newId, searchIndex } = deps;
  const notes = db.notes;
  const changes = new Subject<NotesChangedEvent>();
  let revision = 0;
  const subscription = notes.eventBulks$.subscribe((bulk) => {
    revision += 1;
    const ids = bulk.events.map((event) => event.documentId);
    changes.next({ revision, ids });
  });
  const indexer = startSearchIndexer({ collection: notes, index: searchIndex });

  /** Timestamps only move forward per note, even when the wall clock steps back. */
  const nextTimestamp = (previous: number): number => Math.max(clock.now(), previous + 1);

  const findDoc = async (id: string): Promise<RxDocument<Note>> => {
    const doc = await notes.findOne(id).exec();
    if (!doc) throw new NoteNotFoundError(id);
    return doc;
  };

  const modify = async (id: string, change: (note: Note) => Note): Promise<Note> => {
    const doc = await findDoc(id);
    // incrementalModify re-runs `change` on the latest revision if another write got in first.
    const updated = await doc.incrementalModify((data) => change(data));
    return toNote(updated);
  };

  return {
    async list({ view, folder, offset, limit }) {
      const selector: MangoQuerySelector<Note> =
        view === 'trash' ? { trashedAt: { $gt: 0 } } : { trashedAt: 0 };
      if (folder !== undefined) selector.folder = normalizeFolder(folder);
      const [docs, total] = await Promise.all([
        notes.find({ selector, sort: view === 'trash' ? TRASH_SORT : LIVE_SORT, skip: offset, limit }).exec(),
        notes.count({ selector }).exec(),
      ]);
      return { total, offset, items: docs.map((doc) => toNoteSummary(doc.toJSON() as Note)) };
    },

    async get(id) {
      return toNote(await findDoc(id));
    },

    async create(input) {
      const now = clock.now();
      const body = input.body ?? '';
      const note = noteSchema.parse({
        id: newId(),
        title: normalizeTitle(input.title),
        body,
        tags: extractTags(body),
        folder: normalizeFolder(input.folder),
        createdAt: now,
        updatedAt: now,
        trashedAt: 0,
        needsReview: false,
      });
      const doc = await notes.insert(note);
      return toNote(doc);
    },

    async update({ id, title, body, folder }) {
      return modify(id, (note) => {
        const next: Note = { ...note, updatedAt: nextTimestamp(note.updatedAt) };
        if (title !== undefined) next.title = normalizeTitle(title);
        if (body !== undefined) {
          next.body = body;
          next.tags = extractTags(body);
        }
        if (folder !== undefined) next.folder = normalizeFolder(folder);
        return next;
      });
    },

    async trash(id) {
      return modify(id, (note) =>
        note.trashedAt > 0 ? note : { ...note, trashedAt: Math.max(clock.now(), 1) },
      );
    },

    async restore(id) {
      return modify(id, (note) => ({ ...note, trashedAt: 0, updatedAt: nextTimestamp(note.updatedAt) }));
    },

    async deleteForever(id) {
      const doc = await findDoc(id);
      if (doc.trashedAt === 0) {
        throw new QuireError('PRECONDITION_FAILED', 'Move the note to the trash before deleting it forever.');
      }
      await doc.remove();
      return { id };
    },

    async emptyTrash() {
      const trashed = await notes.find({ selector: { trashedAt: { $gt: 0 } } }).exec();
      if (trashed.length === 0) return { deleted: 0 };
      // The documents, not their ids: a note restored since the find is then a conflict and
      // stays, where removing by id would delete whatever the note has become.
      const result = await notes.bulkRemove(trashed);
      return { deleted: result.success.length };
    },

    async markReviewed(id) {
      return modify(id, (note) =>
        note.needsReview ? { ...note, needsReview: false, updatedAt: nextTimestamp(note.updatedAt) } : note,
      );
    },

    async restoreVersion({ id, title, body, folder, createdAt }) {
      const content = {
        title: normalizeTitle(title),
        body,
        tags: extractTags(body),
        folder: normalizeFolder(folder),
        trashedAt: 0,
        needsReview: false,
      };
      const existing = await notes.findOne(id).exec();
      if (existing) {
        return modify(id, (note) => ({ ...note, ...content, updatedAt: nextTimestamp(note.updatedAt) }));
      }
      // Deleted forever here: RxDB re-inserts over the tombstone, which syncs as a new version.
      const now = clock.now();
      const doc = await notes.insert(
        noteSchema.parse({ id, ...content, createdAt: Math.min(createdAt, now), updatedAt: now }),
      );
      return toNote(doc);
    },

    async search({ query, limit }) {
      // Read-your-writes: a note saved a moment ago must be findable.
      await indexer.idle();
      return searchIndex.search(query, { limit, includeTrashed: false });
    },

    async resolveTitles(titles) {
      await indexer.idle();
      const found = searchIndex.findByTitles(titles);
      return Object.fromEntries(titles.map((title) => [title, found.get(title)?.id ?? null]));
    },

    async importNotes(input) {
      const valid = input.map((note) => noteSchema.parse(note));
      const result = await notes.bulkInsert(valid);
      return { imported: result.success.length, skipped: result.error.length };
    },

    changes$: changes.asObservable(),
    currentRevision: () => revision,
    whenIndexed: () => indexer.idle(),

    async close() {
      subscription.unsubscribe();
      changes.complete();
      await indexer.stop();
    },
  };
}
