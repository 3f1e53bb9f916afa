import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Queue } from 'bullmq';
import { safeEqual } from '../../tenancy/scim-token';
import type { Logger } from '../../observability/logger';
import { bearerToken } from '../bearer';
import { queueBoardApp } from './queue-board';
import { DASHBOARD_CSP, QUEUE_BOARD_CSP, securityHeaders } from './security-headers';
import { AdminSessions } from './session';

export interface AdminPageDeps {
  adminApiKey: string;
  logger: Logger;
  /** The BullMQ queues shown by the queue view (Bull Board). */
  queues?: readonly Queue[];
  /** Where index.html and its scripts live; found next to the code when not given. */
  publicDir?: string;
  /** Where the router is mounted: cookie path, redirects and Bull Board's base. */
  mountPath?: string;
  sessionTtlSeconds?: number;
}

/**
 * The admin web page, mounted at /admin next to (never over) the admin API at /admin/v1:
 *
 * - `/admin/` — the dashboard, static files from public/admin. It signs in with the admin key
 *   typed once, kept in sessionStorage and sent as a Bearer header to /admin/v1 by fetch.
 * - `POST /admin/session` (form or JSON `key`) — sets the browser session cookie
 *   (session.ts) for the pages a browser navigates to; `DELETE /admin/session` or
 *   `POST /admin/session/logout` clears it.
 * - `/admin/queues` — Bull Board, with the session cookie or a Bearer admin key.
 */
export function adminPageRouter(deps: AdminPageDeps): Router {
  const mount = (deps.mountPath ?? '/admin').replace(/\/+$/, '');
  const publicDir = deps.publicDir ?? findPublicDir();
  const sessions = new AdminSessions({ adminApiKey: deps.adminApiKey, ttlSeconds: deps.sessionTtlSeconds, path: mount });
  const router = Router();

  // The admin API is not ours, even if this router is mounted first.
  router.use('/v1', (_req, _res, next) => next('router'));

  router.use(sameOriginForUnsafeMethods);

  const isAdmin = (req: Request) => {
    const presented = bearerToken(req);
    if (presented !== undefined) return safeEqual(presented, deps.adminApiKey);
    return sessions.fromRequest(req);
  };

  router.use(
    '/queues',
    securityHeaders(QUEUE_BOARD_CSP),
    (req, res, next) => {
      res.setHeader('Cache-Control', 'no-store');
      if (isAdmin(req)) return next();
      if ((req.method === 'GET' || req.method === 'HEAD') && req.accepts(['json', 'html']) === 'html') {
        res.redirect(303, `${mount}/login.html`);
        return;
      }
      res.setHeader('WWW-Authenticate', 'Bearer realm="seatsync-admin"');
      res.status(401).json({ error: { code: 'UNAUTHORIZED', message: 'Sign in at /admin/login.html or send Authorization: Bearer <admin key>.' } });
    },
    queueBoardApp(deps.queues ?? [], `${mount}/queues`),
  );

  router.use(securityHeaders(DASHBOARD_CSP));

  const sessionBody = [express.urlencoded({ extended: false, limit: '8kb' }), express.json({ limit: '8kb' })];

  router.post('/session', ...sessionBody, (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const form = isFormPost(req);
    const key = typeof req.body?.key === 'string' ? req.body.key.trim() : '';
    if (!key || !safeEqual(key, deps.adminApiKey)) {
      if (form) {
        res.redirect(303, `${mount}/login.html?failed=1`);
        return;
      }
      res.setHeader('WWW-Authenticate', 'Bearer realm="seatsync-admin"');
      res.status(401).json({ error: { code: 'UNAUTHORIZED', message: 'That is not the admin key.' } });
      return;
    }
    sessions.set(req, res);
    if (form) res.redirect(303, `${mount}/queues/`);
    else res.status(204).end();
  });

  const logout = (req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    sessions.clear(req, res);
    if (isFormPost(req)) res.redirect(303, `${mount}/login.html?signedOut=1`);
    else res.status(204).end();
  };
  router.delete('/session', logout);
  router.post('/session/logout', ...sessionBody, logout);

  // `/admin` → `/admin/`, so the page's relative links have one base.
  router.get('/', (req, res, next) => {
    const pathname = req.originalUrl.split('?')[0];
    if (pathname.endsWith('/')) return next();
    res.redirect(301, `${mount}/`);
  });

  router.use(
    express.static(publicDir, {
      index: 'index.html',
      dotfiles: 'ignore',
      redirect: false,
      setHeaders: (res) => {
        // No build step, so no content hashes in the names: revalidate every time.
        res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );

  router.use(pageErrors(deps.logger));
  return router;
}

/** The dashboard's files: public/admin at the project root, from src/ or from dist/src/. */
export function findPublicDir(start: string = __dirname): string {
  let dir = start;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, 'public', 'admin');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`public/admin/index.html was not found above ${start}`);
}

function isFormPost(req: Request): boolean {
  return Boolean(req.is('application/x-www-form-urlencoded'));
}

/**
 * A state-changing request made by a browser must come from this origin. The session cookie
 * is SameSite=Strict already; this also covers the login and logout endpoints and browsers
 * that ignore SameSite. Clients that are not browsers send neither header and pass.
 */
const sameOriginForUnsafeMethods: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
  const fetchSite = req.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Cross-site requests are not accepted here.' } });
    return;
  }
  // `Origin: null` is what a browser sends for its own POSTs under `Referrer-Policy: no-referrer`
  // (Fetch, "append a request Origin header"); Sec-Fetch-Site above still tells cross-site apart.
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null' && origin !== `${req.protocol}://${req.get('host')}`) {
    res.status(403).json({ error: { code: 'FORBIDDEN', message: 'Cross-origin requests are not accepted here.' } });
    return;
  }
  next();
};

function pageErrors(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const status = typeof (error as { status?: number })?.status === 'number' ? (error as { status: number }).status : 500;
    if (status >= 500) logger.error({ err: error, requestId: req.id }, 'admin page request failed');
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
    res.status(status).json({ error: { code, message: status < 500 ? 'The request could not be read.' : 'Internal error.' } });
  };
}
