import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createBlobTransfer, type BlobMethod } from '../../src-main/attachments/blob-transfer';
import { createLocalBlobStore } from '../../src-main/attachments/local-blob-store';
import { QuireError } from '../../src-main/errors';
import { useTempDirs } from '../support/temp-dir';

/**
 * The device's side of `/blobs` (B2, B5, B9) against a scripted HTTP server, so a test decides
 * exactly where a download breaks and what bytes come back.
 */

const tempDir = useTempDirs(afterEach);
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

interface Seen {
  method: string;
  range: string | undefined;
  authorization: string | undefined;
}

async function scriptedServer(
  answer: (req: http.IncomingMessage, res: http.ServerResponse, call: number) => void,
): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({
      method: req.method ?? '',
      range: req.headers.range,
      authorization: req.headers.authorization,
    });
    answer(req, res, seen.length);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('blob transfer (device side)', () => {
  it('B5, B9: a download broken mid-way resumes from where it stopped with Range, and verifies', async () => {
    const bytes = randomBytes(256 * 1024);
    const hash = sha(bytes);
    const blobs = createLocalBlobStore({ dir: tempDir() });
    const partial = path.join(blobs.dir, 'tmp', `${hash}.download`);
    const server = await scriptedServer((req, res, call) => {
      if (call === 1) {
        // Part of the body, then the connection drops, once the device has kept that part: on
        // a busy machine a drop right after writing could come before any byte reached it.
        res.writeHead(200, { 'content-length': String(bytes.length) });
        res.write(bytes.subarray(0, 100_000));
        void (async () => {
          for (
            let i = 0;
            i < 400 && (fs.statSync(partial, { throwIfNoEntry: false })?.size ?? 0) < 100_000;
            i += 1
          )
            await new Promise((resolve) => setTimeout(resolve, 10));
          res.destroy();
        })();
        return;
      }
      const start = Number(/bytes=(\d+)-/.exec(req.headers.range ?? '')?.[1] ?? 0);
      res.writeHead(206, {
        'content-length': String(bytes.length - start),
        'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}`,
      });
      res.end(bytes.subarray(start));
    });
    closers.push(server.close);
    const requests: Array<[BlobMethod, number]> = [];
    const transfer = createBlobTransfer({
      serverUrl: server.url,
      token: 'device-token',
      blobs,
      onRequest: (method, count) => requests.push([method, count]),
    });

    await expect(transfer.download(hash)).rejects.toMatchObject({ reason: 'NETWORK' });
    expect(await blobs.has(hash)).toBe(false);
    await transfer.download(hash);

    expect(fs.readFileSync(blobs.filePath(hash)).equals(bytes)).toBe(true);
    const [first, second] = server.seen;
    expect(first).toMatchObject({ method: 'GET', range: undefined, authorization: 'Bearer device-token' });
    const resumedAt = Number(/bytes=(\d+)-/.exec(second?.range ?? '')?.[1]);
    expect(resumedAt).toBe(100_000);
    // Only the missing part travelled the second time.
    expect(requests.at(-1)).toEqual(['GET', bytes.length - resumedAt]);
    expect(fs.readdirSync(path.join(blobs.dir, 'tmp'))).toEqual([]);
  });

  it('B9: bytes that do not hash to their name are refused and nothing is kept', async () => {
    const bytes = randomBytes(10_000);
    const hash = sha(Buffer.from('what the record says'));
    const server = await scriptedServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(bytes.length) });
      res.end(bytes);
    });
    closers.push(server.close);
    const blobs = createLocalBlobStore({ dir: tempDir() });
    const transfer = createBlobTransfer({ serverUrl: server.url, token: 't', blobs });

    const failure = await transfer.download(hash).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QuireError);
    expect(failure).toMatchObject({ reason: 'BLOB_HASH_MISMATCH' });
    expect(await blobs.has(hash)).toBe(false);
    expect(fs.readdirSync(path.join(blobs.dir, 'tmp'))).toEqual([]);
  });

  it('B2, B8: an upload asks first and sends only what the server lacks; refusals keep their reason', async () => {
    const stored = new Set<string>();
    const server = await scriptedServer((req, res) => {
      const hash = req.url?.slice('/blobs/'.length) ?? '';
      if (req.method === 'HEAD') {
        res.writeHead(stored.has(hash) ? 200 : 404);
        res.end();
        return;
      }
      if (Number(req.headers['content-length']) > 50_000) {
        req.resume();
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ reason: 'BLOB_TOO_LARGE' }));
        return;
      }
      req.resume();
      req.on('end', () => {
        stored.add(hash);
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ size: Number(req.headers['content-length']) }));
      });
    });
    closers.push(server.close);
    const blobs = createLocalBlobStore({ dir: tempDir() });
    const transfer = createBlobTransfer({ serverUrl: server.url, token: 't', blobs });
    const small = await blobs.putStream(Readable.from([randomBytes(20_000)]));
    const large = await blobs.putStream(Readable.from([randomBytes(60_000)]));

    expect(await transfer.upload(small.hash)).toBe('uploaded');
    expect(await transfer.upload(small.hash)).toBe('present');
    expect(await transfer.upload(sha(Buffer.from('nowhere')))).toBe('missing');
    await expect(transfer.upload(large.hash)).rejects.toMatchObject({ reason: 'BLOB_TOO_LARGE' });
    expect(server.seen.map((call) => call.method)).toEqual(['HEAD', 'PUT', 'HEAD', 'HEAD', 'HEAD', 'PUT']);
  });
});
