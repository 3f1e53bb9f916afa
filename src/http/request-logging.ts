import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../observability/logger';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * One JSON log line per request, with a request id that is taken from `X-Request-Id` when the
 * caller sent a sane one and echoed back, so a support ticket can quote it.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      // Only what helps an operator; never headers (they carry bearer tokens) or bodies.
      req: (req: { id: string; method: string; url: string; headers: Record<string, string | undefined> }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split('?')[0],
        userAgent: req.headers['user-agent'],
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' || req.url === '/metrics' },
  });
}
