import { randomUUID } from 'node:crypto';
import type { GroupDocument, MembershipDocument, UserDocument } from '../../src/directory/documents';
import type { ChangeDocument } from '../../src/events/change-documents';
import type { Store } from '../../src/infra/store';

/**
 * Writes users, groups, memberships and change records straight into the store, in the shapes
 * of src/directory/documents.ts and src/events/change-documents.ts, so that license tests do
 * not depend on the SCIM layer. Each write is what the SCIM layer's write would leave behind
 * (without its keys and version claims, which the license engine does not read). Change
 * records are inserted without a job: tests run the reconcile themselves, or enqueue.
 */
export interface UserSpec {
  id?: string;
  userName?: string;
  active?: boolean;
  created?: Date;
  externalId?: string | null;
  givenName?: string;
  familyName?: string;
  emails?: string[];
}

export class DirectoryFixtures {
  constructor(
    readonly store: Store,
    readonly orgId: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private users() {
    return this.store.tenant<UserDocument>(this.orgId, 'users');
  }

  private groups() {
    return this.store.tenant<GroupDocument>(this.orgId, 'groups');
  }

  private memberships() {
    return this.store.tenant<MembershipDocument>(this.orgId, 'memberships');
  }

  private changes() {
    return this.store.tenant<ChangeDocument>(this.orgId, 'changes');
  }

  async user(spec: UserSpec = {}): Promise<UserDocument> {
    const doc = this.userDocument(spec);
    await this.users().insert(doc);
    return doc;
  }

  private userDocument(spec: UserSpec): UserDocument {
    const id = spec.id ?? randomUUID();
    const userName = spec.userName ?? `user-${id.slice(0, 8)}@example.com`;
    const active = spec.active ?? true;
    const created = spec.created ?? this.clock();
    const doc: UserDocument = {
      _id: this.users().id(id),
      orgId: this.orgId,
      id,
      attrs: {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName,
        name: { givenName: spec.givenName ?? 'Test', familyName: spec.familyName ?? id.slice(0, 4) },
        emails: (spec.emails ?? [userName]).map((value, i) => ({ value, type: 'work', primary: i === 0 })),
        active,
        ...(spec.externalId ? { externalId: spec.externalId } : {}),
      },
      userNameKey: userName.normalize('NFKC').toLowerCase(),
      externalId: spec.externalId ?? null,
      active,
      created,
      lastModified: created,
      version: 1,
    };
    return doc;
  }

  /** `count` users created one millisecond apart (so creation order is their index order). */
  async manyUsers(count: number, spec: (i: number) => UserSpec = () => ({})): Promise<UserDocument[]> {
    const base = this.clock().getTime();
    const docs: UserDocument[] = [];
    for (let i = 0; i < count; i++) docs.push(await this.user({ created: new Date(base + i), ...spec(i) }));
    return docs;
  }

  async group(displayName: string, id: string = randomUUID()): Promise<GroupDocument> {
    const now = this.clock();
    const doc: GroupDocument = {
      _id: this.groups().id(id),
      orgId: this.orgId,
      id,
      attrs: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName },
      displayNameKey: displayName.normalize('NFKC').toLowerCase(),
      externalId: null,
      created: now,
      lastModified: now,
      version: 1,
    };
    await this.groups().insert(doc);
    return doc;
  }

  async renameGroup(groupId: string, displayName: string): Promise<void> {
    const current = await this.groups().findById(this.groups().id(groupId));
    if (!current) throw new Error(`no group ${groupId}`);
    await this.groups().replaceById({
      ...current,
      attrs: { ...current.attrs, displayName },
      displayNameKey: displayName.toLowerCase(),
      lastModified: this.clock(),
      version: current.version + 1,
    });
  }

  async addMembers(groupId: string, userIds: string[], since: Date = this.clock()): Promise<void> {
    await this.memberships().insertMany(
      userIds.map((userId) => ({ _id: this.memberships().id(`${groupId}:${userId}`), orgId: this.orgId, groupId, userId, since })),
    );
  }

  async removeMembers(groupId: string, userIds: string[]): Promise<void> {
    for (const userId of userIds) await this.memberships().deleteById(this.memberships().id(`${groupId}:${userId}`));
  }

  async setActive(userId: string, active: boolean): Promise<void> {
    const current = await this.users().findById(this.users().id(userId));
    if (!current) throw new Error(`no user ${userId}`);
    await this.users().replaceById({
      ...current,
      attrs: { ...current.attrs, active },
      active,
      lastModified: this.clock(),
      version: current.version + 1,
    });
  }

  /** What a SCIM DELETE leaves: the user and its memberships gone. */
  async deleteUser(userId: string): Promise<void> {
    await this.users().deleteById(this.users().id(userId));
    await this.memberships().deleteMany({ userId });
  }

  /** Change records for members (one request: one `at`, one correlation id). */
  async change(memberIds: (string | null)[], reason = 'test change', at: Date = this.clock(), correlationId: string | null = randomUUID()): Promise<ChangeDocument[]> {
    const docs: ChangeDocument[] = memberIds.map((memberId) => ({
      _id: this.changes().id(randomUUID()),
      orgId: this.orgId,
      memberId,
      reason,
      at,
      correlationId,
    }));
    await this.changes().insertMany(docs);
    return docs;
  }
}
