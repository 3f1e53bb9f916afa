import type { JobHandler } from './worker-host';

/** Every job the workers know, by name. */
export function jobHandlers(): Record<string, JobHandler> {
  return {};
}
