import type { TenantDocument } from '../infra/store';
import type { LicenseDocument, WaitingDocument } from './license-documents';

/**
 * One collection's documents as a pass read them, kept up to date with what the pass itself
 * inserts and deletes, so the next pass of the org can start from it (ledger-cache.ts)
 * instead of reading the collection again. Every write's outcome is checked against the
 * view: an insert that finds its `_id` taken, or a delete that removes other documents than
 * the view holds, shows another writer the view does not know about, and the view is marked
 * diverged (not to be kept). Pure bookkeeping: the writes themselves are license-writer.ts.
 */
export class DocumentJournal<T extends TenantDocument> {
  private divergedBecause: string | null = null;

  /** `view`: the documents by `_id`; the journal takes it over and updates it in place. */
  constructor(private readonly view: Map<string, T>) {}

  /** Why the view no longer matches the store, or null while it does. */
  get diverged(): string | null {
    return this.divergedBecause;
  }

  /** The view as the pass's writes left it (the same map, not a copy). */
  documents(): Map<string, T> {
    return this.view;
  }

  /** The outcome of inserting `docs`: those in `inserted` went in, the others found their `_id` taken. */
  inserted(docs: T[], inserted: ReadonlySet<T>): void {
    for (const doc of docs) {
      if (inserted.has(doc) && !this.view.has(doc._id)) this.view.set(doc._id, doc);
      else this.diverge(`insert of ${doc._id} found the store other than read`);
    }
  }

  /**
   * The outcome of deleting those of `ids` that satisfy `matches` (a guarded delete, e.g. of
   * one grant's documents): `count` of them went. Every such document the view holds must
   * have gone, and no other.
   */
  deleted(ids: string[], count: number, matches: (doc: T) => boolean = () => true): void {
    let expected = 0;
    for (const id of new Set(ids)) {
      const doc = this.view.get(id);
      if (!doc || !matches(doc)) continue;
      expected++;
      this.view.delete(id);
    }
    if (count !== expected) this.diverge(`a delete removed ${count} documents where ${expected} were expected`);
  }

  diverge(reason: string): void {
    this.divergedBecause ??= reason;
  }
}

/** What one pass leaves of its org's license and waiting documents. */
export class PoolJournal {
  readonly licenses: DocumentJournal<LicenseDocument>;
  readonly waiting: DocumentJournal<WaitingDocument>;

  /** Takes over both maps (by `_id`) and updates them in place. */
  constructor(licenses: Map<string, LicenseDocument>, waiting: Map<string, WaitingDocument>) {
    this.licenses = new DocumentJournal(licenses);
    this.waiting = new DocumentJournal(waiting);
  }

  get diverged(): string | null {
    return this.licenses.diverged ?? this.waiting.diverged;
  }
}
