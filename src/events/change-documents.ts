import type { TenantDocument } from '../infra/store';

/**
 * A change the workers have not applied yet. SCIM writes, purchases and admin actions insert
 * them (after their own write is durable); the reconcile job deletes exactly the records it
 * applied. What is left is still to do: the sweeper re-enqueues it, and sync-status counts it.
 */
export interface ChangeDocument extends TenantDocument {
  /** The member to reconcile, or null for an org-wide change (purchase, settings) or `memberIds`. */
  memberId: string | null;
  /**
   * Many members changed by one request for one reason (a large group PATCH): one record names
   * them all, one insert instead of thousands. Absent on the other records.
   */
  memberIds?: string[];
  reason: string;
  /** When the change was accepted: the FIFO key for members who newly need a license. */
  at: Date;
  /** Request id of the SCIM or admin request that caused it, for the sync log. */
  correlationId: string | null;
}

/** The members a record names; none for an org-wide record. */
export function membersNamedBy(change: ChangeDocument): string[] {
  if (change.memberId !== null) return [change.memberId];
  return change.memberIds ?? [];
}

/** A change that concerns the whole org (purchase, settings, a due deadline, an admin reconcile). */
export function isOrgWideChange(change: ChangeDocument): boolean {
  return change.memberId === null && change.memberIds === undefined;
}
