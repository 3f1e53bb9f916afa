import type { Store, TenantCollection } from '../infra/store';
import type { MembershipDocument } from './documents';

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

  /** Adds members; returns the ids that were not members before. */
  async add(orgId: string, groupId: string, userIds: string[], since: Date): Promise<string[]> {
    if (userIds.length === 0) return [];
    const before = new Set(await this.memberIds(orgId, groupId));
    const added = [...new Set(userIds)].filter((id) => !before.has(id));
    await this.collection(orgId).insertMany(
      added.map((userId) => ({ _id: this.membershipId(orgId, groupId, userId), orgId, groupId, userId, since })),
    );
    return added;
  }

  /** Removes members; returns the ids that were members. */
  async remove(orgId: string, groupId: string, userIds: string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const wanted = new Set(userIds);
    const current = (await this.memberIds(orgId, groupId)).filter((id) => wanted.has(id));
    if (current.length === 0) return [];
    if (current.length === 1) {
      await this.collection(orgId).deleteById(this.membershipId(orgId, groupId, current[0]));
    } else {
      await this.collection(orgId).deleteMany({ groupId, userId: { $in: current } });
    }
    return current;
  }

  async memberIds(orgId: string, groupId: string): Promise<string[]> {
    const docs = await this.collection(orgId).find({ groupId }, { projection: { userId: 1 } });
    return docs.map((d) => d.userId);
  }

  async groupIdsOf(orgId: string, userId: string): Promise<string[]> {
    const docs = await this.collection(orgId).find({ userId }, { projection: { groupId: 1 } });
    return docs.map((d) => d.groupId);
  }

  /** Group ids of every given user, with one query. */
  async groupIdsOfMany(orgId: string, userIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return result;
    // Per-org layout: one scan of the org's memberships; shared layout: the userId index.
    const filter =
      userIds.length === 1 ? { userId: userIds[0] } : this.store.layout === 'per-org' ? {} : { userId: { $in: userIds } };
    const docs = await this.collection(orgId).find(filter, { projection: { userId: 1, groupId: 1 } });
    for (const doc of docs) result.get(doc.userId)?.push(doc.groupId);
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
