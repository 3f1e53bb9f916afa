/**
 * Deep copy of a JSON-like value: arrays and plain objects are copied, prototype keys are
 * dropped, anything else (strings, numbers, Dates from the store) is shared, as nothing here
 * modifies it. Unlike structuredClone, the copies belong to the caller's realm.
 */
import { isPlainObject, safeEntries, type JsonObject } from './json-objects';

export function cloneJson<T>(value: T): T {
  if (Array.isArray(value)) return value.map((element: unknown) => cloneJson(element)) as T;
  if (!isPlainObject(value) || value instanceof Date) return value;
  const copy: JsonObject = {};
  for (const [key, nested] of safeEntries(value)) copy[key] = cloneJson(nested);
  return copy as T;
}
