/**
 * Attributes every resource carries (RFC 7643 §3.1). They belong to no schema's attribute
 * list on /Schemas, but resolve like core attributes (also under the core URN).
 */
import { attribute, complexAttribute } from './attribute-builders';
import { deepFreeze } from './deep-freeze';
import type { AttributeDefinition } from './types';

export const ID_ATTRIBUTE: AttributeDefinition = deepFreeze(
  attribute('id', 'string', 'Unique identifier for the resource, assigned by the service provider.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
);

export const EXTERNAL_ID_ATTRIBUTE: AttributeDefinition = deepFreeze(
  attribute('externalId', 'string', 'Identifier of the resource as defined by the provisioning client.', {
    caseExact: true,
  }),
);

export const META_ATTRIBUTE: AttributeDefinition = deepFreeze(
  complexAttribute(
    'meta',
    'Resource metadata maintained by the service provider.',
    [
      attribute('resourceType', 'string', 'Name of the resource type.', { caseExact: true, mutability: 'readOnly' }),
      attribute('created', 'dateTime', 'When the resource was added.', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', 'When the resource was last changed.', { mutability: 'readOnly' }),
      attribute('location', 'reference', 'URI of the resource.', {
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      attribute('version', 'string', 'Version (ETag) of the resource.', { caseExact: true, mutability: 'readOnly' }),
    ],
    { mutability: 'readOnly' },
  ),
);

export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = Object.freeze([
  ID_ATTRIBUTE,
  EXTERNAL_ID_ATTRIBUTE,
  META_ATTRIBUTE,
]);
