import type { Store } from '../infra/store';
import type { MemberDocument } from './member-document';
import { upsertDerived } from './upsert';

/**
 * Writes member read-model documents. A single change is a replace; more are deleted by `_id`
 * and inserted again with one `insertMany` (two round trips whatever their number; a replace
 * costs a round trip each). A reader may miss such a member for the few milliseconds in between.
 */
export class MemberWriter {
  constructor(private readonly store: Store) {}

  async write(orgId: string, created: MemberDocument[], changed: MemberDocument[]): Promise<void> {
    const members = this.store.tenant<MemberDocument>(orgId, 'members');
    if (changed.length === 1) {
      await upsertDerived(members, changed[0]);
    } else if (changed.length > 1) {
      await members.deleteByIds(changed.map((d) => d._id));
      await members.insertMany(changed);
    }
    // A concurrent pass may have inserted one of these first; it computed the same document.
    await members.insertMany(created);
  }
}
