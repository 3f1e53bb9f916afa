/** seatsync's read-only license extension (CONTRACT.md "Member license states"). */
import { attribute } from './attribute-builders';
import { deepFreeze } from './deep-freeze';
import { LICENSE_USER_SCHEMA } from './schema-urns';
import type { SchemaDefinition } from './types';

export const LICENSE_STATES = Object.freeze([
  'provisioned',
  'pending',
  'active',
  'unassigned',
  'awaiting_license',
  'suspended',
  'deleted',
] as const);

export type LicenseState = (typeof LICENSE_STATES)[number];

export const LICENSE_USER_EXTENSION: SchemaDefinition = deepFreeze({
  id: LICENSE_USER_SCHEMA,
  name: 'LicenseUser',
  description: "The member's license state in seatsync; maintained by seatsync, never by the client.",
  attributes: [
    attribute('state', 'string', 'License state of the member.', {
      caseExact: true,
      mutability: 'readOnly',
      canonicalValues: [...LICENSE_STATES],
    }),
    attribute('heldSince', 'dateTime', 'When the member obtained the license it holds.', {
      mutability: 'readOnly',
    }),
    attribute('queuePosition', 'integer', '1-based position on the waiting list, only while awaiting_license.', {
      mutability: 'readOnly',
    }),
  ],
});
