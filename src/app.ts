import express, { type Express } from 'express';
import { adminErrorHandler, adminNotFound } from './http/admin/errors';
import { requireAdminKey } from './http/admin/auth';
import { adminPageRouter } from './http/admin-page/router';
import { openApiRouter } from './http/admin/openapi';
import { orgsRouter } from './http/admin/orgs-routes';
import { licensesRouter } from './http/admin/licenses-routes';
import { membersRouter } from './http/admin/members-routes';
import { reconcileRouter } from './http/admin/reconcile-routes';
import { syncLogRouter } from './http/admin/sync-log-routes';
import { scimRequestLog } from './http/scim-request-log';
import { healthRouter, type ReadinessCheck } from './http/health';
import { adminRequestMetrics, metricsRouter, scimRequestMetrics } from './http/metrics';
import { requestLogging } from './http/request-logging';
import { scimRouter } from './http/scim/router';
import type { DirectoryModule } from './directory/directory-module';
import type { Config } from './config';
import type { Runtime } from './deps';
import type { ChangeRecorder } from './events/change-recorder';
import type { Store } from './infra/store';
import type { LicenseModule } from './licenses/license-module';
import type { Logger } from './observability/logger';
import { RequestLogWriter } from './sync-log/request-log-writer';
import type { Metrics } from './observability/metrics';
import type { Queues } from './queue/queues';
import type { OrgService } from './tenancy/org-service';
import type { TokenService } from './tenancy/token-service';
import type { WriteRateLimiter } from './tenancy/write-rate-limiter';

export interface AppDeps {
  logger: Logger;
  adminApiKey: string;
  orgs: OrgService;
  tokens: TokenService;
  directory: DirectoryModule;
  scimBaseUrl: (orgId: string) => string;
  readiness: Record<string, ReadinessCheck>;
  config: Readonly<Config>;
  /** BullMQ queues shown by the admin page's queue view (/admin/queues). */
  queues?: Queues;
  /** Request metrics and `GET /metrics` (behind the admin key). */
  metrics?: Metrics;
  /** Change records: `POST /admin/v1/orgs/:orgId/reconcile`. */
  changes?: ChangeRecorder;
  /** The license engine's admin side: licenses, purchases, members, sync status. */
  licenses?: LicenseModule;
  /** The store, for the sync log. */
  store?: Store;
  /** Per-org limit on SCIM writes (429 with Retry-After). */
  writeRate?: WriteRateLimiter;
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
  if (deps.metrics) {
    app.use(metricsRouter(deps.metrics, deps.adminApiKey, deps.logger));
    app.use('/scim/v2', scimRequestMetrics(deps.metrics));
    app.use('/admin/v1', adminRequestMetrics(deps.metrics));
  }

  if (deps.store) app.use('/scim/v2/:orgId', scimRequestLog(new RequestLogWriter(deps.store, deps.logger)));
  app.use(
    '/scim/v2/:orgId',
    scimRouter({
      tokens: deps.tokens,
      directory: deps.directory,
      logger: deps.logger,
      baseUrlOf: deps.scimBaseUrl,
      writeRate: deps.writeRate,
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
  admin.use(openApiRouter(deps.config.PUBLIC_URL));
  admin.use(orgsRouter(deps.orgs, deps.tokens));
  if (deps.changes) admin.use(reconcileRouter({ orgs: deps.orgs, changes: deps.changes, directory: deps.directory }));
  if (deps.licenses) {
    const licenses = deps.licenses;
    admin.use(licensesRouter({ summaries: licenses.summaries, purchases: licenses.purchases, syncStatus: licenses.syncStatus }));
    admin.use(
      membersRouter({
        members: licenses.members,
        invitations: licenses.invitations,
        // An admin delete is the SCIM user's deletion: the license returns to the pool (FAQ).
        deleteUser: (orgId, userId, correlationId) => deps.directory.userService.delete(orgId, userId, { correlationId }),
      }),
    );
  }
  if (deps.store) admin.use(syncLogRouter(deps.store, deps.orgs));
  admin.use(adminNotFound);
  admin.use(adminErrorHandler(deps.logger));
  app.use('/admin/v1', admin);

  // The admin web page and queue view; mounted after /admin/v1, which it never shadows.
  app.use(
    '/admin',
    adminPageRouter({
      adminApiKey: deps.adminApiKey,
      logger: deps.logger,
      queues: deps.queues ? [deps.queues.reconcile, deps.queues.maintenance] : [],
    }),
  );

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
    queues: runtime.queues,
    metrics: runtime.metrics,
    changes: runtime.changes,
    licenses: runtime.licenses,
    store: runtime.store,
    writeRate: runtime.writeRate,
  };
}
