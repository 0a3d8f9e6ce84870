import type { IncomingMessage, ServerResponse } from 'node:http';
import { ATTACHMENT_HTTP_PREFIX } from '../../src-shared/attachments/attachment-url';
import type { AttachmentBytes } from '../attachments/attachment-bytes';

/** True for the request targets this route answers; everything else is the renderer's. */
export function isAttachmentPath(requestUrl: string): boolean {
  return requestUrl.startsWith(ATTACHMENT_HTTP_PREFIX);
}

/**
 * `GET|HEAD /attachments/<sha256>`: an attachment's bytes, streamed from the local blob store
 * with `Range` for seeking in audio and video. Only for the Host names the server listens on, so a
 * page that rebinds its own DNS name to 127.0.0.1 cannot read the vault's files as same-origin.
 */
export function createAttachmentHandler(options: {
  bytes: AttachmentBytes;
  allowedHosts: () => Set<string>;
}) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!options.allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden');
      return;
    }
    // The request target as sent (origin-form); a query string is ignored.
    const pathname = (req.url ?? '/').split('?')[0]!;
    const answer = await options.bytes.respond({
      method: req.method ?? 'GET',
      // Checked against the zod hash schema there (400 otherwise), the same check Electron's gets.
      hash: pathname.slice(ATTACHMENT_HTTP_PREFIX.length),
      range: req.headers.range ?? null,
    });
    res.writeHead(answer.status, answer.headers);
    if (!answer.body) {
      res.end(req.method === 'HEAD' ? undefined : answer.text);
      return;
    }
    answer.body
      // The file can vanish under a running host (an attachment deleted); fail this request only.
      .on('error', () => res.destroy())
      .pipe(res);
    // A player that seeks abandons its request; stop reading the file.
    res.on('close', () => answer.body?.destroy());
  };
}
