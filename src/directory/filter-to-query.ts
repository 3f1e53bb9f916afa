import type { Document } from 'mongodb';
import { AppError } from '../errors';
import type { AttrPath, CompareOperator, FilterNode, FilterValue } from '../scim/filter/ast';
import { printAttrPath } from '../scim/filter/print';
import { resolveAttribute, findSubAttribute } from '../scim/schema/attribute-resolver';
import type { ResourceTypeName } from '../scim/schema/resource-types';
import type { AttributeDefinition } from '../scim/schema/types';
import { foldKey } from './fold-key';
import { storedKey } from './storage-keys';

/**
 * Turns a filter AST into a MongoDB query over stored documents (RFC 7644 §3.4.2.2). Only our
 * own operators appear in the output; user input is only ever a compared value, and strings
 * inside $regex are escaped. Attributes the store cannot filter are INVALID_FILTER, never
 * ignored.
 *
 * Value filters (`emails[type eq "work" and value eq "x"]`) need `$elemMatch` over documents,
 * which FerretDB 1.24 does not implement (it refuses `$and`/`$or` inside and matches nothing
 * otherwise). They become a *superset* query instead: each condition on the elements' dotted
 * paths (`attrs.emails.type`), which any element may satisfy separately. Such a query is
 * marked `exact: false`, and the caller checks every candidate against the filter in memory.
 */

/** Server-maintained attributes stored outside `attrs`. */
const TOP_LEVEL: Record<string, { field: string; type: 'string' | 'dateTime' | 'integer'; caseExact: boolean }> = {
  id: { field: 'id', type: 'string', caseExact: true },
  'meta.created': { field: 'created', type: 'dateTime', caseExact: true },
  'meta.lastmodified': { field: 'lastModified', type: 'dateTime', caseExact: true },
};

/** Folded copies of caseExact=false key names, for ordering comparisons and sorting. */
const FOLDED_KEY_FIELD: Record<ResourceTypeName, { attr: string; field: string }> = {
  User: { attr: 'username', field: 'userNameKey' },
  Group: { attr: 'displayname', field: 'displayNameKey' },
};

interface FieldTarget {
  field: string;
  definition: Pick<AttributeDefinition, 'type' | 'caseExact' | 'multiValued'> & { subAttributes?: AttributeDefinition[] };
  /** The folded-key field holding this attribute, when there is one. */
  foldedField?: string;
}

export interface CompiledFilter {
  query: Document;
  /** False when `query` selects a superset that must be checked in memory. */
  exact: boolean;
}

export function filterToQuery(resourceType: ResourceTypeName, node: FilterNode): CompiledFilter {
  return compile(resourceType, node);
}

/** The stored field to sort by for a sortBy attribute (RFC 7644 §3.4.2.3). */
export function sortField(resourceType: ResourceTypeName, path: AttrPath): string {
  const target = resolveField(resourceType, path);
  // caseExact=false names sort case-insensitively, by their folded key.
  return target.foldedField ?? target.field;
}

function compile(resourceType: ResourceTypeName, node: FilterNode): CompiledFilter {
  switch (node.kind) {
    case 'and':
    case 'or': {
      const parts = node.filters.map((f) => compile(resourceType, f));
      return { query: { [node.kind === 'and' ? '$and' : '$or']: parts.map((p) => p.query) }, exact: parts.every((p) => p.exact) };
    }
    case 'not': {
      const inner = compile(resourceType, node.filter);
      // The negation of a superset is a subset: give up on narrowing and check in memory.
      return inner.exact ? { query: { $nor: [inner.query] }, exact: true } : { query: {}, exact: false };
    }
    case 'present':
      return { query: present(resolveField(resourceType, node.path, true)), exact: true };
    case 'compare':
      return { query: compare(resolveField(resourceType, node.path), node.op, node.value, node.path), exact: true };
    case 'valuePath': {
      const resolved = resolveAttribute(resourceType, node.path);
      const attribute = resolved?.attribute;
      if (!resolved || !attribute || resolved.subAttribute || attribute.type !== 'complex' || !attribute.multiValued) {
        throw new AppError('INVALID_FILTER', `"${printAttrPath(node.path)}[…]" needs a multi-valued complex attribute.`);
      }
      const base = resolveField(resourceType, node.path, true).field.replace(/\.value$/, '');
      return { query: relaxElementFilter(node.filter, { parent: attribute, base }), exact: false };
    }
  }
}

/**
 * A value filter's conditions on the elements' dotted paths: a superset of "one element
 * matches all of them". Negations cannot be relaxed that way and are left to the in-memory check.
 */
function relaxElementFilter(node: FilterNode, element: ElementScope): Document {
  switch (node.kind) {
    case 'and':
      return { $and: node.filters.map((f) => relaxElementFilter(f, element)) };
    case 'or':
      return { $or: node.filters.map((f) => relaxElementFilter(f, element)) };
    case 'not':
      relaxElementFilter(node.filter, element); // for its errors only
      return {};
    case 'present':
      return present(elementField(node.path, element));
    case 'compare': {
      const target = elementField(node.path, element);
      const query = compare(target, node.op, node.value, node.path);
      return node.op === 'ne' ? {} : query;
    }
    case 'valuePath':
      throw new AppError('INVALID_FILTER', 'Value filters cannot be nested.');
  }
}

function present(target: FieldTarget): Document {
  return { [target.field]: { $exists: true, $nin: [null, ''] } };
}

interface ElementScope {
  parent: AttributeDefinition;
  /** Stored path of the multi-valued attribute (`attrs.emails`). */
  base: string;
}

function elementField(path: AttrPath, element: ElementScope): FieldTarget {
  const label = printAttrPath(path);
  if (path.uri !== undefined || path.sub !== undefined) {
    throw new AppError('INVALID_FILTER', `"${label}" inside a value filter must name a sub-attribute.`);
  }
  const sub = findSubAttribute(element.parent, path.attr);
  if (!sub) throw new AppError('INVALID_FILTER', `"${element.parent.name}" has no sub-attribute "${path.attr}".`);
  return { field: `${element.base}.${storedKey(sub.name)}`, definition: sub };
}

/** `presence`: a complex attribute without a "value" sub-attribute (`name pr`) is its whole object. */
function resolveField(resourceType: ResourceTypeName, path: AttrPath, presence = false): FieldTarget {
  const label = printAttrPath(path);
  const topKey = `${path.attr}${path.sub ? `.${path.sub}` : ''}`.toLowerCase();
  // Own keys only: `constructor` must not find Object.prototype's.
  const top = Object.hasOwn(TOP_LEVEL, topKey) ? TOP_LEVEL[topKey] : undefined;
  if (top && (path.uri === undefined || /:core:2\.0:/i.test(path.uri))) {
    return { field: top.field, definition: { type: top.type, caseExact: top.caseExact, multiValued: false } };
  }
  const resolved = resolveAttribute(resourceType, path);
  if (!resolved) throw new AppError('INVALID_FILTER', `"${label}" is not an attribute of a ${resourceType}.`);
  const attribute = resolved.attribute;
  if (attribute.name === 'meta' || attribute.mutability === 'writeOnly' || !isStored(resourceType, attribute.name, resolved.isCoreSchema)) {
    throw new AppError('INVALID_FILTER', `Filtering on "${label}" is not supported.`);
  }
  const prefix = resolved.isCoreSchema ? 'attrs' : `attrs.${storedKey(resolved.schema.id)}`;
  const base = `${prefix}.${storedKey(attribute.name)}`;
  if (resolved.subAttribute) {
    return { field: `${base}.${storedKey(resolved.subAttribute.name)}`, definition: resolved.subAttribute };
  }
  if (attribute.type === 'complex') {
    // RFC 7644 §3.4.2.2: a complex attribute compared directly means its "value" sub-attribute.
    const value = findSubAttribute(attribute, 'value');
    if (!value && presence) return { field: base, definition: attribute };
    if (!value) throw new AppError('INVALID_FILTER', `"${label}" is complex; name one of its sub-attributes.`);
    return { field: `${base}.value`, definition: { ...value, multiValued: attribute.multiValued } };
  }
  const folded = FOLDED_KEY_FIELD[resourceType];
  const foldedField = resolved.isCoreSchema && attribute.name.toLowerCase() === folded.attr ? folded.field : undefined;
  return { field: base, definition: attribute, ...(foldedField ? { foldedField } : {}) };
}

/** Attributes kept in `attrs`; members, a User's groups and the license extension live elsewhere. */
function isStored(resourceType: ResourceTypeName, name: string, core: boolean): boolean {
  if (!core) return !/^(state|heldSince|queuePosition)$/.test(name);
  if (resourceType === 'User') return name !== 'groups' && name !== 'password';
  return name !== 'members';
}

function compare(target: FieldTarget, op: CompareOperator, raw: FilterValue, path: AttrPath): Document {
  const { field, definition } = target;
  const label = printAttrPath(path);
  if (definition.type === 'complex') throw new AppError('INVALID_FILTER', `"${label}" is complex and cannot be compared.`);
  const value = coerce(definition.type, raw, label);
  if (value === null) {
    if (op === 'eq') return { $or: [{ [field]: { $exists: false } }, { [field]: null }] };
    if (op === 'ne') return { [field]: { $exists: true, $ne: null } };
    throw new AppError('INVALID_FILTER', `"${op}" cannot compare "${label}" with null.`);
  }
  const textual = typeof value === 'string' && definition.type !== 'dateTime';
  if (definition.type === 'boolean' && !['eq', 'ne'].includes(op)) {
    throw new AppError('INVALID_FILTER', `"${op}" is not defined for the boolean "${label}"; use eq or ne.`);
  }
  if (definition.type === 'binary' && ['gt', 'ge', 'lt', 'le'].includes(op)) {
    // RFC 7644 §3.4.2.2: ordering comparisons on binary attributes are invalidFilter.
    throw new AppError('INVALID_FILTER', `"${op}" is not defined for the binary "${label}"; use eq, ne, co, sw, ew or pr.`);
  }
  // A name compares as uniqueness compares it (NFKC, case-folded): what 409s on create is found by `eq`.
  const equal = target.foldedField && typeof value === 'string'
    ? { [target.foldedField]: foldKey(value) }
    : { [field]: textual && !definition.caseExact ? exactInsensitive(value as string) : value };
  switch (op) {
    case 'eq':
      return equal;
    case 'ne':
      return { $nor: [equal] };
    case 'co':
    case 'sw':
    case 'ew': {
      if (!textual) throw new AppError('INVALID_FILTER', `"${op}" needs a string attribute, and "${label}" is not one.`);
      const escaped = escapeRegex(value as string);
      const source = op === 'co' ? escaped : op === 'sw' ? `^${escaped}` : `${escaped}$`;
      return { [field]: { $regex: source, ...(definition.caseExact ? {} : { $options: 'i' }) } };
    }
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      const mongoOp = { gt: '$gt', ge: '$gte', lt: '$lt', le: '$lte' }[op];
      // A caseExact=false name orders case-insensitively, through its folded key.
      if (target.foldedField && typeof value === 'string') return { [target.foldedField]: { [mongoOp]: foldKey(value) } };
      return { [field]: { [mongoOp]: value } };
    }
  }
}

function coerce(type: string, raw: FilterValue, label: string): string | number | boolean | Date | null {
  if (raw === null) return null;
  switch (type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw)) return raw.toLowerCase() === 'true';
      throw new AppError('INVALID_FILTER', `"${label}" is a boolean; compare it with true or false.`);
    case 'integer':
    case 'decimal':
      if (typeof raw === 'number') return raw;
      throw new AppError('INVALID_FILTER', `"${label}" is a number; compare it with a number.`);
    case 'dateTime': {
      const date = typeof raw === 'string' ? new Date(raw) : undefined;
      if (!date || Number.isNaN(date.getTime())) {
        throw new AppError('INVALID_FILTER', `"${label}" is a date-time; compare it with an RFC 3339 string such as "2025-01-31T00:00:00Z".`);
      }
      return date;
    }
    default:
      if (typeof raw === 'string') return raw;
      throw new AppError('INVALID_FILTER', `"${label}" is a string; put the value in double quotes.`);
  }
}

function exactInsensitive(value: string): Document {
  return { $regex: `^${escapeRegex(value)}$`, $options: 'i' };
}

export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
