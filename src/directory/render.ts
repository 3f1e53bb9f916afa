import { ENTERPRISE_USER_SCHEMA, LICENSE_USER_SCHEMA } from '../scim/schema/schema-urns';
import type { GroupDocument, UserDocument } from './documents';
import { etagOf } from './preconditions';
import { fromStoredAttrs } from './storage-keys';

/** The license extension of CONTRACT.md, as shown on a SCIM User. */
export interface LicenseView {
  state: string;
  heldSince?: string;
  queuePosition?: number;
}

export interface GroupRef {
  value: string;
  display?: string;
}

/** A stored document as a canonical SCIM resource (before attribute projection). */
export function renderUser(doc: UserDocument, baseUrl: string, extras: { license?: LicenseView; groups?: GroupRef[] } = {}): Record<string, unknown> {
  const resource = fromStoredAttrs(doc.attrs);
  const schemas = Array.isArray(resource.schemas) ? [...(resource.schemas as string[])] : [];
  const out: Record<string, unknown> = { ...resource, id: doc.id };
  if (extras.license) {
    if (!schemas.includes(LICENSE_USER_SCHEMA)) schemas.push(LICENSE_USER_SCHEMA);
    out[LICENSE_USER_SCHEMA] = extras.license;
  }
  if (extras.groups && extras.groups.length > 0) {
    out.groups = extras.groups.map((g) => ({ ...g, $ref: `${baseUrl}/Groups/${g.value}`, type: 'direct' }));
  }
  const enterprise = out[ENTERPRISE_USER_SCHEMA] as { manager?: { value?: string } } | undefined;
  if (enterprise?.manager?.value) {
    // RFC 7643 §4.3: manager.$ref is the URI of the manager's User resource; we derive it.
    out[ENTERPRISE_USER_SCHEMA] = { ...enterprise, manager: { ...enterprise.manager, $ref: `${baseUrl}/Users/${enterprise.manager.value}` } };
  }
  out.schemas = schemas;
  out.meta = meta('User', doc, `${baseUrl}/Users/${doc.id}`);
  return out;
}

export function renderGroup(doc: GroupDocument, baseUrl: string, members?: { value: string; display?: string }[]): Record<string, unknown> {
  const resource = fromStoredAttrs(doc.attrs);
  const out: Record<string, unknown> = { ...resource, id: doc.id };
  if (members) {
    out.members = members.map((m) => ({ value: m.value, $ref: `${baseUrl}/Users/${m.value}`, type: 'User', ...(m.display ? { display: m.display } : {}) }));
  }
  out.meta = meta('Group', doc, `${baseUrl}/Groups/${doc.id}`);
  return out;
}

function meta(resourceType: string, doc: UserDocument | GroupDocument, location: string) {
  return {
    resourceType,
    created: doc.created.toISOString(),
    lastModified: doc.lastModified.toISOString(),
    location,
    version: etagOf(doc.version),
  };
}
