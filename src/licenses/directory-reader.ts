import type { GroupDocument, MembershipDocument, UserDocument } from '../directory/documents';
import type { Store } from '../infra/store';
import type { VersionClaim } from '../infra/versioned-write';

/**
 * Reads an org's whole directory (users, groups, memberships) with four scans, as the
 * reconcile pass needs it. The `users` and `groups` collections are a cache of the version
 * claims in `versions` (src/directory/resource-versions.ts): a cached document can lag behind
 * its latest claim, or even be set back by a slow writer, for a while. A decision taken on a
 * stale `active` would grant or keep a license wrongly, so the cache is corrected here from the
 * claims in memory, exactly as `ResourceVersions.current` does for one document: walk the
 * claims `${_id}@${version + 1}` upwards; a tombstone means the resource is gone.
 */
export interface Directory {
  users: Map<string, UserDocument>;
  groups: Map<string, GroupDocument>;
  memberships: MembershipDocument[];
}

type Claim = VersionClaim & { orgId: string };

export class DirectoryReader {
  constructor(private readonly store: Store) {}

  async read(orgId: string): Promise<Directory> {
    const [users, groups, memberships, claims] = await Promise.all([
      this.store.tenant<UserDocument>(orgId, 'users').find({}),
      this.store.tenant<GroupDocument>(orgId, 'groups').find({}),
      this.store.tenant<MembershipDocument>(orgId, 'memberships').find({}),
      this.store.tenant<Claim>(orgId, 'versions').find({}),
    ]);
    const claimsById = new Map(claims.map((c) => [c._id, c]));
    return {
      users: byResourceId(currentVersions(users, claimsById)),
      groups: byResourceId(currentVersions(groups, claimsById)),
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
