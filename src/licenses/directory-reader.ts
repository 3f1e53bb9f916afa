import type { GroupDocument, MembershipDocument, UserDocument } from '../directory/documents';
import { MembershipRepository } from '../directory/membership-repository';
import { ResourceVersions } from '../directory/resource-versions';
import { mapInBatches } from '../infra/in-batches';
import type { Store } from '../infra/store';
import type { VersionClaim } from '../infra/versioned-write';

/**
 * Reads the directory (users, groups, memberships) as the reconcile pass needs it: the whole
 * org with four scans, or only some members by `_id`. The `users` and `groups` collections are
 * a cache of the version claims in `versions` (src/directory/resource-versions.ts): a cached
 * document can lag behind its latest claim, or even be set back by a slow writer, for a while.
 * A decision taken on a stale `active` would grant or keep a license wrongly, so the cache is
 * corrected from the claims: in memory for the whole org, exactly as `ResourceVersions.current`
 * does for one document (which the read of some members uses): walk the claims
 * `${_id}@${version + 1}` upwards; a tombstone means the resource is gone.
 */
export interface Directory {
  users: Map<string, UserDocument>;
  groups: Map<string, GroupDocument>;
  memberships: MembershipDocument[];
}

type Claim = VersionClaim & { orgId: string };

/** The fields of a user and a group the pass reads (rules, teams, the member read model). */
const USER_FIELDS = ['_id', 'orgId', 'id', 'version', 'active', 'created', 'externalId', 'attrs.userName', 'attrs.name', 'attrs.displayName', 'attrs.emails'];
const GROUP_FIELDS = ['_id', 'orgId', 'id', 'version', 'attrs.displayName'];
/** A version claim with the same fields of the resource it holds, and whether it is a tombstone. */
const CLAIM_FIELDS = ['_id', 'orgId', 'resource', 'version', 'doc.deleted', ...new Set([...USER_FIELDS, ...GROUP_FIELDS].map((f) => `doc.${f}`))];

/** A read by `_id` costs about as much as this many memberships of a scan, on FerretDB (100 reads 45 ms; 10,000 scanned 0.5 s). */
const PROBE_COST_IN_SCANNED = 10;

function projectionOf(fields: string[]): Record<string, 1> {
  return Object.fromEntries(fields.map((f) => [f, 1]));
}

export class DirectoryReader {
  private readonly userVersions: ResourceVersions<UserDocument>;
  private readonly groupVersions: ResourceVersions<GroupDocument>;
  private readonly memberships: MembershipRepository;

  constructor(private readonly store: Store) {
    this.userVersions = new ResourceVersions<UserDocument>(store);
    this.groupVersions = new ResourceVersions<GroupDocument>(store);
    this.memberships = new MembershipRepository(store);
  }

  async read(orgId: string): Promise<Directory> {
    // Only the fields a pass uses: a full pass holds the whole org in memory at once.
    const [users, groups, memberships, claims] = await Promise.all([
      this.store.tenant<UserDocument>(orgId, 'users').find({}, { projection: projectionOf(USER_FIELDS) }),
      this.store.tenant<GroupDocument>(orgId, 'groups').find({}, { projection: projectionOf(GROUP_FIELDS) }),
      this.store.tenant<MembershipDocument>(orgId, 'memberships').find({}),
      this.store.tenant<Claim>(orgId, 'versions').find({}, { projection: projectionOf(CLAIM_FIELDS) }),
    ]);
    const claimsById = new Map(claims.map((c) => [c._id, c]));
    return {
      users: byResourceId(currentVersions(users, claimsById)),
      groups: byResourceId(currentVersions(groups, claimsById)),
      memberships,
    };
  }

  /**
   * The directory as far as `memberIds` are concerned: their users, their memberships, and the
   * groups those name. Users and groups are read by `_id` (indexed on every store); the
   * memberships of some users take one query (a scan of the org's memberships on FerretDB),
   * or reads by `_id` of every (group, user) pair when there are fewer pairs than a tenth of
   * `membershipsInOrg` (on FerretDB a read by `_id` costs about ten scanned memberships).
   */
  async readMembers(orgId: string, memberIds: string[], membershipsInOrg: number | null = null): Promise<Directory> {
    const users = this.store.tenant<UserDocument>(orgId, 'users');
    const maxProbes = membershipsInOrg === null ? 0 : Math.floor(membershipsInOrg / PROBE_COST_IN_SCANNED);
    const [found, memberships] = await Promise.all([
      mapInBatches(memberIds, (id) => this.userVersions.current(users, users.id(id), true)),
      this.memberships.membershipsOfMany(orgId, memberIds, maxProbes),
    ]);
    const groups = this.store.tenant<GroupDocument>(orgId, 'groups');
    const groupIds = [...new Set(memberships.map((m) => m.groupId))];
    const foundGroups = await mapInBatches(groupIds, (id) => this.groupVersions.current(groups, groups.id(id), true));
    return {
      users: byResourceId(found.filter((u): u is UserDocument => u !== null)),
      groups: byResourceId(foundGroups.filter((g): g is GroupDocument => g !== null)),
      memberships,
    };
  }
}

/** The latest version of every cached document; deleted ones are left out. */
export function currentVersions<T extends UserDocument | GroupDocument>(cached: T[], claims: ReadonlyMap<string, Claim>): T[] {
  const current: T[] = [];
  for (const doc of cached) {
    let latest: T | null = doc;
    for (;;) {
      const claim = claims.get(`${doc._id}@${latest.version + 1}`);
      if (!claim || claim.resource !== doc._id) break;
      if ((claim.doc as { deleted?: unknown }).deleted === true) {
        latest = null;
        break;
      }
      latest = claim.doc as unknown as T;
    }
    if (latest) current.push(latest);
  }
  return current;
}

function byResourceId<T extends { id: string }>(docs: T[]): Map<string, T> {
  return new Map(docs.map((d) => [d.id, d]));
}
