import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';
import type { LicenseDocument, WaitingDocument } from './license-documents';

/**
 * An org's license and waiting documents as this worker's last pass of the org left them.
 * Reading them is most of a targeted pass's cost (a scan of about two documents per license
 * held, 100 ms for 1,000 licenses on FerretDB), and they change only through passes.
 */
export interface CachedPool {
  stamp: string;
  /** By `_id`. A taken view belongs to the pass that took it, which updates it in place. */
  licenses: Map<string, LicenseDocument>;
  waiting: Map<string, WaitingDocument>;
}

export interface LedgerCacheOptions {
  /** License and waiting documents kept across all orgs; the least recently kept orgs go first. */
  maxDocs?: number;
  /** A view not used for this long is dropped. */
  maxIdleMs?: number;
  clock?: () => number;
}

interface KeptView extends CachedPool {
  keptAt: number;
  /** Documents counted when kept (the maps belong to the next pass once taken). */
  docs: number;
}

/**
 * Keeps what a pass leaves of the org's pool for the org's next pass, in this process only.
 * Whether the kept view is still the store's is decided by a stamp in Redis, where updates
 * are atomic (unlike our store's): a pass that keeps its view sets a fresh stamp; the next
 * pass of the org, in whichever worker, takes the stamp away (GETDEL) before it reads, and
 * uses the kept view only if the stamp it took is the one kept with it. So:
 *  - a pass in another worker since ours set another stamp, or took ours: the view is read again;
 *  - a pass that dies took the stamp and set none: the next pass reads the store again,
 *    whatever the dead pass had written;
 *  - two passes at once: at most one finds the stamp; the other reads the store.
 * Passes only keep a view in which every write went as the view predicted (pool-journal.ts),
 * and passes over the whole org always read the store, so anything else that happened
 * (a stalled worker writing after its lease, a write whose change record was lost) is seen
 * by the next full pass, as without the cache. Correctness never rests on the view: a slot's
 * unique `_id` and a holder's still make over-allocation and double grants impossible, and a
 * write that finds the store other than the view expected makes the view be read again.
 * When Redis cannot answer, nothing is kept and every pass reads the store.
 *
 * A view pays off for an org whose changes keep coming; one idle for `maxIdleMs` is dropped
 * (its next pass reads the store once), so the worker does not hold the pools of orgs that
 * stopped changing. Its stamp expires as well.
 */
export class LedgerCache {
  /** In the order they were kept, least recent first. */
  private readonly entries = new Map<string, KeptView>();
  private cachedDocs = 0;
  private readonly maxDocs: number;
  private readonly maxIdleMs: number;
  private readonly clock: () => number;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly logger: Logger,
    options: LedgerCacheOptions = {},
  ) {
    this.maxDocs = options.maxDocs ?? 100_000;
    this.maxIdleMs = options.maxIdleMs ?? 60_000;
    this.clock = options.clock ?? Date.now;
  }

  /** The org's kept view if it is still the store's; either way, no other pass can use it after this. */
  async take(orgId: string): Promise<CachedPool | null> {
    this.dropIdle();
    const entry = this.entries.get(orgId);
    let stamp: string | null;
    try {
      stamp = await this.redis.getdel(this.key(orgId));
    } catch (error) {
      this.logger.debug({ orgId, err: (error as Error).message }, 'ledger stamp unavailable; reading the pool');
      stamp = null;
    }
    this.forget(orgId);
    return entry && stamp === entry.stamp ? entry : null;
  }

  /** Keeps the org's license and waiting documents (by `_id`) as the view for its next pass. */
  async keep(orgId: string, licenses: Map<string, LicenseDocument>, waiting: Map<string, WaitingDocument>): Promise<void> {
    const size = licenses.size + waiting.size;
    if (size > this.maxDocs) return;
    const stamp = randomUUID();
    try {
      await this.redis.set(this.key(orgId), stamp, 'PX', this.maxIdleMs);
    } catch (error) {
      this.logger.debug({ orgId, err: (error as Error).message }, 'ledger stamp not set; the next pass reads the pool');
      return;
    }
    this.forget(orgId);
    this.dropIdle();
    while (this.entries.size > 0 && this.cachedDocs + size > this.maxDocs) this.evictOldest();
    this.entries.set(orgId, { stamp, licenses, waiting, keptAt: this.clock(), docs: size });
    this.cachedDocs += size;
  }

  /** Drops the org's view held here; its stamp, if any, no longer matches anything. */
  forget(orgId: string): void {
    const entry = this.entries.get(orgId);
    if (!entry) return;
    this.entries.delete(orgId);
    this.cachedDocs -= entry.docs;
  }

  private dropIdle(): void {
    const idleSince = this.clock() - this.maxIdleMs;
    for (const [orgId, entry] of this.entries) {
      if (entry.keptAt > idleSince) break;
      this.forget(orgId);
    }
  }

  private evictOldest(): void {
    // A Map iterates in insertion order, and `keep` re-inserts: the first entry is the least recently kept.
    const oldest = this.entries.keys().next();
    if (!oldest.done) this.forget(oldest.value);
  }

  private key(orgId: string): string {
    return `${this.keyPrefix}:ledger-stamp:${orgId}`;
  }
}
