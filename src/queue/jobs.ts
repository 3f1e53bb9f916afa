/** Job names and ids. Payloads carry ids only: never state, never secrets. */

export const RECONCILE_ORG_JOB = 'reconcile-org';
export const SWEEP_JOB = 'sweep';
export const EXPIRE_JOB = 'expire-holds-and-invitations';
export const SYNC_LOG_CLEANUP_JOB = 'sync-log-cleanup';

export interface ReconcileOrgData {
  orgId: string;
}

/** BullMQ ignores an add whose id exists (even completed), so ids are unique per change. */
export function reconcileJobId(orgId: string, changeId: string): string {
  return `reconcile-${orgId}-${changeId.replace(/[^A-Za-z0-9-]/g, '-')}`;
}
