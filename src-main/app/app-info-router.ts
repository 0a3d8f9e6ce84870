import { z } from 'zod';
import { publicProcedure, router } from '../trpc';

export const appInfoRouter = router({
  info: publicProcedure.input(z.void()).query(({ ctx }) => ctx.appInfo),
});
