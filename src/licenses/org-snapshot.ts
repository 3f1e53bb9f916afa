import type { ChangeDocument } from '../events/change-documents';
import type { Store } from '../infra/store';
import type { OrgDocument, OrgRepository } from '../tenancy/org-repository';
import { DirectoryReader, type Directory } from './directory-reader';
import { licenseIds, type LicenseDocument, type PoolStatusDocument, type WaitingDocument } from './license-documents';
import type { MemberDocument } from './member-document';
import type { PoolReader } from './pool-reader';

/** Everything one reconcile pass reads, loaded with a handful of scans of the org. */
export interface OrgSnapshot {
  org: OrgDocument;
  purchased: number;
  directory: Directory;
  licenseDocs: LicenseDocument[];
  waiting: WaitingDocument[];
  members: Map<string, MemberDocument>;
  poolStatus: PoolStatusDocument | null;
}

export class OrgSnapshotLoader {
  private readonly directory: DirectoryReader;

  constructor(
    private readonly store: Store,
    private readonly orgs: OrgRepository,
    private readonly pool: PoolReader,
  ) {
    this.directory = new DirectoryReader(store);
  }

  /** Pending change records, oldest first. Read before the state they describe (see `load`). */
  async pendingChanges(orgId: string): Promise<ChangeDocument[]> {
    const changes = await this.store.tenant<ChangeDocument>(orgId, 'changes').find({});
    return changes.sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : 1));
  }

  /**
   * Loads the org's state; null when the org no longer exists. Called after `pendingChanges`:
   * a change record is inserted only once its write is durable, so every change the pass
   * applies is visible in what this reads.
   */
  async load(orgId: string): Promise<OrgSnapshot | null> {
    const org = await this.orgs.findById(orgId);
    if (!org) return null;
    const [purchased, directory, licenseDocs, waiting, members, poolStatus] = await Promise.all([
      this.pool.purchased(orgId, org.initialLicenses),
      this.directory.read(orgId),
      this.store.tenant<LicenseDocument>(orgId, 'licenses').find({}),
      this.store.tenant<WaitingDocument>(orgId, 'waiting').find({}),
      this.store.tenant<MemberDocument>(orgId, 'members').find({}),
      this.store.tenant<PoolStatusDocument>(orgId, 'pool').findById(licenseIds.poolStatus(orgId)),
    ]);
    return {
      org,
      purchased,
      directory,
      licenseDocs,
      waiting,
      members: new Map(members.map((m) => [m.userId, m])),
      poolStatus,
    };
  }
}
