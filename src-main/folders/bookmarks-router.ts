import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import { setBookmarksInput } from '../../src-shared/api/bookmarks-api';

export const bookmarksRouter = router({
  list: publicProcedure.input(z.void()).query(({ ctx }) => ctx.bookmarks.list()),
  set: publicProcedure.input(setBookmarksInput).mutation(({ ctx, input }) => ctx.bookmarks.set(input.items)),
});
