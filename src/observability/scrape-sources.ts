import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Document } from 'mongodb';
import type { Store } from '../infra/store';
import type { PoolReader } from '../licenses/pool-reader';
import type { OrgRepository } from '../tenancy/org-repository';

/** What the scrape-time gauges read. An interface, so metrics.ts can be tested with fakes. */
export interface ScrapeSources {
  queueDepths(): Promise<QueueDepth[]>;
  unappliedChanges(): Promise<UnappliedChanges>;
  /** License numbers of at most `limit` orgs (in id order) and the number of orgs in all. */
  orgLicenses(limit: number): Promise<OrgLicenses>;
}

export interface QueueDepth {
  queue: string;
  state: string;
  count: number;
}

export interface UnappliedChanges {
  count: number;
  oldestAt: Date | null;
}

export interface OrgLicenses {
  orgs: number;
  items: Array<{ orgId: string; held: number; purchased: number; awaiting: number }>;
}

export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'paused', 'failed', 'completed'] as const;

/** Reads done in parallel per scrape, at most this many at a time (store round trips). */
const CONCURRENCY = 8;

export interface StoreScrapeSourcesDeps {
  queues: readonly Queue[];
  /** The connection the queues use: checked first, so an outage answers at once. */
  queueRedis: Redis;
  store: Store;
  orgs: OrgRepository;
  pool: PoolReader;
}

export function storeScrapeSources(deps: StoreScrapeSourcesDeps): ScrapeSources {
  return {
    async queueDepths() {
      // The queue connection waits through reconnects (BullMQ needs that); a scrape must not.
      if (deps.queueRedis.status !== 'ready') throw new Error(`redis is ${deps.queueRedis.status}`);
      const perQueue = await Promise.all(
        deps.queues.map(async (queue) => {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          return QUEUE_STATES.map((state) => ({ queue: queue.name, state, count: counts[state] ?? 0 }));
        }),
      );
      return perQueue.flat();
    },

    async unappliedChanges() {
      // Across orgs on purpose: one query per changes collection (one in the shared layout).
      const names = await deps.store.tenantCollectionNames('changes');
      const perCollection = await mapLimit(names, CONCURRENCY, async (name) => {
        const collection = deps.store.db.collection<Document>(name);
        const [count, oldest] = await Promise.all([
          collection.countDocuments({}),
          collection.findOne({}, { sort: { at: 1 }, projection: { at: 1 } }),
        ]);
        return { count, oldestAt: oldest?.at instanceof Date ? oldest.at : null };
      });
      let count = 0;
      let oldestAt: Date | null = null;
      for (const part of perCollection) {
        count += part.count;
        if (part.oldestAt && (oldestAt === null || part.oldestAt < oldestAt)) oldestAt = part.oldestAt;
      }
      return { count, oldestAt };
    },

    async orgLicenses(limit) {
      const [orgs, total] = await Promise.all([deps.orgs.list(undefined, limit), deps.orgs.count()]);
      const items = await mapLimit(orgs, CONCURRENCY, async (org) => {
        const counts = await deps.pool.counts(org._id, org.initialLicenses);
        return { orgId: org._id, held: counts.held, purchased: counts.purchased, awaiting: counts.awaiting };
      });
      return { orgs: total, items };
    },
  };
}

export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
