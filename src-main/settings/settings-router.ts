import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import { subscribeAsIterable } from '../async-iterable';
import { updatePreferencesInput } from '../../src-shared/api/settings-api';

export const settingsRouter = router({
  preferences: publicProcedure.input(z.void()).query(({ ctx }) => ctx.preferences.get()),
  updatePreferences: publicProcedure
    .input(updatePreferencesInput)
    .mutation(({ ctx, input }) => ctx.preferences.update(input)),
  preferencesChanged: publicProcedure
    .input(z.void())
    .subscription(({ ctx, signal }) => subscribeAsIterable(ctx.preferences.changes$, signal)),
});
