import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sha256HexSchema } from '../../src-shared/schema/attachment';
import { ATTACHMENT_SCHEME } from '../../src-shared/attachments/attachment-url';
import type { QuireDatabase } from '../db/database';
import type { LocalBlobStore } from './local-blob-store';

/**
 * Serving an attachment's bytes to the renderer, the part shared by the web host's
 * `GET /attachments/<sha256>` and Electron's `quire-attachment://<sha256>/`: which bytes a hash
 * names, under which headers, and which slice a `Range` asks for. Plain Node, so both transports
 * are tested without a browser or Electron.
 */

/** What the host knows about a hash: a live attachment with those bytes (its type and path). */
export interface AttachmentRecordLookup {
  byHash(hash: string): Promise<{ mediaType: string; path: string } | null>;
}

export interface AttachmentBytesDeps {
  records: AttachmentRecordLookup;
  blobs: Pick<LocalBlobStore, 'filePath'>;
}

export type LocatedAttachment =
  | { found: true; file: string; name: string; mediaType: string; size: number }
  | { found: false; reason: 'invalid-hash' | 'not-found' };

export type ByteRange =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

export interface AttachmentResponse {
  status: 200 | 206 | 400 | 404 | 405 | 416;
  headers: Record<string, string>;
  /** Null for HEAD and for refusals (their text is in `text`). */
  body: Readable | null;
  text?: string;
}

/** The live attachments' records, looked up by the `hash` index. */
export function recordsFromDatabase(db: QuireDatabase): AttachmentRecordLookup {
  return {
    async byHash(hash) {
      // Deleted records keep their bytes a while (another may share them); they are not served.
      const doc = await db.attachments.findOne({ selector: { hash, deletedAt: 0 } }).exec();
      return doc ? { mediaType: doc.mediaType, path: doc.path } : null;
    },
  };
}

/**
 * Types a browser shows inline without running anything of the file's own: images (SVG only
 * under a CSP with no script), audio, video, PDF (Chromium's viewer runs outside the page).
 * Everything else, HTML above all, is sent as a download: a file served from the app's origin
 * that the browser rendered as a page could open the app's own WebSocket and drive the vault.
 */
const INLINE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/bmp',
  'image/x-icon',
  'image/svg+xml',
  'audio/mpeg',
  'audio/mp4',
  'audio/wav',
  'audio/x-wav',
  'audio/ogg',
  'audio/flac',
  'audio/webm',
  'video/mp4',
  'video/webm',
  'video/quicktime',
  'video/ogg',
  'application/pdf',
]);

/** An SVG may hold script and handlers; opened on its own it must not run them. */
export const SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'";

/** RFC 6266: an ASCII fallback and the exact UTF-8 name, so "Save as" offers the file's own name. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function attachmentHeaders(mediaType: string, name: string): Record<string, string> {
  // The record's type came from a file name or an uploader; only the allow-listed ones are trusted.
  const type = mediaType.toLowerCase().split(';')[0]!.trim();
  const inline = INLINE_TYPES.has(type);
  const headers: Record<string, string> = {
    'Content-Type': inline ? type : 'application/octet-stream',
    'X-Content-Type-Options': 'nosniff',
    // Another site in the same browser must not embed (and so probe for) the vault's files.
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    // Content-addressed: the bytes of a hash never change.
    'Cache-Control': 'private, max-age=31536000, immutable',
    'Accept-Ranges': 'bytes',
  };
  if (type === 'image/svg+xml') headers['Content-Security-Policy'] = SVG_CSP;
  headers['Content-Disposition'] = contentDisposition(inline ? 'inline' : 'attachment', name);
  return headers;
}

const RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * One `bytes=` range of RFC 9110 §14.1.2 against a file of `size` bytes. Several ranges, another
 * unit or a malformed header are answered with the whole file, which the RFC allows; a range
 * that starts past the end cannot be satisfied.
 */
export function parseRange(header: string | null | undefined, size: number): ByteRange {
  if (header === null || header === undefined) return { kind: 'full' };
  const match = RANGE.exec(header.trim());
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // `bytes=-N`: the last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: 'unsatisfiable' };
  if (end < start) return { kind: 'full' };
  return { kind: 'partial', start, end };
}

export interface AttachmentBytes {
  locate(hash: string): Promise<LocatedAttachment>;
  /** The whole answer to a GET or HEAD of `hash`, with `Range` honoured. */
  respond(request: { method: string; hash: string; range?: string | null }): Promise<AttachmentResponse>;
}

function refusal(status: 400 | 404 | 405 | 416, text: string, extra: Record<string, string> = {}) {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...extra },
    body: null,
    text,
  } satisfies AttachmentResponse;
}

export function createAttachmentBytes(deps: AttachmentBytesDeps): AttachmentBytes {
  async function locate(hash: string): Promise<LocatedAttachment> {
    if (!sha256HexSchema.safeParse(hash).success) return { found: false, reason: 'invalid-hash' };
    const record = await deps.records.byHash(hash);
    if (record === null) return { found: false, reason: 'not-found' };
    const file = deps.blobs.filePath(hash);
    // A synced record whose bytes have not arrived yet is, for now, not found.
    const stat = await fsp.stat(file).catch(() => null);
    if (!stat?.isFile()) return { found: false, reason: 'not-found' };
    const name = record.path.slice(record.path.lastIndexOf('/') + 1);
    return { found: true, file, name, mediaType: record.mediaType, size: stat.size };
  }

  return {
    locate,
    async respond({ method, hash, range }) {
      if (method !== 'GET' && method !== 'HEAD')
        return refusal(405, 'Method not allowed', { Allow: 'GET, HEAD' });
      const located = await locate(hash);
      if (!located.found)
        return located.reason === 'invalid-hash'
          ? refusal(400, 'Not an attachment hash')
          : refusal(404, 'No such attachment');
      const headers: Record<string, string> = {
        ...attachmentHeaders(located.mediaType, located.name),
        ETag: `"${hash}"`,
      };
      const wanted = parseRange(range, located.size);
      if (wanted.kind === 'unsatisfiable')
        return refusal(416, 'Range not satisfiable', { 'Content-Range': `bytes */${located.size}` });
      const { start, end } =
        wanted.kind === 'partial' ? wanted : { start: 0, end: Math.max(0, located.size - 1) };
      const length = located.size === 0 ? 0 : end - start + 1;
      headers['Content-Length'] = String(length);
      if (wanted.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${located.size}`;
      const body =
        method === 'HEAD' || length === 0 ? null : fs.createReadStream(located.file, { start, end });
      return { status: wanted.kind === 'partial' ? 206 : 200, headers, body };
    },
  };
}

/**
 * A fetch-style request for `quire-attachment://<sha256>/` (what Electron's `protocol.handle`
 * hands over) answered as a fetch `Response`. The hash is the URL's host; any path, query or
 * other scheme is refused, so the scheme names bytes and nothing else.
 */
/** The hash a `quire-attachment://<sha256>/` URL names; '' for any other URL. */
export function hashOfAttachmentUrl(href: string): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return '';
  }
  return url.protocol === `${ATTACHMENT_SCHEME}:` &&
    (url.pathname === '/' || url.pathname === '') &&
    url.search === '' &&
    sha256HexSchema.safeParse(url.hostname).success
    ? url.hostname
    : '';
}

/** A name every desktop filesystem takes: the attachment's own, with separators and reserved marks replaced. */
function openableName(name: string): string {
  const safe = name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_');
  return safe === '' ? 'attachment' : safe;
}

/**
 * "Open" on an attachment in the desktop app: a copy of its bytes under its own name in
 * `dir/<hash>/`, for the system's program for that type (the blob store's files are named by
 * hash, with no extension a program could go by). Null when the URL names no local attachment.
 */
export async function copyForOpening(
  bytes: AttachmentBytes,
  href: string,
  dir: string,
): Promise<string | null> {
  const hash = hashOfAttachmentUrl(href);
  if (hash === '') return null;
  const located = await bytes.locate(hash);
  if (!located.found) return null;
  const target = path.join(dir, hash, openableName(located.name));
  const current = await fsp.stat(target).catch(() => null);
  if (current?.size !== located.size) {
    await fsp.mkdir(path.dirname(target), { recursive: true });
    await fsp.copyFile(located.file, target);
  }
  return target;
}

export async function respondToAttachmentRequest(
  request: Request,
  bytes: AttachmentBytes,
): Promise<Response> {
  const hash = hashOfAttachmentUrl(request.url);
  const answer = await bytes.respond({ method: request.method, hash, range: request.headers.get('range') });
  // Readable.toWeb's stream type is Node's own ReadableStream; the fetch Response accepts it.
  const body = answer.body
    ? (Readable.toWeb(answer.body) as unknown as ReadableStream<Uint8Array>)
    : (answer.text ?? null);
  return new Response(request.method === 'HEAD' ? null : body, {
    status: answer.status,
    headers: answer.headers,
  });
}
