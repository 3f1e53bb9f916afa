import type { RequestHandler } from 'express';
import { AppError } from '../../errors';
import type { WriteRateLimiter } from '../../tenancy/write-rate-limiter';
import { scimLocals } from './auth';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * 429 with Retry-After once an org exceeds its writes per minute (RFC 7644 §3.12 lets a service
 * answer 429; Okta and Entra retry after Retry-After). POST …/.search is a read and is not
 * counted; neither are reads, which cost a fraction of a write.
 */
export function writeRateLimit(limiter: WriteRateLimiter): RequestHandler {
  return (req, res, next) => {
    if (!WRITE_METHODS.has(req.method) || req.path.endsWith('/.search')) {
      next();
      return;
    }
    limiter.take(scimLocals(res).orgId).then((decision) => {
      if (decision.allowed) {
        next();
        return;
      }
      next(
        new AppError(
          'RATE_LIMITED',
          `This organization sent more than ${decision.limit} SCIM writes in the last minute; retry after ${decision.retryAfterSeconds} seconds.`,
          { retryAfterSeconds: decision.retryAfterSeconds },
        ),
      );
    }, next);
  };
}
