/**
 * add/replace/remove on multi-valued attributes other than Group members (RFC 7644 §3.5.2):
 *  - without a filter: add appends values not already present, replace swaps the whole list,
 *    remove clears it, or, with a value list, removes only the listed values (as for members);
 *  - `emails.value` (sub-attribute, no filter) applies to every value, creating one if none;
 *  - `emails[type eq "work"]` / `emails[type eq "work"].value`: add and replace update every
 *    matching value and, when none matches, create one from the filter's `eq` values (upsert,
 *    research §4 row 8); remove deletes matching values (or their sub-attribute).
 * A value made primary clears primary on the others (RFC 7644 §3.5.2); making two primary in
 * one operation is INVALID_VALUE.
 */
import { AppError } from '../../errors';
import { findSubAttribute } from '../schema/attribute-resolver';
import type { ResourceTypeName } from '../schema/resource-types';
import type { AttributeDefinition } from '../schema/types';
import { normalizeAttributeValue, normalizeSingleValue, normalizeSubAttributeValue } from '../resource/attribute-values';
import { canonicalJson } from '../resource/canonical-json';
import { isEmptyObject, isPlainObject, ownValue, type JsonObject } from '../resource/json-objects';
import { isPrimary } from '../resource/primary-values';
import { compileElementPredicate, upsertSeed } from './element-filter';
import type { AttributeTarget } from './patch-targets';
import type { PatchOperationName } from './patch-types';
import { readContainer, writableContainer } from './resource-containers';

interface ElementsChange {
  elements: JsonObject[];
  /** Elements this operation set primary on; they are also in `elements`. */
  madePrimary: JsonObject[];
}

export function applyToMultiValuedAttribute(
  resourceType: ResourceTypeName,
  resource: JsonObject,
  op: PatchOperationName,
  target: AttributeTarget,
  value: unknown,
): void {
  const { attribute } = target;
  const container = readContainer(resource, target);
  const stored = container === undefined ? undefined : ownValue(container, attribute.name);
  const current = Array.isArray(stored) ? stored.filter(isPlainObject) : [];
  let change: ElementsChange;
  if (target.filter !== undefined) {
    const matches = compileElementPredicate(resourceType, target, target.filter);
    change = applyFiltered(op, target, current, value, matches);
  } else if (target.subAttribute !== undefined) {
    change = applyToEveryElement(op, target, target.subAttribute, current, value);
  } else {
    change = applyToWholeList(op, target, current, value);
  }
  const elements = settlePrimary(change, target.label);
  if (elements.length > 0) writableContainer(resource, target)[attribute.name] = elements;
  else if (container !== undefined) delete container[attribute.name];
}

function applyToWholeList(op: PatchOperationName, target: AttributeTarget, current: JsonObject[], value: unknown): ElementsChange {
  const { attribute, label } = target;
  if (op === 'remove' && (value === undefined || value === null)) return { elements: [], madePrimary: [] };
  const listed = (normalizeAttributeValue(attribute, value, label) ?? []) as JsonObject[];
  if (op === 'replace') return { elements: listed, madePrimary: [] };
  if (op === 'remove') {
    const elements = current.filter((element) => !listed.some((wanted) => matchesListedValue(attribute, element, wanted)));
    return { elements, madePrimary: [] };
  }
  const seen = new Set(current.map(canonicalJson));
  const elements = [...current];
  const madePrimary: JsonObject[] = [];
  for (const element of listed) {
    const key = canonicalJson(element);
    if (seen.has(key)) continue;
    seen.add(key);
    elements.push(element);
    if (isPrimary(element)) madePrimary.push(element);
  }
  return { elements, madePrimary };
}

function applyToEveryElement(
  op: PatchOperationName,
  target: AttributeTarget,
  sub: AttributeDefinition,
  current: JsonObject[],
  value: unknown,
): ElementsChange {
  const next = op === 'remove' ? undefined : normalizeSubAttributeValue(target.attribute, sub, value, target.label);
  if (next === undefined) return { elements: withoutSubAttribute(current, () => true, sub), madePrimary: [] };
  const elements = current.length === 0 ? [{ [sub.name]: next }] : current.map((element) => ({ ...element, [sub.name]: next }));
  return { elements, madePrimary: sub.name === 'primary' && next === true ? elements : [] };
}

function applyFiltered(
  op: PatchOperationName,
  target: AttributeTarget,
  current: JsonObject[],
  value: unknown,
  matches: (element: JsonObject) => boolean,
): ElementsChange {
  const { attribute, label } = target;
  const sub = target.subAttribute;
  if (op === 'remove') {
    const elements = sub === undefined ? current.filter((element) => !matches(element)) : withoutSubAttribute(current, matches, sub);
    return { elements, madePrimary: [] };
  }
  const patch = sub === undefined
    ? (normalizeSingleValue(attribute, value, label) as JsonObject | undefined)
    : wrapSubValue(sub, normalizeSubAttributeValue(attribute, sub, value, label));
  if (patch === undefined) {
    // A null value unassigns: the matching values (replace) or their sub-attribute.
    if (sub !== undefined) return { elements: withoutSubAttribute(current, matches, sub), madePrimary: [] };
    return { elements: op === 'replace' ? current.filter((element) => !matches(element)) : current, madePrimary: [] };
  }
  const madePrimary: JsonObject[] = [];
  let matched = false;
  const elements = current.map((element) => {
    if (!matches(element)) return element;
    matched = true;
    const updated = { ...element, ...patch };
    if (patch.primary === true) madePrimary.push(updated);
    return updated;
  });
  if (!matched) {
    const created = normalizeSingleValue(attribute, { ...seedFor(target), ...patch }, label) as JsonObject;
    elements.push(created);
    if (isPrimary(created)) madePrimary.push(created);
  }
  return { elements, madePrimary };
}

function wrapSubValue(sub: AttributeDefinition, value: unknown): JsonObject | undefined {
  return value === undefined ? undefined : { [sub.name]: value };
}

function seedFor(target: AttributeTarget): JsonObject {
  const seed = target.filter === undefined ? undefined : upsertSeed(target.filter);
  if (seed === undefined) {
    throw new AppError(
      'NO_TARGET',
      `No value of "${target.attribute.name}" matches ${JSON.stringify(target.label)}, and a new value can only be created from a filter of "eq" comparisons joined by "and".`,
    );
  }
  return seed;
}

function withoutSubAttribute(
  elements: JsonObject[],
  selected: (element: JsonObject) => boolean,
  sub: AttributeDefinition,
): JsonObject[] {
  const result: JsonObject[] = [];
  for (const element of elements) {
    if (!selected(element)) {
      result.push(element);
      continue;
    }
    const copy = { ...element };
    delete copy[sub.name];
    if (!isEmptyObject(copy)) result.push(copy);
  }
  return result;
}

/** A listed value matches an element when every sub-attribute it gives is equal (case per caseExact). */
function matchesListedValue(attribute: AttributeDefinition, element: JsonObject, wanted: JsonObject): boolean {
  return Object.keys(wanted).every((name) => {
    const expected = wanted[name];
    const actual = ownValue(element, name);
    if (typeof expected === 'string' && typeof actual === 'string' && !findSubAttribute(attribute, name)?.caseExact) {
      return expected.toLowerCase() === actual.toLowerCase();
    }
    return expected === actual;
  });
}

function settlePrimary(change: ElementsChange, label: string): JsonObject[] {
  const { elements, madePrimary } = change;
  if (madePrimary.length > 1) {
    throw new AppError(
      'INVALID_VALUE',
      `${JSON.stringify(label)} would make ${madePrimary.length} values primary; at most one value may be primary (RFC 7643 §2.4).`,
    );
  }
  if (madePrimary.length === 0) return elements;
  const [chosen] = madePrimary;
  return elements.map((element) => (element !== chosen && element.primary === true ? { ...element, primary: false } : element));
}
