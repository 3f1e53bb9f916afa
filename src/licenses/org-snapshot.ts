import type { ChangeDocument } from '../events/change-documents';
import type { Store, TenantCollection } from '../infra/store';
import type { OrgDocument, OrgRepository } from '../tenancy/org-repository';
import { DirectoryReader, type Directory } from './directory-reader';
import type { CachedPool } from './ledger-cache';
import { licenseIds, type HolderDocument, type LicenseDocument, type PoolStatusDocument, type WaitingDocument } from './license-documents';
import type { MemberDocument } from './member-document';
import { previousMember, type PreviousMember } from './member-read-model';
import type { PoolReader } from './pool-reader';

/** The org's pool as one reconcile pass reads it: every license document and waiting entry. */
export interface PoolSnapshot {
  org: OrgDocument;
  purchased: number;
  /** Every license document by `_id`: the pass that read it updates it in place (pool-journal.ts). */
  licenses: Map<string, LicenseDocument>;
  /** The waiting entries as read: what the pass plans from, unchanged by its writes. */
  waiting: WaitingDocument[];
  /** The same entries by `_id`: the pass's journal updates this one in place as it writes. */
  waitingById: Map<string, WaitingDocument>;
  poolStatus: PoolStatusDocument | null;
}

/** The members a pass decides: the whole org, or only some (see pass-scope.ts). */
export interface MembersSnapshot {
  directory: Directory;
  /** Their stored read models, by member id. */
  members: Map<string, PreviousMember>;
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
    const [purchased, licenseDocs, waitingById, poolStatus] = await Promise.all([
      this.pool.purchased(orgId, org.initialLicenses),
      kept ? withAcceptances(licenses, kept.licenses, named) : byId(licenses.find({})),
      kept ? kept.waiting : byId(this.store.tenant<WaitingDocument>(orgId, 'waiting').find({})),
      this.store.tenant<PoolStatusDocument>(orgId, 'pool').findById(licenseIds.poolStatus(orgId)),
    ]);
    return { org, purchased, licenses: licenseDocs, waiting: [...waitingById.values()], waitingById, poolStatus };
  }

  /**
   * Every member of the org: users, groups, memberships and read models, with scans. The read
   * models are reduced as they arrive (one `PreviousMember` each, the identity kept only for
   * members whose user is gone), so the whole org's documents are never held at once.
   */
  async loadAllMembers(orgId: string): Promise<MembersSnapshot> {
    const [directory, members] = await Promise.all([this.directory.read(orgId), this.previousMembers(orgId)]);
    for (const [memberId, previous] of members) {
      if (directory.users.has(memberId)) previous.identity = null;
    }
    return { directory, members };
  }

  private async previousMembers(orgId: string): Promise<Map<string, PreviousMember>> {
    const members = new Map<string, PreviousMember>();
    for await (const doc of this.store.tenant<MemberDocument>(orgId, 'members').stream({})) {
      members.set(doc.userId, previousMember(doc, true));
    }
    return members;
  }

  /**
   * Only `memberIds`: their users, memberships, groups and read models, by `_id` where the
   * store allows. `membershipsInOrg`: how many the org had at its last full pass, if known.
   */
  async loadMembers(orgId: string, memberIds: string[], membershipsInOrg: number | null = null): Promise<MembersSnapshot> {
    const collection = this.store.tenant<MemberDocument>(orgId, 'members');
    const [directory, members] = await Promise.all([
      this.directory.readMembers(orgId, memberIds, membershipsInOrg),
      collection.findManyById(memberIds.map((id) => collection.id(id))),
    ]);
    return { directory, members: new Map(members.map((m) => [m.userId, previousMember(m, true)])) };
  }
}

/** `docs` with the acceptances of the invitations of `memberIds` it does not hold yet, read by `_id`. */
async function withAcceptances(
  licenses: TenantCollection<LicenseDocument>,
  docs: Map<string, LicenseDocument>,
  memberIds: readonly string[],
): Promise<Map<string, LicenseDocument>> {
  const unknown: string[] = [];
  for (const memberId of memberIds) {
    const holder = docs.get(licenseIds.holder(licenses.orgId, memberId)) as HolderDocument | undefined;
    if (holder?.kind !== 'holder' || holder.invitedAt === null) continue;
    const id = licenseIds.acceptance(licenses.orgId, holder.grantId);
    if (!docs.has(id)) unknown.push(id);
  }
  for (const acceptance of await licenses.findManyById(unknown)) docs.set(acceptance._id, acceptance);
  return docs;
}

async function byId<T extends { _id: string }>(docs: Promise<T[]>): Promise<Map<string, T>> {
  return new Map((await docs).map((d) => [d._id, d]));
}
