/**
 * Parses the textual attribute path of RFC 7644 §3.10 / §3.4.2.2 without filters:
 *   attrPath = [URI ":"] ATTRNAME *1subAttr
 * used for PATCH paths, no-path PATCH value keys and the attributes/excludedAttributes lists.
 */
import type { AttrPath } from '../filter/ast';

/** ATTRNAME = ALPHA *(nameChar); `$ref` is the one defined name outside it (RFC 7643 §2.3.7). */
const ATTRIBUTE_NAME = /^(?:[A-Za-z][A-Za-z0-9_-]*|\$ref)$/;
const URN_PREFIX = /^urn:/i;

/**
 * Names every object inherits: no schema defines them, and a lookup of one in a plain object
 * finds Object.prototype's member instead of nothing. Refused here, in the one parser of
 * paths, so no consumer can ever look one up (research §A3, scim-patch GHSA-9m6g-wc8r-q59c).
 */
export function isPrototypeName(text: string): boolean {
  const lowered = text.toLowerCase();
  return lowered === 'constructor' || lowered === 'prototype' || lowered === '__proto__';
}

export function isAttributeName(text: string): boolean {
  return ATTRIBUTE_NAME.test(text) && !isPrototypeName(text);
}

/** Returns undefined when `text` is not a syntactically valid attribute path. */
export function parseAttributePathText(text: string): AttrPath | undefined {
  let uri: string | undefined;
  let rest = text;
  if (URN_PREFIX.test(text)) {
    // The URN itself contains ':' and '.', so the attribute starts after the last ':'.
    const lastColon = text.lastIndexOf(':');
    uri = text.slice(0, lastColon);
    rest = text.slice(lastColon + 1);
    if (uri.length <= 'urn:'.length) return undefined;
  }
  const parts = rest.split('.');
  if (parts.length > 2 || !parts.every(isAttributeName)) return undefined;
  const [attr, sub] = parts;
  return {
    ...(uri === undefined ? {} : { uri }),
    attr,
    ...(sub === undefined ? {} : { sub }),
  };
}

/**
 * The schema URN a path may spell out whole: `urn:...:2.0:User` parses as uri `urn:...:2.0`
 * and attr `User`, and that pair may itself be a schema id.
 */
export function schemaUrnSpelledBy(path: AttrPath): string | undefined {
  return path.uri === undefined ? undefined : `${path.uri}:${path.attr}`;
}
