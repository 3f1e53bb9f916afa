/**
 * How filter evaluation learns an attribute's type and case sensitivity without depending on
 * a particular schema registry (the registry's implementation is attributeLookupFor in
 * src/scim/schema/attribute-resolver.ts).
 */
import type { AttrPath } from './ast';
import type { AttributeDefinition } from '../schema/types';

/**
 * Returns the definition of the attribute that `path` designates (the sub-attribute's own
 * definition when `path.sub` is set), or undefined when it is unknown.
 *
 * Without `parent`, `path` is resolved against the resource's schemas (`path.uri` selects the
 * schema; a bare name means the core schema, and may fall back to the extensions because
 * Entra filters on `manager` without its URN). With `parent`, `path` is relative to that
 * complex attribute, as inside `emails[type eq "work"]` where `type` is looked up with the
 * `emails` definition as parent. Names compare case-insensitively (RFC 7643 §2.1).
 */
export type AttributeLookup = (path: AttrPath, parent?: AttributeDefinition) => AttributeDefinition | undefined;
