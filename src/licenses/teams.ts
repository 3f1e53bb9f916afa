/**
 * Which SCIM groups are teams, and which teams a member is in (CONTRACT.md, org settings
 * `teamGroupPrefix` and `defaultTeam`). Pure.
 */

/** The id of the virtual team that `defaultTeam` puts every active member in (it is no SCIM Group). */
export const DEFAULT_TEAM_ID = 'default';

export interface TeamSettings {
  teamGroupPrefix: string | null;
  defaultTeam: string | null;
}

export interface TeamMembership {
  id: string;
  name: string;
  /** When the member joined: compared with an expired invitation (see rules.ts). */
  since: Date;
}

/** `teamGroupPrefix` null: every group is a team; else the display name must start with it (as written). */
export function isTeamName(displayName: string, settings: Pick<TeamSettings, 'teamGroupPrefix'>): boolean {
  return settings.teamGroupPrefix === null || displayName.startsWith(settings.teamGroupPrefix);
}

export interface GroupMembershipFact {
  groupId: string;
  since: Date;
}

/**
 * The teams of one member, sorted by name. A membership of a group that no longer exists (its
 * memberships are removed just after it) is ignored. The virtual default team holds active
 * members only, since the member was created.
 */
export function teamsOf(
  member: { active: boolean; createdAt: Date },
  memberships: GroupMembershipFact[],
  groupNames: ReadonlyMap<string, string>,
  settings: TeamSettings,
): TeamMembership[] {
  const teams = new Map<string, TeamMembership>();
  for (const membership of memberships) {
    const name = groupNames.get(membership.groupId);
    if (name === undefined || !isTeamName(name, settings)) continue;
    const known = teams.get(membership.groupId);
    if (!known || membership.since < known.since) teams.set(membership.groupId, { id: membership.groupId, name, since: membership.since });
  }
  if (settings.defaultTeam !== null && member.active) {
    teams.set(DEFAULT_TEAM_ID, { id: DEFAULT_TEAM_ID, name: settings.defaultTeam, since: member.createdAt });
  }
  return [...teams.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1));
}
