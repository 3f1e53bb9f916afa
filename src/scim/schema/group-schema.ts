/** Core Group schema, RFC 7643 §4.2 and §8.7.1. */
import { attribute, complexAttribute } from './attribute-builders';
import { deepFreeze } from './deep-freeze';
import { CORE_GROUP_SCHEMA } from './schema-urns';
import type { AttributeDefinition, SchemaDefinition } from './types';

/** "sub-attributes of members are immutable" (RFC 7643 §4.2): members are added or removed whole. */
export const MEMBERS_ATTRIBUTE: AttributeDefinition = deepFreeze(
  complexAttribute('members', 'A list of members of the Group.', [
    attribute('value', 'string', 'Identifier of the member of this Group.', {
      caseExact: true,
      mutability: 'immutable',
    }),
    attribute('$ref', 'reference', 'The URI of the member resource.', {
      caseExact: true,
      mutability: 'immutable',
      referenceTypes: ['User', 'Group'],
    }),
    // Read-only: seatsync does not keep a per-membership label (a member is a reference to a User).
    attribute('display', 'string', 'A human-readable name of the member.', { mutability: 'readOnly' }),
    attribute('type', 'string', 'The type of the member.', {
      mutability: 'immutable',
      canonicalValues: ['User', 'Group'],
    }),
  ], { multiValued: true }),
);

export const GROUP_SCHEMA: SchemaDefinition = deepFreeze({
  id: CORE_GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    attribute('displayName', 'string', 'A human-readable name for the Group.', {
      required: true,
      uniqueness: 'server',
    }),
    MEMBERS_ATTRIBUTE,
  ],
});
