/**
 * The enterprise `manager` arrives as a bare id (Entra engine), `{"value": id}` (Entra
 * validator), `[{"$ref", "value"}]` (old Microsoft docs) or an object with other keys
 * (OneLogin templates); research §4 row 10. All become `{value}`. An empty id means "no
 * manager": the Entra gallery test removes a manager by replacing it with "".
 */
import { AppError } from '../../errors';
import { describeJsonValue, entriesByLowerCaseKey, isPlainObject } from './json-objects';

export interface ManagerValue {
  value: string;
}

export function normalizeManager(raw: unknown, label: string): ManagerValue | undefined {
  if (raw === null || raw === undefined) return undefined;
  if (Array.isArray(raw)) {
    if (raw.length === 0) return undefined;
    if (raw.length > 1) {
      throw new AppError('INVALID_VALUE', `"${label}" is single-valued; send one manager, not ${raw.length}.`);
    }
    return normalizeManager(raw[0], label);
  }
  if (typeof raw === 'string') return normalizeManagerId(raw, label);
  if (isPlainObject(raw)) return normalizeManagerId(entriesByLowerCaseKey(raw).get('value'), `${label}.value`);
  throw new AppError(
    'INVALID_VALUE',
    `"${label}" must be the manager's id or an object with a "value" id, but the request sent ${describeJsonValue(raw)}.`,
  );
}

function normalizeManagerId(raw: unknown, label: string): ManagerValue | undefined {
  if (raw === null || raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') {
    throw new AppError('INVALID_VALUE', `"${label}" must be a string id, but the request sent ${describeJsonValue(raw)}.`);
  }
  return { value: raw };
}
