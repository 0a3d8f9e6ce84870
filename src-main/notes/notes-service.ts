// Over 400 lines: the one service every note write goes through (bases, merges, trash, search
// hand-off); list and search parts are the next to move out, as folder-filter.ts did.
import { Subject, type Observable } from 'rxjs';
import type { MangoQuerySelector, MangoQuerySortPart, RxDocument } from 'rxdb';
import type { QuireDatabase } from '../db/database';
import type { Clock, IdGenerator, Scheduler } from '../clock';
import type { SearchIndex } from '../search/search-index';
import { startSearchIndexer } from '../search/search-indexer';
import { NoteNotFoundError, QuireError } from '../errors';
import { copyNote, noteSchema, repairNoteText, toNoteSummary, type Note } from '../../src-shared/schema/note';
import { extractTags } from '../../src-shared/markdown/frontmatter';
import { hasConflictMarkers } from '../../src-shared/sync/conflict-blocks';
import type {
  ListNotesOutput,
  MergeNotice,
  NotesChangedEvent,
  NoteVersion,
  NoteView,
  NoteWriteResult,
  ResolveTitlesOutput,
  SearchResult,
} from '../../src-shared/api/notes-api';
import { titleOrUntitled } from '../../src-shared/note-title';
import { applyWrite, definedPatch, toPlainNote, type NotePatch } from './write-merge';
import { createMergeLog, type MergeLog, type MergeRecord } from './merge-log';
import { startPulledTagRepair } from './pulled-tags';
import { tagFilterSelector } from './tag-filter';
import { folderSelector } from './folder-filter';

export interface NotesService {
  list(input: {
    view: NoteView;
    folder?: string | undefined;
    /** With `folder`: its subfolders' notes too. */
    includeSubfolders?: boolean | undefined;
    /** Notes with this tag or one nested under it (`project` takes `project/quire`), any case. */
    tag?: string | undefined;
    offset: number;
    limit: number;
  }): Promise<ListNotesOutput>;
  get(id: string): Promise<NoteVersion>;
  create(input: {
    title?: string | undefined;
    body?: string | undefined;
    folder?: string | undefined;
  }): Promise<NoteVersion>;
  /**
   * Writes the patch over `base`, the version the caller computed it from (editing rule E1). If the
   * stored note has moved on since, the three versions are merged (E3) and the merge is returned.
   */
  update(input: { id: string; base: NoteVersion } & NotePatch): Promise<NoteWriteResult>;
  trash(id: string): Promise<NoteVersion>;
  restore(id: string): Promise<NoteVersion>;
  deleteForever(id: string): Promise<{ id: string }>;
  emptyTrash(): Promise<{ deleted: number }>;
  /** Clears `needsReview` once the user has resolved a merge's conflict markers (sync rule M6). */
  markReviewed(id: string): Promise<NoteVersion>;
  /**
   * Writes an earlier version's content back as a new edit (sync rule R11). The result is live:
   * restoring a version of a trashed or deleted note brings the note back. With a base (E1), a
   * note that moved on since the caller looked is merged, not overwritten.
   */
  restoreVersion(input: {
    id: string;
    title: string;
    body: string;
    folder: string;
    createdAt: number;
    base: NoteVersion | null;
  }): Promise<NoteWriteResult>;
  /** Merges recorded on this device for one note, newest first (E7): version history shows them. */
  merges(id: string): MergeRecord[];
  /** Called by sync's conflict handler when a push conflict merged a note (E7). */
  recordSyncMerge(record: { id: string; conflicted: boolean; restored: boolean; before: Note }): void;
  /** The search box (syntax in src-shared/search/search-query.ts); see `SearchResult.indexing`. */
  search(input: {
    query: string;
    limit: number;
    tag?: string | undefined;
    folder?: { path: string; subfolders: boolean } | undefined;
  }): Promise<SearchResult>;
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
  /** Timers: the search indexer's debounce. */
  scheduler: Scheduler;
  newId: IdGenerator;
  searchIndex: SearchIndex;
  /** This device's name, for the labels of conflict markers (M10). */
  deviceName: () => string;
}

/** How many notes' last local writes are remembered to tell "another window" from sync. */
const LOCAL_WRITES_REMEMBERED = 5_000;

const LIVE_SORT: MangoQuerySortPart<Note>[] = [{ updatedAt: 'desc' }, { id: 'desc' }];
// Trash is ordered by when things were thrown away; this sort is served by the same index.
const TRASH_SORT: MangoQuerySortPart<Note>[] = [{ trashedAt: 'desc' }, { updatedAt: 'desc' }, { id: 'desc' }];

/** RxDB's revision height: grows by one with every write of the document on this device. */
function revisionOf(doc: RxDocument<Note>): number {
  const height = Number.parseInt(doc.revision, 10);
  return Number.isFinite(height) ? height : 0;
}

function toNote(doc: RxDocument<Note>): Note {
  return copyNote(doc.toJSON());
}

function normalizeFolder(folder: string | undefined): string {
  return (folder ?? '')
    .split('/')
    .map((part) => part.trim())
    .filter((part) => part.length > 0 && part !== '.')
    .join('/');
}

export function createNotesService(deps: NotesServiceDeps): NotesService {
  const { db, clock, scheduler, newId, searchIndex, deviceName } = deps;
  const notes = db.notes;
  const changes = new Subject<NotesChangedEvent>();
  const mergeLog: MergeLog = createMergeLog();
  // Merges not yet announced: the change event of the write that carries them names them.
  const unannounced = new Map<string, MergeNotice>();
  let revision = 0;
  const subscription = notes.eventBulks$.subscribe((bulk) => {
    revision += 1;
    const ids = bulk.events.map((event) => event.documentId);
    const merges = ids.flatMap((id) => {
      const notice = unannounced.get(id);
      if (!notice) return [];
      unannounced.delete(id);
      return [{ id, ...notice }];
    });
    changes.next(merges.length > 0 ? { revision, ids, merges } : { revision, ids });
  });

  // The updatedAt of each note's last write made here: a stored version with another one came
  // from sync. Bounded; a forgotten note counts as synced, which only changes a label.
  const localWrites = new Map<string, number>();
  const rememberLocal = (note: Note): void => {
    localWrites.delete(note.id);
    localWrites.set(note.id, note.updatedAt);
    if (localWrites.size > LOCAL_WRITES_REMEMBERED) {
      const oldest = localWrites.keys().next().value;
      if (oldest !== undefined) localWrites.delete(oldest);
    }
  };
  const writtenBy = (note: Note): NoteVersion['writtenBy'] =>
    localWrites.get(note.id) === note.updatedAt ? 'local' : 'sync';
  const toVersion = (doc: RxDocument<Note>): NoteVersion => {
    const note = toNote(doc);
    return { ...note, revision: revisionOf(doc), writtenBy: writtenBy(note) };
  };
  const wrote = (doc: RxDocument<Note>): NoteVersion => {
    rememberLocal(toNote(doc));
    return toVersion(doc);
  };
  const indexer = startSearchIndexer({ collection: notes, index: searchIndex, scheduler });
  const pulledTags = startPulledTagRepair(notes);

  /** Timestamps only move forward per note, even when the wall clock steps back. */
  const nextTimestamp = (previous: number): number => Math.max(clock.now(), previous + 1);

  const findDoc = async (id: string): Promise<RxDocument<Note>> => {
    const doc = await notes.findOne(id).exec();
    if (!doc) throw new NoteNotFoundError(id);
    return doc;
  };

  const modify = async (id: string, change: (note: Note) => Note): Promise<NoteVersion> => {
    const doc = await findDoc(id);
    // E6: nothing to change, nothing written (no new revision).
    const current = toNote(doc);
    if (change(current) === current) return toVersion(doc);
    let changed = false;
    // incrementalModify re-runs `change` on the latest revision if another write got in first.
    const updated = await doc.incrementalModify((data) => {
      const next = change(data);
      changed = next !== data;
      return next;
    });
    return changed ? wrote(updated) : toVersion(updated);
  };

  /**
   * E1–E6: the one write path of note content. `patch` is applied to `base`; the stored note is
   * read inside RxDB's incremental write, so a write that lands in between is merged too.
   */
  const writeOverBase = async (id: string, base: NoteVersion, patch: NotePatch): Promise<NoteWriteResult> => {
    const baseNote = repairNoteText(toPlainNote(base));
    const existing = await notes.findOne(id).exec();
    if (!existing) {
      // E5: deleted forever here since the caller read it. The edit beats the delete (M7): the
      // note comes back with the caller's content, under its own id.
      const outcome = applyWrite(
        baseNote,
        patch,
        { ...baseNote, trashedAt: Math.max(clock.now(), 1) },
        {
          now: clock.now(),
          deviceName: deviceName(),
          storedWrittenBy: 'sync',
        },
      );
      const merge: MergeNotice = { from: 'another-device', conflicted: false, restored: true };
      unannounced.set(id, merge);
      const doc = await notes.insert(noteSchema.parse({ ...outcome.note, trashedAt: 0 }));
      logMerge(id, merge, baseNote);
      return { note: wrote(doc), merge };
    }
    const context = (stored: Note): Parameters<typeof applyWrite>[3] => ({
      now: clock.now(),
      deviceName: deviceName(),
      storedWrittenBy: writtenBy(stored),
    });
    // E6: a write that changes nothing writes nothing (no new revision, no change event).
    // R16: an old note may hold text the schema refuses; the write repairs it (and only that).
    const current = repairNoteText(toNote(existing));
    if (applyWrite(baseNote, patch, current, context(current)).note === current) {
      return { note: toVersion(existing), merge: null };
    }
    let merge: MergeNotice | null = null;
    let changed = false;
    const updated = await existing.incrementalModify((stored) => {
      const outcome = applyWrite(baseNote, patch, repairNoteText(stored), context(stored));
      merge = outcome.merge;
      // Before the write: its change event is emitted while the write commits (E7).
      if (outcome.merge) unannounced.set(id, outcome.merge);
      else unannounced.delete(id);
      changed = outcome.note !== stored;
      return changed ? noteSchema.parse(outcome.note) : stored;
    });
    const finalMerge = merge as MergeNotice | null;
    if (finalMerge) logMerge(id, finalMerge, { ...baseNote, ...definedPatch(patch) });
    return { note: changed ? wrote(updated) : toVersion(updated), merge: finalMerge };
  };

  const logMerge = (id: string, merge: MergeNotice, before: Note): void => {
    mergeLog.add({ id, at: clock.now(), ...merge, before: { title: before.title, body: before.body } });
  };

  return {
    async list({ view, folder, includeSubfolders, tag, offset, limit }) {
      const selector: MangoQuerySelector<Note> =
        view === 'trash' ? { trashedAt: { $gt: 0 } } : { trashedAt: 0 };
      const inFolder =
        folder === undefined ? undefined : folderSelector(normalizeFolder(folder), includeSubfolders);
      if (inFolder !== undefined) selector.folder = inFolder;
      const tags = tagFilterSelector(tag);
      if (tags) selector.tags = tags;
      const [docs, total] = await Promise.all([
        notes.find({ selector, sort: view === 'trash' ? TRASH_SORT : LIVE_SORT, skip: offset, limit }).exec(),
        notes.count({ selector }).exec(),
      ]);
      return { total, offset, items: docs.map((doc) => toNoteSummary(doc.toJSON() as Note)) };
    },

    async get(id) {
      return toVersion(await findDoc(id));
    },

    async create(input) {
      const now = clock.now();
      const body = input.body ?? '';
      const note = noteSchema.parse({
        id: newId(),
        title: titleOrUntitled(input.title),
        body,
        tags: extractTags(body),
        folder: normalizeFolder(input.folder),
        createdAt: now,
        updatedAt: now,
        trashedAt: 0,
        needsReview: false,
      });
      const doc = await notes.insert(note);
      return wrote(doc);
    },

    async update({ id, base, title, body, folder }) {
      return writeOverBase(id, base, {
        title: title === undefined ? undefined : titleOrUntitled(title),
        body,
        folder: folder === undefined ? undefined : normalizeFolder(folder),
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
        throw new QuireError('NOT_IN_TRASH');
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
      return modify(id, (note) => {
        // M6: resolved means no conflict block left, whatever a client believes it shows.
        if (hasConflictMarkers(note.body)) {
          throw new QuireError('CONFLICTS_REMAIN');
        }
        return note.needsReview
          ? { ...note, needsReview: false, updatedAt: nextTimestamp(note.updatedAt) }
          : note;
      });
    },

    async restoreVersion({ id, title, body, folder, createdAt, base }) {
      const content = {
        title: titleOrUntitled(title),
        body,
        tags: extractTags(body),
        folder: normalizeFolder(folder),
        trashedAt: 0,
        needsReview: false,
      };
      const existing = await notes.findOne(id).exec();
      if (existing && base) {
        // E1: the restored text is an edit of the version the user was looking at; the note is
        // live again whatever happened to it meanwhile (restoring is asking for it back).
        const result = await writeOverBase(id, { ...base, trashedAt: 0 }, content);
        if (result.note.trashedAt === 0) return result;
        return { note: await modify(id, (note) => ({ ...note, trashedAt: 0 })), merge: result.merge };
      }
      if (existing) {
        const note = await modify(id, (stored) => ({
          ...stored,
          ...content,
          updatedAt: nextTimestamp(stored.updatedAt),
        }));
        return { note, merge: null };
      }
      // Deleted forever here: RxDB re-inserts over the tombstone, which syncs as a new version.
      const now = clock.now();
      const doc = await notes.insert(
        noteSchema.parse({ id, ...content, createdAt: Math.min(createdAt, now), updatedAt: now }),
      );
      return { note: wrote(doc), merge: null };
    },

    merges: (id) => mergeLog.of(id),

    recordSyncMerge({ id, conflicted, restored, before }) {
      // Called by the conflict handler before replication writes the merged note.
      const merge: MergeNotice = { from: 'another-device', conflicted, restored };
      unannounced.set(id, merge);
      logMerge(id, merge, before);
    },

    async search({ query, limit, tag, folder }) {
      // Read-your-writes: a note saved a moment ago must be findable. A rebuild is not waited
      // for: its partial results would look like missing notes, so its progress is sent instead.
      const indexing = await indexer.ready();
      if (indexing) return { hits: [], total: 0, indexing };
      const options = { limit, includeTrashed: false, tag: tag ?? '', folder };
      return { ...searchIndex.search(query, options), indexing: null };
    },

    async resolveTitles(titles) {
      await indexer.idle();
      const found = searchIndex.findByTitles(titles);
      return Object.fromEntries(titles.map((title) => [title, found.get(title)?.id ?? null]));
    },

    async importNotes(input) {
      const valid = input.map((note) => noteSchema.parse(repairNoteText(note)));
      const result = await notes.bulkInsert(valid);
      return { imported: result.success.length, skipped: result.error.length };
    },

    changes$: changes.asObservable(),
    currentRevision: () => revision,
    whenIndexed: () => indexer.idle(),

    async close() {
      subscription.unsubscribe();
      await pulledTags.close();
      changes.complete();
      await indexer.stop();
    },
  };
}
