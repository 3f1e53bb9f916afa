/** PATCH request model (RFC 7644 §3.5.2) and the membership deltas a Group PATCH produces. */
import type { AttrPath, FilterNode } from '../filter/ast';

export type PatchOperationName = 'add' | 'replace' | 'remove';

/** PATH = attrPath / valuePath [subAttr] (RFC 7644 §3.5.2), parsed but not yet resolved. */
export interface PatchPath {
  /** The path as the client wrote it, for error details. */
  text: string;
  /** `sub` holds either `name.givenName`'s sub-attribute or the one after a filter (`emails[...].value`). */
  attrPath: AttrPath;
  /** The value filter of `emails[type eq "work"]`; paths inside are relative to one element. */
  filter?: FilterNode;
}

export interface PatchOperation {
  op: PatchOperationName;
  /** Absent for a no-path add/replace, whose value is an object of attributes. */
  path?: PatchPath;
  /** The JSON value as sent (null included); undefined when the operation had no "value". */
  value?: unknown;
}

export interface PatchLimits {
  maxOperations: number;
}

/**
 * One ordered change to a Group's member set. Members never travel inside the resource:
 * the caller applies these deltas to its member store, in order.
 */
export type MembershipChange =
  | { kind: 'add'; ids: string[] }
  | { kind: 'remove'; ids: string[] }
  | { kind: 'removeAll' }
  | { kind: 'replaceAll'; ids: string[] }
  /** `members[<filter>]` other than `value eq "..."`; the caller selects and removes the matches. */
  | { kind: 'removeWhere'; filter: FilterNode };

export interface PatchResult {
  resource: Record<string, unknown>;
  membership: MembershipChange[];
}
