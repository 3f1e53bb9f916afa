import { Router } from 'express';
import type { DirectoryModule } from '../../directory/directory-module';
import type { ChangeRecorder } from '../../events/change-recorder';
import type { OrgService } from '../../tenancy/org-service';

const ORG_ID = /^[a-z0-9]{6,40}$/;

export interface ReconcileRouteDeps {
  orgs: OrgService;
  changes: ChangeRecorder;
  directory: DirectoryModule;
}

/**
 * `POST /orgs/:orgId/reconcile` → 202 `{"queued": n}`: an org-wide change record, so the
 * workers re-decide every member of the org (`seatsync reconcile`). `queued` is the number of
 * SCIM users the pass will re-check; `GET /sync-status` says when it has been applied.
 */
export function reconcileRouter(deps: ReconcileRouteDeps): Router {
  const router = Router();

  router.post('/orgs/:orgId/reconcile', async (req, res) => {
    // Malformed ids are simply unknown: the same 404 as a well-formed id of no org.
    const orgId = ORG_ID.test(req.params.orgId) ? req.params.orgId : '-';
    await deps.orgs.require(orgId);
    const { total } = await deps.directory.users.list(orgId, {}, { skip: 0, limit: 0, sort: {} });
    await deps.changes.record(orgId, [{ memberId: null, reason: 'admin reconcile' }], req.id === undefined ? null : String(req.id));
    res.status(202).json({ queued: total });
  });

  return router;
}
