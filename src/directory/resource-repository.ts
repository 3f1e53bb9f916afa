import type { Document, Filter, Sort } from 'mongodb';
import type { Store, TenantCollection } from '../infra/store';
import type { GroupDocument, UserDocument } from './documents';
import { PageSnapshots } from './page-snapshots';
import { ResourceVersions } from './resource-versions';

export type ResourceDocument = UserDocument | GroupDocument;

export interface ListWindow {
  /** 0-based offset (SCIM startIndex - 1). */
  skip: number;
  limit: number;
  sort: Sort;
}

/** Up to this many ids are read by `_id` on FerretDB (see `findByIds`). */
const BY_ID_UP_TO = 1000;

/**
 * Queries and writes of Users or Groups. Writes of an existing resource go through version
 * claims (resource-versions.ts), so two concurrent PUT/PATCHes of one resource can never
 * silently lose one, and reads by id always see the latest acknowledged write.
 */
export class ResourceRepository<T extends ResourceDocument> {
  private readonly versions: ResourceVersions<T>;
  private readonly snapshots = new PageSnapshots();

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
    return this.dropSnapshotsAround(doc.orgId, () => this.collection(doc.orgId).insert(doc));
  }

  /** Writes `next` (version = previous + 1) unless another writer got that version first. */
  async replaceVersioned(next: T, previous: T): Promise<boolean> {
    return this.dropSnapshotsAround(next.orgId, () => this.versions.write(this.collection(next.orgId), next, previous));
  }

  /** Deletes the latest version `current`; false when another writer got there first. */
  async delete(current: T): Promise<boolean> {
    return this.dropSnapshotsAround(current.orgId, () => this.versions.delete(this.collection(current.orgId), current));
  }

  /** Before and after: a listing scanned while the write was under way may have been kept meanwhile. */
  private async dropSnapshotsAround<R>(orgId: string, write: () => Promise<R>): Promise<R> {
    this.snapshots.dropOrg(orgId);
    try {
      return await write();
    } finally {
      this.snapshots.dropOrg(orgId);
    }
  }

  async list(orgId: string, query: Document, window: ListWindow): Promise<{ total: number; docs: T[] }> {
    const collection = this.collection(orgId);
    if (this.store.layout === 'per-org' && window.limit > 0) {
      // FerretDB answers a count and a sorted page with a scan of the org each. One scan gives
      // both: the matching documents in order, of which only the sort fields leave the store;
      // then the page's documents by `_id` (indexed). A further page of the same listing takes
      // its ids from that scan (page-snapshots.ts).
      const key = JSON.stringify([orgId, query, window.sort]);
      let ids = window.skip > 0 ? this.snapshots.get(key) : undefined;
      if (!ids) {
        const fields = new Set(['_id', ...Object.keys(window.sort)]);
        const ordered = await collection.find(query as Filter<T>, { sort: window.sort, projection: Object.fromEntries([...fields].map((f) => [f, 1])) });
        ids = ordered.map((d) => d._id);
        if (ids.length > window.skip + window.limit) this.snapshots.put(orgId, key, ids);
      }
      return { total: ids.length, docs: await collection.findManyById(ids.slice(window.skip, window.skip + window.limit)) };
    }
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
    // With shared collections $in uses the _id index. FerretDB (per-org layout) evaluates a
    // large $in per document of a full scan, but answers an exact `_id` from its index: up to
    // BY_ID_UP_TO ids are read one by one (100 reads about 50 ms; a scan of a 10,000-user org
    // 1-2 s), more with one scan of the org.
    if (this.store.layout === 'per-org' && unique.length <= BY_ID_UP_TO) {
      return collection.findManyById(unique.map((id) => collection.id(id)));
    }
    const docs =
      this.store.layout === 'per-org'
        ? await collection.find({}, options)
        : await collection.find({ _id: { $in: unique.map((id) => collection.id(id)) } } as never, options);
    const wanted = new Set(unique);
    return docs.filter((d) => wanted.has(d.id));
  }
}
