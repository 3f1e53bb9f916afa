import type { Request } from 'express';
import type { DirectoryModule } from '../../directory/directory-module';
import type { GroupDocument, UserDocument } from '../../directory/documents';
import { renderGroup, renderUser } from '../../directory/render';
import { projectResource, type ProjectionRequest } from '../../scim/resource/project-resource';

/** Builds the SCIM representation of stored Users and Groups, with what lives beside them. */
export class ResourceResponses {
  constructor(
    private readonly directory: DirectoryModule,
    private readonly baseUrlOf: (orgId: string) => string,
  ) {}

  async user(orgId: string, doc: UserDocument, projection: ProjectionRequest): Promise<Record<string, unknown>> {
    const [views, groupIds] = await Promise.all([
      this.directory.licenseViews.viewsFor(orgId, [doc.id]),
      this.directory.memberships.groupIdsOf(orgId, doc.id),
    ]);
    const groups = await this.groupRefs(orgId, groupIds);
    const resource = renderUser(doc, this.baseUrlOf(orgId), { license: views.get(doc.id), groups });
    return projectResource(resource, projection, 'User');
  }

  async users(orgId: string, docs: UserDocument[], projection: ProjectionRequest): Promise<Record<string, unknown>[]> {
    const views = await this.directory.licenseViews.viewsFor(orgId, docs.map((d) => d.id));
    const baseUrl = this.baseUrlOf(orgId);
    // A User's read-only "groups" is left out of lists: it would cost a membership read per page.
    return docs.map((doc) => projectResource(renderUser(doc, baseUrl, { license: views.get(doc.id) }), projection, 'User'));
  }

  async group(orgId: string, doc: GroupDocument, projection: ProjectionRequest): Promise<Record<string, unknown>> {
    const members = wantsMembers(projection) ? await this.directory.memberships.memberIds(orgId, doc.id) : undefined;
    const resource = renderGroup(doc, this.baseUrlOf(orgId), members?.map((value) => ({ value })));
    return projectResource(resource, projection, 'Group');
  }

  async groups(orgId: string, docs: GroupDocument[], projection: ProjectionRequest): Promise<Record<string, unknown>[]> {
    return Promise.all(docs.map((doc) => this.group(orgId, doc, projection)));
  }

  private async groupRefs(orgId: string, groupIds: string[]): Promise<{ value: string; display?: string }[]> {
    const refs: { value: string; display?: string }[] = [];
    for (const id of groupIds) {
      const group = await this.directory.groups.findById(orgId, id);
      if (group) refs.push({ value: id, display: String(group.attrs.displayName) });
    }
    return refs;
  }
}

/** Members are read only when the answer will show them (Entra always excludes them). */
function wantsMembers(projection: ProjectionRequest): boolean {
  const excluded = (projection.excludedAttributes ?? []).map((a) => a.toLowerCase());
  const included = (projection.attributes ?? []).map((a) => a.toLowerCase());
  if (included.length > 0) return included.some((a) => a === 'members' || a.startsWith('members.') || a.endsWith(':members'));
  return !excluded.some((a) => a === 'members' || a.endsWith(':members'));
}

export function correlationIdOf(req: Request): string | null {
  return typeof req.id === 'string' ? req.id : req.id !== undefined ? String(req.id) : null;
}

export function header(req: Request, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}
