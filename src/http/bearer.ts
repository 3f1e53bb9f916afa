import type { Request } from 'express';

/**
 * The credentials of `Authorization: Bearer <token>` (RFC 6750 §2.1), or undefined for a
 * missing, empty, whitespace-only or otherwise malformed header.
 */
export function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)[ ]*$/i.exec(header);
  return match ? match[1] : undefined;
}
