import type { Document, Filter, Sort } from 'mongodb';
import type { Store, TenantCollection } from '../infra/store';
import type { GroupDocument, UserDocument } from './documents';
import { ResourceVersions } from './resource-versions';

export type ResourceDocument = UserDocument | GroupDocument;

export interface ListWindow {
  /** 0-based offset (SCIM startIndex - 1). */
  skip: number;
  limit: number;
  sort: Sort;
}

/**
 * Queries and writes of Users or Groups. Writes of an existing resource go through version
 * claims (resource-versions.ts), so two concurrent PUT/PATCHes of one resource can never
 * silently lose one, and reads by id always see the latest acknowledged write.
 */
export class ResourceRepository<T extends ResourceDocument> {
  private readonly versions: ResourceVersions<T>;

  constructor(
    private readonly store: Store,
    private readonly kind: 'users' | 'groups',
  ) {
    this.versions = new ResourceVersions<T>(store);
  }

  collection(orgId: string): TenantCollection<T> {
    return this.store.tenant<T>(orgId, this.kind);
  }

  docId(orgId: string, id: string): string {
    return this.collection(orgId).id(id);
  }

  /** The latest version, or null when there is none or it was deleted. */
  async findById(orgId: string, id: string): Promise<T | null> {
    return this.versions.current(this.collection(orgId), this.docId(orgId, id));
  }

  async exists(orgId: string, id: string): Promise<boolean> {
    return (await this.findById(orgId, id)) !== null;
  }

  async insert(doc: T): Promise<boolean> {
    return this.collection(doc.orgId).insert(doc);
  }

  /** Writes `next` (version = previous + 1) unless another writer got that version first. */
  async replaceVersioned(next: T, previous: T): Promise<boolean> {
    return this.versions.write(this.collection(next.orgId), next, previous);
  }

  /** Deletes the latest version `current`; false when another writer got there first. */
  async delete(current: T): Promise<boolean> {
    return this.versions.delete(this.collection(current.orgId), current);
  }

  async list(orgId: string, query: Document, window: ListWindow): Promise<{ total: number; docs: T[] }> {
    const collection = this.collection(orgId);
    const [total, docs] = await Promise.all([
      collection.count(query as Filter<T>),
      window.limit === 0 ? Promise.resolve([]) : collection.find(query as Filter<T>, { sort: window.sort, skip: window.skip, limit: window.limit }),
    ]);
    return { total, docs };
  }

  /** Every document matching `query`, in `sort` order (for filters checked in memory). */
  async findAll(orgId: string, query: Document, sort: Sort): Promise<T[]> {
    return this.collection(orgId).find(query as Filter<T>, { sort });
  }

  /** Which of `ids` exist, with one query whatever their number. */
  async existingIds(orgId: string, ids: string[]): Promise<Set<string>> {
    const docs = await this.findByIds(orgId, ids, { id: 1 });
    return new Set(docs.map((d) => d.id));
  }

  /** The documents of `ids` that exist, with one query whatever their number (order not kept). */
  async findByIds(orgId: string, ids: string[], projection?: Document): Promise<T[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    if (unique.length === 1) {
      const doc = await this.findById(orgId, unique[0]);
      return doc ? [doc] : [];
    }
    const collection = this.collection(orgId);
    const options = projection ? { projection } : {};
    // In the per-org layout a scan of the org is the cheapest way (the store scans anyway, and
    // a large $in is evaluated per document); with shared collections $in uses the _id index.
    const docs =
      this.store.layout === 'per-org'
        ? await collection.find({}, options)
        : await collection.find({ _id: { $in: unique.map((id) => collection.id(id)) } } as never, options);
    const wanted = new Set(unique);
    return docs.filter((d) => wanted.has(d.id));
  }
}
