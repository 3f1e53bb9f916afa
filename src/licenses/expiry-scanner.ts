import type { ChangeRecorder } from '../events/change-recorder';
import type { Store } from '../infra/store';
import type { OrgRepository } from '../tenancy/org-repository';
import { licenseIds, type PoolStatusDocument } from './license-documents';

/**
 * How often an org whose passes have all been targeted (pass-scope.ts) gets a pass over every
 * member anyway: a write whose change record was lost (the store failed between the two) is
 * applied then at the latest, even in an org that changes nothing more.
 */
export const SELF_CHECK_EVERY_MS = 60 * 60_000;

/**
 * `expire-holds-and-invitations`: org by org, when the pool status says time-based work is due
 * (a suspended member's hold or an invitation ran out, or a leftover of a dead worker became
 * repairable), or no pass has decided the whole org for SELF_CHECK_EVERY_MS, records an org-wide
 * change; the reconcile it triggers does the work.
 */
export class ExpiryScanner {
  constructor(
    private readonly store: Store,
    private readonly orgs: OrgRepository,
    private readonly changes: ChangeRecorder,
    private readonly clock: () => Date,
    private readonly orgFilter: (orgId: string) => boolean = () => true,
  ) {}

  /** `due`: orgs with time-based work; `checked`: orgs given their periodic check of every member. */
  async run(): Promise<{ due: string[]; checked: string[] }> {
    const now = this.clock();
    const due: string[] = [];
    const checked: string[] = [];
    for (const org of await this.orgs.listAll()) {
      if (!this.orgFilter(org._id)) continue;
      const status = await this.store.tenant<PoolStatusDocument>(org._id, 'pool').findById(licenseIds.poolStatus(org._id));
      if (!status) continue;
      const deadlineDue = status.nextDeadlineAt !== null && status.nextDeadlineAt.getTime() <= now.getTime();
      const selfCheckDue = !!status.fullPassAt && now.getTime() - status.fullPassAt.getTime() >= SELF_CHECK_EVERY_MS;
      if (!deadlineDue && !selfCheckDue) continue;
      const reason = deadlineDue ? 'a license hold, invitation or repair is due' : 'periodic check of every member';
      await this.changes.record(org._id, [{ memberId: null, reason }], null, now);
      (deadlineDue ? due : checked).push(org._id);
    }
    return { due, checked };
  }
}
