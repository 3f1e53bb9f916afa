import type { ChangeDocument } from '../events/change-documents';
import type { Store, TenantCollection } from '../infra/store';
import type { OrgDocument, OrgRepository } from '../tenancy/org-repository';
import { DirectoryReader, type Directory } from './directory-reader';
import type { CachedPool } from './ledger-cache';
import { licenseIds, type HolderDocument, type LicenseDocument, type PoolStatusDocument, type WaitingDocument } from './license-documents';
import type { MemberDocument } from './member-document';
import type { PoolReader } from './pool-reader';

/** The org's pool as one reconcile pass reads it: every license document and waiting entry. */
export interface PoolSnapshot {
  org: OrgDocument;
  purchased: number;
  licenseDocs: LicenseDocument[];
  waiting: WaitingDocument[];
  poolStatus: PoolStatusDocument | null;
}

/** The members a pass decides: the whole org, or only some (see pass-scope.ts). */
export interface MembersSnapshot {
  directory: Directory;
  members: Map<string, MemberDocument>;
}

export type OrgSnapshot = PoolSnapshot & MembersSnapshot;

export class OrgSnapshotLoader {
  private readonly directory: DirectoryReader;

  constructor(
    private readonly store: Store,
    private readonly orgs: OrgRepository,
    private readonly pool: PoolReader,
  ) {
    this.directory = new DirectoryReader(store);
  }

  /** Pending change records, oldest first. Read before the state they describe (see `loadPool`). */
  async pendingChanges(orgId: string): Promise<ChangeDocument[]> {
    const changes = await this.store.tenant<ChangeDocument>(orgId, 'changes').find({});
    return changes.sort((a, b) => a.at.getTime() - b.at.getTime() || (a._id < b._id ? -1 : 1));
  }

  /**
   * Loads the org's pool; null when the org no longer exists. Called after `pendingChanges`
   * (and the members after this): a change record is inserted only once its write is
   * durable, so every change the pass applies is visible in what these read.
   *
   * With `kept`, the license and waiting documents are the view the org's last pass left
   * (ledger-cache.ts) rather than scans. The one license document written outside passes,
   * an admin's acceptance of an invitation, is recorded as a change of its member: for the
   * members in `named` whose grant was an invitation, it is read by `_id`.
   */
  async loadPool(orgId: string, kept: CachedPool | null = null, named: readonly string[] = []): Promise<PoolSnapshot | null> {
    const org = await this.orgs.findById(orgId);
    if (!org) return null;
    const licenses = this.store.tenant<LicenseDocument>(orgId, 'licenses');
    const [purchased, licenseDocs, waiting, poolStatus] = await Promise.all([
      this.pool.purchased(orgId, org.initialLicenses),
      kept ? withAcceptances(licenses, kept.licenseDocs, named) : licenses.find({}),
      kept ? kept.waiting : this.store.tenant<WaitingDocument>(orgId, 'waiting').find({}),
      this.store.tenant<PoolStatusDocument>(orgId, 'pool').findById(licenseIds.poolStatus(orgId)),
    ]);
    return { org, purchased, licenseDocs, waiting, poolStatus };
  }

  /** Every member of the org: users, groups, memberships and read models, with scans. */
  async loadAllMembers(orgId: string): Promise<MembersSnapshot> {
    const [directory, members] = await Promise.all([
      this.directory.read(orgId),
      this.store.tenant<MemberDocument>(orgId, 'members').find({}),
    ]);
    return { directory, members: new Map(members.map((m) => [m.userId, m])) };
  }

  /** Only `memberIds`: their users, memberships, groups and read models, by `_id` where the store allows. */
  async loadMembers(orgId: string, memberIds: string[]): Promise<MembersSnapshot> {
    const collection = this.store.tenant<MemberDocument>(orgId, 'members');
    const [directory, members] = await Promise.all([
      this.directory.readMembers(orgId, memberIds),
      collection.findManyById(memberIds.map((id) => collection.id(id))),
    ]);
    return { directory, members: new Map(members.map((m) => [m.userId, m])) };
  }
}

/** `docs` with the acceptances of the invitations of `memberIds` that are not among them yet. */
async function withAcceptances(licenses: TenantCollection<LicenseDocument>, docs: LicenseDocument[], memberIds: readonly string[]): Promise<LicenseDocument[]> {
  const named = new Set(memberIds);
  const known = new Set(docs.filter((d) => d.kind === 'acceptance').map((d) => d._id));
  const unknown = docs
    .filter((d) => d.kind === 'holder' && d.invitedAt !== null && named.has(d.memberId))
    .map((d) => licenseIds.acceptance(licenses.orgId, (d as HolderDocument).grantId))
    .filter((id) => !known.has(id));
  if (unknown.length === 0) return docs;
  return [...docs, ...(await licenses.findManyById(unknown))];
}
