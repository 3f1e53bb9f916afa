/** The `schemas` attribute of a resource: its core schema plus every extension it has values for (RFC 7643 §3). */
import { schemasOfResourceType, type ResourceTypeName } from '../schema/resource-types';
import { isEmptyObject, isPlainObject, ownValue, type JsonObject } from './json-objects';

export function schemaUrnsOf(resourceType: ResourceTypeName, resource: JsonObject): string[] {
  const { core, extensions } = schemasOfResourceType(resourceType);
  const urns = [core.id];
  for (const extension of extensions) {
    const container = ownValue(resource, extension.id);
    if (isPlainObject(container) && !isEmptyObject(container)) urns.push(extension.id);
  }
  return urns;
}

/** Removes extension objects left without attributes (a removed manager, say). */
export function dropEmptyExtensions(resourceType: ResourceTypeName, resource: JsonObject): void {
  for (const extension of schemasOfResourceType(resourceType).extensions) {
    const container = ownValue(resource, extension.id);
    if (container !== undefined && (!isPlainObject(container) || isEmptyObject(container))) {
      delete resource[extension.id];
    }
  }
}
