import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import { subscribeAsIterable } from '../async-iterable';
import {
  createNoteInput,
  listNotesInput,
  noteByIdInput,
  resolveTitlesInput,
  searchNotesInput,
  updateNoteInput,
} from '../../src-shared/api/notes-api';
import { noteHistoryInput, restoreRevisionInput } from '../../src-shared/api/sync-api';

export const notesRouter = router({
  list: publicProcedure.input(listNotesInput).query(({ ctx, input }) => ctx.notes.list(input)),
  get: publicProcedure.input(noteByIdInput).query(({ ctx, input }) => ctx.notes.get(input.id)),
  create: publicProcedure.input(createNoteInput).mutation(({ ctx, input }) => ctx.notes.create(input)),
  update: publicProcedure.input(updateNoteInput).mutation(({ ctx, input }) => ctx.notes.update(input)),
  trash: publicProcedure.input(noteByIdInput).mutation(({ ctx, input }) => ctx.notes.trash(input.id)),
  restore: publicProcedure.input(noteByIdInput).mutation(({ ctx, input }) => ctx.notes.restore(input.id)),
  deleteForever: publicProcedure
    .input(noteByIdInput)
    .mutation(({ ctx, input }) => ctx.notes.deleteForever(input.id)),
  emptyTrash: publicProcedure.input(z.void()).mutation(({ ctx }) => ctx.notes.emptyTrash()),
  /** Clears the "needs review" flag a sync merge set (M6). */
  markReviewed: publicProcedure
    .input(noteByIdInput)
    .mutation(({ ctx, input }) => ctx.notes.markReviewed(input.id)),
  /** Earlier versions, newest first; the sync server keeps them (R11). */
  history: publicProcedure.input(noteHistoryInput).query(({ ctx, input }) => ctx.sync.history(input.id)),
  /** Writes an earlier version back as a new edit; a deleted note comes back live. */
  restoreRevision: publicProcedure
    .input(restoreRevisionInput)
    .mutation(({ ctx, input }) => ctx.sync.restoreRevision(input.id, input.revisionId, input.base)),
  search: publicProcedure.input(searchNotesInput).query(({ ctx, input }) => ctx.notes.search(input)),
  resolveTitles: publicProcedure
    .input(resolveTitlesInput)
    .query(({ ctx, input }) => ctx.notes.resolveTitles(input.titles)),
  /** Merges recorded on this device for the note (E7), newest first. */
  merges: publicProcedure.input(noteByIdInput).query(({ ctx, input }) => ctx.notes.merges(input.id)),
  /** Live: one event per write batch. The first event tells the current revision straight away. */
  changes: publicProcedure.input(z.void()).subscription(async function* ({ ctx, signal }) {
    const changes = subscribeAsIterable(ctx.notes.changes$, signal);
    try {
      yield { revision: ctx.notes.currentRevision(), ids: [] as string[] };
      yield* changes;
    } finally {
      // The consumer may stop before `yield*` ever pulled from `changes`.
      await changes.return(undefined);
    }
  }),
});
