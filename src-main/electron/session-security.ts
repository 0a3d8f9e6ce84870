import type { Session } from 'electron';

/**
 * The renderer's Content-Security-Policy, sent as a header on the packaged page (file:) in
 * addition to the <meta> tag in src-renderer/index.html; both apply, so neither can loosen the
 * other. Same policy as the meta tag minus the web host's WebSocket, which IPC does not need.
 * Not applied to the dev server: Vite's React refresh preamble is an inline script.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // CodeMirror injects <style> elements.
  "style-src 'self' 'unsafe-inline'",
  // Notes may embed remote images.
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-src 'none'",
  "form-action 'none'",
].join('; ');

/** Nothing the page asks for is granted: no camera, notifications, geolocation, clipboard reads… */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    if (details.resourceType !== 'mainFrame' || !details.url.startsWith('file:')) {
      callback({});
      return;
    }
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
}
