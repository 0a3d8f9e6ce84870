import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import { commandUsedInput, noteOpenedInput } from '../../src-shared/api/recent-api';

/** `recent.*`: what the quick switcher and the command palette put first. */
export const recentRouter = router({
  /** Recently opened live notes, newest first (at most RECENT_LIMITS.notes). */
  notes: publicProcedure.input(z.void()).query(({ ctx }) => ctx.recent.notes()),
  noteOpened: publicProcedure.input(noteOpenedInput).mutation(({ ctx, input }) => {
    ctx.recent.noteOpened(input.id);
  }),
  /** Recently run command ids, newest first; ids the renderer no longer has are its to skip. */
  commands: publicProcedure.input(z.void()).query(({ ctx }) => ctx.recent.commands()),
  commandUsed: publicProcedure.input(commandUsedInput).mutation(({ ctx, input }) => {
    ctx.recent.commandUsed(input.id);
  }),
});
