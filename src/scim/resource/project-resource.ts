/**
 * Output projection, RFC 7644 §3.4.2.5 with the "returned" characteristic of RFC 7643 §7:
 *  - `always` (id) is returned even when excluded;
 *  - `never` (password) is never returned;
 *  - `request` only when named in `attributes`;
 *  - `default` unless excluded, or, when `attributes` is given, unless not named there.
 * When both lists are given, `attributes` wins and `excludedAttributes` is ignored.
 * `schemas` is always returned. Only attributes defined for the resource type are copied, so
 * internal fields on a stored document never leak. The input must be canonical
 * (normalizeResource/applyPatch output plus server-set values) and is not modified.
 */
import { attributesOfSchema, isCoreSchema } from '../schema/attribute-resolver';
import { schemasOfResourceType, type ResourceTypeName } from '../schema/resource-types';
import type { AttributeDefinition, SchemaDefinition } from '../schema/types';
import { parseAttributeSelection, type AttributeSelection } from './attribute-selection';
import { isEmptyObject, isPlainObject, ownValue, type JsonObject } from './json-objects';

export interface ProjectionRequest {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

interface ProjectionPlan {
  mode: 'include' | 'exclude';
  selection: AttributeSelection;
}

type SubAttributeFilter = (sub: AttributeDefinition) => boolean;

export function projectResource(
  resource: Readonly<Record<string, unknown>>,
  request: ProjectionRequest,
  resourceType: ResourceTypeName,
): Record<string, unknown> {
  const plan = planProjection(resourceType, request);
  const projected: JsonObject = {};
  const schemas = ownValue(resource, 'schemas');
  if (Array.isArray(schemas)) projected.schemas = [...schemas];
  const { core, extensions } = schemasOfResourceType(resourceType);
  for (const schema of [core, ...extensions]) {
    const coreSchema = isCoreSchema(resourceType, schema);
    const container = coreSchema ? resource : ownValue(resource, schema.id);
    if (!isPlainObject(container)) continue;
    const values: JsonObject = {};
    for (const attribute of attributesOfSchema(resourceType, schema)) {
      const value = ownValue(container, attribute.name);
      if (value === undefined) continue;
      const shown = projectAttribute(plan, schema, attribute, value);
      if (shown !== undefined) values[attribute.name] = shown;
    }
    if (coreSchema) Object.assign(projected, values);
    else if (!isEmptyObject(values)) projected[schema.id] = values;
  }
  return projected;
}

function planProjection(resourceType: ResourceTypeName, request: ProjectionRequest): ProjectionPlan {
  const attributes = request.attributes ?? [];
  if (attributes.some((name) => name.trim() !== '')) {
    return { mode: 'include', selection: parseAttributeSelection(resourceType, attributes) };
  }
  return { mode: 'exclude', selection: parseAttributeSelection(resourceType, request.excludedAttributes ?? []) };
}

function projectAttribute(
  plan: ProjectionPlan,
  schema: SchemaDefinition,
  attribute: AttributeDefinition,
  value: unknown,
): unknown {
  if (attribute.returned === 'never') return undefined;
  const { selection } = plan;
  const namedSubs = selection.subAttributes.get(attribute);
  if (attribute.returned === 'always') return copyValue(attribute, value, isShownByDefault);
  if (plan.mode === 'include') {
    const namedWhole = selection.attributes.has(attribute)
      || (selection.schemas.has(schema) && attribute.returned !== 'request');
    if (namedWhole) return copyValue(attribute, value, isShownByDefault);
    if (namedSubs === undefined) return undefined;
    return copyValue(attribute, value, (sub) => sub.returned === 'always' || (sub.returned !== 'never' && namedSubs.has(sub)));
  }
  if (attribute.returned === 'request' || selection.schemas.has(schema) || selection.attributes.has(attribute)) {
    return undefined;
  }
  return copyValue(attribute, value, (sub) => isShownByDefault(sub) && (sub.returned === 'always' || !namedSubs?.has(sub)));
}

function isShownByDefault(sub: AttributeDefinition): boolean {
  return sub.returned === 'always' || sub.returned === 'default';
}

/** A copy of the value keeping the sub-attributes `keep` accepts; empty complex values vanish. */
function copyValue(attribute: AttributeDefinition, value: unknown, keep: SubAttributeFilter): unknown {
  if (attribute.type !== 'complex') return Array.isArray(value) ? [...value] : value;
  if (!attribute.multiValued) return copyComplex(attribute, value, keep);
  if (!Array.isArray(value)) return undefined;
  const elements = value.map((element) => copyComplex(attribute, element, keep)).filter((element) => element !== undefined);
  return elements.length > 0 ? elements : undefined;
}

function copyComplex(attribute: AttributeDefinition, value: unknown, keep: SubAttributeFilter): JsonObject | undefined {
  if (!isPlainObject(value)) return undefined;
  const copy: JsonObject = {};
  for (const sub of attribute.subAttributes ?? []) {
    const subValue = ownValue(value, sub.name);
    if (subValue !== undefined && keep(sub)) copy[sub.name] = subValue;
  }
  return isEmptyObject(copy) ? undefined : copy;
}
