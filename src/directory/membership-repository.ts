import type { Store, TenantCollection } from '../infra/store';
import type { GroupDocument, MembershipDocument } from './documents';

/** Membership lookups by `_id` one request may make instead of a scan (see `groupIdsOfMany`). */
const PROBES_UP_TO = 100;

/**
 * Group membership as a set of documents, one per (group, user). Adding is an insert (a
 * duplicate is already a member), removing a delete: concurrent PATCHes of one group cannot
 * lose each other's changes, and a change costs in proportion to the members it touches.
 */
export class MembershipRepository {
  constructor(private readonly store: Store) {}

  private collection(orgId: string): TenantCollection<MembershipDocument> {
    return this.store.tenant<MembershipDocument>(orgId, 'memberships');
  }

  private membershipId(orgId: string, groupId: string, userId: string): string {
    return this.collection(orgId).id(`${groupId}:${userId}`);
  }

  /**
   * Inserts memberships; one that exists is skipped by its `_id`, so the set need not be read
   * first. Returns the users who were not members before.
   */
  async insert(orgId: string, groupId: string, userIds: string[], since: Date): Promise<string[]> {
    const inserted = await this.collection(orgId).insertNew(
      userIds.map((userId) => ({ _id: this.membershipId(orgId, groupId, userId), orgId, groupId, userId, since })),
    );
    return inserted.map((m) => m.userId);
  }

  /** Deletes memberships the caller knows to exist (from its planned delta); no re-read of the set. */
  async delete(orgId: string, groupId: string, userIds: string[]): Promise<void> {
    await this.collection(orgId).deleteByIds(userIds.map((userId) => this.membershipId(orgId, groupId, userId)));
  }

  async memberIds(orgId: string, groupId: string): Promise<string[]> {
    const docs = await this.collection(orgId).find({ groupId }, { projection: { userId: 1 } });
    return docs.map((d) => d.userId);
  }

  async groupIdsOf(orgId: string, userId: string): Promise<string[]> {
    return (await this.groupIdsOfMany(orgId, [userId])).get(userId)!;
  }

  /** Group ids of every given user (see `membershipsOfMany`). */
  async groupIdsOfMany(orgId: string, userIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(userIds.map((id) => [id, []]));
    for (const m of await this.membershipsOfMany(orgId, userIds, PROBES_UP_TO, { userId: 1, groupId: 1 })) result.get(m.userId)?.push(m.groupId);
    return result;
  }

  /**
   * The memberships of every given user. Shared layout: one query on the userId index. Per-org
   * layout (FerretDB): a query on userId scans all of the org's memberships (0.5 s at 10,000);
   * when the org has few groups, probing each (group, user) pair by `_id` costs less, and is
   * done up to `maxProbes` pairs: the group ids come from a scan of the groups, which are far
   * fewer than their memberships.
   */
  async membershipsOfMany(orgId: string, userIds: string[], maxProbes: number, projection?: Record<string, 1>): Promise<MembershipDocument[]> {
    if (userIds.length === 0) return [];
    const collection = this.collection(orgId);
    const options = projection ? { projection } : {};
    if (this.store.layout === 'shared') return collection.find(userIds.length === 1 ? { userId: userIds[0] } : { userId: { $in: userIds } }, options);
    // Every user takes at least one probe per group: past that bound the groups need not be read.
    if (userIds.length <= maxProbes) {
      const groupIds = await this.groupIdsInOrg(orgId);
      if (groupIds.length * userIds.length <= maxProbes) {
        return collection.findManyById(userIds.flatMap((userId) => groupIds.map((groupId) => this.membershipId(orgId, groupId, userId))));
      }
    }
    // `$in` is evaluated per document of the scan on FerretDB: one plain scan is cheapest.
    const wanted = new Set(userIds);
    const docs = await collection.find(userIds.length === 1 ? { userId: userIds[0] } : {}, options);
    return docs.filter((m) => wanted.has(m.userId));
  }

  private async groupIdsInOrg(orgId: string): Promise<string[]> {
    const groups = await this.store.tenant<GroupDocument>(orgId, 'groups').find({}, { projection: { id: 1 } });
    return groups.map((g) => g.id);
  }

  /** Member ids of every given group, with one query. */
  async memberIdsOfMany(orgId: string, groupIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(groupIds.map((id) => [id, []]));
    if (groupIds.length === 0) return result;
    // Per-org layout: one scan of the org's memberships; shared layout: the groupId index.
    const filter =
      groupIds.length === 1 ? { groupId: groupIds[0] } : this.store.layout === 'per-org' ? {} : { groupId: { $in: groupIds } };
    const docs = await this.collection(orgId).find(filter, { projection: { userId: 1, groupId: 1 } });
    for (const doc of docs) result.get(doc.groupId)?.push(doc.userId);
    return result;
  }

  /** Removes every membership of a user (the user was deleted); returns the groups it left. */
  async removeUserEverywhere(orgId: string, userId: string): Promise<string[]> {
    const groups = await this.groupIdsOf(orgId, userId);
    if (groups.length > 0) await this.collection(orgId).deleteMany({ userId });
    return groups;
  }

  /** Removes a whole group's memberships (the group was deleted); returns its former members. */
  async removeGroup(orgId: string, groupId: string): Promise<string[]> {
    const members = await this.memberIds(orgId, groupId);
    if (members.length > 0) await this.collection(orgId).deleteMany({ groupId });
    return members;
  }
}
