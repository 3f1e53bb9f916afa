/**
 * Normalises the value of one attribute against its definition: canonical sub-attribute
 * spelling, null/[] as unassigned (RFC 7643 §2.5), read-only sub-attributes dropped,
 * unknown sub-attributes ignored, scalar type checks. Returns undefined for "unassigned".
 */
import { AppError } from '../../errors';
import { MANAGER_ATTRIBUTE } from '../schema/enterprise-user-schema';
import type { AttributeDefinition } from '../schema/types';
import { describeJsonValue, entriesByLowerCaseKey, isEmptyObject, isPlainObject, type JsonObject } from './json-objects';
import { normalizeManager } from './manager-values';
import { assertAtMostOnePrimary } from './primary-values';
import { coerceScalar } from './scalar-values';

/** A whole attribute value: an array for multi-valued attributes (a lone value is wrapped). */
export function normalizeAttributeValue(definition: AttributeDefinition, raw: unknown, label: string): unknown {
  if (!definition.multiValued) return normalizeSingleValue(definition, raw, label);
  if (raw === null || raw === undefined) return undefined;
  const elements = Array.isArray(raw) ? raw : [raw];
  const normalized: unknown[] = [];
  elements.forEach((element, index) => {
    const value = normalizeSingleValue(definition, element, `${label}[${index}]`);
    if (value !== undefined) normalized.push(value);
  });
  if (normalized.length === 0) return undefined;
  assertAtMostOnePrimary(definition, normalized, label);
  return normalized;
}

/** One value of the attribute: the value of a single-valued one, or one element of a multi-valued one. */
export function normalizeSingleValue(definition: AttributeDefinition, raw: unknown, label: string): unknown {
  if (raw === null || raw === undefined) return undefined;
  if (definition === MANAGER_ATTRIBUTE) return normalizeManager(raw, label);
  if (definition.type !== 'complex') {
    if (Array.isArray(raw)) {
      throw new AppError('INVALID_VALUE', `"${label}" takes a single value, but the request sent an array.`);
    }
    return coerceScalar(definition, raw, label);
  }
  if (!isPlainObject(raw)) {
    throw new AppError(
      'INVALID_VALUE',
      `"${label}" must be an object with sub-attributes, but the request sent ${describeJsonValue(raw)}.`,
    );
  }
  const complex = normalizeComplexValue(definition, raw, label);
  return isEmptyObject(complex) ? undefined : complex;
}

/** Sub-attributes of a complex value, in schema order; read-only ones are dropped (RFC 7644 §3.5.1). */
export function normalizeComplexValue(definition: AttributeDefinition, raw: JsonObject, label: string): JsonObject {
  const byName = entriesByLowerCaseKey(raw);
  const normalized: JsonObject = {};
  for (const sub of definition.subAttributes ?? []) {
    if (sub.mutability === 'readOnly' || sub.mutability === 'writeOnly') continue;
    const value = normalizeSubAttributeValue(definition, sub, byName.get(sub.name.toLowerCase()), `${label}.${sub.name}`);
    if (value !== undefined) normalized[sub.name] = value;
  }
  return normalized;
}

export function normalizeSubAttributeValue(
  parent: AttributeDefinition,
  sub: AttributeDefinition,
  raw: unknown,
  label: string,
): unknown {
  // manager.value "" is how Entra clears a manager (research §1.5).
  if (parent === MANAGER_ATTRIBUTE && sub.name === 'value' && raw === '') return undefined;
  if (Array.isArray(raw) || isPlainObject(raw)) {
    throw new AppError('INVALID_VALUE', `"${label}" must be a single ${sub.type} value, but the request sent ${describeJsonValue(raw)}.`);
  }
  return coerceScalar(sub, raw, label);
}
