import { z } from 'zod';
import { copyNote, noteSchema, type Note } from '../schema/note';
import { attachmentSchema, toAttachment, type Attachment } from '../schema/attachment';
import { clientIdSchema } from './account';

/**
 * The wire contract between a Quire device and the sync server (docs/sync-protocol.md).
 * Runtime-neutral: the desktop main process, the renderer (types only) and the server import it.
 */

/** Bumped whenever a change to this file would make an older peer misread a message (rule R1). */
export const SYNC_PROTOCOL_VERSION = 2;

/** Limits the server enforces (rule R10); devices keep their own batches inside them. */
export const SYNC_LIMITS = {
  pullBatchMax: 2_000,
  pushRowsMax: 2_000,
  /** UTF-8 bytes of one document's JSON: a 1,000,000-character note of 4-byte characters fits. */
  documentBytesMax: 4 * 1024 * 1024,
  /** One HTTP body or WebSocket message. */
  requestBytesMax: 32 * 1024 * 1024,
  revisionsPageMax: 100,
} as const;

/** Named reasons a request is refused; the UI and the tests match on these, never on wording. */
export const syncRejectionReasonSchema = z.enum([
  'CLIENT_TOO_OLD',
  'SERVER_TOO_OLD',
  'UNAUTHENTICATED',
  'VAULT_NOT_FOUND',
  'BATCH_TOO_LARGE',
  'DOCUMENT_TOO_LARGE',
  'REQUEST_TOO_LARGE',
  'INVALID_DOCUMENT',
  'DUPLICATE_ID',
  'REGISTRATION_CLOSED',
  'INVITE_INVALID',
  'EMAIL_TAKEN',
  'BAD_CREDENTIALS',
  'DEVICE_NOT_FOUND',
  'NOT_ADMIN',
  'INVALID_REQUEST',
  'SERVER_ERROR',
  'BLOB_TOO_LARGE',
  'BLOB_HASH_MISMATCH',
  'BLOB_NOT_FOUND',
  'QUOTA_EXCEEDED',
  'RATE_LIMITED',
  'WEAK_PASSWORD',
  'ACCOUNT_DISABLED',
  'USER_NOT_FOUND',
  'LAST_ADMIN',
]);
export type SyncRejectionReason = z.infer<typeof syncRejectionReasonSchema>;

/**
 * The replicated collections. Both share the vault's one sequence (R4) and every rule of
 * "Replication"; each has its own checkpoint and its own document schema (B7).
 */
export const syncCollectionSchema = z.enum(['notes', 'attachments']);
export type SyncCollection = z.infer<typeof syncCollectionSchema>;

export const vaultIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'Vault ids contain only letters, digits, "-" and "_"');

/** A server sequence number: per vault, allocated in commit order (rules R4, R6). Never a clock. */
export const syncCheckpointSchema = z.object({ seq: z.number().int().nonnegative() }).strict();
export type SyncCheckpoint = z.infer<typeof syncCheckpointSchema>;

/**
 * A note as it travels: the note's own fields plus RxDB's `_deleted`. Strict, so a field an
 * older server does not know is refused (INVALID_DOCUMENT) rather than silently dropped.
 * Server bookkeeping (seq, device, times) is never inside the document (rule R7).
 */
export const replicatedNoteSchema = noteSchema.extend({ _deleted: z.boolean() }).strict();
export type ReplicatedNote = z.infer<typeof replicatedNoteSchema>;

/**
 * The document as it replicates: the note's own fields and `_deleted` (false when not given),
 * without local bookkeeping (RxDB's _meta, _rev, _attachments; a version's revision). Listing the
 * fields makes the compiler flag a field added to the schema and not copied here.
 */
export function toReplicatedNote(doc: Note & { _deleted?: boolean }): ReplicatedNote {
  return { ...copyNote(doc), _deleted: doc._deleted ?? false };
}

/**
 * B7: an attachment record as it travels: path, hash, size, type, times, `deletedAt` (and a
 * conflict's `renamedFrom`), plus `_deleted`. Never its bytes: those go over `/blobs` (B1–B6).
 */
export const replicatedAttachmentSchema = attachmentSchema.extend({ _deleted: z.boolean() }).strict();
export type ReplicatedAttachment = z.infer<typeof replicatedAttachmentSchema>;

export function toReplicatedAttachment(doc: Attachment & { _deleted?: boolean }): ReplicatedAttachment {
  return { ...toAttachment(doc), _deleted: doc._deleted ?? false };
}

/** Each collection's document as it replicates. */
export interface ReplicatedDocuments {
  notes: ReplicatedNote;
  attachments: ReplicatedAttachment;
}
export type ReplicatedDocumentOf<C extends SyncCollection> = ReplicatedDocuments[C];
export type ReplicatedDocument = ReplicatedDocuments[SyncCollection];

export const replicatedDocumentSchemas = {
  notes: replicatedNoteSchema,
  attachments: replicatedAttachmentSchema,
} as const satisfies { [C in SyncCollection]: z.ZodType<ReplicatedDocuments[C]> };

const protocolFields = {
  protocolVersion: z.number().int().positive(),
  vaultId: vaultIdSchema,
  collection: syncCollectionSchema,
};

export const helloInput = z.object({
  protocolVersion: z.number().int().positive(),
  clientVersion: z.string().max(50),
});
export const helloOutput = z.object({
  protocolVersion: z.number().int(),
  minProtocolVersion: z.number().int(),
  serverVersion: z.string(),
  limits: z.object({
    pullBatchMax: z.number().int(),
    pushRowsMax: z.number().int(),
    documentBytesMax: z.number().int(),
    requestBytesMax: z.number().int(),
  }),
});
export type HelloOutput = z.infer<typeof helloOutput>;

export const pullInput = z.object({
  ...protocolFields,
  /** null: from the beginning of the vault. */
  checkpoint: syncCheckpointSchema.nullable(),
  batchSize: z.number().int().min(1).max(SYNC_LIMITS.pullBatchMax),
});
export type PullInput = z.infer<typeof pullInput>;

export const pullOutput = z.object({
  documents: z.array(replicatedNoteSchema),
  /** The seq of the last document returned; the input checkpoint when none was (rule R5). */
  checkpoint: syncCheckpointSchema.nullable(),
  /** Documents after `checkpoint` still to pull: progress bars show it during the first sync. */
  remaining: z.number().int().nonnegative(),
});
export type PullOutput = z.infer<typeof pullOutput>;
export const attachmentPullOutput = pullOutput.extend({ documents: z.array(replicatedAttachmentSchema) });
export type PullOutputOf<C extends SyncCollection> = Omit<PullOutput, 'documents'> & {
  documents: ReplicatedDocumentOf<C>[];
};

/** One row as the server checks it (R7, R10, R16): both states must be whole, valid notes. */
export const pushRowSchema = z.object({
  /** What the device believes the server holds; null when it believes the document is new. */
  assumedMasterState: replicatedNoteSchema.nullable(),
  newDocumentState: replicatedNoteSchema,
});
export type PushRow = z.infer<typeof pushRowSchema>;
export const attachmentPushRowSchema = z.object({
  assumedMasterState: replicatedAttachmentSchema.nullable(),
  newDocumentState: replicatedAttachmentSchema,
});
export type PushRowOf<C extends SyncCollection> = {
  assumedMasterState: ReplicatedDocumentOf<C> | null;
  newDocumentState: ReplicatedDocumentOf<C>;
};
export const pushRowSchemas = {
  notes: pushRowSchema,
  attachments: attachmentPushRowSchema,
} as const satisfies { [C in SyncCollection]: z.ZodType<PushRowOf<C>> };

/**
 * R10: a row is read leniently first, as an object naming a note id, so that one row the server
 * cannot accept is rejected alone (`rejected`) and the rest of the push is still written. Each
 * row is then checked against `pushRowSchema` on its own. A row that does not even name an id
 * cannot be answered for and refuses the whole push (INVALID_DOCUMENT).
 */
export const pushRowEnvelopeSchema = z.object({
  assumedMasterState: z.unknown(),
  newDocumentState: z.looseObject({ id: z.string().min(1).max(256) }),
});

export const pushInput = z.object({
  ...protocolFields,
  rows: z.array(pushRowEnvelopeSchema).min(1).max(SYNC_LIMITS.pushRowsMax),
});
export type PushInput = z.infer<typeof pushInput>;

/** Reasons a single row is rejected while the rest of its push is written (R10, R16). */
export const pushRowRejectionReasonSchema = syncRejectionReasonSchema.extract([
  'INVALID_DOCUMENT',
  'DOCUMENT_TOO_LARGE',
]);
export type PushRowRejectionReason = z.infer<typeof pushRowRejectionReasonSchema>;

/** A row the server did not write because of the row itself (R10); never carries note text. */
export const pushRejectionSchema = z.object({
  id: z.string(),
  reason: syncRejectionReasonSchema,
});
export type PushRejection = z.infer<typeof pushRejectionSchema>;

export const pushOutput = z.object({
  /** The current master of every row that was not written (rule R7); [] when all were. */
  conflicts: z.array(replicatedNoteSchema),
  /**
   * R10: rows refused for themselves (invalid, too large), by id; nothing of them was written,
   * everything else of the push was. Defaults to [] so an older server's answer still reads.
   */
  rejected: z.array(pushRejectionSchema).default([]),
});
export type PushOutput = z.infer<typeof pushOutput>;
export const attachmentPushOutput = pushOutput.extend({ conflicts: z.array(replicatedAttachmentSchema) });
export type PushOutputOf<C extends SyncCollection> = Omit<PushOutput, 'conflicts'> & {
  conflicts: ReplicatedDocumentOf<C>[];
};

export const streamInput = z.object(protocolFields);
export type StreamInput = z.infer<typeof streamInput>;

export const streamEventSchema = z.union([
  z.literal('RESYNC'),
  z.object({ documents: z.array(replicatedNoteSchema), checkpoint: syncCheckpointSchema }),
]);
export type StreamEvent = z.infer<typeof streamEventSchema>;
export const attachmentStreamEventSchema = z.union([
  z.literal('RESYNC'),
  z.object({ documents: z.array(replicatedAttachmentSchema), checkpoint: syncCheckpointSchema }),
]);
export type StreamEventOf<C extends SyncCollection> =
  'RESYNC' | { documents: ReplicatedDocumentOf<C>[]; checkpoint: SyncCheckpoint };

/** A replaced version kept by the server (rule R11). */
export const revisionSchema = z.object({
  revisionId: z.string(),
  documentId: z.string(),
  /** The seq the replaced version had while it was the master. */
  seq: z.number().int(),
  replacedAt: z.number().int(),
  /** The device whose write replaced it; null if that device was since removed. */
  replacedByDevice: z.string().nullable(),
  document: replicatedNoteSchema,
});
export type Revision = z.infer<typeof revisionSchema>;

export const listRevisionsInput = z.object({
  ...protocolFields,
  documentId: clientIdSchema,
  limit: z.number().int().min(1).max(SYNC_LIMITS.revisionsPageMax).default(50),
});
export const listRevisionsOutput = z.object({ revisions: z.array(revisionSchema) });
