/**
 * Type checks and coercions for one scalar value (RFC 7643 §2.3). The only coercion is
 * the Entra/OneLogin habit of sending booleans as "True"/"False" strings (research §4 row 3).
 */
import { AppError } from '../../errors';
import type { AttributeDefinition } from '../schema/types';
import { describeJsonValue } from './json-objects';

/** xsd:dateTime (RFC 7643 §2.3.5) with an optional zone. */
const DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
/** base64 of RFC 4648 §4 (RFC 7643 §2.3.6); line breaks inside are tolerated. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function invalid(label: string, expected: string, raw: unknown): AppError {
  return new AppError('INVALID_VALUE', `"${label}" must be ${expected}, but the request sent ${describeJsonValue(raw)}.`);
}

export function coerceBoolean(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw === 'string') {
    const lowered = raw.toLowerCase();
    if (lowered === 'true') return true;
    if (lowered === 'false') return false;
  }
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isDateTime(text: string): boolean {
  const match = DATE_TIME.exec(text);
  if (match === null) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const zone = match[8];
  if (zone !== undefined && zone !== 'Z') {
    const [zoneHours, zoneMinutes] = zone.slice(1).split(':').map(Number);
    if (zoneHours > 14 || zoneMinutes > 59) return false;
  }
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
    && hour <= 23 && minute <= 59 && second <= 59;
}

/** Returns the canonical value, or undefined for null (unassigned). Throws INVALID_VALUE. */
export function coerceScalar(definition: AttributeDefinition, raw: unknown, label: string): unknown {
  if (raw === null || raw === undefined) return undefined;
  switch (definition.type) {
    case 'string':
    case 'reference':
      if (typeof raw !== 'string') throw invalid(label, 'a string', raw);
      return raw;
    case 'boolean': {
      const coerced = coerceBoolean(raw);
      if (coerced === undefined) throw invalid(label, 'a boolean (true or false)', raw);
      return coerced;
    }
    case 'integer':
      if (typeof raw !== 'number' || !Number.isSafeInteger(raw)) throw invalid(label, 'an integer', raw);
      return raw;
    case 'decimal':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw invalid(label, 'a number', raw);
      return raw;
    case 'dateTime':
      if (typeof raw !== 'string' || !isDateTime(raw)) {
        throw invalid(label, 'a date-time such as "2024-05-01T12:00:00Z"', raw);
      }
      return raw;
    case 'binary':
      if (typeof raw !== 'string' || !BASE64.test(raw.replace(/\s+/g, ''))) {
        throw invalid(label, 'base64-encoded binary data', raw);
      }
      return raw;
    case 'complex':
      throw invalid(label, 'an object', raw);
  }
}
