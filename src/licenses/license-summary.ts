import type { GroupDocument } from '../directory/documents';
import type { Store } from '../infra/store';
import type { OrgDocument, OrgRepository } from '../tenancy/org-repository';
import type { MemberDocument } from './member-document';
import { requireOrg } from './org-lookup';
import type { PoolReader } from './pool-reader';
import { DEFAULT_TEAM_ID, isTeamName } from './teams';

export interface TeamLicenses {
  /** The SCIM Group id ("default" for the `defaultTeam`, which is no group). */
  id: string;
  name: string;
  members: number;
  licensed: number;
}

/** CONTRACT.md `GET /orgs/:orgId/licenses`. */
export interface LicenseSummary {
  purchased: number;
  active: number;
  pending: number;
  unassigned: number;
  available: number;
  awaiting: number;
  suspended: number;
  exhausted: boolean;
  exhaustedSince: string | null;
  teams: TeamLicenses[];
}

/**
 * The pool at a glance. `purchased`, `available` and `awaiting` come from the license
 * documents themselves; the per-state counts and the team distribution from the member read
 * model (the FAQ's "Details": each member counted once per team, one license however many teams).
 */
export class LicenseSummaryService {
  constructor(
    private readonly store: Store,
    private readonly orgs: OrgRepository,
    private readonly pool: PoolReader,
  ) {}

  async summary(orgId: string): Promise<LicenseSummary> {
    const org = await requireOrg(this.orgs, orgId);
    const [counts, members, groups] = await Promise.all([
      this.pool.counts(orgId, org.initialLicenses),
      this.store.tenant<MemberDocument>(orgId, 'members').find({ state: { $ne: 'deleted' } }),
      this.store.tenant<GroupDocument>(orgId, 'groups').find({}, { projection: { id: 1, attrs: 1 } }),
    ]);
    const byState = (state: string) => members.filter((m) => m.state === state).length;
    const teams = new Map<string, TeamLicenses>();
    for (const group of groups) {
      const name = String(group.attrs.displayName ?? '');
      if (isTeamName(name, org.settings)) teams.set(group.id, { id: group.id, name, members: 0, licensed: 0 });
    }
    if (org.settings.defaultTeam !== null) {
      teams.set(DEFAULT_TEAM_ID, { id: DEFAULT_TEAM_ID, name: org.settings.defaultTeam, members: 0, licensed: 0 });
    }
    for (const member of members) {
      for (const ref of member.teams) {
        const team = teams.get(ref.id);
        if (!team) continue;
        team.members++;
        if (member.heldSince !== null) team.licensed++;
      }
    }
    return {
      purchased: counts.purchased,
      active: byState('active'),
      pending: byState('pending'),
      unassigned: byState('unassigned'),
      available: counts.available,
      awaiting: counts.awaiting,
      suspended: byState('suspended'),
      exhausted: counts.exhausted,
      exhaustedSince: counts.exhaustedSince?.toISOString() ?? null,
      teams: [...teams.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    };
  }

  /**
   * Licenses nobody holds or waits for: purchased − held − awaiting, never below 0. The SCIM
   * layer asks it for `exhaustedPolicy: "reject"`.
   */
  async freeLicenses(orgId: string): Promise<number> {
    return this.freeLicensesOf(await requireOrg(this.orgs, orgId));
  }

  async freeLicensesOf(org: OrgDocument): Promise<number> {
    const counts = await this.pool.counts(org._id, org.initialLicenses);
    return Math.max(0, counts.purchased - counts.held - counts.awaiting);
  }
}
