import type { Request } from 'express';
import type { DirectoryModule } from '../../directory/directory-module';
import type { GroupDocument, UserDocument } from '../../directory/documents';
import { renderGroup, renderUser, type GroupRef } from '../../directory/render';
import { CORE_GROUP_SCHEMA, CORE_USER_SCHEMA } from '../../scim/schema/schema-urns';
import { projectResource, type ProjectionRequest } from '../../scim/resource/project-resource';

/**
 * Builds the SCIM representation of stored Users and Groups, with what lives beside them
 * (a User's groups and license view, a Group's members). Whatever the number of resources,
 * each of those is read with one query, and only when the answer will show it.
 */
export class ResourceResponses {
  constructor(
    private readonly directory: DirectoryModule,
    private readonly baseUrlOf: (orgId: string) => string,
  ) {}

  async user(orgId: string, doc: UserDocument, projection: ProjectionRequest): Promise<Record<string, unknown>> {
    return (await this.render(orgId, [doc], projection, wants(projection, 'groups')))[0];
  }

  /**
   * A user this request has just created. Nothing beside it needs reading: its id was unknown
   * until now, so no group can hold it, and no worker pass has seen it yet, so it is
   * `provisioned` (CONTRACT.md). Saves a membership scan and a member read on every create.
   */
  createdUser(orgId: string, doc: UserDocument, projection: ProjectionRequest): Record<string, unknown> {
    return projectResource(renderUser(doc, this.baseUrlOf(orgId), { license: { state: 'provisioned' }, groups: undefined }), projection, 'User');
  }

  /**
   * Users in a list or search. Their read-only `groups` are shown only when `attributes` names
   * them: finding a user's groups is a scan of the org's memberships on FerretDB, and lists
   * serve the IdPs' hot path (`userName eq` lookups before every write), which never needs them.
   */
  async users(orgId: string, docs: UserDocument[], projection: ProjectionRequest): Promise<Record<string, unknown>[]> {
    return this.render(orgId, docs, projection, wants(projection, 'groups', false));
  }

  private async render(orgId: string, docs: UserDocument[], projection: ProjectionRequest, withGroups: boolean): Promise<Record<string, unknown>[]> {
    if (docs.length === 0) return [];
    const ids = docs.map((d) => d.id);
    const [views, groups] = await Promise.all([
      this.directory.licenseViews.viewsFor(orgId, ids),
      withGroups ? this.groupRefs(orgId, ids) : Promise.resolve(new Map<string, GroupRef[]>()),
    ]);
    const baseUrl = this.baseUrlOf(orgId);
    return docs.map((doc) =>
      projectResource(renderUser(doc, baseUrl, { license: views.get(doc.id), groups: groups.get(doc.id) }), projection, 'User'),
    );
  }

  async group(orgId: string, doc: GroupDocument, projection: ProjectionRequest): Promise<Record<string, unknown>> {
    return (await this.groups(orgId, [doc], projection))[0];
  }

  async groups(orgId: string, docs: GroupDocument[], projection: ProjectionRequest): Promise<Record<string, unknown>[]> {
    if (docs.length === 0) return [];
    const members = wants(projection, 'members')
      ? await this.directory.memberships.memberIdsOfMany(orgId, docs.map((d) => d.id))
      : undefined;
    const baseUrl = this.baseUrlOf(orgId);
    return docs.map((doc) =>
      projectResource(renderGroup(doc, baseUrl, members?.get(doc.id)?.map((value) => ({ value }))), projection, 'Group'),
    );
  }

  /** The groups of each user: one membership query and one group query for all of them. */
  private async groupRefs(orgId: string, userIds: string[]): Promise<Map<string, GroupRef[]>> {
    const groupIdsByUser = await this.directory.memberships.groupIdsOfMany(orgId, userIds);
    const groupIds = [...new Set([...groupIdsByUser.values()].flat())];
    const groups = await this.directory.groups.findByIds(orgId, groupIds, { id: 1, attrs: 1 });
    const names = new Map(groups.map((g) => [g.id, String(g.attrs.displayName)]));
    const refs = new Map<string, GroupRef[]>();
    for (const [userId, ids] of groupIdsByUser) {
      const known = ids.filter((id) => names.has(id)).map((id) => ({ value: id, display: names.get(id)! }));
      refs.set(userId, known.sort((a, b) => a.display.localeCompare(b.display) || a.value.localeCompare(b.value)));
    }
    return refs;
  }
}

/** Naming a core schema in `attributes` selects all of its attributes. */
const CORE_SCHEMAS = new Set([CORE_USER_SCHEMA.toLowerCase(), CORE_GROUP_SCHEMA.toLowerCase()]);

/**
 * Whether the answer shows an attribute that is read separately (a User's groups, a Group's
 * members), so that it is only read when needed (Entra always excludes members).
 */
function wants(projection: ProjectionRequest, name: string, byDefault = true): boolean {
  const names = (list: readonly string[] | undefined) => (list ?? []).map((a) => a.trim().toLowerCase()).filter(Boolean);
  const mentions = (a: string) =>
    a === name || a.startsWith(`${name}.`) || a.endsWith(`:${name}`) || a.includes(`:${name}.`) || CORE_SCHEMAS.has(a);
  const included = names(projection.attributes);
  if (included.length > 0) return included.some(mentions);
  return byDefault && !names(projection.excludedAttributes).some((a) => a === name || a.endsWith(`:${name}`));
}

export function correlationIdOf(req: Request): string | null {
  return typeof req.id === 'string' ? req.id : req.id !== undefined ? String(req.id) : null;
}

export function header(req: Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}
