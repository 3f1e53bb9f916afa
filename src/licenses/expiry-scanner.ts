import type { ChangeRecorder } from '../events/change-recorder';
import type { Store } from '../infra/store';
import type { OrgRepository } from '../tenancy/org-repository';
import { licenseIds, type PoolStatusDocument } from './license-documents';

/**
 * `expire-holds-and-invitations`: org by org, when the pool status says time-based work is due
 * (a suspended member's hold or an invitation ran out, or a leftover of a dead worker became
 * repairable), records an org-wide change; the reconcile it triggers does the work.
 */
export class ExpiryScanner {
  constructor(
    private readonly store: Store,
    private readonly orgs: OrgRepository,
    private readonly changes: ChangeRecorder,
    private readonly clock: () => Date,
    private readonly orgFilter: (orgId: string) => boolean = () => true,
  ) {}

  async run(): Promise<{ due: string[] }> {
    const now = this.clock();
    const due: string[] = [];
    for (const org of await this.orgs.listAll()) {
      if (!this.orgFilter(org._id)) continue;
      const status = await this.store.tenant<PoolStatusDocument>(org._id, 'pool').findById(licenseIds.poolStatus(org._id));
      if (!status?.nextDeadlineAt || status.nextDeadlineAt.getTime() > now.getTime()) continue;
      await this.changes.record(org._id, [{ memberId: null, reason: 'a license hold, invitation or repair is due' }], null, now);
      due.push(org._id);
    }
    return { due };
  }
}
