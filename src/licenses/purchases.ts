import { randomUUID } from 'node:crypto';
import { AppError } from '../errors';
import type { ChangeRecorder } from '../events/change-recorder';
import type { Store } from '../infra/store';
import type { OrgRepository } from '../tenancy/org-repository';
import type { PurchaseDocument } from './license-documents';
import type { LicenseSummary, LicenseSummaryService } from './license-summary';
import { requireOrg } from './org-lookup';

/**
 * `POST /orgs/:orgId/licenses/purchases`. A purchase is a record of its own (an insert), so
 * `purchased` grows at once and concurrent purchases cannot lose each other; the org-wide
 * change it records makes the workers drain the waiting list into the new licenses.
 */
export class PurchaseService {
  constructor(
    private readonly store: Store,
    private readonly orgs: OrgRepository,
    private readonly changes: ChangeRecorder,
    private readonly summaries: LicenseSummaryService,
    private readonly clock: () => Date,
  ) {}

  /** `quantity` may be negative (a reduction: never evicts, see drain.ts); the admin route only allows positive ones. */
  async purchase(orgId: string, quantity: number, correlationId: string | null): Promise<LicenseSummary> {
    if (!Number.isInteger(quantity) || quantity === 0) throw new AppError('VALIDATION_FAILED', 'quantity: must be a non-zero integer');
    await requireOrg(this.orgs, orgId);
    const purchases = this.store.tenant<PurchaseDocument>(orgId, 'purchases');
    const at = this.clock();
    await purchases.insert({ _id: purchases.id(randomUUID()), orgId, quantity, at, correlationId });
    const reason = quantity > 0 ? `${quantity} license${quantity === 1 ? '' : 's'} purchased` : `pool lowered by ${-quantity}`;
    await this.changes.record(orgId, [{ memberId: null, reason }], correlationId, at);
    return this.summaries.summary(orgId);
  }
}
