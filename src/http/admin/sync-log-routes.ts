import { Router } from 'express';
import { z } from 'zod';
import type { Store } from '../../infra/store';
import { querySyncLog } from '../../sync-log/sync-log-query';
import type { OrgService } from '../../tenancy/org-service';

export const syncLogQuery = z
  .object({
    kind: z.enum(['scim-request', 'job']).optional(),
    status: z.string().regex(/^(ok|failed|\d{3})$/, 'must be ok, failed or an HTTP status').optional(),
    subject: z.string().min(1).max(200).optional(),
    action: z.string().min(1).max(200).optional(),
    correlationId: z.string().min(1).max(200).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    cursor: z.string().min(1).max(300).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/** `GET /orgs/:orgId/sync-log` (CONTRACT.md): what the IdP sent and what the workers did. */
export function syncLogRouter(store: Store, orgs: OrgService): Router {
  const router = Router();
  router.get('/orgs/:orgId/sync-log', async (req, res) => {
    const org = await orgs.require(/^[a-z0-9]{6,40}$/.test(req.params.orgId) ? req.params.orgId : '-');
    const q = syncLogQuery.parse(req.query);
    res.json(
      await querySyncLog(store, org._id, {
        ...q,
        since: q.since ? new Date(q.since) : undefined,
        until: q.until ? new Date(q.until) : undefined,
      }),
    );
  });
  return router;
}
