import type { IncomingMessage } from 'node:http';

/**
 * S22: CORS is closed unless CORS_ORIGINS names an origin. An allowlisted origin may call the
 * API with a bearer token (devices never use cookies here, so credentials are never allowed);
 * any other origin gets no CORS header, and its preflight a 403.
 */

export const CORS_ALLOW_METHODS = 'GET, POST';
export const CORS_ALLOW_HEADERS = 'authorization, content-type, x-request-id, trpc-accept';
export const CORS_MAX_AGE_SECONDS = 600;
/** What a page may read from an answer beyond the basics: how long a rate limit lasts. */
const CORS_EXPOSE_HEADERS = 'retry-after';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `https://Notes.Example.com/` → `https://notes.example.com`; null when it is not an origin. */
export function normaliseOrigin(value: string): string | null {
  if (value.length > 300) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

export interface CorsPolicy {
  /** The request's Origin when it is allowlisted, else null. */
  allowedOrigin(req: IncomingMessage): string | null;
  /** The CORS headers for an answer to `req` (none for a foreign or missing Origin). */
  headersFor(req: IncomingMessage): Record<string, string>;
  /** A preflight: the status and headers to answer it with (204 allowed, 403 refused). */
  preflight(req: IncomingMessage): { status: 204 | 403; headers: Record<string, string> };
}

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}

export function createCorsPolicy(origins: readonly string[]): CorsPolicy {
  const allowed = new Set(origins.map(normaliseOrigin).filter((o): o is string => o !== null));

  function allowedOrigin(req: IncomingMessage): string | null {
    const origin = single(req.headers.origin);
    if (!origin || allowed.size === 0) return null;
    const normal = normaliseOrigin(origin);
    return normal !== null && allowed.has(normal) ? origin : null;
  }

  return {
    allowedOrigin,
    headersFor(req) {
      const origin = allowedOrigin(req);
      // Vary on every answer once any origin is allowed: a cache must not hand one origin's answer to another.
      const vary: Record<string, string> = allowed.size > 0 ? { vary: 'Origin' } : {};
      if (!origin) return vary;
      return {
        ...vary,
        'access-control-allow-origin': origin,
        'access-control-expose-headers': CORS_EXPOSE_HEADERS,
      };
    },
    preflight(req) {
      const origin = allowedOrigin(req);
      if (!origin) return { status: 403, headers: allowed.size > 0 ? { vary: 'Origin' } : {} };
      return {
        status: 204,
        headers: {
          vary: 'Origin',
          'access-control-allow-origin': origin,
          'access-control-allow-methods': CORS_ALLOW_METHODS,
          'access-control-allow-headers': CORS_ALLOW_HEADERS,
          'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
        },
      };
    },
  };
}

/**
 * S23: a WebSocket upgrade from a page must come from an allowlisted origin or the server's own
 * (`ownOrigins`: the Host the request names, and PUBLIC_URL's). Node clients send no Origin and
 * authenticate with their token, so a missing Origin stays allowed.
 */
export function websocketOriginAllowed(
  req: IncomingMessage,
  cors: CorsPolicy,
  ownOrigins: readonly (string | null)[],
): boolean {
  const origin = single(req.headers.origin);
  if (origin === undefined) return true;
  if (cors.allowedOrigin(req)) return true;
  const normal = normaliseOrigin(origin);
  if (normal === null) return false;
  return ownOrigins.some((own) => own !== null && normaliseOrigin(own) === normal);
}
