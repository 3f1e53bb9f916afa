import type { LicenseGate } from '../directory/license-gate';
import { AppError } from '../errors';
import type { Store } from '../infra/store';
import type { OrgDocument, OrgRepository } from '../tenancy/org-repository';
import type { GroupDocument, UserDocument } from '../directory/documents';
import { MembershipRepository } from '../directory/membership-repository';
import { ResourceRepository } from '../directory/resource-repository';
import { licenseIds, type LicenseDocument, type WaitingDocument } from './license-documents';
import type { LicenseSummaryService } from './license-summary';
import { isTeamName } from './teams';

/** Up to this many candidates' licenses and waiting entries are looked up by `_id`; beyond, one scan of each. */
const BY_ID_UP_TO = 20;

/**
 * `exhaustedPolicy: "reject"` (CONTRACT.md org settings): the SCIM layer asks before a write
 * after which members would newly need licenses, and gets POOL_EXHAUSTED (403) when the free
 * licenses at that moment do not cover all of them. Members already holding or waiting are
 * not new needs. Concurrent requests may still both pass; the cap itself is never at risk
 * (license-writer.ts), such members simply wait.
 */
export class PoolGate implements LicenseGate {
  private readonly users: ResourceRepository<UserDocument>;
  private readonly groups: ResourceRepository<GroupDocument>;
  private readonly memberships: MembershipRepository;

  constructor(
    private readonly store: Store,
    private readonly orgs: OrgRepository,
    private readonly summaries: LicenseSummaryService,
  ) {
    this.users = new ResourceRepository<UserDocument>(store, 'users');
    this.groups = new ResourceRepository<GroupDocument>(store, 'groups');
    this.memberships = new MembershipRepository(store);
  }

  async assertLicensesFor(orgId: string, candidates: string[], why: string): Promise<void> {
    const org = await this.rejectingOrg(orgId);
    if (org) await this.assertNewNeedsFit(org, candidates, why);
  }

  async assertTeamJoin(orgId: string, userIds: string[], groupName: string): Promise<void> {
    const org = await this.rejectingOrg(orgId);
    if (!org || !isTeamName(groupName, org.settings)) return;
    await this.assertNewNeedsFit(org, await this.activeAmong(orgId, userIds), `members join team "${groupName}"`);
  }

  async assertActivation(orgId: string, userId: string, why: string): Promise<void> {
    const org = await this.rejectingOrg(orgId);
    if (!org) return;
    if (org.settings.defaultTeam === null && !(await this.inTeamGroup(org, userId))) return;
    await this.assertNewNeedsFit(org, [userId], why);
  }

  /** The org when its policy is "reject"; otherwise there is nothing to check. */
  private async rejectingOrg(orgId: string): Promise<OrgDocument | null> {
    const org = await this.orgs.findById(orgId);
    return org && org.settings.exhaustedPolicy === 'reject' ? org : null;
  }

  private async assertNewNeedsFit(org: OrgDocument, candidates: string[], why: string): Promise<void> {
    const orgId = org._id;
    if (candidates.length === 0) return;
    const covered = await this.holdingOrWaiting(orgId, [...new Set(candidates)]);
    const newNeeds = [...new Set(candidates)].filter((id) => !covered.has(id)).length;
    if (newNeeds === 0) return;
    const free = await this.summaries.freeLicensesOf(org);
    if (newNeeds > free) {
      throw new AppError(
        'POOL_EXHAUSTED',
        `The organisation's license pool is exhausted: ${why} needs ${newNeeds} more license${newNeeds === 1 ? '' : 's'} and ${free} ${free === 1 ? 'is' : 'are'} free. Nothing was changed.`,
      );
    }
  }

  async hasDefaultTeam(orgId: string): Promise<boolean> {
    const org = await this.orgs.findById(orgId);
    return org !== null && org.settings.defaultTeam !== null;
  }

  async isTeamName(orgId: string, displayName: string): Promise<boolean> {
    const org = await this.orgs.findById(orgId);
    return org !== null && isTeamName(displayName, org.settings);
  }

  /** The active users among `ids` (unknown ids are not active). */
  private async activeAmong(orgId: string, ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const docs = await this.users.findByIds(orgId, unique, { id: 1, active: 1 });
    const active = new Set(docs.filter((d) => d.active === true).map((d) => d.id));
    return unique.filter((id) => active.has(id));
  }

  /** Whether the user is a member of a group that is a team (the org's `teamGroupPrefix`). */
  private async inTeamGroup(org: OrgDocument, userId: string): Promise<boolean> {
    const groupIds = await this.memberships.groupIdsOf(org._id, userId);
    if (groupIds.length === 0) return false;
    const groups = await this.groups.findByIds(org._id, groupIds, { id: 1, attrs: 1 });
    return groups.some((g) => isTeamName(String(g.attrs.displayName ?? ''), org.settings));
  }

  private async holdingOrWaiting(orgId: string, ids: string[]): Promise<Set<string>> {
    const licenses = this.store.tenant<LicenseDocument>(orgId, 'licenses');
    const waiting = this.store.tenant<WaitingDocument>(orgId, 'waiting');
    if (ids.length <= BY_ID_UP_TO) {
      const found = await Promise.all(
        ids.map(async (id) => {
          const [holder, entry] = await Promise.all([licenses.findById(licenseIds.holder(orgId, id)), waiting.findById(licenseIds.waiting(orgId, id))]);
          return holder || entry ? id : null;
        }),
      );
      return new Set(found.filter((id): id is string => id !== null));
    }
    const [holders, entries] = await Promise.all([
      licenses.find({ kind: 'holder' }, { projection: { memberId: 1 } }),
      waiting.find({}, { projection: { memberId: 1 } }),
    ]);
    return new Set([...holders, ...entries].map((d) => d.memberId as string));
  }
}
