import type { TenantDocument } from '../infra/store';
import type { LicenseState } from '../scim/schema/license-extension-schema';

export interface TeamRef {
  id: string;
  name: string;
}

/**
 * The member read model (`members`, `_id` `${orgId}:${userId}`): written by the reconcile
 * pass only, read by the admin API and the SCIM license extension. A deleted member keeps its
 * document (CONTRACT.md: "a deleted member is still shown"). `queuePosition` is not stored:
 * it is computed on read from the waiting list, so it never goes stale.
 */
export interface MemberDocument extends TenantDocument {
  userId: string;
  userName: string | null;
  externalId: string | null;
  /** Formatted or given + family name, for the admin search. */
  name: string | null;
  emails: string[];
  active: boolean;
  state: LicenseState;
  teams: TeamRef[];
  heldSince: Date | null;
  needSince: Date | null;
  invitedAt: Date | null;
  acceptedAt: Date | null;
  inviteExpiredAt: Date | null;
  suspendedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
