import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * S20: the headers every HTTP answer of the sync server carries. The API serves JSON and bytes,
 * never a page, so its policy allows nothing at all; the admin console's pages pass their own CSP.
 */

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
export const HSTS = 'max-age=31536000; includeSubDomains';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the request came over HTTPS: directly, or per X-Forwarded-Proto from a trusted proxy. */
export function requestIsHttps(req: IncomingMessage, trustProxy: boolean): boolean {
  if ((req.socket as { encrypted?: boolean }).encrypted === true) return true;
  if (!trustProxy) return false;
  return single(req.headers['x-forwarded-proto'])?.split(',')[0]?.trim().toLowerCase() === 'https';
}

export interface SecurityHeaderOptions {
  trustProxy: boolean;
  /** The page's own policy (the admin console); default API_CSP. */
  csp?: string;
  /** A CORS-allowlisted origin is reading this answer: its resources may be shared with it. */
  crossOriginAllowed?: boolean;
}

/** Sets the headers on `res` before anything is written; a later writeHead may still override one. */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  options: SecurityHeaderOptions,
): void {
  res.setHeader('content-security-policy', options.csp ?? API_CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
  res.setHeader('cross-origin-resource-policy', options.crossOriginAllowed ? 'cross-origin' : 'same-origin');
  // Over plain HTTP the header is ignored by browsers and would only mislead (RFC 6797 §7.2).
  if (requestIsHttps(req, options.trustProxy)) res.setHeader('strict-transport-security', HSTS);
}

/** For a page with its own policy (the console): replaces the API's CSP on this answer. */
export function setContentSecurityPolicy(res: ServerResponse, csp: string): void {
  if (!res.headersSent) res.setHeader('content-security-policy', csp);
}

/** S21: the methods the server answers; anything else (TRACE, TRACK, CONNECT, …) gets a 405. */
export const ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS'] as const;
const ALLOWED = new Set<string>(ALLOWED_METHODS);

export function isAllowedMethod(method: string | undefined): boolean {
  return method !== undefined && ALLOWED.has(method);
}

/** A JSON refusal in the shape of the server's own non-tRPC answers. */
export function sendJsonRefusal(
  res: ServerResponse,
  status: number,
  reason: string,
  error: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ reason, error });
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}
