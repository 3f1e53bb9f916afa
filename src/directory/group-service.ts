import { AppError } from '../errors';
import type { ChangeEntry, ChangeRecorder } from '../events/change-recorder';
import { compileValueFilter } from '../scim/filter/evaluate';
import { applyPatch } from '../scim/patch/apply-patch';
import { canonicalJson } from '../scim/resource/canonical-json';
import { parsePatchRequest } from '../scim/patch/parse-patch-request';
import type { MembershipChange } from '../scim/patch/patch-types';
import { normalizeResource } from '../scim/resource/normalize-resource';
import { attributeLookupFor } from '../scim/schema/attribute-resolver';
import { newResourceId } from '../tenancy/ids';
import type { GroupDocument, UserDocument } from './documents';
import { foldKey } from './fold-key';
import { KeyClaims, type ResourceKeys } from './key-claims';
import type { KeyRepository } from './key-repository';
import type { LicenseGate } from './license-gate';
import type { MembershipRepository } from './membership-repository';
import { idsToAdd, planMembership, type MemberSetDelta } from './membership-plan';
import { assertIfMatch } from './preconditions';
import type { ResourceRepository } from './resource-repository';
import { patchableResource, storableResource } from './patchable-resource';
import { toStoredAttrs } from './storage-keys';
import { backOff, MAX_WRITE_ATTEMPTS, type WriteContext } from './write-context';

export interface GroupServiceDeps {
  groups: ResourceRepository<GroupDocument>;
  users: ResourceRepository<UserDocument>;
  keys: KeyRepository;
  memberships: MembershipRepository;
  changes: ChangeRecorder;
  gate: LicenseGate;
  maxPatchOperations: number;
  maxMembersPerRequest: number;
  now?: () => Date;
}

/**
 * SCIM Group use cases. Members are never part of the stored group document: every write turns
 * into a delta on the membership set (DESIGN.md §7).
 */
export class GroupService {
  private readonly now: () => Date;
  private readonly keyClaims: KeyClaims<GroupDocument>;

  constructor(private readonly deps: GroupServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.keyClaims = new KeyClaims(deps.keys, groupKeys, (orgId, id) => deps.groups.exists(orgId, id));
  }

  async get(orgId: string, id: string): Promise<GroupDocument> {
    const doc = await this.deps.groups.findById(orgId, id);
    if (!doc) throw new AppError('NOT_FOUND', `Group ${id} not found.`);
    return doc;
  }

  async memberIds(orgId: string, id: string): Promise<string[]> {
    return this.deps.memberships.memberIds(orgId, id);
  }

  async create(orgId: string, body: unknown, ctx: WriteContext): Promise<GroupDocument> {
    const { resource, members = [] } = splitMembers(normalizeResource('Group', body, 'create'));
    this.assertMemberCount(members.length);
    const id = newResourceId();
    const now = this.now();
    const doc = this.toDocument(orgId, id, resource, now, now, 1);
    await this.assertUsersExist(orgId, members);
    if (members.length > 0) await this.deps.gate.assertTeamJoin(orgId, members, displayName(doc));
    const claimed = await this.keyClaims.claim(doc, undefined);
    try {
      if (!(await this.deps.groups.insert(doc))) throw new AppError('CONFLICT', 'A group with this id already exists; retry.');
    } catch (error) {
      await this.keyClaims.release(doc, undefined, claimed);
      throw error;
    }
    // A new group has no members yet: every (de-duplicated) member is an addition.
    await this.deps.memberships.insert(orgId, id, members, now);
    await this.recordChanges(orgId, members.map((m) => ({ memberId: m, reason: `added to group "${displayName(doc)}"` })), ctx);
    return doc;
  }

  async replace(orgId: string, id: string, body: unknown, ctx: WriteContext): Promise<GroupDocument> {
    const { resource, members } = splitMembers(normalizeResource('Group', body, 'replace'));
    // PUT with "members" replaces the list (Okta's App Integration Wizard sends the full list);
    // a PUT without the key leaves members alone, since they are not part of the stored group.
    const membership: MembershipChange[] = members === undefined ? [] : [{ kind: 'replaceAll', ids: members }];
    return this.update(orgId, id, ctx, () => ({ resource, membership }));
  }

  async patch(orgId: string, id: string, body: unknown, ctx: WriteContext): Promise<GroupDocument> {
    const operations = parsePatchRequest(body, { maxOperations: this.deps.maxPatchOperations });
    if (operations.length === 0) {
      const current = await this.get(orgId, id);
      assertIfMatch(ctx.ifMatch, current.version);
      return current;
    }
    return this.update(orgId, id, ctx, (current) => {
      const result = applyPatch('Group', patchableResource(current), operations);
      return { resource: result.resource, membership: result.membership };
    });
  }

  async delete(orgId: string, id: string, ctx: WriteContext): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(orgId, id);
      assertIfMatch(ctx.ifMatch, current.version);
      if (await this.deps.groups.delete(current)) {
        await this.keyClaims.release(current, undefined, { name: true, ext: true });
        const former = await this.deps.memberships.removeGroup(orgId, id);
        await this.recordChanges(orgId, former.map((m) => ({ memberId: m, reason: `group "${displayName(current)}" deleted` })), ctx);
        return;
      }
      if (attempt + 1 >= MAX_WRITE_ATTEMPTS) break;
      await backOff(attempt);
    }
    throw new AppError('CONFLICT', `Group ${id} is being changed by other requests; retry.`);
  }

  private async update(
    orgId: string,
    id: string,
    ctx: WriteContext,
    compute: (current: GroupDocument) => { resource: Record<string, unknown>; membership: MembershipChange[] },
  ): Promise<GroupDocument> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      if (attempt > 0) await backOff(attempt - 1);
      const current = await this.get(orgId, id);
      assertIfMatch(ctx.ifMatch, current.version);
      const computed = compute(current);
      const next = this.toDocument(orgId, id, computed.resource, current.created, this.now(), current.version + 1);
      const name = displayName(next);
      const renamed = name !== displayName(current);
      // Validate everything before the first write: a rejected request changes nothing. The
      // members to add are the same on every attempt: they are checked to exist once.
      const delta = await this.planDelta(orgId, id, computed.membership, attempt === 0);
      const unchanged = canonicalJson(next.attrs) === canonicalJson(current.attrs);
      // Nothing to do (Okta re-sends the group's name with every membership update).
      if (unchanged && delta.added.length === 0 && delta.removed.length === 0) return current;
      if (delta.added.length > 0) await this.deps.gate.assertTeamJoin(orgId, delta.added, name);
      if (unchanged && !ctx.ifMatch && computed.membership.every((c) => c.kind === 'add' || c.kind === 'remove')) {
        return this.changeMembersOnly(orgId, id, delta, name, ctx);
      }
      const claimed = await this.keyClaims.claim(next, current);
      // Winning the version claim serialises this write against other writers of the group;
      // the membership deltas follow and cannot be lost, whatever else runs concurrently.
      if (!(await this.deps.groups.replaceVersioned(next, current))) {
        await this.keyClaims.release(next, current, claimed);
        continue;
      }
      await this.keyClaims.release(current, next, claimed);
      const added = await this.deps.memberships.insert(orgId, id, delta.added, this.now());
      await this.deps.memberships.delete(orgId, id, delta.removed);
      const entries: ChangeEntry[] = [
        ...added.map((m) => ({ memberId: m, reason: `added to group "${name}"` })),
        ...delta.removed.map((m) => ({ memberId: m, reason: `removed from group "${name}"` })),
      ];
      if (renamed) {
        // Team names (and, with a teamGroupPrefix, team-ness) follow the group's name.
        const touched = new Set(entries.map((e) => e.memberId));
        for (const m of await this.deps.memberships.memberIds(orgId, id)) {
          if (!touched.has(m)) entries.push({ memberId: m, reason: `group renamed to "${name}"` });
        }
      }
      await this.recordChanges(orgId, entries, ctx);
      return next;
    }
    throw new AppError('CONFLICT', `Group ${id} is being changed by other requests; retry.`);
  }

  /**
   * A PATCH that only adds or removes named members (the bulk of IdP traffic, which Entra sends
   * in parallel) does not queue for the group's version: its inserts and deletes commute with
   * any other writer's. The deltas go first, then the version is moved on once, so the ETag
   * changes after them; if another writer moves it first, that happened after these deltas too.
   */
  private async changeMembersOnly(orgId: string, id: string, delta: MemberSetDelta, name: string, ctx: WriteContext): Promise<GroupDocument> {
    const added = await this.deps.memberships.insert(orgId, id, delta.added, this.now());
    await this.deps.memberships.delete(orgId, id, delta.removed);
    const current = await this.deps.groups.findById(orgId, id);
    if (!current) {
      // Deleted meanwhile: its deletion may have cleared the memberships before these landed.
      await this.deps.memberships.delete(orgId, id, delta.added);
      throw new AppError('NOT_FOUND', `Group ${id} not found.`);
    }
    // Every member named was one already (an add-only PATCH skips reading the set): no change.
    if (added.length === 0 && delta.removed.length === 0) return current;
    const bumped = { ...current, lastModified: this.now(), version: current.version + 1 };
    const latest = (await this.deps.groups.replaceVersioned(bumped, current)) ? bumped : ((await this.deps.groups.findById(orgId, id)) ?? current);
    await this.recordChanges(
      orgId,
      [
        ...added.map((m) => ({ memberId: m, reason: `added to group "${name}"` })),
        ...delta.removed.map((m) => ({ memberId: m, reason: `removed from group "${name}"` })),
      ],
      ctx,
    );
    return latest;
  }

  private async planDelta(orgId: string, groupId: string, changes: MembershipChange[], checkUsers: boolean): Promise<MemberSetDelta> {
    if (changes.length === 0) return { added: [], removed: [] };
    const toAdd = idsToAdd(changes);
    this.assertMemberCount(toAdd.length);
    // Only adds (Okta's and Entra's usual PATCH): the current set is not needed, since an
    // insert skips a member that exists, and reading it costs a scan of the org's memberships
    // on FerretDB. `added` then names every member to add; the insert reports the new ones.
    const addOnly = changes.every((c) => c.kind === 'add');
    // Two independent reads (each a scan on FerretDB for a large request): side by side.
    const [, memberIds] = await Promise.all([
      checkUsers ? this.assertUsersExist(orgId, toAdd) : undefined,
      addOnly ? [] : this.deps.memberships.memberIds(orgId, groupId),
    ]);
    if (addOnly) return { added: [...new Set(toAdd)], removed: [] };
    const current = new Set(memberIds);
    const needsFilter = changes.some((c) => c.kind === 'removeWhere');
    const displays = needsFilter ? await this.memberDisplays(orgId, [...current]) : new Map<string, string>();
    const lookup = attributeLookupFor('Group');
    const predicates = new Map<MembershipChange, (r: Record<string, unknown>) => boolean>();
    const delta = planMembership(current, changes, (change, memberId) => {
      let predicate = predicates.get(change);
      if (!predicate) {
        predicate = compileValueFilter(change.filter, { attr: 'members' }, lookup);
        predicates.set(change, predicate);
      }
      return predicate({ value: memberId, display: displays.get(memberId), type: 'User' });
    });
    this.assertMemberCount(delta.added.length + delta.removed.length);
    return delta;
  }

  /** What `members[display …]` filters compare with: one query for the whole group. */
  private async memberDisplays(orgId: string, ids: string[]): Promise<Map<string, string>> {
    const users = await this.deps.users.findByIds(orgId, ids, { id: 1, 'attrs.displayName': 1, 'attrs.userName': 1 });
    return new Map(users.map((user) => [user.id, String(user.attrs.displayName ?? user.attrs.userName)]));
  }

  private assertMemberCount(count: number): void {
    if (count > this.deps.maxMembersPerRequest) {
      throw new AppError('TOO_MANY', `A request may change at most ${this.deps.maxMembersPerRequest} members; this one changes ${count}. Split it.`);
    }
  }

  /** Member values must be Users of this org (RFC 7643 §4.2); nested groups are not supported. */
  private async assertUsersExist(orgId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const unique = [...new Set(ids)];
    const existing = await this.deps.users.existingIds(orgId, unique);
    const unknown = unique.filter((id) => !existing.has(id));
    if (unknown.length > 0) {
      const shown = unknown.slice(0, 5).map((id) => `"${id}"`).join(', ');
      throw new AppError(
        'INVALID_VALUE',
        `${unknown.length} member value(s) are not users of this organisation: ${shown}${unknown.length > 5 ? ', …' : ''}. Nothing was changed.`,
      );
    }
  }

  private toDocument(orgId: string, id: string, resource: Record<string, unknown>, created: Date, lastModified: Date, version: number): GroupDocument {
    const name = resource.displayName as string;
    return {
      _id: this.deps.groups.docId(orgId, id),
      orgId,
      id,
      attrs: toStoredAttrs(storableResource(resource)),
      displayNameKey: foldKey(name),
      externalId: typeof resource.externalId === 'string' ? resource.externalId : null,
      created,
      lastModified,
      version,
    };
  }

  private async recordChanges(orgId: string, entries: ChangeEntry[], ctx: WriteContext): Promise<void> {
    await this.deps.changes.record(orgId, entries, ctx.correlationId);
  }
}

function groupKeys(doc: GroupDocument): ResourceKeys {
  return {
    name: { kind: 'group-name', value: doc.displayNameKey, takenMessage: `A group named "${displayName(doc)}" already exists in this organisation (compared case-insensitively).` },
    ext: doc.externalId === null ? null : { kind: 'group-ext', value: doc.externalId, takenMessage: `externalId "${doc.externalId}" is already used by another group in this organisation.` },
  };
}

function displayName(doc: GroupDocument): string {
  return String(doc.attrs.displayName);
}

function splitMembers(resource: Record<string, unknown>): { resource: Record<string, unknown>; members?: string[] } {
  const { members, ...rest } = resource;
  if (!Array.isArray(members)) return { resource: rest };
  return { resource: rest, members: [...new Set((members as { value: string }[]).map((m) => m.value))] };
}
