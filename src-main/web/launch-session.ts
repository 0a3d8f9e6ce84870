import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The query parameter of the link the host prints and opens (W1). */
export const LAUNCH_KEY_PARAM = 'key';

/** Both secrets are 32 random bytes, base64url: 43 characters. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The per-launch secrets of the web host (W1, W2). The key travels once, in the link printed in
 * the terminal; the page trades it for a cookie that script cannot read (httpOnly) and another
 * site cannot make the browser send (SameSite=Strict). Both die with the process, so a link or a
 * cookie from an earlier launch opens nothing.
 */
export interface LaunchSession {
  /** The URL secret; only for the printed link. */
  readonly key: string;
  /** Named after the port: cookies ignore ports, and two hosts on one machine must not clash. */
  readonly cookieName: string;
  keyMatches(candidate: string | null): boolean;
  /** The Set-Cookie value that the key is exchanged for. */
  setCookieHeader(): string;
  hasCookie(req: IncomingMessage): boolean;
}

export function createLaunchSession(options: { port: number }): LaunchSession {
  const key = randomBytes(32).toString('base64url');
  const cookieValue = randomBytes(32).toString('base64url');
  const cookieName = `quire_web_${options.port}`;
  return {
    key,
    cookieName,
    keyMatches: (candidate) => candidate !== null && sameSecret(candidate, key),
    // No Secure: the host is plain HTTP on loopback. No Max-Age: a session cookie, like the launch.
    setCookieHeader: () => `${cookieName}=${cookieValue}; Path=/; HttpOnly; SameSite=Strict`,
    hasCookie: (req) => {
      const sent = cookieValues(req.headers.cookie, cookieName);
      return sent.some((value) => sameSecret(value, cookieValue));
    },
  };
}

/** Constant-time comparison, after a shape check so lengths never differ. */
function sameSecret(candidate: string, secret: string): boolean {
  if (!SECRET_PATTERN.test(candidate)) return false;
  return timingSafeEqual(Buffer.from(candidate), Buffer.from(secret));
}

/** Every value sent for `name` (a browser may send two cookies of one name); bounded. */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (header === undefined || header.length > 16_384) return [];
  const values: string[] = [];
  for (const part of header.split(';').slice(0, 100)) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}
