/**
 * Parses a PATCH path, RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr], e.g.
 * `name.familyName`, `emails[type eq "work"].value`, `members[value eq "id"]`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`. The text inside the
 * brackets goes to the filter parser, whose INVALID_FILTER errors pass through unchanged
 * (RFC 7644 §3.12 lists invalidFilter for PATCH path filters).
 */
import { AppError } from '../../errors';
import { parseFilter } from '../filter/parser';
import { isAttributeName, parseAttributePathText } from '../schema/attribute-path-text';
import type { PatchPath } from './patch-types';

function invalidPath(text: string, reason: string): AppError {
  return new AppError('INVALID_PATH', `The path ${JSON.stringify(text)} is not valid: ${reason}.`);
}

export function parsePatchPath(text: string): PatchPath {
  const trimmed = text.trim();
  const open = trimmed.indexOf('[');
  if (open === -1) {
    const attrPath = parseAttributePathText(trimmed);
    if (attrPath === undefined) {
      throw invalidPath(text, 'write an attribute name, optionally with a schema URN prefix and one ".subAttribute"');
    }
    return { text, attrPath };
  }
  const close = closingBracketIndex(trimmed, open);
  if (close === -1) throw invalidPath(text, 'the "[" has no matching "]"');
  const attrPath = parseAttributePathText(trimmed.slice(0, open));
  if (attrPath === undefined || attrPath.sub !== undefined) {
    throw invalidPath(text, 'a filter "[...]" must follow a multi-valued attribute name such as emails');
  }
  const tail = trimmed.slice(close + 1);
  if (tail !== '') {
    const sub = tail.slice(1);
    if (!tail.startsWith('.') || !isAttributeName(sub)) {
      throw invalidPath(text, 'after "]" only ".subAttribute" may follow');
    }
    attrPath.sub = sub;
  }
  return { text, attrPath, filter: parseFilter(trimmed.slice(open + 1, close)) };
}

/** Index of the "]" closing the "[" at `open`, skipping quoted strings; -1 when there is none. */
function closingBracketIndex(text: string, open: number): number {
  let inString = false;
  for (let index = open + 1; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === ']') {
      return index;
    } else if (char === '[') {
      return -1;
    }
  }
  return -1;
}
