/** Enterprise User extension, RFC 7643 §4.3 and §8.7.1. */
import { attribute, complexAttribute } from './attribute-builders';
import { deepFreeze } from './deep-freeze';
import { ENTERPRISE_USER_SCHEMA } from './schema-urns';
import type { AttributeDefinition, SchemaDefinition } from './types';

/** Exported so normalisation can recognise it: IdPs send it in three shapes (research §4 row 10). */
export const MANAGER_ATTRIBUTE: AttributeDefinition = deepFreeze(
  complexAttribute("manager", "The user's manager.", [
    attribute('value', 'string', 'The id of the SCIM resource representing the manager.'),
    attribute('$ref', 'reference', 'The URI of the SCIM resource representing the manager.', {
      referenceTypes: ['User'],
    }),
    attribute('displayName', 'string', "The displayName of the user's manager.", { mutability: 'readOnly' }),
  ]),
);

export const ENTERPRISE_USER_EXTENSION: SchemaDefinition = deepFreeze({
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute('employeeNumber', 'string', 'Numeric or alphanumeric identifier assigned to a person.'),
    attribute('costCenter', 'string', 'Identifies the name of a cost center.'),
    attribute('organization', 'string', 'Identifies the name of an organization.'),
    attribute('division', 'string', 'Identifies the name of a division.'),
    attribute('department', 'string', 'Identifies the name of a department.'),
    MANAGER_ATTRIBUTE,
  ],
});
