import {
  accountSchema,
  createInviteInput,
  deviceSessionSchema,
  inviteSchema,
  revokeSessionInput,
  sessionGrantSchema,
  signInInput,
  signUpInput,
} from '../../src-shared/sync/account';
import { adminProcedure, authedProcedure, publicProcedure, router, type SyncServerContext } from '../trpc';

/**
 * A4: a revoked device's open streams must end. Announcing the vault's current seq on the change
 * bus wakes them now, in every server process, and a seq that does not advance is what makes a
 * stream re-check its session even right after a commit (vault-stream.ts); without the bus they
 * still end at their periodic re-check.
 */
async function wakeVaultStreams(ctx: SyncServerContext, vaultId: string): Promise<void> {
  try {
    const change = { vaultId, seq: await ctx.store.latestSeq(vaultId) };
    // Outside a transaction NOTIFY goes out at once; the Redis bus publishes in afterCommit.
    await ctx.bus.announceInTransaction(ctx.sql, change);
    await ctx.bus.afterCommit(change);
  } catch (error) {
    ctx.logger.warn(
      { err: error },
      'could not announce a revoked session; its streams end at their next re-check',
    );
  }
}

export const authRouter = router({
  signUp: publicProcedure
    .input(signUpInput)
    .output(sessionGrantSchema)
    .mutation(({ ctx, input }) => ctx.auth.signUp(input)),

  signIn: publicProcedure
    .input(signInInput)
    .output(sessionGrantSchema)
    .mutation(({ ctx, input }) => ctx.auth.signIn(input)),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.auth.signOut(ctx.session);
    await wakeVaultStreams(ctx, ctx.session.vaultId);
  }),

  me: authedProcedure.output(accountSchema).query(({ ctx }) => ctx.session),

  devices: authedProcedure
    .output(deviceSessionSchema.array())
    .query(({ ctx }) => ctx.auth.listDevices(ctx.session)),

  revokeDevice: authedProcedure.input(revokeSessionInput).mutation(async ({ ctx, input }) => {
    await ctx.auth.revokeDevice(ctx.session, input.deviceId);
    await wakeVaultStreams(ctx, ctx.session.vaultId);
  }),
});

export const adminRouter = router({
  createInvite: adminProcedure
    .input(createInviteInput)
    .output(inviteSchema)
    .mutation(({ ctx, input }) => ctx.auth.createInvite(ctx.actor.userId, input)),
});
