import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';

/**
 * A short per-org lock in Redis (SET NX PX), so that usually one worker reconciles an org at
 * a time. It is an efficiency only: correctness never depends on it (license-writer.ts), so
 * when Redis cannot answer the pass runs unlocked rather than not at all.
 */
export interface OrgLease {
  /** Extends the lease; false when it was lost (expired and taken by another worker). */
  extend(): Promise<boolean>;
  release(): Promise<void>;
}

export type LockResult = { kind: 'acquired'; lease: OrgLease } | { kind: 'busy' } | { kind: 'unavailable' };

const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const EXTEND_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

export class OrgLock {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly logger: Logger,
    // Short, and extended between passes: a worker killed while holding it keeps its orgs
    // waiting for at most this long. A pass longer than this loses it, which is allowed.
    private readonly ttlMs = 20_000,
  ) {}

  async acquire(orgId: string): Promise<LockResult> {
    const key = `${this.keyPrefix}:license-lock:${orgId}`;
    const token = randomUUID();
    try {
      const reply = await this.redis.set(key, token, 'PX', this.ttlMs, 'NX');
      if (reply !== 'OK') return { kind: 'busy' };
    } catch (error) {
      this.logger.warn({ orgId, err: (error as Error).message }, 'org lock unavailable; reconciling without it');
      return { kind: 'unavailable' };
    }
    const quietly = async <T>(run: () => Promise<T>, fallback: T): Promise<T> => {
      try {
        return await run();
      } catch {
        return fallback;
      }
    };
    return {
      kind: 'acquired',
      lease: {
        extend: () => quietly(async () => (await this.redis.eval(EXTEND_SCRIPT, 1, key, token, String(this.ttlMs))) === 1, false),
        release: () => quietly(async () => void (await this.redis.eval(RELEASE_SCRIPT, 1, key, token)), undefined),
      },
    };
  }
}
