import type { RequestHandler } from 'express';
import { AppError } from '../../errors';
import { safeEqual } from '../../tenancy/scim-token';
import { bearerToken } from '../bearer';

/** `Authorization: Bearer $ADMIN_API_KEY`, compared in constant time. */
export function requireAdminKey(adminApiKey: string): RequestHandler {
  return (req, res, next) => {
    const presented = bearerToken(req);
    if (presented === undefined || !safeEqual(presented, adminApiKey)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="seatsync-admin"');
      next(new AppError('UNAUTHORIZED', 'A valid admin API key is required (Authorization: Bearer <key>).'));
      return;
    }
    next();
  };
}
