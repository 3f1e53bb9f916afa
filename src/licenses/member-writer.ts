import type { Store } from '../infra/store';
import type { MemberDocument } from './member-document';
import { upsertDerived } from './upsert';

/**
 * Writes member read-model documents. On FerretDB a replace by `_id` scans the org's members
 * (about 50 ms at 10,000 members, measured), so a pass that changes many members deletes them
 * with one `deleteMany` and inserts them again with one `insertMany` (one scan in all). A reader
 * may miss such a member for the few milliseconds in between; a single change is a replace.
 */
export class MemberWriter {
  constructor(private readonly store: Store) {}

  async write(orgId: string, created: MemberDocument[], changed: MemberDocument[]): Promise<void> {
    const members = this.store.tenant<MemberDocument>(orgId, 'members');
    if (changed.length === 1) {
      await upsertDerived(members, changed[0]);
    } else if (changed.length > 1) {
      await members.deleteMany({ _id: { $in: changed.map((d) => d._id) } });
      await members.insertMany(changed);
    }
    // A concurrent pass may have inserted one of these first; it computed the same document.
    await members.insertMany(created);
  }
}
