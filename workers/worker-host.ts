import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Runtime } from '../src/deps';
import { MAINTENANCE_QUEUE, RECONCILE_QUEUE } from '../src/queue/queues';
import { startJobSchedules } from './schedules';

/** A job handler: level-triggered, idempotent, safe to run twice at once. */
export type JobHandler = (job: Job, runtime: Runtime) => Promise<unknown>;

export interface WorkerHost {
  workers: Worker[];
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

/**
 * Runs the BullMQ workers. Every job goes through one wrapper that picks the handler by job
 * name, logs the attempt and records it in the job metrics (name, outcome, duration); an
 * unknown name fails the job rather than dropping it silently.
 */
export function startWorkers(runtime: Runtime, handlers: Record<string, JobHandler>): WorkerHost {
  const process = async (job: Job) => {
    const handler = handlers[job.name];
    if (!handler) {
      runtime.metrics?.observeJob('unknown', 'failed', 0);
      throw new Error(`no handler for job "${job.name}"`);
    }
    const started = Date.now();
    try {
      const result = await handler(job, runtime);
      runtime.metrics?.observeJob(job.name, 'completed', (Date.now() - started) / 1000);
      runtime.logger.debug({ job: job.name, id: job.id, attempt: job.attemptsMade + 1, ms: Date.now() - started }, 'job done');
      return result;
    } catch (error) {
      runtime.metrics?.observeJob(job.name, 'failed', (Date.now() - started) / 1000);
      runtime.logger.warn({ job: job.name, id: job.id, attempt: job.attemptsMade + 1, err: (error as Error).message }, 'job failed');
      throw error;
    }
  };
  const options = {
    connection: runtime.queueRedis as ConnectionOptions,
    prefix: runtime.config.QUEUE_PREFIX,
    concurrency: runtime.config.WORKER_CONCURRENCY,
  };
  const workers = [
    new Worker(RECONCILE_QUEUE, process, options),
    new Worker(MAINTENANCE_QUEUE, process, { ...options, concurrency: 1 }),
  ];
  for (const worker of workers) {
    worker.on('error', (error) => runtime.logger.warn({ err: error.message }, 'worker error'));
  }
  const schedules = startJobSchedules(runtime);
  return {
    workers,
    close: async () => {
      schedules.stop();
      runtime.licenses.reconciler.stopBetweenPasses();
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
