import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import {
  adjacentDailyNoteInput,
  openDailyNoteInput,
  setDailyNoteSettingsInput,
} from '../../src-shared/api/daily-notes-api';

export const dailyNotesRouter = router({
  /** The day's note (today when no date is given), created from the template when absent. */
  open: publicProcedure
    .input(openDailyNoteInput)
    .mutation(({ ctx, input }) => ctx.dailyNotes.open(input.date)),
  /** The nearest existing daily note before or after one; null at either end or for other notes. */
  adjacent: publicProcedure
    .input(adjacentDailyNoteInput)
    .query(({ ctx, input }) => ctx.dailyNotes.adjacent(input.id, input.direction)),
  settings: publicProcedure.input(z.void()).query(({ ctx }) => ctx.dailyNotes.settings()),
  setSettings: publicProcedure
    .input(setDailyNoteSettingsInput)
    .mutation(({ ctx, input }) => ctx.dailyNotes.setSettings(input)),
});
