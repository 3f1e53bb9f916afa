/**
 * The SCIM layer asks this before a write after which members would newly need a license, so
 * that an org with `exhaustedPolicy: "reject"` can refuse it (CONTRACT.md). The license engine
 * provides the implementation; it throws AppError POOL_EXHAUSTED to refuse.
 */
export interface LicenseGate {
  /**
   * `candidates`: members who would be in a team and active after the write. Those already
   * holding or waiting for a license are not new needs; the rest must fit in the free pool.
   */
  assertLicensesFor(orgId: string, candidates: string[], why: string): Promise<void>;
  /**
   * Users join the group `groupName` (a group created with members, or members added). When
   * the group is a team, the active ones newly need licenses; inactive members need none.
   */
  assertTeamJoin(orgId: string, userIds: string[], groupName: string): Promise<void>;
  /** A user becomes active: it newly needs a license only if it is in a team (default or a team group). */
  assertActivation(orgId: string, userId: string, why: string): Promise<void>;
  /** Whether the org's setting makes every new member join a team (`defaultTeam`). */
  hasDefaultTeam(orgId: string): Promise<boolean>;
  /** Whether a group of this display name is a team (the org's `teamGroupPrefix`). */
  isTeamName(orgId: string, displayName: string): Promise<boolean>;
}

/** Used until a license engine is wired in: never refuses. */
export const OPEN_GATE: LicenseGate = {
  assertLicensesFor: async () => undefined,
  assertTeamJoin: async () => undefined,
  assertActivation: async () => undefined,
  hasDefaultTeam: async () => false,
  isTeamName: async () => true,
};
