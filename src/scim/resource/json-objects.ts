/**
 * Safe handling of untrusted JSON objects. Input objects are only ever read through their own
 * enumerable keys, and keys that could reach Object.prototype are skipped, so a body such as
 * `{"__proto__": {...}}` can neither pollute prototypes nor be copied anywhere.
 */

export type JsonObject = Record<string, unknown>;

const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPrototypeKey(key: string): boolean {
  return PROTOTYPE_KEYS.has(key.toLowerCase());
}

/** Own enumerable entries without prototype keys. */
export function safeEntries(object: JsonObject): [string, unknown][] {
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(object)) {
    if (!isPrototypeKey(key)) entries.push([key, object[key]]);
  }
  return entries;
}

/** Own entries keyed by lower-cased name; when a name repeats in another case, the later one wins. */
export function entriesByLowerCaseKey(object: JsonObject): ReadonlyMap<string, unknown> {
  const byKey = new Map<string, unknown>();
  for (const [key, value] of safeEntries(object)) byKey.set(key.toLowerCase(), value);
  return byKey;
}

export function ownValue(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** RFC 7643 §2.5: unassigned, null and an empty array are the same state. */
export function isUnassigned(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

export function isEmptyObject(value: JsonObject): boolean {
  return Object.keys(value).length === 0;
}

/** For error details: what kind of JSON value the client sent. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'object':
      return 'an object';
    default:
      return `a value of type ${typeof value}`;
  }
}
