import type { Redis } from 'ioredis';
import { withTimeout } from '../infra/mongo';
import type { Logger } from '../observability/logger';

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number; limit: number };

const WINDOW_MS = 60_000;
/** The limiter answers from Redis or not at all: a slow Redis must not slow the SCIM write down. */
const DECISION_TIMEOUT_MS = 250;

/**
 * Counts one write if the org is under its limit; returns 1 if counted, 0 if over. The previous
 * minute's count is weighted by how much of it the sliding window still covers. A rejected
 * write is not counted, so an IdP that backs off gets through as soon as the rate allows.
 */
const SLIDING_WINDOW_SCRIPT = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = tonumber(redis.call('GET', KEYS[2]) or '0')
if previous * tonumber(ARGV[2]) + current + 1 > tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

/**
 * Per-org limit on SCIM writes, shared by every API process through Redis (Slack's model: a
 * few hundred writes a minute per org). When Redis cannot answer in time the write is allowed
 * and the outage logged: the limiter protects the service, it must never be what stops
 * provisioning.
 */
export class WriteRateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly writesPerMinute: number,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async take(orgId: string): Promise<RateDecision> {
    const now = this.now();
    const window = Math.floor(now / WINDOW_MS);
    const elapsed = (now % WINDOW_MS) / WINDOW_MS;
    // One hash tag per org keeps both keys in one slot on Redis Cluster.
    const key = (w: number) => `seatsync:write-rate:{${orgId}}:${w}`;
    try {
      const counted = await withTimeout(
        this.redis.eval(SLIDING_WINDOW_SCRIPT, 2, key(window), key(window - 1), this.writesPerMinute, 1 - elapsed, WINDOW_MS * 2) as Promise<number>,
        DECISION_TIMEOUT_MS,
        'write rate check',
      );
      if (counted === 1) return { allowed: true };
      // The window slides: by the next minute's start the current count weighs at most what it does now.
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((WINDOW_MS - (now % WINDOW_MS)) / 1000)), limit: this.writesPerMinute };
    } catch (error) {
      this.logger.warn({ orgId, err: (error as Error).message }, 'write rate limiter unavailable; allowing the write');
      return { allowed: true };
    }
  }
}
