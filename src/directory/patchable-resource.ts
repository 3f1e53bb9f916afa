import type { GroupDocument, UserDocument } from './documents';
import { fromStoredAttrs } from './storage-keys';

/**
 * The resource a PATCH applies to: the stored attributes plus the server-assigned `id`, so
 * that a no-path value echoing the id (Okta's group rename `{"id": gid, "displayName": …}`,
 * research §2.2) is recognised as unchanged rather than refused as a write to a read-only
 * attribute (RFC 7643 §3.1).
 */
export function patchableResource(doc: UserDocument | GroupDocument): Record<string, unknown> {
  return { ...fromStoredAttrs(doc.attrs), id: doc.id };
}

/** What goes into `attrs`: never the id, which the document holds on its own. */
export function storableResource(resource: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, meta: _meta, ...rest } = resource;
  return rest;
}
