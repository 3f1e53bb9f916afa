import type { LicenseView } from './render';

/** Reads the license extension shown on SCIM Users; the license engine provides it. */
export interface LicenseViews {
  viewsFor(orgId: string, userIds: string[]): Promise<Map<string, LicenseView>>;
}

/** Before the workers have seen a user, it is provisioned (CONTRACT.md: no team, no license). */
export const PROVISIONED_ONLY: LicenseViews = {
  viewsFor: async (_orgId, userIds) => new Map(userIds.map((id) => [id, { state: 'provisioned' }])),
};
