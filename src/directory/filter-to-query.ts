import type { Document } from 'mongodb';
import { AppError } from '../errors';
import type { AttrPath, CompareOperator, FilterNode, FilterValue } from '../scim/filter/ast';
import { printAttrPath } from '../scim/filter/print';
import { resolveAttribute, findSubAttribute } from '../scim/schema/attribute-resolver';
import type { ResourceTypeName } from '../scim/schema/resource-types';
import type { AttributeDefinition } from '../scim/schema/types';
import { storedKey } from './storage-keys';

/**
 * Turns a filter AST into a MongoDB query over stored documents (RFC 7644 §3.4.2.2). Only our
 * own operators appear in the output; user input is only ever a compared value, and strings
 * inside $regex are escaped. Attributes the store cannot filter are INVALID_FILTER, never
 * ignored.
 */

/** Server-maintained attributes stored outside `attrs`. */
const TOP_LEVEL: Record<string, { field: string; type: 'string' | 'dateTime' | 'integer'; caseExact: boolean }> = {
  id: { field: 'id', type: 'string', caseExact: true },
  'meta.created': { field: 'created', type: 'dateTime', caseExact: true },
  'meta.lastmodified': { field: 'lastModified', type: 'dateTime', caseExact: true },
};

interface FieldTarget {
  field: string;
  definition: Pick<AttributeDefinition, 'type' | 'caseExact' | 'multiValued'> & { subAttributes?: AttributeDefinition[] };
}

export function filterToQuery(resourceType: ResourceTypeName, node: FilterNode): Document {
  return compile(resourceType, node, undefined);
}

/** The stored field to sort by for a sortBy attribute (RFC 7644 §3.4.2.3). */
export function sortField(resourceType: ResourceTypeName, path: AttrPath): string {
  return resolveField(resourceType, path, undefined).field;
}

function compile(resourceType: ResourceTypeName, node: FilterNode, element: ElementScope | undefined): Document {
  switch (node.kind) {
    case 'and':
      return { $and: node.filters.map((f) => compile(resourceType, f, element)) };
    case 'or':
      return { $or: node.filters.map((f) => compile(resourceType, f, element)) };
    case 'not':
      return { $nor: [compile(resourceType, node.filter, element)] };
    case 'present': {
      const target = resolveField(resourceType, node.path, element);
      return { [target.field]: { $exists: true, $nin: [null, ''] } };
    }
    case 'compare':
      return compare(resolveField(resourceType, node.path, element), node.op, node.value, node.path);
    case 'valuePath': {
      if (element) throw new AppError('INVALID_FILTER', 'Value filters cannot be nested.');
      const resolved = resolveAttribute(resourceType, node.path);
      const attribute = resolved?.attribute;
      if (!resolved || !attribute || resolved.subAttribute || attribute.type !== 'complex' || !attribute.multiValued) {
        throw new AppError('INVALID_FILTER', `"${printAttrPath(node.path)}[…]" needs a multi-valued complex attribute.`);
      }
      const field = resolveField(resourceType, node.path, undefined).field.replace(/\.value$/, '');
      return { [field]: { $elemMatch: compile(resourceType, node.filter, { parent: attribute }) } };
    }
  }
}

interface ElementScope {
  parent: AttributeDefinition;
}

function resolveField(resourceType: ResourceTypeName, path: AttrPath, element: ElementScope | undefined): FieldTarget {
  const label = printAttrPath(path);
  if (element) {
    if (path.uri !== undefined || path.sub !== undefined) {
      throw new AppError('INVALID_FILTER', `"${label}" inside a value filter must name a sub-attribute.`);
    }
    const sub = findSubAttribute(element.parent, path.attr);
    if (!sub) throw new AppError('INVALID_FILTER', `"${element.parent.name}" has no sub-attribute "${path.attr}".`);
    return { field: storedKey(sub.name), definition: sub };
  }
  const topKey = `${path.attr}${path.sub ? `.${path.sub}` : ''}`.toLowerCase();
  const top = TOP_LEVEL[topKey];
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
    if (!value) throw new AppError('INVALID_FILTER', `"${label}" is complex; name one of its sub-attributes.`);
    return { field: `${base}.value`, definition: { ...value, multiValued: attribute.multiValued } };
  }
  return { field: base, definition: attribute };
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
  switch (op) {
    case 'eq':
      return { [field]: textual && !definition.caseExact ? exactInsensitive(value as string) : value };
    case 'ne':
      return { $nor: [{ [field]: textual && !definition.caseExact ? exactInsensitive(value as string) : value }] };
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
