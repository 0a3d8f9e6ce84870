import { z } from 'zod';
import {
  jobSchema,
  runJobInput,
  serverHealthSchema,
  usageRangeSchema,
  usageSeriesSchema,
} from '../../src-shared/sync/admin';
import { adminProcedure, router } from '../trpc';
import { serverHealth } from './health';
import { currentUsagePoint, usageSeries } from './usage-series';

/** admin.jobs: the jobs page (O6). */
export const jobsRouter = router({
  list: adminProcedure.output(jobSchema.array()).query(({ ctx }) => ctx.ops.jobs.list()),
  runNow: adminProcedure
    .input(runJobInput)
    .output(z.object({ queued: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const queued = await ctx.ops.jobs.runNow(input.name);
      await ctx.audit.record({
        action: 'job_run_requested',
        actorId: ctx.actor.userId,
        actorEmail: ctx.actor.email,
        ip: ctx.ip,
        details: { job: input.name, queued },
      });
      return { queued };
    }),
});

/** admin.usage: the usage dashboard (O9). */
export const usageRouter = router({
  series: adminProcedure
    .input(z.object({ range: usageRangeSchema }))
    .output(usageSeriesSchema)
    .query(async ({ ctx, input }) => {
      const now = ctx.clock.now();
      const [points, current] = await Promise.all([
        usageSeries(ctx.sql, input.range, now, ctx.config.retention.usageSnapshotEveryMs),
        currentUsagePoint(ctx.sql, now, ctx.metrics.peekUsageWindow(), ctx.ops.startedAtWall),
      ]);
      return { range: input.range, points, current };
    }),
});

/** admin.health: the health page (O7). */
export const healthRouter = router({
  get: adminProcedure.output(serverHealthSchema).query(({ ctx }) =>
    serverHealth({
      sql: ctx.sql,
      bus: ctx.bus,
      config: ctx.config,
      blobStore: ctx.ops.blobStore,
      serverVersion: ctx.serverVersion,
      startedAt: ctx.ops.startedAt,
    }),
  ),
});
