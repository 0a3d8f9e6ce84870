/**
 * Where the renderer loads an attachment's bytes from. Electron serves them on a privileged custom
 * scheme (`quire-attachment://<sha256>/`), web mode on the host's own origin
 * (`/attachments/<sha256>`). One definition for the shell, the web host, the CSP and the preview's
 * sanitiser, so the URL the preview writes is exactly the one the sanitiser lets through.
 */

export const ATTACHMENT_SCHEME = 'quire-attachment';
export const ATTACHMENT_HTTP_PREFIX = '/attachments/';

/** Exactly the URLs `attachmentUrl` builds, and nothing else: no query, no fragment, no path. */
export const ATTACHMENT_URL_PATTERN = new RegExp(
  `^(?:${ATTACHMENT_SCHEME}://[0-9a-f]{64}/?|${ATTACHMENT_HTTP_PREFIX}[0-9a-f]{64})$`,
);

export function attachmentUrl(hash: string, runtime: 'electron' | 'web'): string {
  return runtime === 'electron' ? `${ATTACHMENT_SCHEME}://${hash}/` : `${ATTACHMENT_HTTP_PREFIX}${hash}`;
}
