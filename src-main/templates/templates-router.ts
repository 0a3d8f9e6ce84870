import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import { createFromTemplateInput, templateTextInput } from '../../src-shared/api/templates-api';
import { fillPlaceholders } from '../../src-shared/markdown/placeholders';

export const templatesRouter = router({
  list: publicProcedure.input(z.void()).query(({ ctx }) => ctx.templates.list()),
  /** Creates a note from a template, with `{{title}}`, `{{date}}` and `YYYY-MM-DD` filled in. */
  createNote: publicProcedure.input(createFromTemplateInput).mutation(({ ctx, input }) => {
    const template = ctx.templates.get(input.templateId);
    const title = input.title?.trim() || template.name;
    const body = fillPlaceholders(template.body, { title, now: new Date(ctx.clock.now()) });
    return ctx.notes.create({ title, body, folder: input.folder });
  }),
  /** The template's text, filled the same way, for the editor's slash menu to insert. */
  text: publicProcedure.input(templateTextInput).query(({ ctx, input }) =>
    fillPlaceholders(ctx.templates.get(input.templateId).body, {
      title: input.title,
      now: new Date(ctx.clock.now()),
    }),
  ),
});
