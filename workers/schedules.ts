import type { Runtime } from '../src/deps';
import { EXPIRE_JOB, SWEEP_JOB, SYNC_LOG_CLEANUP_JOB } from '../src/queue/jobs';

export interface JobSchedules {
  stop(): void;
}

const EXPIRE_EVERY_MS = 60_000;
const SYNC_LOG_CLEANUP_EVERY_MS = 3600_000;

/**
 * The repeatable jobs, on the maintenance queue: `sweep` every SWEEP_INTERVAL_MS and
 * `expire-holds-and-invitations` every minute, the sync-log retention every hour. `upsertJobScheduler` is idempotent, so every
 * worker process may declare them. Schedulers live in Redis and vanish with it; each process
 * checks now and then that they still exist and declares them again if not, so a flushed
 * Redis gets its sweeper back, and the sweeper recovers everything else.
 */
export function startJobSchedules(runtime: Runtime): JobSchedules {
  const { queues, config, logger } = runtime;
  const schedules = [
    { id: SWEEP_JOB, every: config.SWEEP_INTERVAL_MS },
    { id: EXPIRE_JOB, every: EXPIRE_EVERY_MS },
    { id: SYNC_LOG_CLEANUP_JOB, every: SYNC_LOG_CLEANUP_EVERY_MS },
  ];
  const declare = async (onlyMissing: boolean) => {
    for (const { id, every } of schedules) {
      try {
        if (onlyMissing && (await queues.maintenance.getJobScheduler(id))) continue;
        await queues.maintenance.upsertJobScheduler(id, { every }, { name: id, data: {} });
      } catch (error) {
        logger.warn({ scheduler: id, err: (error as Error).message }, 'could not declare a job scheduler; will retry');
      }
    }
  };
  void declare(false);
  const timer = setInterval(() => void declare(true), Math.min(30_000, config.SWEEP_INTERVAL_MS));
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
