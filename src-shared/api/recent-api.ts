import { z } from 'zod';
import { noteIdSchema } from '../schema/note';

/** How much of the recent past the switcher and the palette remember, per vault. */
export const RECENT_LIMITS = {
  notes: 50,
  commands: 50,
  commandIdMaxLength: 100,
} as const;

/** A command's id as the renderer's registry names it (`note.new`, `theme:dark`). */
export const commandIdSchema = z
  .string()
  .min(1)
  .max(RECENT_LIMITS.commandIdMaxLength)
  .regex(/^[\w.:-]+$/, 'A command id is letters, digits and . : - _');

export const noteOpenedInput = z.object({ id: noteIdSchema });
export const commandUsedInput = z.object({ id: commandIdSchema });

/** What the settings file keeps under `recent`: ids only, newest first. */
export const recentStateSchema = z.object({
  notes: z.array(noteIdSchema).max(RECENT_LIMITS.notes),
  commands: z.array(commandIdSchema).max(RECENT_LIMITS.commands),
});
export type RecentState = z.infer<typeof recentStateSchema>;

/** A recently opened note that is still live, for the switcher's first rows. */
export interface RecentNote {
  id: string;
  title: string;
  folder: string;
}
