/**
 * Compact constructors for AttributeDefinition. Defaults follow RFC 7643 §2.2: optional,
 * single-valued, caseExact false, readWrite, returned by default, no uniqueness.
 */
import type { AttributeDefinition, AttributeType } from './types';

export type AttributeOptions = Partial<
  Omit<AttributeDefinition, 'name' | 'type' | 'description' | 'subAttributes'>
>;

export function attribute(
  name: string,
  type: Exclude<AttributeType, 'complex'>,
  description: string,
  options: AttributeOptions = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

export function complexAttribute(
  name: string,
  description: string,
  subAttributes: AttributeDefinition[],
  options: AttributeOptions = {},
): AttributeDefinition {
  return {
    name,
    type: 'complex',
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
    subAttributes,
  };
}

/**
 * The value/display/type/primary shape RFC 7643 §2.4 gives most multi-valued attributes
 * (emails, phoneNumbers, ims, photos, entitlements, roles, x509Certificates).
 */
export function standardMultiValuedAttribute(
  name: string,
  description: string,
  value: { type: Exclude<AttributeType, 'complex'>; description: string; referenceTypes?: string[] },
  typeCanonicalValues?: string[],
): AttributeDefinition {
  return complexAttribute(
    name,
    description,
    [
      attribute('value', value.type, value.description,
        value.referenceTypes ? { referenceTypes: value.referenceTypes } : {}),
      attribute('display', 'string', 'A human-readable name, primarily used for display purposes.'),
      attribute('type', 'string', `A label indicating the attribute's function.`,
        typeCanonicalValues ? { canonicalValues: typeCanonicalValues } : {}),
      attribute('primary', 'boolean',
        'A Boolean value indicating the preferred value; at most one value may be primary.'),
    ],
    { multiValued: true },
  );
}
