import { z } from 'zod';
import { publicProcedure, router } from '../trpc';
import {
  getSnapshotInput,
  listSnapshotsInput,
  restoreVersionInput,
  setSnapshotSettingsInput,
} from '../../src-shared/api/snapshots-api';

export const snapshotsRouter = router({
  /** The note's local snapshots, newest first, without their text. */
  list: publicProcedure
    .input(listSnapshotsInput)
    .query(({ ctx, input }) => ({ snapshots: ctx.snapshots.list(input.id) })),
  /** One snapshot with its text; SNAPSHOT_NOT_FOUND once pruned. */
  get: publicProcedure
    .input(getSnapshotInput)
    .query(({ ctx, input }) => ctx.snapshots.get(input.id, input.snapshotId)),
  /** Writes a snapshot or a server revision back as an edit over `base` (E1), keeping the current text first. */
  restore: publicProcedure
    .input(restoreVersionInput)
    .mutation(({ ctx, input }) => ctx.snapshots.restore(input)),
  settings: publicProcedure.input(z.void()).query(({ ctx }) => ctx.snapshots.settings()),
  setSettings: publicProcedure
    .input(setSnapshotSettingsInput)
    .mutation(({ ctx, input }) => ctx.snapshots.setSettings(input)),
});
