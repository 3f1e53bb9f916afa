/**
 * Abstract syntax of a SCIM filter (RFC 7644 §3.4.2.2). The parser produces it, the
 * in-memory evaluator and the Mongo query builder consume it; nothing else ever sees the
 * filter text.
 */

/** An attribute path as written: optional schema URN, attribute, optional sub-attribute. */
export interface AttrPath {
  /** Schema URN prefix (e.g. the enterprise extension), as written, without the trailing colon. */
  uri?: string;
  /** Attribute name as written (names are case-insensitive, RFC 7643 §2.1). */
  attr: string;
  /** Sub-attribute name as written, for `name.givenName` style paths. */
  sub?: string;
}

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** compValue of RFC 7644 §3.4.2.2: false / null / true / number / string. */
export type FilterValue = string | number | boolean | null;

export type FilterNode =
  | { kind: 'compare'; path: AttrPath; op: CompareOperator; value: FilterValue }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'and'; filters: FilterNode[] }
  | { kind: 'or'; filters: FilterNode[] }
  | { kind: 'not'; filter: FilterNode }
  /**
   * `emails[type eq "work"]`: `filter` applies to each element of the multi-valued
   * attribute `path` (paths inside it are relative to the element); the node matches when
   * any element matches.
   */
  | { kind: 'valuePath'; path: AttrPath; filter: FilterNode };
