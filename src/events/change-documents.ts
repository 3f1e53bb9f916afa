import type { TenantDocument } from '../infra/store';

/**
 * A change the workers have not applied yet. SCIM writes, purchases and admin actions insert
 * them (after their own write is durable); the reconcile job deletes exactly the records it
 * applied. What is left is still to do: the sweeper re-enqueues it, and sync-status counts it.
 */
export interface ChangeDocument extends TenantDocument {
  /** The member to reconcile, or null for an org-wide change (purchase, settings). */
  memberId: string | null;
  reason: string;
  /** When the change was accepted: the FIFO key for members who newly need a license. */
  at: Date;
  /** Request id of the SCIM or admin request that caused it, for the sync log. */
  correlationId: string | null;
}
