/**
 * Value filters on multi-valued attributes (`emails[type eq "work"]`): canonical form,
 * matching through the filter evaluator, and the element an upsert creates.
 */
import { AppError } from '../../errors';
import type { FilterNode } from '../filter/ast';
import { compileFilter } from '../filter/evaluate';
import { attributeLookupFor, findSubAttribute } from '../schema/attribute-resolver';
import type { ResourceTypeName } from '../schema/resource-types';
import type { AttributeDefinition } from '../schema/types';
import type { JsonObject } from '../resource/json-objects';
import { coerceBoolean } from '../resource/scalar-values';
import type { AttributeTarget } from './patch-targets';

/**
 * Rewrites filter paths to the sub-attributes' schema spelling and "True"/"False" literals of
 * boolean sub-attributes to booleans (Entra's `roles[primary eq "True"]`, research §1.5), so
 * an upserted element gets a real boolean and callers receive a canonical filter.
 */
export function canonicalElementFilter(attribute: AttributeDefinition, filter: FilterNode, pathText: string): FilterNode {
  switch (filter.kind) {
    case 'and':
    case 'or':
      return { kind: filter.kind, filters: filter.filters.map((child) => canonicalElementFilter(attribute, child, pathText)) };
    case 'not':
      return { kind: 'not', filter: canonicalElementFilter(attribute, filter.filter, pathText) };
    case 'valuePath':
      throw new AppError('INVALID_FILTER', `The filter in ${JSON.stringify(pathText)} nests another "[...]" filter, which RFC 7644 §3.4.2.2 does not allow.`);
    case 'present':
    case 'compare': {
      const sub = filter.path.uri === undefined && filter.path.sub === undefined
        ? findSubAttribute(attribute, filter.path.attr)
        : undefined;
      if (sub === undefined) {
        throw new AppError(
          'INVALID_FILTER',
          `The filter in ${JSON.stringify(pathText)} must compare sub-attributes of "${attribute.name}" (such as ${attribute.subAttributes?.map((s) => s.name).join(', ')}).`,
        );
      }
      if (filter.kind === 'present') return { kind: 'present', path: { attr: sub.name } };
      const value = sub.type === 'boolean' && typeof filter.value === 'string'
        ? coerceBoolean(filter.value) ?? filter.value
        : filter.value;
      return { kind: 'compare', path: { attr: sub.name }, op: filter.op, value };
    }
  }
}

/** Compiles the target's filter once into a test for one element of the attribute. */
export function compileElementPredicate(
  resourceType: ResourceTypeName,
  target: AttributeTarget,
  filter: FilterNode,
): (element: JsonObject) => boolean {
  const name = target.attribute.name;
  const node: FilterNode = {
    kind: 'valuePath',
    path: target.isCoreSchema ? { attr: name } : { uri: target.schema.id, attr: name },
    filter,
  };
  const predicate = compileFilter(node, attributeLookupFor(resourceType));
  return (element) => {
    const holder: JsonObject = {};
    holder[name] = [element];
    if (target.isCoreSchema) return predicate(holder);
    const resource: JsonObject = {};
    resource[target.schema.id] = holder;
    return predicate(resource);
  };
}

/**
 * The element an add/replace creates when its filter matches nothing: the filter's `eq`
 * values. RFC 7644 §3.5.2.3 wants 400 noTarget here, but Entra relies on it creating the value
 * (research §4 row 8). Undefined when the filter is not a conjunction of `eq` comparisons.
 */
export function upsertSeed(filter: FilterNode): JsonObject | undefined {
  if (filter.kind === 'compare') {
    if (filter.op !== 'eq' || filter.value === null) return undefined;
    const seed: JsonObject = {};
    seed[filter.path.attr] = filter.value;
    return seed;
  }
  if (filter.kind !== 'and') return undefined;
  const seed: JsonObject = {};
  for (const child of filter.filters) {
    const part = upsertSeed(child);
    if (part === undefined) return undefined;
    Object.assign(seed, part);
  }
  return seed;
}
