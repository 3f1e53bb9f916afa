import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger';
import type { ScimTokenDocument } from './token-repository';

/** How long a resolved token is trusted without asking the store again. */
const TTL_MS = 10_000;
const MAX_ENTRIES = 50_000;
export const REVOCATION_CHANNEL = 'seatsync:scim-token-revoked';

/**
 * Resolved SCIM tokens, per process, so that a SCIM request costs no store query for its
 * credentials. A revocation evicts at once in this process and is broadcast over Redis to the
 * others; if that broadcast is lost (Redis down), an entry still expires after TTL_MS.
 */
export class TokenCache {
  private readonly entries = new Map<string, { doc: ScimTokenDocument; until: number }>();

  constructor(
    private readonly publisher: Redis | undefined,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get(hash: string): ScimTokenDocument | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(hash);
      return undefined;
    }
    return entry.doc;
  }

  set(hash: string, doc: ScimTokenDocument): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(hash, { doc, until: this.now() + TTL_MS });
  }

  evict(hash: string): void {
    this.entries.delete(hash);
  }

  /** Evicts here and tells the other processes. */
  async revoked(hash: string): Promise<void> {
    this.evict(hash);
    if (!this.publisher) return;
    try {
      await this.publisher.publish(REVOCATION_CHANNEL, hash);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, `revocation broadcast failed; other processes drop the token within ${TTL_MS / 1000} s`);
    }
  }

  /** Listens for revocations made by other processes, on a connection of its own. */
  async listen(subscriber: Redis): Promise<void> {
    subscriber.on('message', (channel: string, hash: string) => {
      if (channel === REVOCATION_CHANNEL) this.evict(hash);
    });
    await subscriber.subscribe(REVOCATION_CHANNEL);
  }
}
