/**
 * Validates a PATCH body (RFC 7644 §3.5.2) into operations. Leniency, each for a known client:
 *  - `schemas` may be missing; when present it must contain the PatchOp URN (a different
 *    message URN means the client sent the wrong body, which deserves a clear 400);
 *  - `Operations`, `op`, `path` and `value` member names are case-insensitive, and `op`
 *    values too (Entra sends "Add"/"Replace"/"Remove", research §1.3);
 *  - an empty `Operations` array is a valid no-op (the Entra validator sends one, §1.5);
 *  - an empty `path` string counts as no path.
 */
import { AppError } from '../../errors';
import { describeJsonValue, entriesByLowerCaseKey, isPlainObject } from '../resource/json-objects';
import { parsePatchPath } from './patch-path';
import type { PatchLimits, PatchOperation, PatchOperationName, PatchPath } from './patch-types';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const OPERATION_NAMES: ReadonlySet<string> = new Set<PatchOperationName>(['add', 'replace', 'remove']);

export function parsePatchRequest(body: unknown, limits: PatchLimits): PatchOperation[] {
  if (!isPlainObject(body)) {
    throw new AppError('INVALID_SYNTAX', `A PATCH body must be a JSON object with an "Operations" array, but it is ${describeJsonValue(body)}.`);
  }
  const members = entriesByLowerCaseKey(body);
  assertPatchOpSchema(members.get('schemas'));
  const operations = members.get('operations');
  if (!Array.isArray(operations)) {
    throw new AppError(
      'INVALID_SYNTAX',
      `A PATCH body needs an "Operations" array (RFC 7644 §3.5.2), but it has ${operations === undefined ? 'none' : describeJsonValue(operations)}.`,
    );
  }
  if (operations.length > limits.maxOperations) {
    throw new AppError(
      'TOO_MANY',
      `This PATCH has ${operations.length} operations; at most ${limits.maxOperations} are accepted per request, so split it into smaller requests.`,
    );
  }
  return operations.map((operation, index) => parseOperation(operation, `Operations[${index}]`));
}

function assertPatchOpSchema(schemas: unknown): void {
  if (schemas === undefined || schemas === null) return;
  const urns = Array.isArray(schemas) ? schemas : [schemas];
  if (urns.some((urn) => typeof urn === 'string' && urn.toLowerCase() === PATCH_OP_SCHEMA.toLowerCase())) return;
  throw new AppError('INVALID_SYNTAX', `A PATCH body's "schemas" must contain "${PATCH_OP_SCHEMA}".`);
}

function parseOperation(raw: unknown, label: string): PatchOperation {
  if (!isPlainObject(raw)) {
    throw new AppError('INVALID_SYNTAX', `${label} must be an object with "op", "path" and "value", but it is ${describeJsonValue(raw)}.`);
  }
  const members = entriesByLowerCaseKey(raw);
  const op = parseOperationName(members.get('op'), label);
  const path = parseOptionalPath(members.get('path'), label);
  const hasValue = members.has('value');
  const value = members.get('value');
  if (op === 'remove') {
    if (path === undefined) {
      throw new AppError('NO_TARGET', `${label} is a "remove" without a "path"; name the attribute to remove (RFC 7644 §3.5.2.2).`);
    }
    return hasValue ? { op, path, value } : { op, path };
  }
  if (!hasValue) {
    throw new AppError('INVALID_VALUE', `${label} is an "${op}" without a "value" (RFC 7644 §3.5.2.${op === 'add' ? 1 : 3}).`);
  }
  if (path === undefined && !isPlainObject(value)) {
    throw new AppError(
      'INVALID_VALUE',
      `${label} is an "${op}" without a "path", so its "value" must be an object of attributes, but it is ${describeJsonValue(value)}.`,
    );
  }
  return path === undefined ? { op, value } : { op, path, value };
}

function parseOperationName(raw: unknown, label: string): PatchOperationName {
  const name = typeof raw === 'string' ? raw.toLowerCase() : undefined;
  if (name === undefined || !OPERATION_NAMES.has(name)) {
    throw new AppError(
      'INVALID_SYNTAX',
      `${label}.op must be "add", "replace" or "remove", but it is ${raw === undefined ? 'missing' : describeJsonValue(raw)}.`,
    );
  }
  return name as PatchOperationName;
}

function parseOptionalPath(raw: unknown, label: string): PatchPath | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string') {
    throw new AppError('INVALID_PATH', `${label}.path must be a string, but it is ${describeJsonValue(raw)}.`);
  }
  return raw.trim() === '' ? undefined : parsePatchPath(raw);
}
