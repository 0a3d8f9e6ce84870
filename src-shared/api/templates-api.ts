import { z } from 'zod';
import { folderSchema, noteTitleSchema } from '../schema/note';

export const templateIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/);

export const templateInfoSchema = z.object({
  id: templateIdSchema,
  name: z.string(),
  description: z.string(),
});
export type TemplateInfo = z.infer<typeof templateInfoSchema>;

export const createFromTemplateInput = z.object({
  templateId: templateIdSchema,
  title: noteTitleSchema.optional(),
  folder: folderSchema.optional(),
});

/** A template's text with its placeholders filled, for inserting into a note being edited. */
export const templateTextInput = z.object({
  templateId: templateIdSchema,
  /** What `{{title}}` becomes: the title of the note it goes into. */
  title: z.string().max(1000),
});
