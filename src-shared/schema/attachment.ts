import { z } from 'zod';
import { isWellFormedText } from './note';

/**
 * An attachment: any file of the vault that is not a note (images, PDFs, recordings, canvases,
 * a `.md` that could not be kept as a note). Its bytes live outside the database, content-addressed
 * by SHA-256 (identical files are stored once); this record is what replicates (docs/sync-protocol.md
 * B1–B10).
 */
export const ATTACHMENT_LIMITS = {
  idMaxLength: 64,
  /** The relative path in the vault, '/'-separated: long nested paths fit (Linux: 4,096 bytes). */
  pathMaxLength: 1024,
  mediaTypeMaxLength: 127,
  /** The default per-file limit (the sync server's is configurable). */
  defaultFileBytesMax: 200 * 1024 * 1024,
} as const;

export const sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'A SHA-256 hash is 64 lowercase hex digits');

/**
 * A relative vault path: '/'-separated segments, none empty, '.' or '..', no leading '/', no NUL,
 * well-formed text. Everything else (spaces, '#', '%', '[ ]', leading dots, any script, NFD) is kept.
 */
export const vaultPathSchema = z
  .string()
  .min(1)
  .max(ATTACHMENT_LIMITS.pathMaxLength)
  .refine(
    (p) => p.split('/').every((part) => part !== '' && part !== '.' && part !== '..'),
    'A vault path is relative, with no empty, "." or ".." segment',
  )
  .refine((p) => !p.includes('\u0000') && !p.includes('\\'), 'A vault path cannot contain NUL or "\\"')
  .refine(isWellFormedText, 'A vault path must be well-formed text');

export const attachmentSchema = z.object({
  id: z
    .string()
    .min(1)
    .max(ATTACHMENT_LIMITS.idMaxLength)
    .regex(/^[A-Za-z0-9_-]+$/),
  /** Relative path in the vault, exactly as imported or named (`assets/Photo 1.PNG`). */
  path: vaultPathSchema,
  hash: sha256HexSchema,
  size: z.number().int().nonnegative(),
  /** e.g. `image/png`; `application/octet-stream` when unknown. */
  mediaType: z.string().min(1).max(ATTACHMENT_LIMITS.mediaTypeMaxLength),
  createdAt: z.number().int().nonnegative(),
  /** Also the exported file's modification time. */
  updatedAt: z.number().int().nonnegative(),
  /** 0 while the attachment is live; the time it was deleted otherwise (indexes cannot hold null). */
  deletedAt: z.number().int().nonnegative(),
  /**
   * B10: set when sync moved this attachment off a path another device had given other bytes
   * (`photo.png` → `photo 1.png`): the path it was meant to have. The UI can say why it moved.
   */
  renamedFrom: vaultPathSchema.optional(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

/** 1: `renamedFrom` (an optional field; version 0 documents migrate unchanged). */
export const ATTACHMENT_SCHEMA_VERSION = 1;

export const attachmentRxSchema = {
  title: 'attachment',
  version: ATTACHMENT_SCHEMA_VERSION,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: ATTACHMENT_LIMITS.idMaxLength },
    path: { type: 'string', maxLength: ATTACHMENT_LIMITS.pathMaxLength },
    hash: { type: 'string', maxLength: 64 },
    size: { type: 'integer', minimum: 0, maximum: 9_007_199_254_740_991, multipleOf: 1 },
    mediaType: { type: 'string', maxLength: ATTACHMENT_LIMITS.mediaTypeMaxLength },
    createdAt: { type: 'integer', minimum: 0, maximum: 8_640_000_000_000_000, multipleOf: 1 },
    updatedAt: { type: 'integer', minimum: 0, maximum: 8_640_000_000_000_000, multipleOf: 1 },
    deletedAt: { type: 'integer', minimum: 0, maximum: 8_640_000_000_000_000, multipleOf: 1 },
    renamedFrom: { type: 'string', maxLength: ATTACHMENT_LIMITS.pathMaxLength },
  },
  required: ['id', 'path', 'hash', 'size', 'mediaType', 'createdAt', 'updatedAt', 'deletedAt'],
  indexes: [
    ['deletedAt', 'path', 'id'],
    ['hash', 'id'],
  ],
  additionalProperties: false,
} as const;

/** Version 0 → 1 added only an optional field. */
export const attachmentMigrationStrategies = {
  1: (doc: Attachment): Attachment => doc,
};

export function toAttachment(doc: Attachment): Attachment {
  const { id, path, hash, size, mediaType, createdAt, updatedAt, deletedAt, renamedFrom } = doc;
  return {
    id,
    path,
    hash,
    size,
    mediaType,
    createdAt,
    updatedAt,
    deletedAt,
    ...(renamedFrom === undefined ? {} : { renamedFrom }),
  };
}
