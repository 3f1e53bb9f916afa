/** How attributes are named in error details: extension attributes carry their schema URN. */
import type { AttributeDefinition, SchemaDefinition } from '../schema/types';

export function attributeLabel(schema: SchemaDefinition, isCoreSchema: boolean, attribute: AttributeDefinition): string {
  return isCoreSchema ? attribute.name : `${schema.id}:${attribute.name}`;
}
