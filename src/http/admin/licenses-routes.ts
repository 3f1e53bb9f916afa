import { Router } from 'express';
import { z } from 'zod';
import type { LicenseSummaryService } from '../../licenses/license-summary';
import type { PurchaseService } from '../../licenses/purchases';
import type { SyncStatusService } from '../../licenses/sync-status';
import { correlationIdOf, parseOrgId } from './request-params';

export const purchaseBody = z.object({ quantity: z.number().int().min(1).max(1_000_000) }).strict();

export interface LicensesRouterDeps {
  summaries: LicenseSummaryService;
  purchases: PurchaseService;
  syncStatus: SyncStatusService;
}

/** The license pool of an org (CONTRACT.md admin API). Thin: validate, call one use case, answer. */
export function licensesRouter(deps: LicensesRouterDeps): Router {
  const router = Router();

  router.get('/orgs/:orgId/licenses', async (req, res) => {
    res.json(await deps.summaries.summary(parseOrgId(req.params.orgId)));
  });

  router.post('/orgs/:orgId/licenses/purchases', async (req, res) => {
    const orgId = parseOrgId(req.params.orgId);
    const body = purchaseBody.parse(req.body);
    res.status(201).json(await deps.purchases.purchase(orgId, body.quantity, correlationIdOf(req)));
  });

  router.get('/orgs/:orgId/sync-status', async (req, res) => {
    res.json(await deps.syncStatus.status(parseOrgId(req.params.orgId)));
  });

  return router;
}
