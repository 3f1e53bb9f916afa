import express, { Router } from 'express';
import type { DirectoryModule } from '../../directory/directory-module';
import { AppError } from '../../errors';
import type { Logger } from '../../observability/logger';
import type { TokenService } from '../../tenancy/token-service';
import { scimAuth } from './auth';
import { discoveryRouter, type AdvertisedLimits } from './discovery-routes';
import { scimErrorHandler } from './error-body';
import { groupsRouter } from './groups-routes';
import { ResourceResponses } from './resource-responses';
import { rootSearchRouter } from './root-search';
import { usersRouter } from './users-routes';
import { writeRateLimit } from './write-rate-limit';
import type { WriteRateLimiter } from '../../tenancy/write-rate-limiter';

export interface ScimRouterOptions {
  tokens: TokenService;
  directory: DirectoryModule;
  logger: Logger;
  limits: AdvertisedLimits;
  baseUrlOf: (orgId: string) => string;
  writeRate?: WriteRateLimiter;
}

/** RFC 7644 §3.1: JSON under application/scim+json; plain application/json is accepted too. */
const SCIM_BODY_TYPES = ['application/scim+json', 'application/json', 'application/*+json'];

/** Everything under an org's SCIM base URL, `/scim/v2/:orgId`. */
export function scimRouter(options: ScimRouterOptions): Router {
  const router = Router({ mergeParams: true });
  router.use(scimAuth(options.tokens));
  // Before the body is read: a client over its limit costs no parsing.
  if (options.writeRate) router.use(writeRateLimit(options.writeRate));
  router.use(express.json({ type: SCIM_BODY_TYPES, limit: options.limits.maxBodyBytes, strict: false }));
  router.use(requireJsonBody);
  const responses = new ResourceResponses(options.directory, options.baseUrlOf);
  router.use('/Users', usersRouter(options.directory, responses, options.baseUrlOf));
  router.use('/Groups', groupsRouter(options.directory, responses, options.baseUrlOf));
  router.use(rootSearchRouter(options.directory, responses, options.baseUrlOf));
  router.use(discoveryRouter(options.limits, options.baseUrlOf));
  router.all('/Bulk', () => {
    throw new AppError('NOT_IMPLEMENTED', 'Bulk operations are not supported (see /ServiceProviderConfig: bulk.supported is false).');
  });
  router.use((req) => {
    throw new AppError('NOT_FOUND', `There is no SCIM endpoint ${req.method} ${req.path}.`);
  });
  router.use(scimErrorHandler(options.logger));
  return router;
}

/**
 * A write's body must be JSON: one of another media type (or of none) is 415, not a silent
 * empty body. A write without any body reaches its route with no body at all (not the `{}`
 * the JSON parser makes of an empty one), so that it is told so: 400 invalidSyntax on the
 * resource endpoints, 405 on the read-only ones.
 */
const requireJsonBody: express.RequestHandler = (req, _res, next) => {
  const writes = req.method === 'POST' || req.method === 'PUT' || req.method === 'PATCH';
  if (!writes) {
    next();
    return;
  }
  const length = req.headers['content-length'];
  const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length.trim() !== '0');
  if (!hasBody) {
    req.body = undefined;
  } else if (!req.is(SCIM_BODY_TYPES)) {
    next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/scim+json (or application/json).'));
    return;
  }
  next();
};
