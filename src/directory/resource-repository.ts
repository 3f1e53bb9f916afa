import type { Document, Filter, Sort } from 'mongodb';
import type { Store, TenantCollection } from '../infra/store';
import { VersionedWriter, type VersionClaim } from '../infra/versioned-write';
import type { GroupDocument, UserDocument } from './documents';

export type ResourceDocument = UserDocument | GroupDocument;

export interface ListWindow {
  /** 0-based offset (SCIM startIndex - 1). */
  skip: number;
  limit: number;
  sort: Sort;
}

/**
 * Queries and writes of Users or Groups. Writes of an existing resource go through version
 * claims, so two concurrent PUT/PATCHes of one resource can never silently lose one.
 */
export class ResourceRepository<T extends ResourceDocument> {
  constructor(
    private readonly store: Store,
    private readonly kind: 'users' | 'groups',
  ) {}

  collection(orgId: string): TenantCollection<T> {
    return this.store.tenant<T>(orgId, this.kind);
  }

  docId(orgId: string, id: string): string {
    return this.collection(orgId).id(id);
  }

  async findById(orgId: string, id: string): Promise<T | null> {
    return this.collection(orgId).findById(this.docId(orgId, id));
  }

  async exists(orgId: string, id: string): Promise<boolean> {
    return (await this.findById(orgId, id)) !== null;
  }

  async insert(doc: T): Promise<boolean> {
    return this.collection(doc.orgId).insert(doc);
  }

  async replaceVersioned(next: T): Promise<boolean> {
    const writer = new VersionedWriter(this.store.tenant<VersionClaim & { orgId: string }>(next.orgId, 'versions'));
    const result = await writer.write(this.collection(next.orgId), next);
    return result.ok;
  }

  /** Deletes by `_id` (atomic): true for exactly one of several concurrent deletes. */
  async delete(doc: T): Promise<boolean> {
    const deleted = await this.collection(doc.orgId).deleteById(doc._id);
    if (deleted) {
      const writer = new VersionedWriter(this.store.tenant<VersionClaim & { orgId: string }>(doc.orgId, 'versions'));
      await writer.forget(doc._id, doc.version);
    }
    return deleted;
  }

  async list(orgId: string, query: Document, window: ListWindow): Promise<{ total: number; docs: T[] }> {
    const collection = this.collection(orgId);
    const [total, docs] = await Promise.all([
      collection.count(query as Filter<T>),
      window.limit === 0 ? Promise.resolve([]) : collection.find(query as Filter<T>, { sort: window.sort, skip: window.skip, limit: window.limit }),
    ]);
    return { total, docs };
  }

  /** Which of `ids` exist, with one query whatever their number. */
  async existingIds(orgId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const collection = this.collection(orgId);
    const projection = { projection: { id: 1 } };
    // In the per-org layout a scan of the org is the cheapest way (the store scans anyway, and
    // a large $in is evaluated per document); with shared collections $in uses the _id index.
    const docs =
      this.store.layout === 'per-org'
        ? await collection.find({}, projection)
        : await collection.find({ _id: { $in: ids.map((id) => collection.id(id)) } } as never, projection);
    const wanted = new Set(ids);
    return new Set(docs.map((d) => d.id).filter((id) => wanted.has(id)));
  }
}
