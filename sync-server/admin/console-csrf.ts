import type { IncomingMessage } from 'node:http';

/**
 * K2: the console's cookie is SameSite=Strict, and on top of that every console call carries
 * `x-quire-console: 1`. A custom header makes a browser ask first (a CORS preflight), which this
 * server never grants another origin, so no other site can send one with the admin's cookie. When
 * the browser names the page's origin, it must be this server's own.
 */
export const CONSOLE_HEADER = 'x-quire-console';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** This request's own origin, as the browser would write it: scheme and Host. */
export function ownOrigin(req: IncomingMessage, secure: boolean, trustProxy: boolean): string | null {
  const forwardedHost = trustProxy
    ? single(req.headers['x-forwarded-host'])?.split(',')[0]?.trim()
    : undefined;
  const host = forwardedHost || single(req.headers.host);
  if (!host || host.length > 300) return null;
  return `${secure ? 'https' : 'http'}://${host.toLowerCase()}`;
}

/** Whether a request may speak for the console: its header present, its Origin (if any) our own. */
export function isConsoleRequest(req: IncomingMessage, secure: boolean, trustProxy: boolean): boolean {
  if (single(req.headers[CONSOLE_HEADER]) !== '1') return false;
  const origin = single(req.headers.origin);
  if (origin === undefined) return true;
  return origin.toLowerCase() === ownOrigin(req, secure, trustProxy);
}
