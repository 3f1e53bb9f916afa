import IORedis, { type Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../observability/logger';
import { withTimeout } from './mongo';

/**
 * Redis connections. BullMQ workers need `maxRetriesPerRequest: null` (blocking commands must
 * wait through reconnects); connections used on the request path fail fast instead, so an
 * outage becomes a 503 rather than a hung request. Producers (the queues' `add`) fail fast
 * too, and also when Redis accepts connections but does not answer (paused, overloaded): a
 * SCIM write is durable before it enqueues, and the sweeper enqueues what was not.
 */
export type RedisRole = 'worker' | 'request' | 'producer';

/** How long a producer command may wait for Redis before it fails. */
export const PRODUCER_COMMAND_TIMEOUT_MS = 2000;

export function createRedis(url: string, role: RedisRole, logger: Logger): Redis {
  const options: RedisOptions = {
    maxRetriesPerRequest: role === 'worker' ? null : 1,
    enableOfflineQueue: role === 'worker',
    ...(role === 'producer' ? { commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS } : {}),
    connectTimeout: 3000,
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(200 * attempt, 2000),
  };
  const redis = new IORedis(url, options);
  redis.on('error', (error) => logger.debug({ err: error.message, role }, 'redis error'));
  return redis;
}

export async function pingRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status !== 'ready') throw new Error(`redis is ${redis.status}`);
  await withTimeout(redis.ping(), timeoutMs, 'redis ping');
}

/**
 * BullMQ loses jobs silently if Redis evicts keys under memory pressure, so we refuse to run
 * against a Redis whose policy is anything but noeviction.
 */
export async function assertNoEviction(redis: Redis): Promise<void> {
  let policy: string | undefined;
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1];
  } catch {
    // Managed services may forbid CONFIG; INFO still reports the policy.
    const info = await redis.info('memory');
    policy = /maxmemory_policy:(\S+)/.exec(info)?.[1];
  }
  if (policy !== undefined && policy !== 'noeviction') {
    throw new Error(
      `Redis maxmemory-policy is "${policy}"; seatsync needs "noeviction" because an evicted job key loses work. ` +
        'Set it with: redis-cli CONFIG SET maxmemory-policy noeviction (and in redis.conf).',
    );
  }
}

/** Resolves when the connection is ready, or rejects after the timeout. */
export function waitForRedis(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => redis.once('ready', () => resolve())),
    timeoutMs,
    'redis connection',
  );
}
