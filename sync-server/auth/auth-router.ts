import {
  accountSchema,
  deviceSessionSchema,
  revokeSessionInput,
  rotatedTokenSchema,
  sessionGrantSchema,
  signInInput,
  signUpInput,
} from '../../src-shared/sync/account';
import { authedProcedure, publicProcedure, router, type SyncServerContext } from '../trpc';
import { auditSelfRevoke, auditSignIn, auditSignOut, auditSignUp } from '../admin/auth-audit';

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
    // S12: counted before any hashing; with invitations on, a sign-up is an invite redemption.
    .mutation(({ ctx, input }) =>
      ctx.limits.guard(
        ctx.config.registration === 'invite' ? 'invite' : 'signUp',
        { ip: ctx.ip, account: input.email },
        () => auditSignUp(ctx, () => ctx.auth.signUp(input)),
      ),
    ),

  signIn: publicProcedure
    .input(signInInput)
    .output(sessionGrantSchema)
    .mutation(({ ctx, input }) =>
      ctx.limits.guard('signIn', { ip: ctx.ip, account: input.email }, () =>
        auditSignIn(ctx, input, () => ctx.auth.signIn(input)),
      ),
    ),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.auth.signOut(ctx.session);
    await auditSignOut(ctx, ctx.session);
    await wakeVaultStreams(ctx, ctx.session.vaultId);
  }),

  // S25: requireSession found a session, so ctx.token is the token it was found by.
  rotateToken: authedProcedure
    .output(rotatedTokenSchema)
    .mutation(async ({ ctx }) => ({ token: await ctx.auth.rotateToken(ctx.session, ctx.token ?? '') })),

  me: authedProcedure.output(accountSchema).query(({ ctx }) => ctx.session),

  devices: authedProcedure
    .output(deviceSessionSchema.array())
    .query(({ ctx }) => ctx.auth.listDevices(ctx.session)),

  revokeDevice: authedProcedure.input(revokeSessionInput).mutation(async ({ ctx, input }) => {
    await ctx.auth.revokeDevice(ctx.session, input.deviceId);
    await auditSelfRevoke(ctx, ctx.session, input.deviceId);
    await wakeVaultStreams(ctx, ctx.session.vaultId);
  }),
});

// `admin.*` (createInvite among it) is sync-server/admin/admin-router.ts.
