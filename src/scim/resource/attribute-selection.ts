/**
 * Parses the `attributes` / `excludedAttributes` lists of RFC 7644 §3.4.2.5 into the
 * definitions they name. Names are case-insensitive; `name.givenName` names a sub-attribute,
 * a URN-qualified name an extension attribute, a bare schema URN the whole extension.
 * Names seatsync does not know are ignored.
 */
import { findSchema, resolveAttribute } from '../schema/attribute-resolver';
import { parseAttributePathText } from '../schema/attribute-path-text';
import type { ResourceTypeName } from '../schema/resource-types';
import type { AttributeDefinition, SchemaDefinition } from '../schema/types';

export interface AttributeSelection {
  schemas: ReadonlySet<SchemaDefinition>;
  attributes: ReadonlySet<AttributeDefinition>;
  subAttributes: ReadonlyMap<AttributeDefinition, ReadonlySet<AttributeDefinition>>;
}

export function parseAttributeSelection(resourceType: ResourceTypeName, names: readonly string[]): AttributeSelection {
  const schemas = new Set<SchemaDefinition>();
  const attributes = new Set<AttributeDefinition>();
  const subAttributes = new Map<AttributeDefinition, Set<AttributeDefinition>>();
  for (const rawName of names) {
    const name = rawName.trim();
    if (name === '') continue;
    const schema = findSchema(resourceType, name);
    if (schema !== undefined) {
      schemas.add(schema);
      continue;
    }
    const path = parseAttributePathText(name);
    const resolved = path === undefined ? undefined : resolveAttribute(resourceType, path);
    if (resolved === undefined) continue;
    if (resolved.subAttribute === undefined) {
      attributes.add(resolved.attribute);
      continue;
    }
    let subs = subAttributes.get(resolved.attribute);
    if (subs === undefined) subAttributes.set(resolved.attribute, (subs = new Set()));
    subs.add(resolved.subAttribute);
  }
  return { schemas, attributes, subAttributes };
}
