import type { Session } from 'electron';
import { rendererContentSecurityPolicy } from '../../src-shared/security/csp';

/**
 * Sent as a header on the packaged page (file:) in addition to the <meta> tag; both apply, so
 * neither can loosen the other. IPC needs no WebSocket source. Not applied to the dev server:
 * Vite's React refresh preamble is an inline script.
 */
export const RENDERER_CSP = rendererContentSecurityPolicy({ connectSources: [] });

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
