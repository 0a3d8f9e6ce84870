import { z } from 'zod';
import { attachmentSchema, sha256HexSchema, vaultPathSchema } from '../schema/attachment';
import { folderSchema } from '../schema/note';
import { failureReasonSchema } from '../errors/reasons';

/** `attachments.*` inputs and outputs. */

export const ATTACHMENTS_PAGE_MAX = 500;
/** One chunk of an upload from the UI: well inside the IPC link's 4 MB message (base64 grows it by 4/3). */
export const UPLOAD_CHUNK_BYTES_MAX = 1024 * 1024;

export const attachmentIdInput = z.object({ id: attachmentSchema.shape.id });

export const listAttachmentsInput = z.object({
  /** 'unused': attachments no live note links to (listed for clean-up; never deleted automatically). */
  filter: z.enum(['all', 'unused']).default('all'),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(ATTACHMENTS_PAGE_MAX).default(100),
});
export type ListAttachmentsInput = z.input<typeof listAttachmentsInput>;

export const attachmentSummarySchema = attachmentSchema.extend({
  /** Ids of the live notes that link to or embed it. */
  usedBy: z.array(z.string()),
  /** Whether this device holds the bytes (false while a synced attachment is still downloading). */
  local: z.boolean(),
  /**
   * Why sync holds this attachment back on this device (B8): its bytes cannot be uploaded, e.g.
   * BLOB_TOO_LARGE. Absent when it syncs. Other devices do not see it until that changes.
   */
  notSynced: failureReasonSchema.optional(),
});
export type AttachmentSummary = z.infer<typeof attachmentSummarySchema>;

export const listAttachmentsOutput = z.object({
  total: z.number().int(),
  items: z.array(attachmentSummarySchema),
});

/**
 * Link targets as a note writes them (`image.png`, `assets/image.png`, `../x.pdf`, URL-encoded),
 * resolved from the note's folder like Obsidian: exact relative path first, then the shortest
 * unique path ending with the target.
 */
export const resolveAttachmentsInput = z.object({
  fromFolder: folderSchema,
  targets: z.array(z.string().min(1).max(2048)).max(500),
});
export const resolvedAttachmentSchema = z.object({
  id: z.string(),
  path: z.string(),
  hash: sha256HexSchema,
  mediaType: z.string(),
  size: z.number().int(),
  local: z.boolean(),
});
export type ResolvedAttachment = z.infer<typeof resolvedAttachmentSchema>;
export const resolveAttachmentsOutput = z.record(z.string(), resolvedAttachmentSchema.nullable());

/** A file pasted or dropped into the editor, sent in chunks. */
export const beginUploadInput = z.object({
  /** The file's own name (`Screenshot 2026-12-02.png`); made unique in the attachments folder. */
  name: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  mediaType: z.string().max(127).optional(),
  /** The folder of the note it is pasted into: the attachments-folder setting may be relative to it. */
  noteFolder: folderSchema.default(''),
});
export const uploadChunkInput = z.object({
  uploadId: z.string().min(1).max(64),
  offset: z.number().int().nonnegative(),
  /** Base64 of at most UPLOAD_CHUNK_BYTES_MAX bytes. */
  data: z.string().max(Math.ceil((UPLOAD_CHUNK_BYTES_MAX * 4) / 3) + 4),
});
export const uploadIdInput = z.object({ uploadId: z.string().min(1).max(64) });

export const attachmentSettingsSchema = z.object({
  /** Where new attachments go: a vault folder ('' = vault root), or './sub' relative to the note's folder. */
  folder: z.string().max(512),
  /** How a pasted file is linked: `![[name.png]]` (wikilink) or `![](path)` (markdown). */
  linkStyle: z.enum(['wikilink', 'markdown']),
});
export type AttachmentSettings = z.infer<typeof attachmentSettingsSchema>;
export const DEFAULT_ATTACHMENT_SETTINGS: AttachmentSettings = {
  folder: 'attachments',
  linkStyle: 'wikilink',
};

export { vaultPathSchema };
