import { z } from 'zod';
import { syncRejectionReasonSchema } from '../sync/protocol';

/**
 * Every named reason a failure can carry, from the sync server to the words on screen. One closed
 * union: the server's refusals (docs/sync-protocol.md), the host's own, and the device's. Callers
 * branch on these, never on wording or on tRPC codes.
 */

/** The host's own expected failures (src-main services and routers). */
export const hostFailureReasonSchema = z.enum([
  'INVALID_INPUT',
  'NOTE_NOT_FOUND',
  'TEMPLATE_NOT_FOUND',
  'NOT_IN_TRASH',
  'CONFLICTS_REMAIN',
  'NOT_SIGNED_IN',
  'SIGN_IN_NOT_KEPT',
  'ALREADY_SIGNED_IN',
  'KEYCHAIN_UNAVAILABLE',
  'SHUTTING_DOWN',
  'REVISION_NOT_FOUND',
  'SNAPSHOT_NOT_FOUND',
  'JOB_NOT_FOUND',
  'ATTACHMENT_NOT_FOUND',
  'UPLOAD_NOT_FOUND',
  'IMPORT_DIR_NOT_FOUND',
  'EXPORT_DIR_NOT_EMPTY',
  'EXPORT_DIR_IN_VAULT',
  'FOLDER_EXISTS',
  'FOLDER_NOT_FOUND',
  'NOTE_NAME_TAKEN',
  'ALREADY_UNDONE',
  'UNDO_EXPIRED',
  'MENTION_CHANGED',
  'INTERNAL_ERROR',
]);
export type HostFailureReason = z.infer<typeof hostFailureReasonSchema>;

/**
 * The `quire` CLI's own: `VAULT_LOCKED` (the app has the vault open), `AMBIGUOUS_NOTE` (a title
 * names several notes), `SYNC_TIMEOUT` (sync did not settle in time), `EDITOR_FAILED` ($EDITOR
 * exited badly), `JOB_CANCELLED` (an import or export was stopped).
 */
export const cliFailureReasonSchema = z.enum([
  'VAULT_LOCKED',
  'AMBIGUOUS_NOTE',
  'SYNC_TIMEOUT',
  'EDITOR_FAILED',
  'JOB_CANCELLED',
]);
export type CliFailureReason = z.infer<typeof cliFailureReasonSchema>;

/**
 * What a caller adds itself when there is no named answer: `NETWORK` (the sync server could not be
 * reached), `HOST_UNREACHABLE` (the UI could not reach its own host process), `UNKNOWN` (an answer
 * without a reason).
 */
export const callerFailureReasonSchema = z.enum(['NETWORK', 'HOST_UNREACHABLE', 'UNKNOWN']);
export type CallerFailureReason = z.infer<typeof callerFailureReasonSchema>;

export const failureReasonSchema = z.enum([
  ...syncRejectionReasonSchema.options,
  ...hostFailureReasonSchema.options,
  ...cliFailureReasonSchema.options,
  ...callerFailureReasonSchema.options,
]);
export type FailureReason = z.infer<typeof failureReasonSchema>;

export const FAILURE_REASONS: readonly FailureReason[] = failureReasonSchema.options;

/** The reason in a tRPC error's `data.reason`, if it names one this build knows. */
export function reasonInData(data: unknown): FailureReason | null {
  if (typeof data !== 'object' || data === null) return null;
  const parsed = failureReasonSchema.safeParse((data as { reason?: unknown }).reason);
  return parsed.success ? parsed.data : null;
}
