/** The /ResourceTypes entries (RFC 7643 §6) and the schemas each resource type is made of. */
import { deepFreeze } from './deep-freeze';
import { ENTERPRISE_USER_EXTENSION } from './enterprise-user-schema';
import { GROUP_SCHEMA } from './group-schema';
import { LICENSE_USER_EXTENSION } from './license-extension-schema';
import {
  CORE_GROUP_SCHEMA,
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
  LICENSE_USER_SCHEMA,
} from './schema-urns';
import type { ResourceTypeDefinition, SchemaDefinition } from './types';
import { USER_SCHEMA } from './user-schema';

export type ResourceTypeName = ResourceTypeDefinition['name'];

export const USER_RESOURCE_TYPE: ResourceTypeDefinition = deepFreeze({
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: CORE_USER_SCHEMA,
  schemaExtensions: [
    { schema: ENTERPRISE_USER_SCHEMA, required: false },
    { schema: LICENSE_USER_SCHEMA, required: false },
  ],
});

export const GROUP_RESOURCE_TYPE: ResourceTypeDefinition = deepFreeze({
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: CORE_GROUP_SCHEMA,
  schemaExtensions: [],
});

export interface ResourceSchemas {
  readonly definition: ResourceTypeDefinition;
  readonly core: SchemaDefinition;
  /** In the order of `definition.schemaExtensions`. */
  readonly extensions: readonly SchemaDefinition[];
}

const RESOURCE_SCHEMAS: Readonly<Record<ResourceTypeName, ResourceSchemas>> = deepFreeze({
  User: { definition: USER_RESOURCE_TYPE, core: USER_SCHEMA, extensions: [ENTERPRISE_USER_EXTENSION, LICENSE_USER_EXTENSION] },
  Group: { definition: GROUP_RESOURCE_TYPE, core: GROUP_SCHEMA, extensions: [] },
});

export function schemasOfResourceType(resourceType: ResourceTypeName): ResourceSchemas {
  return RESOURCE_SCHEMAS[resourceType];
}

/** Every schema seatsync defines, for /Schemas. */
export const ALL_SCHEMAS: readonly SchemaDefinition[] = Object.freeze([
  USER_SCHEMA,
  ENTERPRISE_USER_EXTENSION,
  LICENSE_USER_EXTENSION,
  GROUP_SCHEMA,
]);
