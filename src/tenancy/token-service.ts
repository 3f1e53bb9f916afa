import { AppError } from '../errors';
import { newTokenId } from './ids';
import { generateScimToken, hashToken, looksLikeScimToken, safeEqual } from './scim-token';
import type { TokenCache } from './token-cache';
import type { ScimTokenDocument, TokenRepository } from './token-repository';

export interface IssuedToken {
  tokenId: string;
  /** Shown once, at creation. */
  token: string;
  expiresAt: Date | null;
}

export interface TokenInfo {
  tokenId: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

/** Writing last-used time on every request would double the store load; once a minute is enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

export class TokenService {
  private readonly lastTouched = new Map<string, number>();

  constructor(
    private readonly tokens: TokenRepository,
    private readonly cache?: TokenCache,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async issue(orgId: string, expiresAt: Date | null = null): Promise<IssuedToken> {
    const token = generateScimToken();
    const tokenId = newTokenId();
    await this.tokens.insert({
      _id: hashToken(token),
      orgId,
      tokenId,
      createdAt: this.now(),
      expiresAt,
      lastUsedAt: null,
    });
    return { tokenId, token, expiresAt };
  }

  async list(orgId: string): Promise<TokenInfo[]> {
    const docs = await this.tokens.listForOrg(orgId);
    return docs.map(toInfo);
  }

  async revoke(orgId: string, tokenId: string): Promise<void> {
    const deletedHash = await this.tokens.delete(orgId, tokenId);
    if (!deletedHash) throw new AppError('NOT_FOUND', `Token ${tokenId} does not exist for this organisation.`);
    await this.cache?.revoked(deletedHash);
  }

  /**
   * The token's record if it is a live token of `orgId`, else null. The lookup key is the
   * token's hash, and the stored hash is compared again in constant time. Only a token used on
   * its own org counts as used: another org's token presented here leaves no trace on it.
   */
  async authenticate(token: string, orgId: string): Promise<ScimTokenDocument | null> {
    if (!looksLikeScimToken(token)) return null;
    const hash = hashToken(token);
    const cached = this.cache?.get(hash);
    const doc = cached ?? (await this.tokens.findByHash(hash));
    if (!doc || !safeEqual(doc._id, hash)) return null;
    if (!cached) this.cache?.set(hash, doc);
    const now = this.now();
    if (doc.expiresAt && doc.expiresAt.getTime() <= now.getTime()) return null;
    if (doc.orgId !== orgId) return null;
    this.recordUse(hash, now);
    return doc;
  }

  private recordUse(hash: string, now: Date): void {
    const last = this.lastTouched.get(hash) ?? 0;
    if (now.getTime() - last < LAST_USED_RESOLUTION_MS) return;
    this.lastTouched.set(hash, now.getTime());
    if (this.lastTouched.size > 10_000) this.lastTouched.clear();
    // Best effort: a failed write of the last-used time must not fail the request.
    this.tokens.touch(hash, now).catch(() => undefined);
  }
}

function toInfo(doc: ScimTokenDocument): TokenInfo {
  return { tokenId: doc.tokenId, createdAt: doc.createdAt, expiresAt: doc.expiresAt, lastUsedAt: doc.lastUsedAt };
}
