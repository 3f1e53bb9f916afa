import { randomUUID } from 'node:crypto';
import type { ChangeDocument } from '../events/change-documents';
import { isOrgId, type Store } from '../infra/store';
import type { OrgRepository } from '../tenancy/org-repository';
import type { ReconcileEnqueuer } from './reconcile-enqueuer';

export interface SweepResult {
  orgsChecked: number;
  enqueued: string[];
}

/**
 * `sweep`: finds orgs with change records older than `minAgeMs` — their job was lost (Redis
 * flushed or down when the change was recorded) or is failing — and enqueues a reconcile for
 * each with a fresh job id. This is what makes losing Redis entirely lose nothing (DESIGN.md §1).
 */
export class Sweeper {
  constructor(
    private readonly store: Store,
    private readonly orgs: OrgRepository,
    private readonly enqueuer: ReconcileEnqueuer,
    private readonly clock: () => Date,
    private readonly minAgeMs: number,
    private readonly orgFilter: (orgId: string) => boolean = () => true,
  ) {}

  async sweep(): Promise<SweepResult> {
    const cutoff = new Date(this.clock().getTime() - this.minAgeMs);
    const sweepId = randomUUID();
    const orgIds = (await this.orgIdsWithChanges()).filter(this.orgFilter);
    const enqueued: string[] = [];
    for (const orgId of orgIds) {
      const stale = await this.store.tenant<ChangeDocument>(orgId, 'changes').find({ at: { $lte: cutoff } }, { limit: 1, projection: { _id: 1 } });
      if (stale.length > 0 && (await this.enqueuer.sweep(orgId, sweepId))) enqueued.push(orgId);
    }
    return { orgsChecked: orgIds.length, enqueued };
  }

  /** Per-org layout: the orgs that have a changes collection; shared layout: every org. */
  private async orgIdsWithChanges(): Promise<string[]> {
    if (this.store.layout === 'shared') return (await this.orgs.listAll()).map((o) => o._id);
    const names = await this.store.tenantCollectionNames('changes');
    return names.map((name) => name.slice('changes_'.length)).filter(isOrgId);
  }
}
