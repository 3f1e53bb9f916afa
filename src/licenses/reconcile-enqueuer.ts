import type { Logger } from '../observability/logger';
import { RECONCILE_ORG_JOB, reconcileJobId, type ReconcileOrgData } from '../queue/jobs';
import type { Queues } from '../queue/queues';

/** A busy org is tried again this much later. */
export const FOLLOW_UP_DELAY_MS = 250;

/**
 * Enqueues `reconcile-org` jobs that no change record asked for: the follow-up of a job that
 * found the org busy, and the sweeper's. Failures are logged, not thrown: the change records
 * are still there, and the sweeper enqueues them again.
 */
export class ReconcileEnqueuer {
  constructor(
    private readonly queues: Queues,
    private readonly logger: Logger,
  ) {}

  /**
   * One follow-up per org and 250 ms window: the jobs that find an org busy during a long pass
   * collapse into one (BullMQ ignores an add whose id exists), and each window's id is new.
   */
  async followUp(orgId: string, nowMs: number): Promise<boolean> {
    const window = Math.floor(nowMs / FOLLOW_UP_DELAY_MS);
    return this.add(orgId, `follow-up-${window}`, FOLLOW_UP_DELAY_MS);
  }

  async sweep(orgId: string, sweepId: string): Promise<boolean> {
    return this.add(orgId, `sweep-${sweepId}`, 0);
  }

  private async add(orgId: string, key: string, delay: number): Promise<boolean> {
    const data: ReconcileOrgData = { orgId };
    try {
      await this.queues.reconcile.add(RECONCILE_ORG_JOB, data, { jobId: reconcileJobId(orgId, key), delay });
      return true;
    } catch (error) {
      this.logger.warn({ orgId, err: (error as Error).message }, 'could not enqueue a reconcile; the sweeper will');
      return false;
    }
  }
}
