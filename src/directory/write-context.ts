/** What a write knows about the request that caused it. */
export interface WriteContext {
  /** The request id: it ties the sync log entries of the request and of the jobs it caused. */
  correlationId: string | null;
  ifMatch?: string;
}

/** How often a write re-reads and retries when another writer got the same version first. */
export const MAX_WRITE_ATTEMPTS = 8;
