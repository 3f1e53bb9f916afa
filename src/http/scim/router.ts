import express, { Router } from 'express';
import { AppError } from '../../errors';
import type { Logger } from '../../observability/logger';
import type { TokenService } from '../../tenancy/token-service';
import { scimAuth } from './auth';
import { scimErrorHandler } from './error-body';

export interface ScimRouterOptions {
  tokens: TokenService;
  logger: Logger;
  maxBodyBytes: number;
}

/** RFC 7644 §3.1: JSON under application/scim+json; plain application/json is accepted too. */
const SCIM_BODY_TYPES = ['application/scim+json', 'application/json', 'application/*+json'];

/** Everything under an org's SCIM base URL, `/scim/v2/:orgId`. */
export function scimRouter(options: ScimRouterOptions): Router {
  const router = Router({ mergeParams: true });
  router.use(scimAuth(options.tokens));
  router.use(express.json({ type: SCIM_BODY_TYPES, limit: options.maxBodyBytes, strict: true }));
  router.use((req, _res, next) => {
    next(new AppError('NOT_IMPLEMENTED', `${req.method} ${req.path} is not implemented yet.`));
  });
  router.use(scimErrorHandler(options.logger));
  return router;
}
