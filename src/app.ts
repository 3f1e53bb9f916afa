import express, { type Express } from 'express';
import { adminErrorHandler, adminNotFound } from './http/admin/errors';
import { requireAdminKey } from './http/admin/auth';
import { orgsRouter } from './http/admin/orgs-routes';
import { healthRouter, type ReadinessCheck } from './http/health';
import { requestLogging } from './http/request-logging';
import { scimRouter } from './http/scim/router';
import type { DirectoryModule } from './directory/directory-module';
import type { Config } from './config';
import type { Runtime } from './deps';
import type { Logger } from './observability/logger';
import type { OrgService } from './tenancy/org-service';
import type { TokenService } from './tenancy/token-service';

export interface AppDeps {
  logger: Logger;
  adminApiKey: string;
  orgs: OrgService;
  tokens: TokenService;
  directory: DirectoryModule;
  scimBaseUrl: (orgId: string) => string;
  readiness: Record<string, ReadinessCheck>;
  config: Readonly<Config>;
}

/** The express application. It never listens: main.ts does, tests use supertest. */
export function buildApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);
  // Query strings are parsed flat: `?a[b]=1` stays a string key, so no object ever reaches a query.
  app.set('query parser', 'simple');
  app.use(requestLogging(deps.logger));
  app.use(healthRouter(deps.readiness));

  app.use(
    '/scim/v2/:orgId',
    scimRouter({
      tokens: deps.tokens,
      directory: deps.directory,
      logger: deps.logger,
      baseUrlOf: deps.scimBaseUrl,
      limits: {
        maxBodyBytes: deps.config.SCIM_MAX_BODY_BYTES,
        maxOperations: deps.config.SCIM_MAX_OPERATIONS,
        maxResults: deps.config.SCIM_MAX_RESULTS,
        maxFilterLength: deps.config.SCIM_MAX_FILTER_LENGTH,
        maxFilterDepth: deps.config.SCIM_MAX_FILTER_DEPTH,
        maxMembersPerRequest: deps.config.SCIM_MAX_MEMBERS_PER_REQUEST,
        writesPerMinute: deps.config.SCIM_WRITE_RATE_PER_MINUTE,
      },
    }),
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

/** The app of a runtime: what main.ts, local.ts and the tests serve. */
export function appDepsOf(runtime: Runtime, adminApiKey: string): AppDeps {
  return {
    logger: runtime.logger,
    adminApiKey,
    orgs: runtime.orgs,
    tokens: runtime.tokens,
    directory: runtime.directory,
    scimBaseUrl: runtime.scimBaseUrl,
    readiness: runtime.readiness,
    config: runtime.config,
  };
}
