import { AppError } from '../errors';
import type { ChangeRecorder } from '../events/change-recorder';
import { applyPatch } from '../scim/patch/apply-patch';
import { canonicalJson } from '../scim/resource/canonical-json';
import { parsePatchRequest } from '../scim/patch/parse-patch-request';
import { normalizeResource } from '../scim/resource/normalize-resource';
import { newResourceId } from '../tenancy/ids';
import type { UserDocument } from './documents';
import { foldKey } from './fold-key';
import { KeyClaims, type ResourceKeys } from './key-claims';
import type { KeyRepository } from './key-repository';
import type { LicenseGate } from './license-gate';
import type { MembershipRepository } from './membership-repository';
import { assertIfMatch } from './preconditions';
import type { ResourceRepository } from './resource-repository';
import { patchableResource, storableResource } from './patchable-resource';
import { toStoredAttrs } from './storage-keys';
import { backOff, MAX_WRITE_ATTEMPTS, type WriteContext } from './write-context';

export interface UserServiceDeps {
  users: ResourceRepository<UserDocument>;
  keys: KeyRepository;
  memberships: MembershipRepository;
  changes: ChangeRecorder;
  gate: LicenseGate;
  maxPatchOperations: number;
  now?: () => Date;
}

/** SCIM User use cases (RFC 7644 §3.3, §3.5, §3.6). */
export class UserService {
  private readonly now: () => Date;
  private readonly keyClaims: KeyClaims<UserDocument>;

  constructor(private readonly deps: UserServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.keyClaims = new KeyClaims(deps.keys, userKeys, (orgId, id) => deps.users.exists(orgId, id));
  }

  async get(orgId: string, id: string): Promise<UserDocument> {
    const doc = await this.deps.users.findById(orgId, id);
    if (!doc) throw new AppError('NOT_FOUND', `User ${id} not found.`);
    return doc;
  }

  async create(orgId: string, body: unknown, ctx: WriteContext): Promise<UserDocument> {
    const resource = normalizeResource('User', body, 'create');
    // A user created without "active" is active (RFC 7643 §4.1.1 leaves it to the provider),
    // and says so: what it reads, what `active eq true` finds and what the license engine sees
    // agree (Okta's SPEC test also requires "active" on every User). Removed later, it stays absent.
    if (resource.active === undefined) resource.active = true;
    const id = newResourceId();
    const now = this.now();
    const doc = this.toDocument(orgId, id, resource, now, now, 1);
    if (doc.active && (await this.deps.gate.hasDefaultTeam(orgId))) {
      await this.deps.gate.assertLicensesFor(orgId, [id], 'a new user joins the default team');
    }
    const claimed = await this.keyClaims.claim(doc, undefined);
    try {
      if (!(await this.deps.users.insert(doc))) throw new AppError('CONFLICT', 'A user with this id already exists; retry.');
    } catch (error) {
      await this.keyClaims.release(doc, undefined, claimed);
      throw error;
    }
    await this.deps.changes.record(orgId, [{ memberId: id, reason: 'user created' }], ctx.correlationId, now);
    return doc;
  }

  async replace(orgId: string, id: string, body: unknown, ctx: WriteContext): Promise<UserDocument> {
    const resource = normalizeResource('User', body, 'replace');
    return this.update(orgId, id, ctx, () => resource);
  }

  async patch(orgId: string, id: string, body: unknown, ctx: WriteContext): Promise<UserDocument> {
    const operations = parsePatchRequest(body, { maxOperations: this.deps.maxPatchOperations });
    if (operations.length === 0) {
      // An empty Operations array is a no-op (Entra's validator sends one).
      const current = await this.get(orgId, id);
      assertIfMatch(ctx.ifMatch, current.version);
      return current;
    }
    return this.update(orgId, id, ctx, (current) => applyPatch('User', patchableResource(current), operations).resource);
  }

  async delete(orgId: string, id: string, ctx: WriteContext): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.deps.users.findById(orgId, id);
      if (!current) {
        await this.finishInterruptedDelete(orgId, id, ctx);
        throw new AppError('NOT_FOUND', `User ${id} not found.`);
      }
      assertIfMatch(ctx.ifMatch, current.version);
      if (await this.deps.users.delete(current)) {
        await this.keyClaims.release(current, undefined, { name: true, ext: true });
        await this.deps.memberships.removeUserEverywhere(orgId, id);
        await this.deps.changes.record(orgId, [{ memberId: id, reason: 'user deleted' }], ctx.correlationId);
        return;
      }
      if (attempt + 1 >= MAX_WRITE_ATTEMPTS) break;
      await backOff(attempt);
    }
    throw new AppError('CONFLICT', `User ${id} is being changed by other requests; retry.`);
  }

  /**
   * A delete cut short after the user itself was deleted (the store went away) left its
   * memberships, and the IdP's retry finds no user. The retry finishes the job before its 404:
   * memberships go and the workers are told, so the license is released all the same.
   */
  private async finishInterruptedDelete(orgId: string, id: string, ctx: WriteContext): Promise<void> {
    const leftIn = await this.deps.memberships.removeUserEverywhere(orgId, id);
    if (leftIn.length > 0) await this.deps.changes.record(orgId, [{ memberId: id, reason: 'user deleted' }], ctx.correlationId);
  }

  /**
   * Read, compute, claim the version; on a lost race re-read and compute again, so a
   * concurrent writer's change is never overwritten. A write that changes nothing is not
   * made: no new version, no change record (IdPs re-send unchanged values all the time).
   */
  private async update(
    orgId: string,
    id: string,
    ctx: WriteContext,
    compute: (current: UserDocument) => Record<string, unknown>,
  ): Promise<UserDocument> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      if (attempt > 0) await backOff(attempt - 1);
      const current = await this.get(orgId, id);
      assertIfMatch(ctx.ifMatch, current.version);
      const next = this.toDocument(orgId, id, compute(current), current.created, this.now(), current.version + 1);
      if (canonicalJson(next.attrs) === canonicalJson(current.attrs)) return current;
      if (!current.active && next.active) {
        await this.deps.gate.assertActivation(orgId, id, 'a user is reactivated');
      }
      const claimed = await this.keyClaims.claim(next, current);
      if (await this.deps.users.replaceVersioned(next, current)) {
        await this.keyClaims.release(current, next, { name: claimed.name, ext: claimed.ext });
        const reason = current.active !== next.active ? (next.active ? 'user reactivated' : 'user deactivated') : 'user updated';
        await this.deps.changes.record(orgId, [{ memberId: id, reason }], ctx.correlationId);
        return next;
      }
      await this.keyClaims.release(next, current, claimed);
    }
    throw new AppError('CONFLICT', `User ${id} is being changed by other requests; retry.`);
  }

  private toDocument(orgId: string, id: string, resource: Record<string, unknown>, created: Date, lastModified: Date, version: number): UserDocument {
    const userName = resource.userName as string;
    const externalId = typeof resource.externalId === 'string' ? resource.externalId : null;
    // RFC 7643 §4.1.1 leaves an absent "active" to the provider: absent means active.
    const active = resource.active !== false;
    return {
      _id: this.deps.users.docId(orgId, id),
      orgId,
      id,
      attrs: toStoredAttrs(storableResource(resource)),
      userNameKey: foldKey(userName),
      externalId,
      active,
      created,
      lastModified,
      version,
    };
  }
}

function userKeys(doc: UserDocument): ResourceKeys {
  return {
    name: { kind: 'user-name', value: doc.userNameKey, takenMessage: `userName "${doc.attrs.userName as string}" is already used by another user in this organisation (compared case-insensitively).` },
    ext: doc.externalId === null ? null : { kind: 'user-ext', value: doc.externalId, takenMessage: `externalId "${doc.externalId}" is already used by another user in this organisation.` },
  };
}
