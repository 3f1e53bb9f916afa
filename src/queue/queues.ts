import { Queue, type ConnectionOptions, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';

/**
 * The one module that names queues and enqueues. Jobs are level-triggered ("reconcile X"),
 * so their payloads carry ids, never state, and never secrets.
 */
export const RECONCILE_QUEUE = 'reconcile';
export const MAINTENANCE_QUEUE = 'maintenance';

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export interface Queues {
  reconcile: Queue;
  maintenance: Queue;
  close(): Promise<void>;
}

export function createQueues(connection: Redis, prefix: string): Queues {
  const options = { connection: connection as ConnectionOptions, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS };
  const reconcile = new Queue(RECONCILE_QUEUE, options);
  const maintenance = new Queue(MAINTENANCE_QUEUE, options);
  return {
    reconcile,
    maintenance,
    close: async () => {
      await Promise.all([reconcile.close(), maintenance.close()]);
    },
  };
}
