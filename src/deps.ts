import type { Redis } from 'ioredis';
import type { Connection } from 'mongoose';
import type { Config } from './config';
import { connectMongo, describeStore, pingMongo, type StoreInfo } from './infra/mongo';
import { assertNoEviction, createRedis, pingRedis, waitForRedis } from './infra/redis';
import { ensureSharedIndexes } from './infra/shared-indexes';
import { Store, type StoreLayout } from './infra/store';
import { createDirectoryModule, type DirectoryModule } from './directory/directory-module';
import { ChangeRecorder } from './events/change-recorder';
import { createLicenseModule, type LicenseModule } from './licenses/license-module';
import { PoolReader } from './licenses/pool-reader';
import type { Logger } from './observability/logger';
import { createMetrics, type Metrics } from './observability/metrics';
import { storeScrapeSources } from './observability/scrape-sources';
import { createQueues, type Queues } from './queue/queues';
import { OrgRepository } from './tenancy/org-repository';
import { OrgService } from './tenancy/org-service';
import { TokenRepository } from './tenancy/token-repository';
import { TokenCache } from './tenancy/token-cache';
import { TokenService } from './tenancy/token-service';
import { WriteRateLimiter } from './tenancy/write-rate-limiter';

/**
 * Composition root: connections, repositories and services, built once per process and
 * passed down explicitly (no DI framework, no module-level singletons).
 */
export interface Runtime {
  config: Readonly<Config>;
  logger: Logger;
  mongo: Connection;
  storeInfo: StoreInfo;
  store: Store;
  /** Fails fast: used on the request path. */
  redis: Redis;
  /** Waits through reconnects: used by BullMQ workers. */
  queueRedis: Redis;
  queues: Queues;
  orgs: OrgService;
  tokens: TokenService;
  changes: ChangeRecorder;
  directory: DirectoryModule;
  licenses: LicenseModule;
  /** This process's Prometheus registry and recorders (served at /metrics). */
  metrics: Metrics;
  writeRate: WriteRateLimiter;
  /** Absolute SCIM base URL of an org. */
  scimBaseUrl: (orgId: string) => string;
  readiness: { mongo: () => Promise<void>; redis: () => Promise<void> };
  close(): Promise<void>;
}

export interface RuntimeUrls {
  mongodbUri: string;
  redisUrl: string;
}

export async function createRuntime(config: Readonly<Config>, urls: RuntimeUrls, logger: Logger): Promise<Runtime> {
  const mongo = await connectMongo(urls.mongodbUri, logger);
  const redis = createRedis(urls.redisUrl, 'request', logger);
  const queueRedis = createRedis(urls.redisUrl, 'worker', logger);
  // The queues' own connection fails fast: an enqueue must never hold up a SCIM answer.
  const producerRedis = createRedis(urls.redisUrl, 'producer', logger);
  // Pub/sub needs a connection of its own (a subscribed connection runs no other commands).
  const subscriber = createRedis(urls.redisUrl, 'worker', logger);
  try {
    await Promise.all([waitForRedis(redis, 5000), waitForRedis(queueRedis, 5000), waitForRedis(producerRedis, 5000)]);
    await assertNoEviction(redis);
    const storeInfo = await describeStore(mongo);
    const layout: StoreLayout = config.STORE_LAYOUT === 'auto'
      ? (storeInfo.flavour === 'ferretdb' ? 'per-org' : 'shared')
      : config.STORE_LAYOUT;
    logger.info({ store: storeInfo, layout }, 'connected to the document store');
    const store = new Store(mongo.db!, layout);
    await ensureSharedIndexes(store);
    const queues = createQueues(producerRedis, config.QUEUE_PREFIX);
    const tokenCache = new TokenCache(redis, logger);
    await tokenCache.listen(subscriber);
    const tokens = new TokenService(new TokenRepository(store), tokenCache);
    const scimBaseUrl = (orgId: string) => `${config.PUBLIC_URL}/scim/v2/${orgId}`;
    const changes = new ChangeRecorder(store, queues, logger);
    const licenses = createLicenseModule(store, queues, redis, logger, () => new Date(), {
      sweepMinAgeMs: Math.min(5000, config.SWEEP_INTERVAL_MS),
    });
    // A settings change is an org-wide change: the workers re-decide every member.
    const orgs = new OrgService(new OrgRepository(store), tokens, new PoolReader(store), scimBaseUrl, (orgId, reason) =>
      changes.record(orgId, [{ memberId: null, reason }], null),
    );
    const directory = createDirectoryModule(store, changes, {
      maxPatchOperations: config.SCIM_MAX_OPERATIONS,
      maxMembersPerRequest: config.SCIM_MAX_MEMBERS_PER_REQUEST,
      maxResults: config.SCIM_MAX_RESULTS,
      maxFilterLength: config.SCIM_MAX_FILTER_LENGTH,
      maxFilterDepth: config.SCIM_MAX_FILTER_DEPTH,
    }, { gate: licenses.gate, views: licenses.views });
    const metrics = createMetrics(
      storeScrapeSources({
        queues: [queues.reconcile, queues.maintenance],
        queueRedis,
        store,
        orgs: new OrgRepository(store),
        pool: new PoolReader(store),
      }),
    );
    return {
      config,
      logger,
      mongo,
      storeInfo,
      store,
      redis,
      queueRedis,
      queues,
      orgs,
      tokens,
      changes,
      directory,
      licenses,
      metrics,
      writeRate: new WriteRateLimiter(redis, config.SCIM_WRITE_RATE_PER_MINUTE, logger),
      scimBaseUrl,
      readiness: {
        mongo: () => pingMongo(mongo, 1000),
        redis: () => pingRedis(redis, 1000),
      },
      close: async () => {
        await queues.close().catch(() => undefined);
        redis.disconnect();
        queueRedis.disconnect();
        producerRedis.disconnect();
        subscriber.disconnect();
        await mongo.close().catch(() => undefined);
      },
    };
  } catch (error) {
    redis.disconnect();
    queueRedis.disconnect();
    producerRedis.disconnect();
    subscriber.disconnect();
    await mongo.close().catch(() => undefined);
    throw error;
  }
}
