import { z } from 'zod';
import { formatByteSize } from '../format/byte-size';
import { REASON_WORDS, type ReasonWords } from './reason-words';
import type { FailureReason } from './reasons';

/**
 * A refusal's small facts, as the sync server sends them in `data.details` beside the reason
 * (QUOTA_EXCEEDED: the bytes used and allowed). Bounded: it crosses from the server to the host
 * and on to the renderer.
 */
export const failureDetailsSchema = z
  .record(z.string().max(64), z.union([z.string().max(200), z.number(), z.boolean(), z.null()]))
  .refine((details) => Object.keys(details).length <= 16, 'At most 16 details');
export type FailureDetails = z.infer<typeof failureDetailsSchema>;

/** QUOTA_EXCEEDED's details (docs/sync-protocol.md Q4). */
export const quotaDetailsSchema = z.object({
  usedBytes: z.number().int().nonnegative(),
  quotaBytes: z.number().int().nonnegative(),
});
export type QuotaDetails = z.infer<typeof quotaDetailsSchema>;

/** The advice REASON_WORDS gives for a full storage, after its first sentence. */
const QUOTA_ADVICE =
  'Delete notes or attachments you no longer need, or ask the server’s administrator for more space; everything on this device is kept.';

/** "Your sync storage is full: 1.0 GB of 1.0 GB. Delete notes…" (Q8). */
export function describeQuota(details: QuotaDetails): string {
  return `Your sync storage is full: ${formatByteSize(details.usedBytes)} of ${formatByteSize(details.quotaBytes)}. ${QUOTA_ADVICE}`;
}

/**
 * A failure's words with its details folded in where the reason has some to show; otherwise
 * REASON_WORDS' own. Words come from the reason and its facts, never from a server's message.
 */
export function failureWords(failure: {
  reason: FailureReason;
  details?: FailureDetails | undefined;
}): ReasonWords {
  const words = REASON_WORDS[failure.reason];
  if (failure.reason === 'QUOTA_EXCEEDED') {
    const quota = quotaDetailsSchema.safeParse(failure.details);
    if (quota.success) return { ...words, words: describeQuota(quota.data) };
  }
  return words;
}

/** `data.details` of a server error, if it is well-formed; null otherwise. */
export function detailsInData(data: unknown): FailureDetails | null {
  if (typeof data !== 'object' || data === null) return null;
  const parsed = failureDetailsSchema.safeParse((data as { details?: unknown }).details);
  return parsed.success ? parsed.data : null;
}
