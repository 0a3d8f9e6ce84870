import type { QuireDatabase } from '../db/database';
import type { Clock, IdGenerator } from '../clock';
import type { NotesService } from '../notes/notes-service';
import type { SnapshotRecorder } from '../snapshots/snapshot-recorder';
import { QuireError } from '../errors';
import type { NoteVersion } from '../../src-shared/api/notes-api';
import type {
  LinkCount,
  RefactorKind,
  RefactorResult,
  UndoableOperation,
} from '../../src-shared/api/refactor-api';
import type { Note } from '../../src-shared/schema/note';
import { titleKey } from '../../src-shared/note-title';
import { renameTagInText } from '../../src-shared/markdown/tag-rename';
import { tagFilterSelector } from '../notes/tag-filter';
import { createOperationLog, type OperationEntry, type OperationLog } from './operation-log';
import { writeChanges, type PlannedChange } from './note-writes';
import { createNoteNames, liveNotes, notesUnderFolder, titlesInFolder, type VaultNames } from './vault-notes';
import {
  countHeadingLinks,
  countLinksTo,
  linksToAny,
  namesakes,
  planMoves,
  rewriteHeadings,
  type NoteMove,
} from './link-plans';

export interface RefactorService {
  /** Renames and/or moves a note, rewriting every link to it and its own relative links. */
  renameNote(input: {
    id: string;
    title?: string | undefined;
    folder?: string | undefined;
  }): Promise<RefactorResult>;
  /** Renames or moves a folder with everything inside it (see `moveFolderInput`). */
  moveFolder(input: { from: string; to: string }): Promise<RefactorResult>;
  renameTag(input: { from: string; to: string }): Promise<RefactorResult>;
  /** Rewrites the links to one of a note's headings; the heading line itself is the editor's. */
  renameHeading(input: { id: string; from: string; to: string }): Promise<RefactorResult>;
  headingLinkCount(input: { id: string; heading: string }): Promise<LinkCount>;
  /** Links to the note in other notes: whether renaming it is a refactor or a plain edit. */
  linkCount(input: { id: string }): Promise<LinkCount>;
  undo(input: { operationId: string }): Promise<RefactorResult>;
  lastUndoable(): UndoableOperation | null;
  close(): Promise<void>;
}

export interface RefactorServiceDeps {
  db: QuireDatabase;
  notes: NotesService;
  clock: Clock;
  /** Operation ids; a counter when not given. */
  newId?: IdGenerator;
  /**
   * The ids of live notes whose text links to any of `ids` (the link index's backlinks). Without
   * it every live note is read and its links resolved: correct, and slower on large vaults.
   */
  findReferrers?: (ids: readonly string[]) => Promise<readonly string[]>;
  /**
   * Every live note's names and a resolver over them, current (the link index has both in
   * memory; `vaultNamesOf` makes them from a list). A catalog following the notes' change feed,
   * built on first use, when not given.
   */
  noteNames?: () => Promise<VaultNames>;
  /** Local history: a snapshot of each note before the operation changes it. */
  snapshots?: SnapshotRecorder;
  operationLog?: OperationLog;
}

export function createRefactorService(deps: RefactorServiceDeps): RefactorService {
  const { db, notes, clock } = deps;
  const log = deps.operationLog ?? createOperationLog();
  let counter = 0;
  const newOperationId = deps.newId ?? ((): string => `op-${clock.now().toString(36)}-${(counter += 1)}`);
  const { noteNames } = deps;
  const catalog = createNoteNames(db);
  const names = (): Promise<VaultNames> => (noteNames ? noteNames() : catalog.current());
  // One operation at a time: a second rename planned while the first writes would read links
  // the first is about to change.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const referrers = async (ids: readonly string[], vault: VaultNames): Promise<string[]> => {
    if (deps.findReferrers) return [...(await deps.findReferrers(ids))];
    const wanted = new Set(ids);
    const found: string[] = [];
    for await (const page of liveNotes(db)) {
      for (const note of page) if (linksToAny(note, vault.resolver, wanted)) found.push(note.id);
    }
    return found;
  };

  const versions = async (ids: Iterable<string>): Promise<Map<string, NoteVersion>> => {
    const unique = [...new Set(ids)];
    const read = await Promise.all(unique.map((id) => notes.get(id).catch(() => null)));
    return new Map(
      read.flatMap((version) => (version && version.trashedAt === 0 ? [[version.id, version]] : [])),
    );
  };

  /** Refuses before anything is written: a moved note may not take a live note's name. */
  const refuseCollisions = async (moves: readonly NoteMove[]): Promise<void> => {
    const moving = new Set(moves.map((move) => move.id));
    const folders = new Map<string, Map<string, string>>();
    const taken = new Set<string>();
    for (const move of moves) {
      let titles = folders.get(move.to.folder);
      if (!titles) {
        titles = await titlesInFolder(db, move.to.folder);
        folders.set(move.to.folder, titles);
      }
      const key = titleKey(move.to.title);
      const holder = titles.get(key);
      if ((holder !== undefined && !moving.has(holder)) || taken.has(`${move.to.folder}\n${key}`))
        throw new QuireError('NOTE_NAME_TAKEN');
      taken.add(`${move.to.folder}\n${key}`);
    }
  };

  const record = (
    kind: Exclude<RefactorKind, 'undo'>,
    label: string,
    entries: OperationEntry[],
    extra: Extra,
  ): RefactorResult => {
    const operationId = newOperationId();
    if (entries.length > 0) log.add({ operationId, kind, label, at: clock.now(), entries });
    return { operationId, kind, notesChanged: entries.length, ...extra };
  };

  /** Writes the plan as one operation; a write failing part way still leaves an undoable one. */
  const commit = async (
    kind: Exclude<RefactorKind, 'undo'>,
    label: string,
    changes: PlannedChange[],
    extra: Extra,
  ): Promise<RefactorResult> => {
    const { entries, error } = await writeChanges(deps, changes);
    const result = record(kind, label, entries, extra);
    if (error !== null) throw error;
    return result;
  };

  const runMoves = async (kind: 'rename-note' | 'move-folder', label: string, moves: NoteMove[]) => {
    await refuseCollisions(moves);
    const vault = await names();
    const movedIds = moves.map((move) => move.id);
    // Links to a note the moved one now shares a name with may resolve to it now: repaired too.
    const linked = await referrers([...movedIds, ...namesakes(vault.notes, moves)], vault);
    const sources = await versions([...movedIds, ...linked]);
    const plan = planMoves({ moves, vault, sources: [...sources.values()] });
    return commit(kind, label, plan.changes, {
      linksRewritten: plan.linksRewritten,
      linkedNotes: plan.linkedNotes,
      skipped: 0,
    });
  };

  return {
    renameNote: ({ id, title, folder }) =>
      serial(async () => {
        const note = await notes.get(id);
        const to = { title: title ?? note.title, folder: folder ?? note.folder };
        if (to.title === note.title && to.folder === note.folder)
          return record('rename-note', '', [], noChange);
        const label =
          to.folder === note.folder
            ? `Rename “${note.title}” to “${to.title}”`
            : `Move “${note.title}” to ${folderLabel(to.folder)}`;
        return runMoves('rename-note', label, [{ id, from: { title: note.title, folder: note.folder }, to }]);
      }),

    moveFolder: ({ from, to }) =>
      serial(async () => {
        const inside = await notesUnderFolder(db, from);
        const moves: NoteMove[] = inside.map((note: Note) => ({
          id: note.id,
          from: { title: note.title, folder: note.folder },
          to: { title: note.title, folder: to + note.folder.slice(from.length) },
        }));
        if (moves.length === 0) return record('move-folder', '', [], noChange);
        return runMoves('move-folder', `Move folder “${from}” to “${to}”`, moves);
      }),

    renameTag: ({ from, to }) =>
      serial(async () => {
        const selector = tagFilterSelector(from);
        const docs = await db.notes
          .find({ selector: { trashedAt: 0, ...(selector ? { tags: selector } : {}) } })
          .exec();
        const found = await versions(docs.map((doc) => doc.id));
        const changes: PlannedChange[] = [];
        let renamed = 0;
        let skipped = 0;
        for (const version of found.values()) {
          const result = renameTagInText(version.body, from, to);
          if (result.frontmatterSkipped) skipped += 1;
          if (result.renamed === 0) continue;
          renamed += result.renamed;
          changes.push({ base: version, patch: { body: result.text } });
        }
        return commit('rename-tag', `Rename tag #${from} to #${to}`, changes, {
          linksRewritten: renamed,
          linkedNotes: changes.length,
          skipped,
        });
      }),

    renameHeading: ({ id, from, to }) =>
      serial(async () => {
        const vault = await names();
        const sources = await versions([id, ...(await referrers([id], vault))]);
        const plan = rewriteHeadings({ vault, sources: [...sources.values()], noteId: id, from, to });
        return commit('rename-heading', `Rename heading “${from}” to “${to}”`, plan.changes, {
          linksRewritten: plan.linksRewritten,
          linkedNotes: plan.linkedNotes,
          skipped: 0,
        });
      }),

    async headingLinkCount({ id, heading }) {
      const vault = await names();
      const sources = await versions([id, ...(await referrers([id], vault))]);
      return countHeadingLinks({ vault, sources: [...sources.values()], noteId: id, heading });
    },

    async linkCount({ id }) {
      const vault = await names();
      const sources = await versions(await referrers([id], vault));
      return countLinksTo({
        resolver: vault.resolver,
        sources: [...sources.values()],
        noteId: id,
      });
    },

    undo: ({ operationId }) =>
      serial(async () => {
        const operation = log.take(operationId);
        try {
          // Names taken since the operation (a new note under the old name) refuse the undo.
          await refuseCollisions(
            operation.entries
              .filter(
                (entry) =>
                  entry.before.title !== entry.after.title || entry.before.folder !== entry.after.folder,
              )
              .map((entry) => ({ id: entry.id, from: entry.after, to: entry.before })),
          );
        } catch (error) {
          log.reopen(operationId);
          throw error;
        }
        // A note trashed since stays in the trash: undoing a rename is not asking for it back.
        const live = await versions(operation.entries.map((entry) => entry.id));
        // E10: the befores written over the afters, so an edit made since is merged, not lost.
        const { entries, error } = await writeChanges(
          deps,
          operation.entries
            .filter((entry) => live.has(entry.id))
            .map((entry) => ({ base: entry.after, patch: entry.before })),
        );
        if (error !== null) throw error;
        return {
          operationId,
          kind: 'undo',
          notesChanged: entries.length,
          linksRewritten: 0,
          linkedNotes: 0,
          skipped: operation.entries.length - entries.length,
        };
      }),

    lastUndoable: () => log.lastUndoable(),

    async close() {
      await queue;
      await catalog.stop();
    },
  };
}

type Extra = Pick<RefactorResult, 'linksRewritten' | 'linkedNotes' | 'skipped'>;
const noChange: Extra = { linksRewritten: 0, linkedNotes: 0, skipped: 0 };

function folderLabel(folder: string): string {
  return folder === '' ? 'the vault’s root' : `“${folder}”`;
}
