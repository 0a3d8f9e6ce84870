import { describeReason } from '../../src-shared/errors/reason-words';
import { SyncServerError } from '../errors';

/** RATE_LIMITED, with how long to wait: in the error's `data.retryAfterSeconds` and, over HTTP, Retry-After (S13). */
export class RateLimitedError extends SyncServerError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', describeReason('RATE_LIMITED'), { details: { retryAfterSeconds } });
    this.name = 'RateLimitedError';
  }
}

/** The extra error data a refusal carries: `{ retryAfterSeconds }` for RATE_LIMITED, else nothing. */
export function rateLimitData(cause: unknown): { retryAfterSeconds?: number } {
  return cause instanceof RateLimitedError ? { retryAfterSeconds: cause.retryAfterSeconds } : {};
}

/** The longest wait among a request's errors (a batch may hold several), or null. */
export function retryAfterHeader(errors: readonly { cause?: unknown }[]): string | null {
  let longest: number | null = null;
  for (const error of errors) {
    if (error.cause instanceof RateLimitedError)
      longest = Math.max(longest ?? 0, error.cause.retryAfterSeconds);
  }
  return longest === null ? null : String(longest);
}

/** For the HTTP adapter's `responseMeta`: a refused call's wait as Retry-After (RFC 9110). */
export function rateLimitResponseMeta(opts: { errors: readonly { cause?: unknown }[] }): {
  headers?: Record<string, string>;
} {
  const wait = retryAfterHeader(opts.errors);
  return wait === null ? {} : { headers: { 'retry-after': wait } };
}
