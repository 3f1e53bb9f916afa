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
 * From this many members changed for one reason by one request, they share records of up to
 * MEMBERS_PER_RECORD ids: a 10,000-member group PATCH inserts 2 documents, not 10,000.
 */
const SHARED_RECORD_FROM = 100;
const MEMBERS_PER_RECORD = 5000;

type RecordContent = Pick<ChangeDocument, 'memberId' | 'memberIds' | 'reason'>;

/** One record per member, or shared records for many members changed for the same reason. Pure. */
export function changeRecords(entries: ChangeEntry[]): RecordContent[] {
  const byReason = new Map<string, string[]>();
  const records: RecordContent[] = [];
  for (const entry of entries) {
    if (entry.memberId === null) {
      records.push({ memberId: null, reason: entry.reason });
      continue;
    }
    const ids = byReason.get(entry.reason) ?? [];
    ids.push(entry.memberId);
    byReason.set(entry.reason, ids);
  }
  for (const [reason, ids] of byReason) {
    if (ids.length < SHARED_RECORD_FROM) {
      for (const memberId of ids) records.push({ memberId, reason });
      continue;
    }
    for (let i = 0; i < ids.length; i += MEMBERS_PER_RECORD) {
      records.push({ memberId: null, memberIds: ids.slice(i, i + MEMBERS_PER_RECORD), reason });
    }
  }
  return records;
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
    const docs: ChangeDocument[] = changeRecords(entries).map((record) => ({
      _id: changes.id(randomUUID()),
      orgId,
      ...record,
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
