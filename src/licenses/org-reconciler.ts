import type { Logger } from '../observability/logger';
import type { OrgLock } from './org-lock';
import type { OrgPass, PassResult } from './org-pass';
import type { JobInfo } from './pass-log-entries';
import type { ReconcileEnqueuer } from './reconcile-enqueuer';

export interface ReconcileOutcome {
  /** "deferred": another worker held the org; a follow-up job was enqueued. */
  status: 'done' | 'deferred';
  passes: number;
  applied: number;
}

/** Passes one job may run before it hands the org to a follow-up job (other orgs get a turn). */
const MAX_PASSES_PER_JOB = 20;

/**
 * `reconcile-org`: level-triggered per org. Takes the org's lock, then runs passes until no
 * change record is pending (records that arrive during a pass get the next one).
 */
export class OrgReconciler {
  private stopping = false;

  constructor(
    private readonly pass: OrgPass,
    private readonly lock: OrgLock,
    private readonly enqueuer: ReconcileEnqueuer,
    private readonly logger: Logger,
  ) {}

  /**
   * The process is shutting down: jobs end after their current pass and hand the org to a
   * follow-up job, so that a backlog never holds a SIGTERM past its grace period.
   */
  stopBetweenPasses(): void {
    this.stopping = true;
  }

  async reconcileOrg(orgId: string, job: JobInfo = { name: 'reconcile-org', attempt: 1 }): Promise<ReconcileOutcome> {
    const lock = await this.lock.acquire(orgId);
    if (lock.kind === 'busy') {
      await this.enqueuer.followUp(orgId, Date.now());
      return { status: 'deferred', passes: 0, applied: 0 };
    }
    try {
      return await this.runPasses(orgId, job, async () => {
        if (lock.kind === 'acquired' && !(await lock.lease.extend())) {
          this.logger.warn({ orgId }, 'org lock lost during a long reconcile; continuing (the lock is an efficiency only)');
        }
      });
    } finally {
      if (lock.kind === 'acquired') await lock.lease.release();
    }
  }

  /** The passes without the lock: what two workers running at once would do. */
  async runPasses(orgId: string, job: JobInfo, betweenPasses: () => Promise<void> = async () => undefined): Promise<ReconcileOutcome> {
    let passes = 0;
    let applied = 0;
    for (;;) {
      const result: PassResult | null = await this.pass.run(orgId, job);
      if (!result) return { status: 'done', passes, applied };
      passes++;
      applied += result.applied;
      if (passes >= MAX_PASSES_PER_JOB || this.stopping) {
        await this.enqueuer.followUp(orgId, Date.now());
        return { status: 'done', passes, applied };
      }
      await betweenPasses();
    }
  }
}
