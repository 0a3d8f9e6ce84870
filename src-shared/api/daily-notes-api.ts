import { z } from 'zod';
import { noteIdSchema, noteTitleSchema } from '../schema/note';
import { templateIdSchema } from './templates-api';
import {
  DAILY_FORMAT_MAX,
  DAY_PATTERN,
  DEFAULT_DAILY_FORMAT,
  dailyFormatProblem,
  parseDay,
} from '../daily-notes/daily-note-format';

export const DAILY_FOLDER_MAX = 512;

/** How daily notes are named and made; kept by the host (`dailyNotes.settings`). */
export const dailyNoteSettingsSchema = z.object({
  /** Moment-style tokens; `/` nests folders under `folder`. */
  format: z
    .string()
    .max(DAILY_FORMAT_MAX)
    .superRefine((format, ctx) => {
      const problem = dailyFormatProblem(format);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** Where daily notes go ('' = the vault root). */
  folder: z
    .string()
    .max(DAILY_FOLDER_MAX)
    .refine((f) => !f.split('/').some((part) => part.trim() === '..'), 'A folder may not contain ".."')
    .refine((f) => !/[\\:*?"<>|\u0000-\u001f]/.test(f), 'A folder name cannot hold \\ : * ? " < > |'),
  /** The template a new daily note starts from; null for an empty note. */
  templateId: templateIdSchema.nullable(),
});
export type DailyNoteSettings = z.infer<typeof dailyNoteSettingsSchema>;

export const DEFAULT_DAILY_NOTE_SETTINGS: DailyNoteSettings = {
  format: DEFAULT_DAILY_FORMAT,
  folder: 'Daily',
  templateId: null,
};

export const setDailyNoteSettingsInput = dailyNoteSettingsSchema.partial();

/** A calendar day, `YYYY-MM-DD`, that exists (no 02-30). */
export const daySchema = z
  .string()
  .regex(DAY_PATTERN, 'A day is written YYYY-MM-DD')
  .refine((day) => parseDay(day) !== null, 'That day is not in the calendar');

export const openDailyNoteInput = z.object({
  /** Omitted: today, in the host's local time zone. */
  date: daySchema.optional(),
});

export const adjacentDailyNoteInput = z.object({
  id: noteIdSchema,
  direction: z.enum(['previous', 'next']),
});
export type AdjacentDirection = z.infer<typeof adjacentDailyNoteInput>['direction'];

/** The nearest existing daily note before or after one; null when there is none (or it is not one). */
export const adjacentDailyNoteOutput = z
  .object({ id: noteIdSchema, title: noteTitleSchema, date: z.string().regex(DAY_PATTERN) })
  .nullable();
export type AdjacentDailyNote = z.infer<typeof adjacentDailyNoteOutput>;
