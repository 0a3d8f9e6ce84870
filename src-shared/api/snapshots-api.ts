import { z } from 'zod';
import { noteIdSchema } from '../schema/note';
import { noteBaseSchema } from './notes-api';

/** Why a snapshot was taken: shown as "while editing", "before a merge", "before a rename", "before a restore". */
export const snapshotReasonSchema = z.enum(['edit', 'merge', 'refactor', 'restore']);

/** The most snapshots one note keeps, whatever the settings say. */
export const SNAPSHOTS_PER_NOTE_MAX = 1_000;
export const SNAPSHOT_RETENTION_DAYS_MAX = 3_650;
/** The longest wait between two "while editing" snapshots of one note. */
export const SNAPSHOT_INTERVAL_SECONDS_MAX = 24 * 60 * 60;

/** How local version history keeps snapshots; kept in the host's settings file (`snapshots`). */
export const snapshotSettingsSchema = z.object({
  /** Snapshots older than this are pruned (at start and every few hours). */
  retentionDays: z.number().int().min(1).max(SNAPSHOT_RETENTION_DAYS_MAX),
  /** The newest this many snapshots of each note are kept. */
  perNoteCap: z.number().int().min(1).max(SNAPSHOTS_PER_NOTE_MAX),
  /** At most one "while editing" snapshot per note in this many seconds (0: one per burst of writes). */
  editIntervalSeconds: z.number().int().min(0).max(SNAPSHOT_INTERVAL_SECONDS_MAX),
});
export type SnapshotSettings = z.infer<typeof snapshotSettingsSchema>;

export const DEFAULT_SNAPSHOT_SETTINGS: SnapshotSettings = {
  retentionDays: 30,
  perNoteCap: 200,
  editIntervalSeconds: 5 * 60,
};

export const setSnapshotSettingsInput = snapshotSettingsSchema.partial();

export const snapshotIdSchema = z.number().int().positive();

/** One snapshot without its text (a list may hold hundreds of large ones). */
export const snapshotSummarySchema = z.object({
  snapshotId: snapshotIdSchema,
  noteId: noteIdSchema,
  reason: snapshotReasonSchema,
  /** When it was taken: the moment this text was about to be replaced. */
  takenAt: z.number(),
  /** When the note last changed before it was taken. */
  updatedAt: z.number(),
  title: z.string(),
  /** UTF-8 bytes of the body. */
  size: z.number().int().nonnegative(),
  /** Lines added and removed since the note's previous snapshot (all of it for the first). */
  added: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
});
export type SnapshotSummary = z.infer<typeof snapshotSummarySchema>;

export const snapshotSchema = snapshotSummarySchema.extend({ folder: z.string(), body: z.string() });
export type Snapshot = z.infer<typeof snapshotSchema>;

export const listSnapshotsInput = z.object({ id: noteIdSchema });
export const getSnapshotInput = z.object({ id: noteIdSchema, snapshotId: snapshotIdSchema });

/** A version to write back: a local snapshot or a revision the sync server kept (R11). */
export const restoreSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('snapshot'), snapshotId: snapshotIdSchema }),
  z.object({ kind: z.literal('revision'), revisionId: z.string().min(1).max(64) }),
]);
export type RestoreSource = z.infer<typeof restoreSourceSchema>;

/** E1: `base` is the version on screen; null when the note is gone from this device. */
export const restoreVersionInput = z
  .object({ id: noteIdSchema, base: noteBaseSchema.nullable(), from: restoreSourceSchema })
  .refine((v) => v.base === null || v.base.id === v.id, {
    message: 'The base of a write must be a version of the same note',
  });
export type RestoreVersionInput = z.input<typeof restoreVersionInput>;
