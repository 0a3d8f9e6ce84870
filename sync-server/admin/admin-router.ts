import { z } from 'zod';
import { createInviteInput, inviteSchema } from '../../src-shared/sync/account';
import {
  adminDeviceSchema,
  adminInviteSchema,
  adminUserSchema,
  auditPageSchema,
  createAdminInviteInput,
  createUserInput,
  listAuditInput,
  listUsersInput,
  quotaDefaultsSchema,
  resetPasswordInput,
  revokeAdminDeviceInput,
  revokeInviteInput,
  scheduledPurgeSchema,
  setDisabledInput,
  setRoleInput,
  setUserQuotaInput,
  userPageSchema,
  userRefInput,
} from '../../src-shared/sync/admin';
import { adminProcedure, router, type AdminActor } from '../trpc';
import { healthRouter, jobsRouter, usageRouter } from '../ops/ops-router';
import type { AdminCaller } from './admin-service';

/**
 * `admin.*`: every procedure starts from `adminProcedure` (G1), which is where the role is
 * checked; the handlers only call the admin service, the same functions the CLI calls.
 */

const caller = (ctx: { actor: AdminActor; ip: string | null }): AdminCaller => ({
  actor: ctx.actor,
  ip: ctx.ip,
});

const usersRouter = router({
  list: adminProcedure
    .input(listUsersInput)
    .output(userPageSchema)
    .query(({ ctx, input }) => ctx.admin.listUsers(input.query, input.offset, input.limit)),
  get: adminProcedure
    .input(userRefInput)
    .output(adminUserSchema)
    .query(({ ctx, input }) => ctx.admin.getUser(input.userId)),
  create: adminProcedure
    .input(createUserInput)
    .output(adminUserSchema)
    .mutation(({ ctx, input }) => ctx.admin.createUser(caller(ctx), input.email, input.password, input.role)),
  setDisabled: adminProcedure
    .input(setDisabledInput)
    .output(adminUserSchema)
    .mutation(({ ctx, input }) => ctx.admin.setDisabled(caller(ctx), input.userId, input.disabled)),
  setRole: adminProcedure
    .input(setRoleInput)
    .output(adminUserSchema)
    .mutation(({ ctx, input }) => ctx.admin.setRole(caller(ctx), input.userId, input.role)),
  resetPassword: adminProcedure
    .input(resetPasswordInput)
    .output(adminUserSchema)
    // S18: limited per target account and per IP.
    .mutation(({ ctx, input }) =>
      ctx.limits.guard('passwordReset', { ip: ctx.ip, account: input.userId }, () =>
        ctx.admin.resetPassword(caller(ctx), input.userId, input.password),
      ),
    ),
  scheduleDeletion: adminProcedure
    .input(userRefInput)
    .output(scheduledPurgeSchema)
    .mutation(({ ctx, input }) => ctx.admin.scheduleDeletion(caller(ctx), input.userId)),
  cancelDeletion: adminProcedure
    .input(userRefInput)
    .output(adminUserSchema)
    .mutation(({ ctx, input }) => ctx.admin.cancelDeletion(caller(ctx), input.userId)),
  devices: adminProcedure
    .input(userRefInput)
    .output(adminDeviceSchema.array())
    .query(({ ctx, input }) => ctx.admin.listDevices(input.userId)),
});

const devicesRouter = router({
  revoke: adminProcedure
    .input(revokeAdminDeviceInput)
    .output(z.void())
    .mutation(({ ctx, input }) => ctx.admin.revokeDevice(caller(ctx), input.deviceId)),
});

const invitesRouter = router({
  create: adminProcedure
    .input(createAdminInviteInput)
    .output(adminInviteSchema)
    .mutation(({ ctx, input }) => ctx.admin.createInvite(caller(ctx), input)),
  list: adminProcedure.output(adminInviteSchema.array()).query(({ ctx }) => ctx.admin.listInvites()),
  revoke: adminProcedure
    .input(revokeInviteInput)
    .output(z.void())
    .mutation(({ ctx, input }) => ctx.admin.revokeInvite(caller(ctx), input.inviteId)),
});

const quotasRouter = router({
  defaults: adminProcedure.output(quotaDefaultsSchema).query(({ ctx }) => ctx.admin.quotaDefaults()),
  setDefaults: adminProcedure
    .input(quotaDefaultsSchema)
    .output(quotaDefaultsSchema)
    .mutation(({ ctx, input }) => ctx.admin.setQuotaDefaults(caller(ctx), input)),
  setUser: adminProcedure
    .input(setUserQuotaInput)
    .output(adminUserSchema)
    .mutation(({ ctx, input }) =>
      ctx.admin.setUserQuota(caller(ctx), input.userId, {
        quotaBytes: input.quotaBytes,
        maxFileBytes: input.maxFileBytes,
      }),
    ),
});

const auditRouter = router({
  list: adminProcedure
    .input(listAuditInput)
    .output(auditPageSchema)
    .query(({ ctx, input }) => ctx.admin.listAudit(input)),
});

/** The admin API's parts; the ops parts (jobs, usage, health) are added beside these. */
export const adminRoutes = {
  /** The desktop's invite dialog (older than the console): the code and its expiry. */
  createInvite: adminProcedure
    .input(createInviteInput)
    .output(inviteSchema)
    .mutation(async ({ ctx, input }) => {
      const invite = await ctx.admin.createInvite(caller(ctx), input);
      return { code: invite.code, email: invite.email, expiresAt: invite.expiresAt };
    }),
  users: usersRouter,
  devices: devicesRouter,
  invites: invitesRouter,
  quotas: quotasRouter,
  audit: auditRouter,
};

export const adminRouter = router({
  ...adminRoutes,
  // O6–O9: the jobs, usage and health pages.
  jobs: jobsRouter,
  usage: usageRouter,
  health: healthRouter,
});
