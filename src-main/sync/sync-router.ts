import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import { subscribeAsIterable } from '../async-iterable';
import { revokeDeviceInput, syncSignInInput, syncSignUpInput } from '../../src-shared/api/sync-api';

/** `sync.*`: the account and the status of this vault's sync (docs/sync-protocol.md). */
export const syncRouter = router({
  status: publicProcedure.input(z.void()).query(({ ctx }) => ctx.sync.status()),
  /** Live: the current status at once, then every change. */
  onStatus: publicProcedure
    .input(z.void())
    .subscription(({ ctx, signal }) => subscribeAsIterable(ctx.sync.status$, signal)),
  signIn: publicProcedure.input(syncSignInInput).mutation(({ ctx, input }) => ctx.sync.signIn(input)),
  signUp: publicProcedure.input(syncSignUpInput).mutation(({ ctx, input }) => ctx.sync.signUp(input)),
  signOut: publicProcedure.input(z.void()).mutation(({ ctx }) => ctx.sync.signOut()),
  syncNow: publicProcedure.input(z.void()).mutation(({ ctx }) => ctx.sync.syncNow()),
  devices: publicProcedure.input(z.void()).query(({ ctx }) => ctx.sync.devices()),
  /** Q7: the account's stored bytes and quota (the account dialog's bar). */
  storage: publicProcedure.input(z.void()).query(({ ctx }) => ctx.sync.storage()),
  revokeDevice: publicProcedure
    .input(revokeDeviceInput)
    .mutation(({ ctx, input }) => ctx.sync.revokeDevice(input.deviceId)),
});
