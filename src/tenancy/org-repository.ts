import type { Store } from '../infra/store';
import { VersionedWriter, type VersionClaim } from '../infra/versioned-write';
import type { OrgSettings } from './settings';

export interface OrgDocument {
  _id: string;
  name: string;
  settings: OrgSettings;
  /** Licenses bought when the org was created; later purchases are separate records. */
  initialLicenses: number;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** Orgs live in one global collection; it is small (one document per customer). */
export class OrgRepository {
  constructor(private readonly store: Store) {}

  private get collection() {
    return this.store.global<OrgDocument>('orgs');
  }

  async insert(org: OrgDocument): Promise<void> {
    await this.collection.insertOne(org);
  }

  async findById(id: string): Promise<OrgDocument | null> {
    return this.collection.findOne({ _id: id });
  }

  /** Orgs in creation order, after the given id. */
  async list(afterId: string | undefined, limit: number): Promise<OrgDocument[]> {
    const filter = afterId ? { _id: { $gt: afterId } } : {};
    return this.collection.find(filter).sort({ _id: 1 }).limit(limit).toArray();
  }

  async listAll(): Promise<OrgDocument[]> {
    return this.collection.find({}).sort({ _id: 1 }).toArray();
  }

  async count(): Promise<number> {
    return this.collection.countDocuments({});
  }

  /** Writes `next` (version = current + 1) unless another writer got that version first. */
  async replaceVersioned(next: OrgDocument): Promise<boolean> {
    const writer = new VersionedWriter(this.store.keyed<VersionClaim>('org_versions'));
    const result = await writer.write(this.store.keyed<OrgDocument>('orgs'), next);
    return result.ok;
  }
}
