/** What a write knows about the request that caused it. */
export interface WriteContext {
  /** The request id: it ties the sync log entries of the request and of the jobs it caused. */
  correlationId: string | null;
  ifMatch?: string;
}

/**
 * How often a write re-reads and retries when another writer got the same version first.
 * Each lost race means another writer succeeded, so N concurrent writers of one resource need
 * at most N attempts; Entra sends group PATCHes in parallel, hence the generous bound.
 */
export const MAX_WRITE_ATTEMPTS = 64;

/** A short random pause before retrying, growing with the attempts, so writers spread out. */
export function backOff(attempt: number): Promise<void> {
  const ceiling = Math.min(50, 2 + attempt * 4);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
