import { publicProcedure, router } from '../trpc';
import {
  headingLinkCountInput,
  linkCountInput,
  moveFolderInput,
  renameHeadingInput,
  renameNoteInput,
  renameTagInput,
  undoInput,
} from '../../src-shared/api/refactor-api';

/** `refactor.*`: renames and moves as one undoable operation of ordinary edits (E10). */
export const refactorRouter = router({
  renameNote: publicProcedure
    .input(renameNoteInput)
    .mutation(({ ctx, input }) => ctx.refactor.renameNote(input)),
  moveFolder: publicProcedure
    .input(moveFolderInput)
    .mutation(({ ctx, input }) => ctx.refactor.moveFolder(input)),
  renameTag: publicProcedure
    .input(renameTagInput)
    .mutation(({ ctx, input }) => ctx.refactor.renameTag(input)),
  renameHeading: publicProcedure
    .input(renameHeadingInput)
    .mutation(({ ctx, input }) => ctx.refactor.renameHeading(input)),
  headingLinkCount: publicProcedure
    .input(headingLinkCountInput)
    .query(({ ctx, input }) => ctx.refactor.headingLinkCount(input)),
  linkCount: publicProcedure.input(linkCountInput).query(({ ctx, input }) => ctx.refactor.linkCount(input)),
  undo: publicProcedure.input(undoInput).mutation(({ ctx, input }) => ctx.refactor.undo(input)),
  lastUndoable: publicProcedure.query(({ ctx }) => ctx.refactor.lastUndoable()),
});
