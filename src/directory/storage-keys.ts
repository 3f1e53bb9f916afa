import { ENTERPRISE_USER_SCHEMA } from '../scim/schema/schema-urns';

/**
 * Document keys may not contain "." or start with "$" on our stores, yet canonical SCIM JSON has
 * extension URNs ("…:enterprise:2.0:User") and `$ref`. These renames apply on the way into
 * and out of `attrs`; nothing else differs between a stored and a SCIM resource.
 */
const TO_STORED: Record<string, string> = {
  [ENTERPRISE_USER_SCHEMA]: 'x_enterprise',
  $ref: 'ref_',
};

const FROM_STORED: Record<string, string> = Object.fromEntries(Object.entries(TO_STORED).map(([k, v]) => [v, k]));

export function storedKey(key: string): string {
  return Object.prototype.hasOwnProperty.call(TO_STORED, key) ? TO_STORED[key] : key;
}

export function toStoredAttrs(resource: Record<string, unknown>): Record<string, unknown> {
  return renameKeys(resource, TO_STORED) as Record<string, unknown>;
}

export function fromStoredAttrs(attrs: Record<string, unknown>): Record<string, unknown> {
  return renameKeys(attrs, FROM_STORED) as Record<string, unknown>;
}

function renameKeys(value: unknown, names: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => renameKeys(item, names));
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    const renamed = Object.prototype.hasOwnProperty.call(names, key) ? names[key] : key;
    out[renamed] = renameKeys(inner, names);
  }
  return out;
}
