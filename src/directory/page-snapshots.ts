/**
 * The ordered ids of a listing, kept briefly, so that an IdP paging through it (Okta's import
 * asks startIndex 1, 101, 201, …) gets each further page by `_id` instead of another scan of
 * the org. RFC 7644 §3.4.2.4 promises no consistency across pages; with a snapshot the pages
 * follow the first one's order and total, leaving out resources deleted since. A write through
 * this process to the org's resources of the kind drops the org's snapshots; other processes'
 * writes show after at most SNAPSHOT_TTL_MS (or on the next first page).
 */
export const SNAPSHOT_TTL_MS = 30_000;

/** Bounds on what is kept: snapshots, and ids over all of them. */
const MAX_SNAPSHOTS = 32;
const MAX_IDS = 200_000;

interface Snapshot {
  orgId: string;
  ids: string[];
  takenAt: number;
}

export class PageSnapshots {
  private readonly snapshots = new Map<string, Snapshot>();
  private ids = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The ids of a listing taken less than SNAPSHOT_TTL_MS ago, if any. */
  get(key: string): string[] | undefined {
    const snapshot = this.snapshots.get(key);
    if (!snapshot) return undefined;
    if (this.now() - snapshot.takenAt >= SNAPSHOT_TTL_MS) {
      this.remove(key);
      return undefined;
    }
    return snapshot.ids;
  }

  put(orgId: string, key: string, ids: string[]): void {
    this.remove(key);
    if (ids.length > MAX_IDS) return;
    this.snapshots.set(key, { orgId, ids, takenAt: this.now() });
    this.ids += ids.length;
    // Oldest first: a Map iterates in insertion order.
    for (const [oldest] of this.snapshots) {
      if (this.snapshots.size <= MAX_SNAPSHOTS && this.ids <= MAX_IDS) break;
      this.remove(oldest);
    }
  }

  /** A resource of the org was written: its listings may have changed. */
  dropOrg(orgId: string): void {
    for (const [key, snapshot] of this.snapshots) if (snapshot.orgId === orgId) this.remove(key);
  }

  private remove(key: string): void {
    const snapshot = this.snapshots.get(key);
    if (!snapshot) return;
    this.ids -= snapshot.ids.length;
    this.snapshots.delete(key);
  }
}
