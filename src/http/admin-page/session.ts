import { createHmac, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { safeEqual } from '../../tenancy/scim-token';

/**
 * Browser sessions for the pages a browser opens by navigation (the Bull Board queue view),
 * where no `Authorization` header can be sent.
 *
 * The cookie is a signed, self-contained value:
 *
 *     v1.<expires, unix seconds>.<128 random bits, base64url>.<HMAC-SHA256, base64url>
 *
 * signed with a key derived from ADMIN_API_KEY (HMAC(adminKey, label)). Why signed rather than
 * a random id looked up in a per-process table: the API may run as several processes behind a
 * load balancer, and all of them know the admin key, so each one accepts the others' cookies
 * without shared state, and a restart logs nobody out. The admin key itself never leaves the
 * server: the cookie holds only a MAC computed with a key derived from it, which reveals
 * nothing about the key. Changing ADMIN_API_KEY invalidates every session at once.
 *
 * Trade-off: logout clears the cookie in the browser, but a copy of the value taken before
 * (it is HttpOnly, so no script can read it) stays valid until it expires; sessions are
 * therefore short (8 hours by default). Rotate the admin key to end all sessions.
 */
export const SESSION_COOKIE = 'seatsync_admin_session';
export const DEFAULT_SESSION_TTL_SECONDS = 8 * 3600;
const VERSION = 'v1';
const DERIVATION_LABEL = 'seatsync admin page session cookie v1';
const VALUE_PATTERN = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export interface SessionCookieOptions {
  adminApiKey: string;
  ttlSeconds?: number;
  /** The cookie's Path: the admin pages' mount point. */
  path?: string;
  now?: () => Date;
}

export class AdminSessions {
  private readonly signingKey: Buffer;
  private readonly ttlSeconds: number;
  private readonly path: string;
  private readonly now: () => Date;

  constructor(options: SessionCookieOptions) {
    this.signingKey = createHmac('sha256', options.adminApiKey).update(DERIVATION_LABEL).digest();
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
    this.path = options.path ?? '/admin';
    this.now = options.now ?? (() => new Date());
  }

  /** A fresh session value. */
  issue(): string {
    const expires = Math.floor(this.now().getTime() / 1000) + this.ttlSeconds;
    const nonce = randomBytes(16).toString('base64url');
    const payload = `${VERSION}.${expires}.${nonce}`;
    return `${payload}.${this.mac(payload)}`;
  }

  /** True for a value this deployment signed that has not expired. */
  verify(value: string | undefined): boolean {
    if (!value) return false;
    const match = VALUE_PATTERN.exec(value);
    if (!match) return false;
    const [, expiresText, nonce, mac] = match;
    const payload = `${VERSION}.${expiresText}.${nonce}`;
    if (!safeEqual(mac, this.mac(payload))) return false;
    const expires = Number(expiresText);
    const nowSeconds = this.now().getTime() / 1000;
    // A value from the future beyond one lifetime was not issued by us with these settings.
    return expires > nowSeconds && expires <= nowSeconds + this.ttlSeconds + 60;
  }

  /** Sets the cookie: HttpOnly, SameSite=Strict, Secure when the request came over https. */
  set(req: Request, res: Response): void {
    res.cookie(SESSION_COOKIE, this.issue(), {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      path: this.path,
      maxAge: this.ttlSeconds * 1000,
    });
  }

  clear(req: Request, res: Response): void {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: this.path });
  }

  /** The session cookie of a request, if it carries a valid one. */
  fromRequest(req: Request): boolean {
    return this.verify(readCookie(req.headers.cookie, SESSION_COOKIE));
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.signingKey).update(payload).digest('base64url');
  }
}

/** One cookie's value from a Cookie header (RFC 6265 §5.4), without a parser dependency. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    return value;
  }
  return undefined;
}
