import express, { type Express } from 'express';
import { adminErrorHandler, adminNotFound } from './http/admin/errors';
import { requireAdminKey } from './http/admin/auth';
import { orgsRouter } from './http/admin/orgs-routes';
import { healthRouter, type ReadinessCheck } from './http/health';
import { requestLogging } from './http/request-logging';
import { scimRouter } from './http/scim/router';
import type { Logger } from './observability/logger';
import type { OrgService } from './tenancy/org-service';
import type { TokenService } from './tenancy/token-service';

export interface AppDeps {
  logger: Logger;
  adminApiKey: string;
  orgs: OrgService;
  tokens: TokenService;
  readiness: Record<string, ReadinessCheck>;
  limits: { maxBodyBytes: number };
  trustProxy: boolean;
}

/** The express application. It never listens: main.ts does, tests use supertest. */
export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  // Query strings are parsed flat: `?a[b]=1` stays a string key, so no object ever reaches a query.
  app.set('query parser', 'simple');
  app.use(requestLogging(deps.logger));
  app.use(healthRouter(deps.readiness));

  app.use(
    '/scim/v2/:orgId',
    scimRouter({ tokens: deps.tokens, logger: deps.logger, maxBodyBytes: deps.limits.maxBodyBytes }),
  );

  const admin = express.Router();
  admin.use(requireAdminKey(deps.adminApiKey));
  admin.use(express.json({ limit: '1mb' }));
  admin.use(orgsRouter(deps.orgs, deps.tokens));
  admin.use(adminNotFound);
  admin.use(adminErrorHandler(deps.logger));
  app.use('/admin/v1', admin);

  app.use((req, res) => {
    res.status(404).json({ error: { code: 'NOT_FOUND', message: `No endpoint ${req.method} ${req.path}.` } });
  });
  return app;
}
