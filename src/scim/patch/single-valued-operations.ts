/**
 * add/replace/remove on a single-valued attribute or one of its sub-attributes
 * (RFC 7644 §3.5.2.1-3): add and replace both set the value; on a complex attribute the
 * sub-attributes sent replace their counterparts and the others are left unchanged
 * (§3.5.2.3), and `name.familyName` creates `name` when it is missing. A null value or,
 * for manager, an empty id, unassigns (RFC 7643 §2.5).
 */
import { AppError } from '../../errors';
import { normalizeSingleValue, normalizeSubAttributeValue } from '../resource/attribute-values';
import { canonicalJson } from '../resource/canonical-json';
import { isEmptyObject, isPlainObject, ownValue, type JsonObject } from '../resource/json-objects';
import type { PatchOperationName } from './patch-types';
import type { AttributeTarget } from './patch-targets';
import { readContainer, writableContainer } from './resource-containers';

export function applyToSingleValuedAttribute(
  resource: JsonObject,
  op: PatchOperationName,
  target: AttributeTarget,
  value: unknown,
): void {
  if (target.subAttribute !== undefined) {
    applyToSubAttribute(resource, op, target, value);
    return;
  }
  const { attribute, label } = target;
  const next = op === 'remove' ? undefined : normalizeSingleValue(attribute, value, label);
  const container = readContainer(resource, target);
  const current = container === undefined ? undefined : ownValue(container, attribute.name);
  if (next === undefined) {
    if (container !== undefined) delete container[attribute.name];
    return;
  }
  if (attribute.mutability === 'immutable' && current !== undefined && canonicalJson(current) !== canonicalJson(next)) {
    throw new AppError('MUTABILITY', `"${label}" is immutable: it can be set once but not changed (RFC 7643 §2.2).`);
  }
  const merged = attribute.type === 'complex' && isPlainObject(current) && isPlainObject(next) ? { ...current, ...next } : next;
  writableContainer(resource, target)[attribute.name] = merged;
}

function applyToSubAttribute(resource: JsonObject, op: PatchOperationName, target: AttributeTarget, value: unknown): void {
  const { attribute, label } = target;
  const sub = target.subAttribute!;
  const next = op === 'remove' ? undefined : normalizeSubAttributeValue(attribute, sub, value, label);
  const container = readContainer(resource, target);
  const currentParent = container === undefined ? undefined : ownValue(container, attribute.name);
  const parent: JsonObject = isPlainObject(currentParent) ? { ...currentParent } : {};
  if (next === undefined) delete parent[sub.name];
  else parent[sub.name] = next;
  if (isEmptyObject(parent)) {
    if (container !== undefined) delete container[attribute.name];
    return;
  }
  writableContainer(resource, target)[attribute.name] = parent;
}
