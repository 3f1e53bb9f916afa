import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * SCIM bearer tokens: 256 random bits, a fixed prefix that secret scanners can match, and a
 * short checksum so a scanner can tell a real token from a look-alike without calling us.
 * Only the SHA-256 of a token is stored.
 */
export const TOKEN_PREFIX = 'seatsync_scim_';
const BODY_LENGTH = 43; // 32 bytes in base64url
const CHECKSUM_LENGTH = 6;
const TOKEN_PATTERN = new RegExp(`^${TOKEN_PREFIX}[A-Za-z0-9_-]{${BODY_LENGTH}}[A-Za-z0-9_-]{${CHECKSUM_LENGTH}}$`);

export function generateScimToken(): string {
  const body = randomBytes(32).toString('base64url');
  return TOKEN_PREFIX + body + checksum(body);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before any lookup: malformed tokens never reach the store. */
export function looksLikeScimToken(token: string): boolean {
  if (!TOKEN_PATTERN.test(token)) return false;
  const body = token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + BODY_LENGTH);
  return safeEqual(token.slice(-CHECKSUM_LENGTH), checksum(body));
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  // timingSafeEqual needs equal lengths; comparing digests keeps the time independent of both.
  const l = createHash('sha256').update(left).digest();
  const r = createHash('sha256').update(right).digest();
  return timingSafeEqual(l, r) && left.length === right.length;
}

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, CHECKSUM_LENGTH);
}
