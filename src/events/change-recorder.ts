import { randomUUID } from 'node:crypto';
import type { Store } from '../infra/store';
import type { Logger } from '../observability/logger';
import type { Queues } from '../queue/queues';
import { RECONCILE_ORG_JOB, reconcileJobId } from '../queue/jobs';
import type { ChangeDocument } from './change-documents';

export interface ChangeEntry {
  memberId: string | null;
  reason: string;
}

/**
 * Marks work for the workers: first the durable change records, then a job. If Redis is
 * down the job is lost but the records are not, and the sweeper enqueues them later; so a
 * failed enqueue never fails the request that caused it.
 */
export class ChangeRecorder {
  constructor(
    private readonly store: Store,
    private readonly queues: Queues,
    private readonly logger: Logger,
  ) {}

  async record(orgId: string, entries: ChangeEntry[], correlationId: string | null, at = new Date()): Promise<void> {
    if (entries.length === 0) return;
    const changes = this.store.tenant<ChangeDocument>(orgId, 'changes');
    const docs: ChangeDocument[] = entries.map((entry) => ({
      _id: changes.id(randomUUID()),
      orgId,
      memberId: entry.memberId,
      reason: entry.reason,
      at,
      correlationId,
    }));
    await changes.insertMany(docs);
    await this.enqueue(orgId, docs[0]._id);
  }

  /** Enqueues a reconcile of the org; the job id is unique per change, as BullMQ requires. */
  async enqueue(orgId: string, changeId: string): Promise<boolean> {
    try {
      await this.queues.reconcile.add(RECONCILE_ORG_JOB, { orgId }, { jobId: reconcileJobId(orgId, changeId) });
      return true;
    } catch (error) {
      this.logger.warn({ orgId, err: (error as Error).message }, 'enqueue failed; the sweeper will pick the change up');
      return false;
    }
  }
}
