import type { z } from 'zod';
import {
  pushRowSchemas,
  SYNC_LIMITS,
  type PushRowOf,
  type PushRowRejectionReason,
  type SyncCollection,
  type SyncRejectionReason,
} from '../../src-shared/sync/protocol';

/**
 * R10 checks. Whole-request limits run on the raw request, before the schema parse and before
 * the store, so an oversized batch is named as such (not as a schema error) and costs no
 * parsing; anything that is not the expected shape is left for the schema to refuse. Per-row
 * problems (a document too large, invalid, or holding text PostgreSQL cannot store, R16) reject
 * that row alone (`checkPushRow`).
 */

export interface LimitViolation {
  reason: SyncRejectionReason;
  message: string;
}

/** L13: nesting a document may have; a note's is 3 (note → tags → tag). */
export const DOCUMENT_DEPTH_MAX = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** UTF-8 bytes of the document's JSON, as it travels and as it is stored. */
export function documentBytes(document: unknown): number {
  return Buffer.byteLength(JSON.stringify(document) ?? '', 'utf8');
}

/**
 * One walk of a raw (JSON-parsed) document: whether any key or string holds U+0000, which
 * PostgreSQL's jsonb cannot store (such a note would fail at the store as a 500), and an upper
 * bound of its JSON's UTF-8 bytes: a string's UTF-16 unit encodes to at most 6 bytes (`\u001f`),
 * any other value to at most 32 (-0.0000012345678901234567 is 25), plus quotes, colons, commas
 * and brackets. Notes are ~1 KB against a 4 MB limit, so the bound settles nearly all of them
 * without building their JSON (measured: 4 ms instead of 30 for 2,000 rows with their masters).
 */
export function inspectDocument(document: unknown): {
  bytesAtMost: number;
  hasNul: boolean;
  tooDeep: boolean;
} {
  let bytes = 0;
  let hasNul = false;
  // L13: an explicit stack, not recursion: a 20,000-level document overflowed the call stack (a
  // 500). Notes are flat (depth 3); anything past DOCUMENT_DEPTH_MAX is refused unwalked.
  const stack: { value: unknown; depth: number }[] = [{ value: document, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value, depth } = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) hasNul = true;
      bytes += 6 * value.length + 2;
      continue;
    }
    const container = Array.isArray(value) || isRecord(value);
    if (!container) {
      bytes += 32;
      continue;
    }
    if (depth >= DOCUMENT_DEPTH_MAX) return { bytesAtMost: bytes, hasNul, tooDeep: true };
    bytes += 2;
    if (Array.isArray(value)) {
      for (const item of value as unknown[]) {
        bytes += 1;
        stack.push({ value: item, depth: depth + 1 });
      }
      continue;
    }
    const record = value;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      if (key.includes('\u0000')) hasNul = true;
      bytes += 6 * key.length + 4;
      stack.push({ value: record[key], depth: depth + 1 });
    }
  }
  return { bytesAtMost: bytes, hasNul, tooDeep: false };
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

/** push, whole request: the number of rows, then duplicate ids. Per-row checks are `checkPushRow`. */
export function checkPushLimits(raw: unknown): LimitViolation | null {
  if (!isRecord(raw) || !Array.isArray(raw.rows)) return null;
  const rows: unknown[] = raw.rows;
  if (rows.length > SYNC_LIMITS.pushRowsMax) return tooMany('rows', SYNC_LIMITS.pushRowsMax);
  const ids = new Set<string>();
  for (const row of rows) {
    const id = isRecord(row) && isRecord(row.newDocumentState) ? row.newDocumentState.id : undefined;
    if (typeof id !== 'string') continue;
    if (ids.has(id)) {
      return {
        reason: 'DUPLICATE_ID',
        message: `The note "${id.slice(0, 64)}" appears twice in one push; nothing was saved.`,
      };
    }
    ids.add(id);
  }
  return null;
}

/**
 * R10, R16 for one row of a push: its documents' sizes (the bound first, the exact size only when
 * the bound cannot settle it), then the strict schema (which refuses NUL and lone surrogates,
 * text PostgreSQL's jsonb cannot store), then that both states name the same note. Answers with
 * the valid row or the reason only: nothing of the note's text leaves this function.
 */
export function checkPushRow<C extends SyncCollection>(
  row: {
    assumedMasterState?: unknown;
    newDocumentState: unknown;
  },
  /** B7: each collection's rows are checked against its own document schema. */
  collection: C,
): { ok: true; row: PushRowOf<C> } | { ok: false; reason: PushRowRejectionReason } {
  for (const document of [row.newDocumentState, row.assumedMasterState]) {
    if (!isRecord(document)) continue;
    const inspected = inspectDocument(document);
    // Before anything that recurses (the size's JSON.stringify, the schema): L13.
    if (inspected.tooDeep) return { ok: false, reason: 'INVALID_DOCUMENT' };
    if (
      inspected.bytesAtMost > SYNC_LIMITS.documentBytesMax &&
      documentBytes(document) > SYNC_LIMITS.documentBytesMax
    ) {
      return { ok: false, reason: 'DOCUMENT_TOO_LARGE' };
    }
  }
  const schemas: { [K in SyncCollection]: z.ZodType<PushRowOf<K>> } = pushRowSchemas;
  const schema: z.ZodType<PushRowOf<C>> = schemas[collection];
  const parsed = schema.safeParse(row);
  if (!parsed.success) return { ok: false, reason: 'INVALID_DOCUMENT' };
  const { assumedMasterState, newDocumentState } = parsed.data;
  if (assumedMasterState && assumedMasterState.id !== newDocumentState.id) {
    return { ok: false, reason: 'INVALID_DOCUMENT' };
  }
  return { ok: true, row: parsed.data };
}
