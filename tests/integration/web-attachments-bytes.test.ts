import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  attachmentHeaders,
  copyForOpening,
  createAttachmentBytes,
  parseRange,
  respondToAttachmentRequest,
  type AttachmentBytes,
} from '../../src-main/attachments/attachment-bytes';
import { makeTempDir } from '../support/temp-dir';

/** The shared part of both transports: what the web route and Electron's scheme answer with. */

describe('parseRange', () => {
  it('reads one bytes range: closed, open-ended, suffix, clamped to the end', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange('bytes=50-5000', 100)).toEqual({ kind: 'partial', start: 50, end: 99 });
  });

  it('answers the whole file to no header, several ranges, other units and nonsense', () => {
    for (const header of [undefined, null, 'bytes=0-1,5-6', 'items=0-1', 'bytes=x-y', 'bytes=-', 'bytes=9-3'])
      expect(parseRange(header, 100), String(header)).toEqual({ kind: 'full' });
  });

  it('cannot satisfy a range past the end, an empty suffix, or any range of an empty file', () => {
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});

describe('attachmentHeaders', () => {
  it('trusts only types a browser shows without running the file', () => {
    expect(attachmentHeaders('image/png', 'a.png')['Content-Type']).toBe('image/png');
    expect(attachmentHeaders('video/quicktime', 'a.mov')['Content-Type']).toBe('video/quicktime');
    expect(attachmentHeaders('application/pdf', 'a.pdf')['Content-Disposition']).toBe(
      `inline; filename="a.pdf"; filename*=UTF-8''a.pdf`,
    );
    for (const type of [
      'text/html',
      'application/xhtml+xml',
      'text/javascript',
      'application/octet-stream',
    ]) {
      const headers = attachmentHeaders(type, 'page.html');
      expect(headers['Content-Type'], type).toBe('application/octet-stream');
      expect(headers['Content-Disposition'], type).toMatch(/^attachment; /);
    }
    expect(attachmentHeaders('IMAGE/SVG+XML; charset=utf-8', 'a.svg')['Content-Security-Policy']).toBe(
      "default-src 'none'; style-src 'unsafe-inline'",
    );
  });

  it('names the file for "Save as": exact in UTF-8, with a plain ASCII fallback', () => {
    expect(attachmentHeaders('application/zip', 'Résumé "final".zip')['Content-Disposition']).toBe(
      `attachment; filename="R_sum_ _final_.zip"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.zip`,
    );
  });
});

describe('quire-attachment:// requests (Electron)', () => {
  let temp: ReturnType<typeof makeTempDir>;
  let bytes: AttachmentBytes;
  const HASH = 'ab'.padEnd(64, '0');
  const MISSING_BYTES = 'cd'.padEnd(64, '0');

  beforeEach(() => {
    temp = makeTempDir();
    const filePath = (hash: string) => path.join(temp.dir, hash.slice(0, 2), hash);
    fs.mkdirSync(path.dirname(filePath(HASH)), { recursive: true });
    fs.writeFileSync(filePath(HASH), '0123456789');
    const records = new Map([
      [HASH, { mediaType: 'video/mp4', path: 'clips/talk.mp4' }],
      [MISSING_BYTES, { mediaType: 'image/png', path: 'later.png' }],
    ]);
    bytes = createAttachmentBytes({
      records: { byHash: (hash) => Promise.resolve(records.get(hash) ?? null) },
      blobs: { filePath },
    });
  });
  afterEach(() => temp.cleanup());

  it('locates a hash: its file, type and size; or why not', async () => {
    expect(await bytes.locate(HASH)).toEqual({
      found: true,
      file: path.join(temp.dir, 'ab', HASH),
      name: 'talk.mp4',
      mediaType: 'video/mp4',
      size: 10,
    });
    expect(await bytes.locate('nope')).toEqual({ found: false, reason: 'invalid-hash' });
    expect(await bytes.locate('ef'.padEnd(64, '0'))).toEqual({ found: false, reason: 'not-found' });
    // A synced record whose bytes are still downloading.
    expect(await bytes.locate(MISSING_BYTES)).toEqual({ found: false, reason: 'not-found' });
  });

  it('serves the whole file and a Range of it', async () => {
    const whole = await respondToAttachmentRequest(new Request(`quire-attachment://${HASH}/`), bytes);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(await whole.text()).toBe('0123456789');

    const part = await respondToAttachmentRequest(
      new Request(`quire-attachment://${HASH}/`, { headers: { Range: 'bytes=3-4' } }),
      bytes,
    );
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 3-4/10');
    expect(await part.text()).toBe('34');
  });

  it('names bytes and nothing else: other paths, queries, schemes and hashes are refused', async () => {
    const status = async (url: string) => (await respondToAttachmentRequest(new Request(url), bytes)).status;
    expect(await status(`quire-attachment://${HASH}/etc/passwd`)).toBe(400);
    expect(await status(`quire-attachment://${HASH}/?x=1`)).toBe(400);
    expect(await status(`https://${HASH}/`)).toBe(400);
    expect(await status('quire-attachment://not-a-hash/')).toBe(400);
    expect(await status(`quire-attachment://${MISSING_BYTES}/`)).toBe(404);
    expect(
      (
        await respondToAttachmentRequest(
          new Request(`quire-attachment://${HASH}/`, { method: 'POST', body: 'x' }),
          bytes,
        )
      ).status,
    ).toBe(405);
  });

  it('"Open" in the desktop app copies the bytes under the attachment\'s own name, once', async () => {
    const openDir = path.join(temp.dir, 'open');
    const opened = await copyForOpening(bytes, `quire-attachment://${HASH}/`, openDir);
    expect(opened).toBe(path.join(openDir, HASH, 'talk.mp4'));
    expect(fs.readFileSync(opened!, 'utf8')).toBe('0123456789');
    // Opened again: the copy is reused, not written a second time.
    fs.utimesSync(opened!, 1, 1);
    expect(await copyForOpening(bytes, `quire-attachment://${HASH}/`, openDir)).toBe(opened);
    expect(fs.statSync(opened!).mtimeMs).toBe(1000);
    // Nothing to open: no local bytes, another scheme, a path.
    expect(await copyForOpening(bytes, `quire-attachment://${MISSING_BYTES}/`, openDir)).toBeNull();
    expect(await copyForOpening(bytes, `https://${HASH}/`, openDir)).toBeNull();
    expect(await copyForOpening(bytes, `quire-attachment://${HASH}/../../x`, openDir)).toBeNull();
  });
});
