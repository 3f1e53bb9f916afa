import type { KeyedCollection, KeyedDocument } from './store';

/**
 * Compare-and-set for a whole document on a store where no update is atomic (DESIGN.md §3):
 * a writer claims version v+1 by inserting the key `(resource, v+1)` — the unique `_id` lets
 * exactly one concurrent writer win — and the claim carries the new document. A writer that
 * loses re-reads and tries again; one that finds a claim whose document was never written
 * (its writer died) writes it on that writer's behalf, so a resource can never be wedged.
 */
export interface VersionedDocument extends KeyedDocument {
  version: number;
}

export interface VersionClaim extends KeyedDocument {
  resource: string;
  version: number;
  doc: VersionedDocument;
  at: Date;
}

export type VersionedWriteResult<T> = { ok: true; doc: T } | { ok: false; reason: 'conflict' };

export class VersionedWriter {
  constructor(private readonly claims: KeyedCollection<VersionClaim>) {}

  /**
   * Writes `next` (which must carry `version === current.version + 1`) if nobody else wrote
   * that version first. `target` is the collection holding the current documents.
   */
  async write<T extends VersionedDocument>(target: KeyedCollection<T>, next: T): Promise<VersionedWriteResult<T>> {
    const claimId = this.claimId(next._id, next.version);
    const claimed = await this.claims.insert({
      ...(typeof next.orgId === 'string' ? { orgId: next.orgId } : {}),
      _id: claimId,
      resource: next._id,
      version: next.version,
      doc: next,
      at: new Date(),
    });
    if (!claimed) {
      await this.rollForward(target, next._id, next.version);
      return { ok: false, reason: 'conflict' };
    }
    await target.replaceById(next);
    await this.restoreNewest(target, next);
    // The claim two versions back can no longer be needed for a roll-forward.
    if (next.version > 2) await this.claims.deleteById(this.claimId(next._id, next.version - 2));
    return { ok: true, doc: next };
  }

  /**
   * Another writer may have claimed and written a newer version between this writer's claim
   * and its replace, which then set the document back (a slow replace lands last): write the
   * newest claimed version again, until no newer claim appears.
   */
  private async restoreNewest<T extends VersionedDocument>(target: KeyedCollection<T>, written: T): Promise<void> {
    let latest: VersionedDocument = written;
    for (;;) {
      const claim = await this.claims.findById(this.claimId(written._id, latest.version + 1));
      if (!claim) break;
      latest = claim.doc;
    }
    if (latest !== written) await target.replaceById(latest as T);
  }

  /** Applies a claimed version whose writer may have died before writing the document. */
  private async rollForward<T extends VersionedDocument>(target: KeyedCollection<T>, id: string, version: number) {
    const claim = await this.claims.findById(this.claimId(id, version));
    if (!claim) return;
    const current = await target.findById(id);
    // A missing document was deleted meanwhile: never resurrect it.
    if (current && current.version < version) await target.replaceById(claim.doc as T);
  }

  /** Forgets every claim of a deleted resource, so a re-created id starts clean. */
  async forget(id: string, lastVersion: number): Promise<void> {
    for (let v = Math.max(1, lastVersion - 2); v <= lastVersion + 1; v++) {
      await this.claims.deleteById(this.claimId(id, v));
    }
  }

  private claimId(id: string, version: number): string {
    return `${id}@${version}`;
  }
}
