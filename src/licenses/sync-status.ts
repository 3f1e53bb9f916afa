import type { ChangeDocument } from '../events/change-documents';
import type { Store } from '../infra/store';
import type { OrgRepository } from '../tenancy/org-repository';
import { requireOrg } from './org-lookup';

export interface SyncStatus {
  settled: boolean;
  pending: number;
  oldestPendingAt: string | null;
}

/**
 * CONTRACT.md `GET /orgs/:orgId/sync-status`: settled once no change record is left. A pass
 * deletes its records only after the drains they cause, so "settled" includes those.
 */
export class SyncStatusService {
  constructor(
    private readonly store: Store,
    private readonly orgs: OrgRepository,
  ) {}

  async status(orgId: string): Promise<SyncStatus> {
    await requireOrg(this.orgs, orgId);
    const pending = await this.store.tenant<ChangeDocument>(orgId, 'changes').find({}, { projection: { at: 1 } });
    let oldest: Date | null = null;
    for (const change of pending) if (oldest === null || change.at < oldest) oldest = change.at;
    return { settled: pending.length === 0, pending: pending.length, oldestPendingAt: oldest?.toISOString() ?? null };
  }
}
