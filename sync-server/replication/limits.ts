import { SYNC_LIMITS, type SyncRejectionReason } from '../../src-shared/sync/protocol';

/**
 * R10 checks that run on the raw request, before the schema parse and before the store, so an
 * oversized batch or document is named as such (not as a schema error) and costs no parsing.
 * Anything that is not the expected shape is left for the schema to refuse.
 */

export interface LimitViolation {
  reason: SyncRejectionReason;
  message: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** UTF-8 bytes of the document's JSON, as it travels and as it is stored. */
export function documentBytes(document: unknown): number {
  return Buffer.byteLength(JSON.stringify(document) ?? '', 'utf8');
}

/** PostgreSQL's jsonb cannot hold U+0000: such a note would fail at the store as a 500. */
function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (isRecord(value))
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item));
  return false;
}

function tooMany(what: string, max: number): LimitViolation {
  return {
    reason: 'BATCH_TOO_LARGE',
    message: `The request asked for or carried more ${what} than the sync server accepts at once (${max.toLocaleString('en-US')}).`,
  };
}

/** `pull.batchSize`, `revisions.limit`: asking for more than a page is named, not a schema error. */
export function checkPageSize(raw: unknown, field: string, max: number): LimitViolation | null {
  if (!isRecord(raw)) return null;
  const value = raw[field];
  return typeof value === 'number' && value > max ? tooMany('documents', max) : null;
}

/** push: rows, then each document's size (and storability), then duplicate ids. */
export function checkPushLimits(raw: unknown): LimitViolation | null {
  if (!isRecord(raw) || !Array.isArray(raw.rows)) return null;
  const rows: unknown[] = raw.rows;
  if (rows.length > SYNC_LIMITS.pushRowsMax) return tooMany('rows', SYNC_LIMITS.pushRowsMax);
  const ids = new Set<string>();
  let duplicate: string | null = null;
  for (const row of rows) {
    if (!isRecord(row)) continue;
    for (const document of [row.newDocumentState, row.assumedMasterState]) {
      if (isRecord(document) && documentBytes(document) > SYNC_LIMITS.documentBytesMax) {
        const id = typeof document.id === 'string' ? ` "${document.id.slice(0, 64)}"` : '';
        return {
          reason: 'DOCUMENT_TOO_LARGE',
          message: `The note${id} is larger than the sync server accepts (${SYNC_LIMITS.documentBytesMax.toLocaleString('en-US')} bytes); nothing was saved.`,
        };
      }
      if (containsNul(document)) {
        return {
          reason: 'INVALID_DOCUMENT',
          message:
            'A note contains the NUL character (U+0000), which the sync server cannot store; nothing was saved.',
        };
      }
    }
    const id = isRecord(row.newDocumentState) ? row.newDocumentState.id : undefined;
    if (typeof id === 'string') {
      if (ids.has(id)) duplicate ??= id;
      ids.add(id);
    }
  }
  if (duplicate !== null) {
    return {
      reason: 'DUPLICATE_ID',
      message: `The note "${duplicate.slice(0, 64)}" appears twice in one push; nothing was saved.`,
    };
  }
  return null;
}
