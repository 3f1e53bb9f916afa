/**
 * Where an attribute's value lives in the canonical resource: core attributes at the top
 * level, extension attributes in the object under the extension URN.
 */
import { isPlainObject, ownValue, type JsonObject } from '../resource/json-objects';
import type { SchemaDefinition } from '../schema/types';

interface SchemaPlacement {
  schema: SchemaDefinition;
  isCoreSchema: boolean;
}

export function readContainer(resource: JsonObject, placement: SchemaPlacement): JsonObject | undefined {
  if (placement.isCoreSchema) return resource;
  const container = ownValue(resource, placement.schema.id);
  return isPlainObject(container) ? container : undefined;
}

export function writableContainer(resource: JsonObject, placement: SchemaPlacement): JsonObject {
  const existing = readContainer(resource, placement);
  if (existing !== undefined) return existing;
  const created: JsonObject = {};
  resource[placement.schema.id] = created;
  return created;
}
