/**
 * Turns a POST or PUT body into seatsync's canonical resource JSON:
 *  - attribute and sub-attribute names in their schema spelling (matched case-insensitively);
 *  - core attributes at the top level, extension attributes in an object under the extension
 *    URN (as in RFC 7643 §3.3); a flat URN-qualified key such as
 *    "urn:...:enterprise:2.0:User:department", or a bare extension attribute name that the core
 *    schema lacks ("department"), is accepted too;
 *  - `schemas` computed from what is present (the client's list is not trusted or needed);
 *  - unknown attributes and unknown schema URNs ignored (research §4 row 13);
 *  - read-only input (`id`, `meta`, a User's `groups`, manager.displayName) dropped, as
 *    RFC 7644 §3.5.1 says for PUT; the license extension is the exception: writing it is a
 *    MUTABILITY error (CONTRACT.md);
 *  - `password` dropped: seatsync never stores it, not even hashed, and never echoes it;
 *  - null and [] dropped as unassigned (RFC 7643 §2.5), except a Group's `members`, which is
 *    kept as [] when the body sends null or [] so that a PUT can say "no members"; absent
 *    members are absent (not asserted, RFC 7644 §3.5.1).
 * `mode` only changes wording: both modes give the same canonical form. On a PUT the caller
 * carries over what the client cannot send (id, meta, the license extension) from the stored
 * resource. Work is linear in the size of the body.
 */
import { AppError } from '../../errors';
import { attributesOfSchema, findAttribute, findSchema, isCoreSchema, resolveAttribute } from '../schema/attribute-resolver';
import { parseAttributePathText } from '../schema/attribute-path-text';
import { MEMBERS_ATTRIBUTE } from '../schema/group-schema';
import { schemasOfResourceType, type ResourceTypeName } from '../schema/resource-types';
import { LICENSE_USER_SCHEMA } from '../schema/schema-urns';
import type { AttributeDefinition, SchemaDefinition } from '../schema/types';
import { attributeLabel } from './attribute-labels';
import { normalizeAttributeValue } from './attribute-values';
import { normalizeGroupMembers } from './group-members';
import { describeJsonValue, isPlainObject, isUnassigned, safeEntries, type JsonObject } from './json-objects';
import { assertRequiredAttributes } from './required-attributes';
import { schemaUrnsOf } from './resource-schemas';

export type NormalizeMode = 'create' | 'replace';

type RawValuesBySchema = Map<SchemaDefinition, Map<AttributeDefinition, unknown>>;

export function normalizeResource(
  resourceType: ResourceTypeName,
  body: unknown,
  mode: NormalizeMode,
): Record<string, unknown> {
  if (!isPlainObject(body)) {
    throw new AppError(
      'INVALID_SYNTAX',
      `The ${mode === 'create' ? 'POST' : 'PUT'} body must be a JSON object holding the ${resourceType}'s attributes, but it is ${describeJsonValue(body)}.`,
    );
  }
  const rawValues = collectRawValues(resourceType, body);
  const { core, extensions } = schemasOfResourceType(resourceType);
  const resource: JsonObject = { schemas: [] };
  Object.assign(resource, normalizeSchemaValues(resourceType, core, rawValues.get(core)));
  for (const extension of extensions) {
    const values = normalizeSchemaValues(resourceType, extension, rawValues.get(extension));
    if (Object.keys(values).length > 0) resource[extension.id] = values;
  }
  resource.schemas = schemaUrnsOf(resourceType, resource);
  assertRequiredAttributes(resourceType, resource, 'INVALID_VALUE');
  return resource;
}

/** Sorts the body's keys into schema → attribute → raw value; a name repeated in another case: the later one wins. */
function collectRawValues(resourceType: ResourceTypeName, body: JsonObject): RawValuesBySchema {
  const rawValues: RawValuesBySchema = new Map();
  const put = (schema: SchemaDefinition, attribute: AttributeDefinition, raw: unknown) => {
    let values = rawValues.get(schema);
    if (values === undefined) rawValues.set(schema, (values = new Map()));
    values.set(attribute, raw);
  };
  for (const [key, raw] of safeEntries(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    const schema = findSchema(resourceType, key);
    if (schema !== undefined) {
      for (const [innerKey, innerRaw] of schemaObjectEntries(schema, raw)) {
        const attribute = findAttribute(resourceType, schema, innerKey);
        if (attribute !== undefined) put(schema, attribute, innerRaw);
      }
      continue;
    }
    const path = parseAttributePathText(key);
    if (path === undefined || path.sub !== undefined) continue;
    const resolved = resolveAttribute(resourceType, path);
    // A bare "state" is more likely an address region than seatsync's license state: only
    // the URN-qualified spelling is taken as an attempt to write the license extension.
    if (resolved === undefined || (resolved.foundWithoutUrn && resolved.schema.id === LICENSE_USER_SCHEMA)) continue;
    put(resolved.schema, resolved.attribute, raw);
  }
  return rawValues;
}

function schemaObjectEntries(schema: SchemaDefinition, raw: unknown): [string, unknown][] {
  if (raw === null || raw === undefined) return [];
  if (!isPlainObject(raw)) {
    throw new AppError(
      'INVALID_VALUE',
      `"${schema.id}" must be an object holding that schema's attributes, but the request sent ${describeJsonValue(raw)}.`,
    );
  }
  return safeEntries(raw);
}

function normalizeSchemaValues(
  resourceType: ResourceTypeName,
  schema: SchemaDefinition,
  rawValues: Map<AttributeDefinition, unknown> | undefined,
): JsonObject {
  const normalized: JsonObject = {};
  if (rawValues === undefined) return normalized;
  const core = isCoreSchema(resourceType, schema);
  for (const attribute of attributesOfSchema(resourceType, schema)) {
    if (!rawValues.has(attribute)) continue;
    const raw = rawValues.get(attribute);
    const label = attributeLabel(schema, core, attribute);
    if (attribute.mutability === 'readOnly') {
      if (schema.id === LICENSE_USER_SCHEMA && !isUnassigned(raw)) {
        throw new AppError(
          'MUTABILITY',
          `"${label}" is maintained by seatsync and is read-only; leave the ${LICENSE_USER_SCHEMA} extension out of the request.`,
        );
      }
      continue;
    }
    if (attribute.mutability === 'writeOnly') continue;
    if (attribute === MEMBERS_ATTRIBUTE) {
      normalized[attribute.name] = normalizeGroupMembers(raw, label);
      continue;
    }
    const value = normalizeAttributeValue(attribute, raw, label);
    if (value !== undefined) normalized[attribute.name] = value;
  }
  return normalized;
}
