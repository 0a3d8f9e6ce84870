import { createHash, randomBytes } from 'node:crypto';

/** A3: 256 random bits, URL-safe, no padding: 43 characters. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Invite codes are typed or pasted by people: 128 bits is plenty and keeps them short. */
export function newInviteCode(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * What the database keeps instead of a token or invite code. A plain SHA-256 is enough (no
 * salt, no stretching): the input is 128+ random bits, so there is nothing to guess, and the
 * lookup must be by equality.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Cheap pre-check so junk in an Authorization header never reaches the database. */
export function looksLikeSessionToken(value: string): boolean {
  return TOKEN_SHAPE.test(value);
}
