import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import { subscribeAsIterable } from '../async-iterable';
import {
  jobByIdInput,
  jobReportInput,
  startExportInput,
  startImportInput,
} from '../../src-shared/api/vault-api';

/** `vault.*`: folder import and export as jobs in the host; the UI and the CLI watch and cancel them. */
export const vaultRouter = router({
  startImport: publicProcedure
    .input(startImportInput)
    .mutation(({ ctx, input }) => ctx.vault.startImport(input)),
  startExport: publicProcedure
    .input(startExportInput)
    .mutation(({ ctx, input }) => ctx.vault.startExport(input)),
  job: publicProcedure.input(jobByIdInput).query(({ ctx, input }) => ctx.vault.job(input.jobId)),
  cancel: publicProcedure.input(jobByIdInput).mutation(({ ctx, input }) => ctx.vault.cancel(input.jobId)),
  report: publicProcedure.input(jobReportInput).query(({ ctx, input }) => ctx.vault.report(input)),
  /** Live: every job's state first, then each update of any job. */
  jobs: publicProcedure.input(z.void()).subscription(async function* ({ ctx, signal }) {
    const updates = subscribeAsIterable(ctx.vault.jobs(), signal);
    try {
      for (const job of ctx.vault.list()) yield job;
      yield* updates;
    } finally {
      await updates.return(undefined);
    }
  }),
});
