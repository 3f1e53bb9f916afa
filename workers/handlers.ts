import { isOrgId } from '../src/infra/store';
import { EXPIRE_JOB, RECONCILE_ORG_JOB, SWEEP_JOB, SYNC_LOG_CLEANUP_JOB, type ReconcileOrgData } from '../src/queue/jobs';
import { applySyncLogRetention } from '../src/sync-log/retention';
import type { JobHandler } from './worker-host';

/** Every job the workers know, by name. */
export function jobHandlers(): Record<string, JobHandler> {
  return {
    [RECONCILE_ORG_JOB]: async (job, runtime) => {
      const { orgId } = (job.data ?? {}) as Partial<ReconcileOrgData>;
      // A malformed payload can never succeed: finish it instead of retrying it eight times.
      if (typeof orgId !== 'string' || !isOrgId(orgId)) return { skipped: 'no valid orgId' };
      return runtime.licenses.reconcileOrg(orgId, { name: job.name, attempt: job.attemptsMade + 1 });
    },
    [SWEEP_JOB]: (_job, runtime) => runtime.licenses.sweeper.sweep(),
    [EXPIRE_JOB]: (_job, runtime) => runtime.licenses.expiry.run(),
    [SYNC_LOG_CLEANUP_JOB]: (_job, runtime) => applySyncLogRetention(runtime.store, runtime.config.SYNC_LOG_RETENTION_DAYS),
  };
}
