import { z } from 'zod';
import { failureReasonSchema } from '../errors/reasons';

/**
 * `vault.*`: importing a folder into the vault and exporting the vault to a folder. The work runs
 * in the host, in batches, as a job; the UI and the CLI watch its progress and may cancel it.
 */

/** A directory on the host's machine: absolute, as the OS picker or the user typed it. */
export const hostDirSchema = z
  .string()
  .trim()
  .min(1, 'Choose a folder')
  .max(4096)
  .refine((p) => !p.includes('\u0000'), 'A path cannot contain NUL');

/** What to do with a file whose path matches a note or attachment already in the vault. */
export const onExistingSchema = z.enum(['skip', 'update', 'keepBoth']);
export type OnExisting = z.infer<typeof onExistingSchema>;

export const startImportInput = z.object({
  dir: hostDirSchema,
  /** Folders whose names start with '.' (`.obsidian`, `.trash`, `.git`) are skipped unless set. */
  includeHidden: z.boolean().default(false),
  onExisting: onExistingSchema.default('skip'),
});
export type StartImportInput = z.input<typeof startImportInput>;

export const startExportInput = z.object({
  dir: hostDirSchema,
  /** Export into a folder that already holds files (they are overwritten where paths match). */
  allowNonEmpty: z.boolean().default(false),
});
export type StartExportInput = z.input<typeof startExportInput>;

export const jobIdSchema = z.string().min(1).max(64);

/**
 * Why an entry is in the report. Each kind has its words in the UI (`reportKindWords`); none
 * of them loses a byte: the file is kept in another form, or it was skipped as asked.
 */
export const reportKindSchema = z.enum([
  /** A hidden folder (`.obsidian`, …), skipped as asked. */
  'HIDDEN_SKIPPED',
  /** A `.md` that is not valid UTF-8: kept as an attachment at its path, byte for byte. */
  'NOT_UTF8',
  /** A `.md` holding U+0000, which notes cannot hold: kept as an attachment. */
  'HAS_NUL',
  /** A `.md` longer than a note can be: kept as an attachment. */
  'TOO_LONG',
  /** A name that collides with another on a case-insensitive or Unicode-normalising disk: the later one kept as an attachment. */
  'NAME_COLLISION',
  /** A path too long for the vault: skipped. */
  'PATH_TOO_LONG',
  /** A file whose size exceeds the attachment limit: skipped. */
  'FILE_TOO_LARGE',
  /** A name that is not valid UTF-8 on disk: skipped (it could not be written back by name). */
  'NAME_NOT_UTF8',
  /** A symbolic link, device or socket: not followed. */
  'NOT_A_FILE',
  /** Already in the vault at this path, left as it was (onExisting: skip). */
  'EXISTING_SKIPPED',
  /** Already in the vault at this path, replaced (onExisting: update). */
  'EXISTING_UPDATED',
  /** Already in the vault at this path; imported beside it under a new name (onExisting: keepBoth). */
  'EXISTING_KEPT_BOTH',
  /** A name Windows cannot hold (`:`, `?`, `CON`, a trailing dot…): kept, but export there would fail. */
  'ILLEGAL_ON_WINDOWS',
  /** Reading the file failed (permissions, vanished while importing). */
  'UNREADABLE',
]);
export type ReportKind = z.infer<typeof reportKindSchema>;

export const reportEntrySchema = z.object({
  /** The file's relative path in the imported folder, '/'-separated. */
  path: z.string(),
  kind: reportKindSchema,
  /** Where it went, when not where it was (`Ideas (2).md`). */
  keptAs: z.string().optional(),
});
export type ReportEntry = z.infer<typeof reportEntrySchema>;

export const jobStateSchema = z.enum(['scanning', 'running', 'done', 'cancelled', 'failed']);
export type JobState = z.infer<typeof jobStateSchema>;

export const vaultJobSchema = z.object({
  jobId: jobIdSchema,
  kind: z.enum(['import', 'export']),
  dir: z.string(),
  state: jobStateSchema,
  /** Files found (import) or to write (export); grows while scanning. */
  filesTotal: z.number().int().nonnegative(),
  filesDone: z.number().int().nonnegative(),
  bytesTotal: z.number().int().nonnegative(),
  bytesDone: z.number().int().nonnegative(),
  notes: z.number().int().nonnegative(),
  attachments: z.number().int().nonnegative(),
  /** Entries in the report so far. */
  reported: z.number().int().nonnegative(),
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  /** Estimated milliseconds left; null until it can be told. */
  etaMs: z.number().int().nonnegative().nullable(),
  /** Set when state is 'failed'. */
  reason: failureReasonSchema.optional(),
});
export type VaultJob = z.infer<typeof vaultJobSchema>;

export const jobByIdInput = z.object({ jobId: jobIdSchema });

export const REPORT_PAGE_MAX = 1000;
export const jobReportInput = z.object({
  jobId: jobIdSchema,
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(REPORT_PAGE_MAX).default(REPORT_PAGE_MAX),
});
export const jobReportOutput = z.object({
  total: z.number().int(),
  entries: z.array(reportEntrySchema),
});
export type JobReport = z.infer<typeof jobReportOutput>;
