import type { Protocol } from 'electron';
import { ATTACHMENT_SCHEME } from '../../src-shared/attachments/attachment-url';
import { respondToAttachmentRequest, type AttachmentBytes } from '../attachments/attachment-bytes';

/**
 * `quire-attachment://<sha256>/`: the window's way to an attachment's bytes. The sandboxed page
 * cannot read files and its CSP admits no file: URLs, so the shell answers this one scheme from
 * the host's blob store (src-main/attachments/attachment-bytes.ts holds all the logic).
 */

/**
 * Must run before the app is ready. `standard` makes the hash the URL's host; `secure` lets the
 * page (a secure context) load it without mixed-content blocking; `stream` lets <audio> and
 * <video> seek with Range requests. No fetch, no CORS, no CSP bypass: only <img>, <audio> and
 * <video> load it, and only because the renderer's CSP names the scheme.
 */
export function registerAttachmentScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: ATTACHMENT_SCHEME, privileges: { standard: true, secure: true, stream: true } },
  ]);
}

/** Serves the scheme on a session's protocol (the window's `session.defaultSession.protocol`). */
export function handleAttachmentProtocol(
  protocol: Pick<Protocol, 'handle'>,
  bytes: AttachmentBytes,
  log: { error(details: object, message: string): void },
): void {
  protocol.handle(ATTACHMENT_SCHEME, (request) =>
    respondToAttachmentRequest(request, bytes).catch((error: unknown) => {
      log.error({ err: error, url: request.url }, 'Serving an attachment failed');
      return new Response(null, { status: 500 });
    }),
  );
}
