import { Router, type RequestHandler } from 'express';
import type { Logger } from '../observability/logger';
import type { Metrics, RequestLabels } from '../observability/metrics';
import { adminResourceLabel, methodLabel, scimResourceLabel } from '../observability/request-labels';
import { requireAdminKey } from './admin/auth';
import { adminErrorHandler } from './admin/errors';

/**
 * Times every request under a mount point and records it once, when the response is sent
 * (status "aborted" when the client went away first). Labels are computed at entry, from
 * the path under the mount point, before routers rewrite `req.url`.
 */
export function requestMetrics(
  observe: (labels: RequestLabels, seconds: number) => void,
  resourceOf: (pathUnderMount: string) => string,
): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const resource = resourceOf(req.path);
    const method = methodLabel(req.method);
    let recorded = false;
    const record = (status: string) => {
      if (recorded) return;
      recorded = true;
      observe({ resource, method, status }, Number(process.hrtime.bigint() - started) / 1e9);
    };
    res.once('finish', () => record(String(res.statusCode)));
    res.once('close', () => record(res.writableFinished ? String(res.statusCode) : 'aborted'));
    next();
  };
}

/** Mounted at /scim/v2. */
export const scimRequestMetrics = (metrics: Metrics): RequestHandler =>
  requestMetrics((labels, seconds) => metrics.observeScimRequest(labels, seconds), scimResourceLabel);

/** Mounted at /admin/v1. */
export const adminRequestMetrics = (metrics: Metrics): RequestHandler =>
  requestMetrics((labels, seconds) => metrics.observeAdminRequest(labels, seconds), adminResourceLabel);

/**
 * `GET /metrics`, behind the admin key. It is protected rather than served open on a separate
 * port because the series name every org and its license numbers, and the API often listens
 * where customers' identity providers reach it; a Prometheus scrape job sends the key as
 * `authorization: {type: Bearer, credentials_file: …}`. One port also means one thing to expose.
 */
export function metricsRouter(metrics: Metrics, adminApiKey: string, logger: Logger): Router {
  const router = Router();
  router.get('/metrics', requireAdminKey(adminApiKey), async (_req, res) => {
    const body = await metrics.render();
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Type', metrics.contentType);
    res.send(body);
  });
  router.use('/metrics', adminErrorHandler(logger));
  return router;
}
