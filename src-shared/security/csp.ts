import { ATTACHMENT_SCHEME } from '../attachments/attachment-url';

/**
 * The renderer's Content-Security-Policy, one definition for the Electron window (header on the
 * file: page) and web mode (header from the Node host). The <meta> tag in src-renderer/index.html
 * repeats it for the dev server; a unit test keeps the three in step.
 */
export function rendererContentSecurityPolicy(options: { connectSources: readonly string[] }): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // CodeMirror injects <style> elements at run time.
    "style-src 'self' 'unsafe-inline'",
    // Notes may embed remote images; their attachments come from the host's origin (web mode,
    // `/attachments/<sha256>`) or the shell's attachment scheme (Electron).
    `img-src 'self' data: https: ${ATTACHMENT_SCHEME}:`,
    // Audio and video only ever play the vault's own attachments.
    `media-src 'self' ${ATTACHMENT_SCHEME}:`,
    "font-src 'self' data:",
    ['connect-src', "'self'", ...options.connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "form-action 'none'",
  ].join('; ');
}
