import type { Store } from '../infra/store';

export interface ScimTokenDocument {
  /** SHA-256 of the token: the token itself is never stored. */
  _id: string;
  orgId: string;
  tokenId: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

export class TokenRepository {
  constructor(private readonly store: Store) {}

  private get collection() {
    return this.store.global<ScimTokenDocument>('scim_tokens');
  }

  async insert(doc: ScimTokenDocument): Promise<void> {
    await this.collection.insertOne(doc);
  }

  async findByHash(hash: string): Promise<ScimTokenDocument | null> {
    return this.collection.findOne({ _id: hash });
  }

  async listForOrg(orgId: string): Promise<ScimTokenDocument[]> {
    return this.collection.find({ orgId }).sort({ createdAt: 1 }).toArray();
  }

  /** Deletes the token; returns its hash when it existed. Deleting by `_id` is atomic on every store. */
  async delete(orgId: string, tokenId: string): Promise<string | null> {
    const found = await this.collection.findOne({ orgId, tokenId });
    if (!found) return null;
    const result = await this.collection.deleteOne({ _id: found._id });
    return result.deletedCount === 1 ? found._id : null;
  }

  async touch(hash: string, at: Date): Promise<void> {
    await this.collection.updateOne({ _id: hash }, { $set: { lastUsedAt: at } });
  }
}
