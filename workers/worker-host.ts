import { Worker, type ConnectionOptions, type Job } from 'bullmq';
import type { Runtime } from '../src/deps';
import { MAINTENANCE_QUEUE, RECONCILE_QUEUE } from '../src/queue/queues';

/** A job handler: level-triggered, idempotent, safe to run twice at once. */
export type JobHandler = (job: Job, runtime: Runtime) => Promise<unknown>;

export interface WorkerHost {
  workers: Worker[];
  /** Stops taking jobs and waits for the running ones to finish. */
  close(): Promise<void>;
}

/**
 * Runs the BullMQ workers. Every job goes through one wrapper that picks the handler by job
 * name and logs the attempt; an unknown name fails the job rather than dropping it silently.
 */
export function startWorkers(runtime: Runtime, handlers: Record<string, JobHandler>): WorkerHost {
  const process = async (job: Job) => {
    const handler = handlers[job.name];
    if (!handler) throw new Error(`no handler for job "${job.name}"`);
    const started = Date.now();
    try {
      const result = await handler(job, runtime);
      runtime.logger.debug({ job: job.name, id: job.id, attempt: job.attemptsMade + 1, ms: Date.now() - started }, 'job done');
      return result;
    } catch (error) {
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
  return {
    workers,
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
