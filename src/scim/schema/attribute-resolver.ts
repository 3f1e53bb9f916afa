/**
 * Resolves attribute names and paths against a resource type. Names are case-insensitive
 * (RFC 7643 §2.1); a URN prefix selects the schema (RFC 7644 §3.10): the core URN means the
 * core schema plus the common attributes, an extension URN its extension. A bare name is
 * looked up in the core schema first and then in the extensions, in their declared order,
 * because Entra names extension attributes such as `manager` without their URN; the
 * extensions' attribute names do not overlap, so this is unambiguous.
 */
import type { AttrPath } from '../filter/ast';
import type { AttributeLookup } from '../filter/attribute-lookup';
import { COMMON_ATTRIBUTES } from './common-attributes';
import { ALL_SCHEMAS, schemasOfResourceType, type ResourceTypeName } from './resource-types';
import type { AttributeDefinition, SchemaDefinition } from './types';

export interface ResolvedAttribute {
  schema: SchemaDefinition;
  /** True for the resource type's core schema, whose attributes sit at the top level of the resource. */
  isCoreSchema: boolean;
  /** True when a bare name was found in an extension rather than in the core schema. */
  foundWithoutUrn: boolean;
  attribute: AttributeDefinition;
  subAttribute?: AttributeDefinition;
}

interface SchemaEntry {
  schema: SchemaDefinition;
  isCoreSchema: boolean;
  attributes: readonly AttributeDefinition[];
  attributesByName: ReadonlyMap<string, AttributeDefinition>;
}

interface ResourceTypeIndex {
  core: SchemaEntry;
  extensions: readonly SchemaEntry[];
  schemasByUrn: ReadonlyMap<string, SchemaEntry>;
}

function indexSchema(schema: SchemaDefinition, isCoreSchema: boolean): SchemaEntry {
  const attributes = isCoreSchema ? [...COMMON_ATTRIBUTES, ...schema.attributes] : [...schema.attributes];
  return {
    schema,
    isCoreSchema,
    attributes: Object.freeze(attributes),
    attributesByName: new Map(attributes.map((definition) => [definition.name.toLowerCase(), definition])),
  };
}

function indexResourceType(resourceType: ResourceTypeName): ResourceTypeIndex {
  const schemas = schemasOfResourceType(resourceType);
  const core = indexSchema(schemas.core, true);
  const extensions = schemas.extensions.map((schema) => indexSchema(schema, false));
  const schemasByUrn = new Map([core, ...extensions].map((entry) => [entry.schema.id.toLowerCase(), entry]));
  return { core, extensions, schemasByUrn };
}

const INDEX: Readonly<Record<ResourceTypeName, ResourceTypeIndex>> = Object.freeze({
  User: indexResourceType('User'),
  Group: indexResourceType('Group'),
});

const KNOWN_SCHEMA_URNS: ReadonlySet<string> = new Set(ALL_SCHEMAS.map((schema) => schema.id.toLowerCase()));

/** Whether seatsync defines this schema at all (for any resource type). */
export function isKnownSchemaUrn(urn: string): boolean {
  return KNOWN_SCHEMA_URNS.has(urn.toLowerCase());
}

export function findSchema(resourceType: ResourceTypeName, urn: string): SchemaDefinition | undefined {
  return INDEX[resourceType].schemasByUrn.get(urn.toLowerCase())?.schema;
}

export function isCoreSchema(resourceType: ResourceTypeName, schema: SchemaDefinition): boolean {
  return INDEX[resourceType].core.schema === schema;
}

/** Attributes stored under a schema: for the core schema the common attributes come first. */
export function attributesOfSchema(
  resourceType: ResourceTypeName,
  schema: SchemaDefinition,
): readonly AttributeDefinition[] {
  return INDEX[resourceType].schemasByUrn.get(schema.id.toLowerCase())?.attributes ?? [];
}

export function findAttribute(
  resourceType: ResourceTypeName,
  schema: SchemaDefinition,
  name: string,
): AttributeDefinition | undefined {
  return INDEX[resourceType].schemasByUrn.get(schema.id.toLowerCase())?.attributesByName.get(name.toLowerCase());
}

export function findSubAttribute(parent: AttributeDefinition, name: string): AttributeDefinition | undefined {
  const wanted = name.toLowerCase();
  return parent.subAttributes?.find((sub) => sub.name.toLowerCase() === wanted);
}

function findAttributeEntry(
  index: ResourceTypeIndex,
  path: AttrPath,
): { entry: SchemaEntry; attribute: AttributeDefinition } | undefined {
  const name = path.attr.toLowerCase();
  const candidates = path.uri === undefined ? [index.core, ...index.extensions] : [index.schemasByUrn.get(path.uri.toLowerCase())];
  for (const entry of candidates) {
    const attribute = entry?.attributesByName.get(name);
    if (entry !== undefined && attribute !== undefined) return { entry, attribute };
  }
  return undefined;
}

export function resolveAttribute(resourceType: ResourceTypeName, path: AttrPath): ResolvedAttribute | undefined {
  const found = findAttributeEntry(INDEX[resourceType], path);
  if (found === undefined) return undefined;
  const { entry, attribute } = found;
  const resolved: ResolvedAttribute = {
    schema: entry.schema,
    isCoreSchema: entry.isCoreSchema,
    foundWithoutUrn: path.uri === undefined && !entry.isCoreSchema,
    attribute,
  };
  if (path.sub === undefined) return resolved;
  const subAttribute = findSubAttribute(attribute, path.sub);
  return subAttribute === undefined ? undefined : { ...resolved, subAttribute };
}

/**
 * An `AttributeLookup` for the filter evaluator: the definition a path designates, or, with
 * `parent`, the sub-attribute of `parent` named by `path.attr` (paths inside `emails[...]`).
 */
export function attributeLookupFor(resourceType: ResourceTypeName): AttributeLookup {
  return (path, parent) => {
    if (parent !== undefined) {
      if (path.sub !== undefined || path.uri !== undefined) return undefined;
      return findSubAttribute(parent, path.attr);
    }
    const resolved = resolveAttribute(resourceType, path);
    return resolved?.subAttribute ?? resolved?.attribute;
  };
}
