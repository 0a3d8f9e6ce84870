import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import { subscribeAsIterable } from '../async-iterable';
import {
  attachmentIdInput,
  attachmentSettingsSchema,
  beginUploadInput,
  uploadChunkInput,
  uploadIdInput,
  listAttachmentsInput,
  resolveAttachmentsInput,
} from '../../src-shared/api/attachments-api';
import { vaultPathSchema } from '../../src-shared/schema/attachment';

export const attachmentsRouter = router({
  list: publicProcedure.input(listAttachmentsInput).query(({ ctx, input }) => ctx.attachments.list(input)),
  get: publicProcedure.input(attachmentIdInput).query(({ ctx, input }) => ctx.attachments.get(input.id)),
  /** Embeds and links of one note, resolved from its folder as Obsidian does. */
  resolve: publicProcedure
    .input(resolveAttachmentsInput)
    .query(({ ctx, input }) => ctx.attachments.resolve(input)),
  /** A pasted or dropped file: begin, send chunks in order, finish (or cancel). */
  beginUpload: publicProcedure
    .input(beginUploadInput)
    .mutation(({ ctx, input }) => ctx.attachments.beginUpload(input)),
  uploadChunk: publicProcedure
    .input(uploadChunkInput)
    .mutation(({ ctx, input }) => ctx.attachments.uploadChunk(input)),
  finishUpload: publicProcedure
    .input(uploadIdInput)
    .mutation(({ ctx, input }) => ctx.attachments.finishUpload(input)),
  cancelUpload: publicProcedure
    .input(uploadIdInput)
    .mutation(({ ctx, input }) => ctx.attachments.cancelUpload(input)),
  settings: publicProcedure.input(z.void()).query(({ ctx }) => ctx.attachments.settings()),
  setSettings: publicProcedure
    .input(attachmentSettingsSchema.partial())
    .mutation(({ ctx, input }) => ctx.attachments.setSettings(input)),
  delete: publicProcedure
    .input(attachmentIdInput)
    .mutation(({ ctx, input }) => ctx.attachments.delete(input.id)),
  rename: publicProcedure
    .input(attachmentIdInput.extend({ path: vaultPathSchema }))
    .mutation(({ ctx, input }) => ctx.attachments.rename(input.id, input.path)),
  /** Live: one event per change (and when downloaded bytes arrive). */
  changes: publicProcedure.input(z.void()).subscription(async function* ({ ctx, signal }) {
    const changes = subscribeAsIterable(ctx.attachments.changes(), signal);
    try {
      yield { ids: [] as string[] };
      yield* changes;
    } finally {
      await changes.return(undefined);
    }
  }),
});
