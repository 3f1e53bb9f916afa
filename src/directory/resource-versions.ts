import type { Store, TenantCollection } from '../infra/store';
import type { VersionClaim } from '../infra/versioned-write';
import type { ResourceDocument } from './resource-repository';

/**
 * Versioned writes of Users and Groups on a store without atomic updates (DESIGN.md §3).
 *
 * A writer claims version v+1 by inserting the key `${_id}@${v+1}` (the unique `_id` lets
 * exactly one writer win) with the new document inside, then writes the document. The claims
 * are the truth; the resource collection is a cache of their latest state. That cache can fall
 * behind (a writer died between its claim and its write) or be set back (a slow write lands
 * after a newer one — the store's replace is unconditional), so a read walks the claims from
 * the cached version upwards and returns the newest: an acknowledged write is never lost.
 *
 * Differences from src/infra/versioned-write.ts, each closing a lost update the SCIM suite
 * reproduced with concurrent PATCHes of one user:
 *  - a losing writer does not copy the winner's claim into the cache ("roll forward"): that
 *    read-then-replace could land after a newer write and silently undo it;
 *  - old claims are deleted only when they are older than CLAIM_RETENTION_MS, never just two
 *    versions back: deleting a claim that a slow writer still holds lets that writer re-claim
 *    the old version and overwrite newer ones; a claim found to be such a re-claim is withdrawn;
 *  - the cache is repaired from claims only when they are old enough to belong to a dead writer;
 *  - a delete is itself a claimed version (a tombstone), so a writer that read the resource
 *    before the delete cannot write it back afterwards, and a read that meets the tombstone
 *    answers "gone" even if a slow writer's cache write landed after the delete.
 */

/** Longer than any request can stall between two store operations. */
export const CLAIM_RETENTION_MS = 60_000;

type Claim = VersionClaim & { orgId: string };

export class ResourceVersions<T extends ResourceDocument> {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  private claims(orgId: string): TenantCollection<Claim> {
    return this.store.tenant<Claim>(orgId, 'versions');
  }

  private claimId(docId: string, version: number): string {
    return `${docId}@${version}`;
  }

  /** The latest version of a resource: the cached document, or a newer claimed one. */
  async current(resources: TenantCollection<T>, docId: string, skipRepair = false): Promise<T | null> {
    const cached = await resources.findById(docId);
    if (!cached) return null;
    const claims = this.claims(cached.orgId);
    let latest: T = cached;
    let latestAt: Date | undefined;
    for (;;) {
      const claim = await claims.findById(this.claimId(docId, latest.version + 1));
      if (!claim || claim.resource !== docId) break;
      if (isTombstone(claim.doc)) {
        await resources.deleteById(docId);
        return null;
      }
      latest = claim.doc as T;
      latestAt = claim.at;
    }
    if (!skipRepair && latestAt && this.now() - latestAt.getTime() > CLAIM_RETENTION_MS) {
      // The claim's writer died before writing the cache: repair it for list queries.
      await resources.replaceById(latest);
    }
    return latest;
  }

  /**
   * Writes `next`, whose version must be the current one plus one, unless another writer
   * claimed that version first (false: re-read and retry). `previous` is the version it replaces.
   */
  async write(resources: TenantCollection<T>, next: T, previous: T): Promise<boolean> {
    const claims = this.claims(next.orgId);
    const id = this.claimId(next._id, next.version);
    const claimed = await claims.insert({ _id: id, orgId: next.orgId, resource: next._id, version: next.version, doc: next, at: new Date(this.now()) });
    if (!claimed) return false;
    const cached = await resources.findById(next._id);
    if (!cached || cached.version >= next.version) {
      // A re-claim of a version whose claim was already cleaned up (this writer stalled for
      // longer than the retention), or the resource was deleted meanwhile: withdraw.
      await claims.deleteById(id);
      return false;
    }
    await resources.replaceById(next);
    // If a newer version was claimed meanwhile, this write may have landed after that one's
    // and set the cache back: write the newest again (readers by id see it either way; this
    // is for the queries and the license engine, which read the cache).
    if (await claims.findById(this.claimId(next._id, next.version + 1))) {
      const newest = await this.current(resources, next._id, true);
      if (newest && newest.version > next.version) await resources.replaceById(newest);
    }
    await this.cleanUp(next.orgId, next._id, next.version, previous.lastModified);
    return true;
  }

  /**
   * Deletes `current` (the latest version) by claiming the next version as a tombstone, then
   * dropping the cached document. False when another writer claimed that version first.
   */
  async delete(resources: TenantCollection<T>, current: T): Promise<boolean> {
    const version = current.version + 1;
    const tombstone: Tombstone = { _id: current._id, orgId: current.orgId, version, deleted: true };
    const claimed = await this.claims(current.orgId).insert({
      _id: this.claimId(current._id, version),
      orgId: current.orgId,
      resource: current._id,
      version,
      doc: tombstone,
      at: new Date(this.now()),
    });
    if (!claimed) return false;
    await resources.deleteById(current._id);
    // The tombstone stays (it is small); the claims below it go once they are old enough.
    await this.cleanUp(current.orgId, current._id, version + 1, current.lastModified);
    return true;
  }

  /**
   * Deletes the claims below the previous version once that version is older than the
   * retention (so all below it are too). Claims are deleted from the top down to the last
   * clean-up's boundary, so the remaining ones are always contiguous.
   */
  private async cleanUp(orgId: string, docId: string, version: number, previousAt: Date): Promise<void> {
    if (this.now() - previousAt.getTime() <= CLAIM_RETENTION_MS) return;
    const claims = this.claims(orgId);
    for (let v = version - 2; v >= 2 && (await claims.deleteById(this.claimId(docId, v))); v--);
  }
}

interface Tombstone {
  _id: string;
  orgId: string;
  version: number;
  deleted: true;
}

function isTombstone(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && (doc as { deleted?: unknown }).deleted === true;
}
