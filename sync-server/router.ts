import { helloInput, helloOutput, SYNC_LIMITS, SYNC_PROTOCOL_VERSION } from '../src-shared/sync/protocol';
import { authRouter } from './auth/auth-router';
import { adminRouter } from './admin/admin-router';
import { accountRouter } from './blobs/usage';
import { consoleRouter } from './admin/console-router';
import { replicationRouter } from './replication/replication-router';
import { MIN_PROTOCOL_VERSION, publicProcedure, router } from './trpc';

/** The whole server API. Devices import only `type SyncServerRouter`. */
export const syncServerRouter = router({
  /** R1: never refuses, so a device can explain a version mismatch before anyone signs in. */
  hello: publicProcedure
    .input(helloInput)
    .output(helloOutput)
    .query(({ ctx }) => ({
      protocolVersion: SYNC_PROTOCOL_VERSION,
      minProtocolVersion: MIN_PROTOCOL_VERSION,
      serverVersion: ctx.serverVersion,
      limits: {
        pullBatchMax: SYNC_LIMITS.pullBatchMax,
        pushRowsMax: SYNC_LIMITS.pushRowsMax,
        documentBytesMax: SYNC_LIMITS.documentBytesMax,
        requestBytesMax: SYNC_LIMITS.requestBytesMax,
      },
    })),
  auth: authRouter,
  admin: adminRouter,
  account: accountRouter,
  sync: replicationRouter,
  console: consoleRouter,
});

export type SyncServerRouter = typeof syncServerRouter;
