import { consoleMeSchema, consoleSignInInput, type ConsoleMe } from '../../src-shared/sync/admin';
import { rejection } from '../errors';
import {
  adminProcedure,
  consoleCookie,
  publicProcedure,
  refuse,
  router,
  type SyncServerContext,
} from '../trpc';

/**
 * The admin console's own session (docs/sync-protocol.md K1–K4): sign-in with an email and
 * password makes a cookie session for an enabled admin, and nothing else. The cookie is httpOnly,
 * so the console's script never holds it; the console's other calls are the `admin.*` procedures.
 */

function meOf(ctx: SyncServerContext, actor: { userId: string; email: string }): ConsoleMe {
  return {
    userId: actor.userId,
    email: actor.email,
    registration: ctx.config.registration,
    serverVersion: ctx.serverVersion,
  };
}

/** K2 for the calls that come before (sign-in) or without (sign-out) a valid cookie. */
const consoleOnly = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.consoleRequest) throw refuse('UNAUTHENTICATED');
  return next();
});

export const consoleRouter = router({
  // The security helper's sign-in rate limit (per IP and per account) wraps this procedure.
  signIn: consoleOnly
    .input(consoleSignInInput)
    .output(consoleMeSchema)
    // S12: the console's sign-in shares the device sign-in's limits (per IP and per account).
    .mutation(({ ctx, input }) =>
      ctx.limits.guard('signIn', { ip: ctx.ip, account: input.email }, async () => {
        const user = await ctx.auth.verifyCredentials(input.email, input.password);
        if (!user) {
          await ctx.audit.record({ action: 'console_sign_in_failed', targetEmail: input.email, ip: ctx.ip });
          throw rejection('BAD_CREDENTIALS');
        }
        // K1: a correct password is not enough; the refusal may say why, since the caller proved who they are.
        const refusal = user.disabled ? 'ACCOUNT_DISABLED' : user.role !== 'admin' ? 'NOT_ADMIN' : null;
        if (refusal) {
          await ctx.audit.record({
            action: 'console_sign_in_failed',
            actorId: user.userId,
            actorEmail: user.email,
            targetId: user.userId,
            targetEmail: user.email,
            ip: ctx.ip,
            details: { reason: refusal },
          });
          throw rejection(refusal);
        }
        const token = await ctx.consoleSessions.create(user.userId, { ip: ctx.ip, userAgent: ctx.userAgent });
        ctx.setCookie?.(consoleCookie(token, ctx));
        await ctx.audit.record({
          action: 'console_sign_in',
          actorId: user.userId,
          actorEmail: user.email,
          ip: ctx.ip,
        });
        return meOf(ctx, user);
      }),
    ),

  /** Ends the session the cookie names (if any) and clears the cookie either way. */
  signOut: consoleOnly.mutation(async ({ ctx }) => {
    if (ctx.consoleToken) {
      const current = await ctx.consoleSessions.authenticate(ctx.consoleToken);
      await ctx.consoleSessions.end(ctx.consoleToken);
      if (current) {
        await ctx.audit.record({
          action: 'console_sign_out',
          actorId: current.actor.userId,
          actorEmail: current.actor.email,
          ip: ctx.ip,
        });
        // A rotation during this very call left a new token: end that one too.
        if (current.rotatedToken) await ctx.consoleSessions.end(current.rotatedToken);
      }
    }
    ctx.setCookie?.(consoleCookie(null, ctx));
  }),

  me: adminProcedure.output(consoleMeSchema).query(({ ctx }) => meOf(ctx, ctx.actor)),
});
