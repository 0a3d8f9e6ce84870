import { z } from 'zod';
import { publicProcedure, router } from '../trpc';

export const tagsRouter = router({
  tree: publicProcedure.input(z.void()).query(({ ctx }) => ctx.tags.tree()),
});
