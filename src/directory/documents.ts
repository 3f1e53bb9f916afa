import type { TenantDocument } from '../infra/store';
import type { VersionedDocument } from '../infra/versioned-write';

/**
 * What the SCIM layer stores. Attribute values are kept in `attrs` in canonical form, with
 * keys the store accepts (see storage-keys.ts: extension URNs and `$ref` are renamed).
 * Every `_id` is `${orgId}:${local id}`.
 */

export interface UserDocument extends TenantDocument, VersionedDocument {
  /** SCIM id (RFC 7643 §3.1). */
  id: string;
  attrs: Record<string, unknown>;
  /** Case- and width-folded userName: the uniqueness key. */
  userNameKey: string;
  externalId: string | null;
  active: boolean;
  created: Date;
  lastModified: Date;
}

export interface GroupDocument extends TenantDocument, VersionedDocument {
  id: string;
  attrs: Record<string, unknown>;
  displayNameKey: string;
  externalId: string | null;
  created: Date;
  lastModified: Date;
}

/** One member in one group: added by insert, removed by delete; never a rewritten list. */
export interface MembershipDocument extends TenantDocument {
  groupId: string;
  userId: string;
  /** When this membership began (a re-add after a removal starts a new one). */
  since: Date;
}

/**
 * A uniqueness and lookup key: `_id` is `${orgId}:${kind}:${value}`. Its insert is the atomic
 * claim; it also answers `userName eq`, `externalId eq` and `displayName eq` by `_id`.
 */
export interface KeyDocument extends TenantDocument {
  kind: KeyKind;
  target: string;
  at: Date;
}

export type KeyKind = 'user-name' | 'user-ext' | 'group-name' | 'group-ext';
