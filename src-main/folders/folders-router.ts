import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import {
  createFolderInput,
  deleteFolderInput,
  existingFolderSchema,
  folderPathSchema,
  setFolderSettingsInput,
} from '../../src-shared/api/folders-api';

export const foldersRouter = router({
  tree: publicProcedure.input(z.void()).query(({ ctx }) => ctx.folders.tree()),
  create: publicProcedure
    .input(createFolderInput)
    .mutation(({ ctx, input }) => ctx.folders.create(input.path)),
  delete: publicProcedure
    .input(deleteFolderInput)
    .mutation(({ ctx, input }) => ctx.folders.delete(input.path)),
  /** After `refactor.moveFolder`: the device's empty subfolders and collapsed state follow. */
  moved: publicProcedure
    .input(
      z
        .object({ from: existingFolderSchema, to: folderPathSchema })
        .refine((v) => v.to !== v.from && !v.to.startsWith(`${v.from}/`), {
          message: 'A folder cannot move into itself',
          path: ['to'],
        }),
    )
    .mutation(({ ctx, input }) => ctx.folders.moved(input.from, input.to)),
  settings: publicProcedure.input(z.void()).query(({ ctx }) => ctx.folders.settings()),
  setSettings: publicProcedure
    .input(setFolderSettingsInput)
    .mutation(({ ctx, input }) => ctx.folders.setSettings(input)),
});
