/**
 * Resolves a parsed PATCH path (or a key of a no-path value) to what it addresses.
 * Decisions:
 *  - a path under a schema URN seatsync does not know is ignored, like unknown schema URNs in
 *    POST/PUT bodies (research §4 row 13): an IdP mapping a custom extension must not fail
 *    every update;
 *  - an unknown attribute of a known schema is INVALID_PATH (RFC 7644 §3.12 invalidPath);
 *  - a whole schema URN addresses the extension object (`urn:...:enterprise:2.0:User`);
 *  - the pre-2018 Entra spelling `urn:...:enterprise:2.0:User.manager` (research §1.3) is read
 *    as `urn:...:enterprise:2.0:User:manager`.
 */
import { AppError } from '../../errors';
import type { FilterNode } from '../filter/ast';
import { findSchema, isCoreSchema, isKnownSchemaUrn, resolveAttribute } from '../schema/attribute-resolver';
import { schemaUrnSpelledBy } from '../schema/attribute-path-text';
import type { ResourceTypeName } from '../schema/resource-types';
import type { AttributeDefinition, SchemaDefinition } from '../schema/types';
import { canonicalElementFilter } from './element-filter';
import type { PatchPath } from './patch-types';

export interface AttributeTarget {
  kind: 'attribute';
  schema: SchemaDefinition;
  isCoreSchema: boolean;
  attribute: AttributeDefinition;
  subAttribute?: AttributeDefinition;
  /** Canonical value filter (sub-attribute names in schema spelling, boolean strings coerced). */
  filter?: FilterNode;
  /** The path as written, for error details. */
  label: string;
}

export interface SchemaTarget {
  kind: 'schema';
  schema: SchemaDefinition;
  isCoreSchema: boolean;
  label: string;
}

export type PatchTarget = AttributeTarget | SchemaTarget | { kind: 'ignored' };

export function resolvePatchTarget(resourceType: ResourceTypeName, path: PatchPath): PatchTarget {
  const { attrPath, filter, text } = path;
  const spelledUrn = schemaUrnSpelledBy(attrPath);
  const spelledSchema = spelledUrn === undefined ? undefined : findSchema(resourceType, spelledUrn);
  if (spelledSchema !== undefined) {
    if (attrPath.sub === undefined && filter === undefined) {
      return { kind: 'schema', schema: spelledSchema, isCoreSchema: isCoreSchema(resourceType, spelledSchema), label: text };
    }
    if (attrPath.sub !== undefined) {
      return resolvePatchTarget(resourceType, { text, attrPath: { uri: spelledSchema.id, attr: attrPath.sub }, filter });
    }
  }
  if (attrPath.uri !== undefined && !isKnownSchemaUrn(attrPath.uri) && !(spelledUrn && isKnownSchemaUrn(spelledUrn))) {
    return { kind: 'ignored' };
  }
  const resolved = resolveAttribute(resourceType, attrPath);
  if (resolved === undefined) {
    throw new AppError('INVALID_PATH', `The path ${JSON.stringify(text)} does not name an attribute of a ${resourceType}; /Schemas lists the attribute names seatsync supports.`);
  }
  const target: AttributeTarget = {
    kind: 'attribute',
    schema: resolved.schema,
    isCoreSchema: resolved.isCoreSchema,
    attribute: resolved.attribute,
    label: text,
  };
  if (resolved.subAttribute !== undefined) target.subAttribute = resolved.subAttribute;
  if (filter !== undefined) {
    if (!resolved.attribute.multiValued) {
      throw new AppError(
        'INVALID_PATH',
        `The path ${JSON.stringify(text)} filters "${resolved.attribute.name}", which is single-valued; filters "[...]" apply to multi-valued attributes.`,
      );
    }
    target.filter = canonicalElementFilter(resolved.attribute, filter, text);
  }
  return target;
}
