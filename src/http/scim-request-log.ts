import type { RequestHandler } from 'express';
import { bodyExcerpt } from '../sync-log/redact';
import type { RequestLogWriter } from '../sync-log/request-log-writer';
import { describeScimRequest, type ScimAction } from '../sync-log/scim-action';

interface ScimErrorBody {
  status?: string;
  scimType?: string;
  detail?: string;
}

/**
 * One sync-log entry per authenticated SCIM request: what the IdP sent (redacted) and what
 * seatsync answered. Written once the response is finished, off the request's path.
 */
export function scimRequestLog(writer: RequestLogWriter): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    // Read now: nested routers rewrite req.url while they route.
    const path = req.path;
    let errorBody: ScimErrorBody | undefined;
    const send = res.send.bind(res);
    res.send = (body?: unknown) => {
      if (res.statusCode >= 400 && typeof body === 'string') {
        try {
          errorBody = JSON.parse(body) as ScimErrorBody;
        } catch {
          errorBody = undefined;
        }
      }
      return send(body);
    };
    res.once('finish', () => {
      const scim = res.locals.scim as { orgId: string } | undefined;
      if (!scim) return; // unauthenticated: no org to log under
      // Everything here reads the client's body after the answer went out: a throw would be
      // an uncaught exception in an event listener, which ends the process.
      writerSafe(() => {
        const described = describeSafely(req.method, path, req.body);
        const ok = res.statusCode < 400;
        const subjects = [described.resourceId, locationId(res.getHeader('Location')), ...described.memberIds].filter((s): s is string => !!s);
        writer.write(scim.orgId, {
          at: new Date(),
          status: ok ? 'ok' : 'failed',
          httpStatus: res.statusCode,
          method: req.method,
          path,
          durationMs: Number(process.hrtime.bigint() - started) / 1e6,
          userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'].slice(0, 200) : null,
          action: described.action,
          summary: `${described.action} → ${res.statusCode}`,
          resource: described.resource,
          subjects: [...new Set(subjects)].slice(0, 1000),
          errorCode: ok ? null : (errorBody?.scimType ?? (errorBody?.status ? `HTTP ${errorBody.status}` : `HTTP ${res.statusCode}`)),
          errorDetail: ok ? null : (errorBody?.detail ?? null),
          bodyExcerpt: req.method === 'GET' ? null : bodyExcerpt(req.body),
          correlationId: typeof req.id === 'string' ? req.id : req.id !== undefined ? String(req.id) : null,
        });
      });
    });
    next();
  };
}

/** What the request meant; a body too odd to describe (e.g. an `op` object without a usable toString) is logged by method and path. */
function describeSafely(method: string, path: string, body: unknown): ScimAction {
  try {
    return describeScimRequest(method, path, body);
  } catch {
    return { action: `${method} ${path}`, resource: 'other', resourceId: null, memberIds: [] };
  }
}

function locationId(location: unknown): string | null {
  if (typeof location !== 'string') return null;
  const match = /\/(?:Users|Groups)\/([^/]+)$/.exec(location);
  return match ? match[1] : null;
}

function writerSafe(write: () => void): void {
  try {
    write();
  } catch {
    // A log entry must never break the request that it describes.
  }
}
