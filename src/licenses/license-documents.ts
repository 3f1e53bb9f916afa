import type { TenantDocument } from '../infra/store';

/**
 * What the license engine stores. Every fact that decides who holds a license is a document
 * that is only ever inserted or deleted, never updated: those are the two steps our store
 * does atomically (DESIGN.md §3), so concurrent workers cannot lose each other's writes.
 *
 * The `licenses` collection holds five kinds, told apart by `kind` and by their `_id`:
 *  - slot        `${orgId}:slot:${n}`, n < purchased: the license itself. Its unique `_id`
 *                makes over-allocation impossible whatever the interleaving (DESIGN.md §4).
 *  - holder      `${orgId}:holder:${memberId}`: one per member, so nobody holds two.
 *  - acceptance  `${orgId}:acceptance:${grantId}`: an admin accepted that grant's invitation.
 *  - suspension  `${orgId}:suspension:${memberId}`: when the member was first seen suspended.
 *  - invite-expiry `${orgId}:invite-expired:${grantId}`: that grant's invitation ran out.
 */
export type LicenseDocumentKind = 'slot' | 'holder' | 'acceptance' | 'suspension' | 'invite-expiry';

export interface LicenseSlotDocument extends TenantDocument {
  kind: 'slot';
  slot: number;
  memberId: string;
  /** The grant this slot belongs to; equal to the holder's while the two are consistent. */
  grantId: string;
  /** When the slot was inserted: its age decides when an orphan may be repaired. */
  at: Date;
}

export interface HolderDocument extends TenantDocument {
  kind: 'holder';
  memberId: string;
  grantId: string;
  at: Date;
  /** Set when the grant was an invitation (`invitationMode: "invite"`). */
  invitedAt: Date | null;
}

export interface AcceptanceDocument extends TenantDocument {
  kind: 'acceptance';
  memberId: string;
  grantId: string;
  at: Date;
}

export interface SuspensionDocument extends TenantDocument {
  kind: 'suspension';
  memberId: string;
  at: Date;
}

export interface InviteExpiryDocument extends TenantDocument {
  kind: 'invite-expiry';
  memberId: string;
  grantId: string;
  at: Date;
}

export type LicenseDocument =
  | LicenseSlotDocument
  | HolderDocument
  | AcceptanceDocument
  | SuspensionDocument
  | InviteExpiryDocument;

export interface PurchaseDocument extends TenantDocument {
  /** Licenses added (a negative quantity lowers the pool; no route exposes that yet). */
  quantity: number;
  at: Date;
  correlationId: string | null;
}

/** One per member who needs a license and has none: `${orgId}:${memberId}`. */
export interface WaitingDocument extends TenantDocument {
  memberId: string;
  /** When the member first needed a license: the FIFO key. */
  needSince: Date;
  /** Tie-breaker for members who first needed one through the same request. */
  memberCreatedAt: Date;
}

/** `${orgId}:status`: derived by the reconcile pass, read by the admin side and the expiry job. */
export interface PoolStatusDocument extends TenantDocument {
  exhaustedSince: Date | null;
  /** The earliest moment a pass has time-based work to do (hold, invitation, repair). */
  nextDeadlineAt: Date | null;
  /** The last pass that decided every member of the org (pass-scope.ts); absent before the first. */
  fullPassAt?: Date | null;
  /** Members that pass saw (deleted ones included): the org's size, for choosing a pass's scope. */
  members?: number | null;
  /** Group memberships that pass read: whether a targeted pass probes them by `_id` (directory-reader.ts). */
  memberships?: number | null;
  updatedAt: Date;
}

export const licenseIds = {
  slot: (orgId: string, n: number) => `${orgId}:slot:${n}`,
  holder: (orgId: string, memberId: string) => `${orgId}:holder:${memberId}`,
  acceptance: (orgId: string, grantId: string) => `${orgId}:acceptance:${grantId}`,
  suspension: (orgId: string, memberId: string) => `${orgId}:suspension:${memberId}`,
  inviteExpiry: (orgId: string, grantId: string) => `${orgId}:invite-expired:${grantId}`,
  waiting: (orgId: string, memberId: string) => `${orgId}:${memberId}`,
  poolStatus: (orgId: string) => `${orgId}:status`,
};
