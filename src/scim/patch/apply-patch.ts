/**
 * Applies PATCH operations (RFC 7644 §3.5.2) to a canonical resource. Pure: the input is
 * never modified, and the result is only returned when every operation succeeded, so a
 * failing operation leaves nothing half-applied. Group members are never in the resource
 * (removed from the copy if present); operations on them come back as `membership`.
 *
 * Decisions beyond the RFC (research §4 and §6):
 *  - a no-path add/replace resolves every key of its value object as a path: plain
 *    (`active`), dotted (`name.givenName`), URN-qualified (`urn:...:User:employeeNumber`) or an
 *    extension URN holding an object of that extension's attributes;
 *  - in such a value a read-only attribute equal to the stored one is ignored (Okta sends
 *    `{"id": <group id>, "displayName": ...}`); anything else written to a read-only
 *    attribute is MUTABILITY, with or without a path;
 *  - `password` is accepted and ignored (Okta password sync): seatsync never stores it;
 *  - required attributes are checked on the final state: removing `userName` (or a Group's
 *    `displayName`) is MUTABILITY (RFC 7644 §3.5.2.2), emptying it INVALID_VALUE.
 */
import { AppError } from '../../errors';
import { MEMBERS_ATTRIBUTE } from '../schema/group-schema';
import type { ResourceTypeName } from '../schema/resource-types';
import { canonicalJson } from '../resource/canonical-json';
import { cloneJson } from '../resource/clone-json';
import { describeJsonValue, isPlainObject, isUnassigned, ownValue, safeEntries, type JsonObject } from '../resource/json-objects';
import { assertRequiredAttributes } from '../resource/required-attributes';
import { dropEmptyExtensions, schemaUrnsOf } from '../resource/resource-schemas';
import { membershipChangeFor } from './member-operations';
import { applyToMultiValuedAttribute } from './multi-valued-operations';
import { parsePatchPath } from './patch-path';
import { resolvePatchTarget, type AttributeTarget, type PatchTarget, type SchemaTarget } from './patch-targets';
import type { MembershipChange, PatchOperation, PatchOperationName, PatchResult } from './patch-types';
import { readContainer } from './resource-containers';
import { applyToSingleValuedAttribute } from './single-valued-operations';

interface PatchSession {
  resourceType: ResourceTypeName;
  resource: JsonObject;
  membership: MembershipChange[];
}

/** Whether the target came from a key of a no-path value rather than from an explicit path. */
type TargetSource = 'path' | 'valueKey';

export function applyPatch(
  resourceType: ResourceTypeName,
  resource: Readonly<Record<string, unknown>>,
  operations: readonly PatchOperation[],
): PatchResult {
  const working = cloneJson(resource) as JsonObject;
  if (resourceType === 'Group') delete working[MEMBERS_ATTRIBUTE.name];
  const session: PatchSession = { resourceType, resource: working, membership: [] };
  operations.forEach((operation, index) => applyOperation(session, operation, `Operations[${index}]`));
  dropEmptyExtensions(resourceType, working);
  assertRequiredAttributes(resourceType, working, 'MUTABILITY');
  working.schemas = schemaUrnsOf(resourceType, working);
  return { resource: working, membership: session.membership };
}

function applyOperation(session: PatchSession, operation: PatchOperation, label: string): void {
  const { op, path, value } = operation;
  if (path !== undefined) {
    applyToTarget(session, op, resolvePatchTarget(session.resourceType, path), value, 'path');
    return;
  }
  if (op === 'remove') {
    throw new AppError('NO_TARGET', `${label} is a "remove" without a "path"; name the attribute to remove (RFC 7644 §3.5.2.2).`);
  }
  if (!isPlainObject(value)) {
    throw new AppError('INVALID_VALUE', `${label} has no "path", so its "value" must be an object of attributes, but it is ${describeJsonValue(value)}.`);
  }
  applyValueObject(session, op, value, undefined);
}

/** Each key of a no-path value (or of an extension object) addresses one target. */
function applyValueObject(
  session: PatchSession,
  op: PatchOperationName,
  value: JsonObject,
  withinSchema: SchemaTarget | undefined,
): void {
  for (const [key, raw] of safeEntries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    const path = parsePatchPath(key);
    if (withinSchema !== undefined && path.attrPath.uri === undefined) path.attrPath.uri = withinSchema.schema.id;
    applyToTarget(session, op, resolvePatchTarget(session.resourceType, path), raw, 'valueKey');
  }
}

function applyToTarget(
  session: PatchSession,
  op: PatchOperationName,
  target: PatchTarget,
  value: unknown,
  source: TargetSource,
): void {
  if (target.kind === 'ignored') return;
  if (target.kind === 'schema') {
    applyToSchema(session, op, target, value);
    return;
  }
  const { attribute, subAttribute } = target;
  if (attribute === MEMBERS_ATTRIBUTE) {
    const change = membershipChangeFor(op, target, value);
    if (change !== undefined) session.membership.push(change);
    return;
  }
  if (attribute.mutability === 'readOnly' || subAttribute?.mutability === 'readOnly') {
    if (source === 'valueKey' && op !== 'remove' && equalsStoredValue(session.resource, target, value)) return;
    throw new AppError(
      'MUTABILITY',
      `${JSON.stringify(target.label)} is read-only: seatsync maintains it and a PATCH cannot change it (RFC 7643 §2.2).`,
    );
  }
  if (attribute.mutability === 'writeOnly') return;
  if (attribute.multiValued) applyToMultiValuedAttribute(session.resourceType, session.resource, op, target, value);
  else applyToSingleValuedAttribute(session.resource, op, target, value);
}

/** A whole schema: the core one only as a container of keys; an extension also as a unit to remove. */
function applyToSchema(
  session: PatchSession,
  op: PatchOperationName,
  target: SchemaTarget,
  value: unknown,
): void {
  if (op === 'remove' || (op === 'replace' && value === null)) {
    if (target.isCoreSchema) {
      throw new AppError('INVALID_PATH', `${JSON.stringify(target.label)} is the core schema; remove its attributes one by one.`);
    }
    // An extension made only of read-only attributes (the license extension) is the
    // server's: removing it is refused even though it is rendered, not stored (RFC 7644 §3.5.2).
    if (target.schema.attributes.every((attribute) => attribute.mutability === 'readOnly')) {
      throw new AppError('MUTABILITY', `${JSON.stringify(target.label)} is read-only: seatsync maintains it and it cannot be removed.`);
    }
    const container = readContainer(session.resource, target);
    if (container === undefined) return;
    if (target.schema.attributes.some((attribute) => attribute.mutability === 'readOnly' && ownValue(container, attribute.name) !== undefined)) {
      throw new AppError('MUTABILITY', `${JSON.stringify(target.label)} holds read-only attributes that seatsync maintains; it cannot be removed.`);
    }
    delete session.resource[target.schema.id];
    return;
  }
  if (value === null) return;
  if (!isPlainObject(value)) {
    throw new AppError(
      'INVALID_VALUE',
      `The value for ${JSON.stringify(target.label)} must be an object of that schema's attributes, but it is ${describeJsonValue(value)}.`,
    );
  }
  applyValueObject(session, op, value, target);
}

function equalsStoredValue(resource: JsonObject, target: AttributeTarget, value: unknown): boolean {
  const container = readContainer(resource, target);
  let stored = container === undefined ? undefined : ownValue(container, target.attribute.name);
  if (target.subAttribute !== undefined) {
    stored = isPlainObject(stored) ? ownValue(stored, target.subAttribute.name) : undefined;
  }
  if (isUnassigned(value)) return isUnassigned(stored);
  return canonicalJson(value) === canonicalJson(stored);
}
