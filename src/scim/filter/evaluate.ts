/**
 * In-memory evaluation of filter ASTs (RFC 7644 §3.4.2.2), used where data is already loaded,
 * such as PATCH value paths (`emails[type eq "work"]`, `members[value eq "..."]`).
 *
 * A filter is first compiled into a predicate; compilation checks every comparison against
 * the attribute's definition, so an invalid filter (e.g. `active gt true`) fails with
 * INVALID_FILTER whatever data it would be applied to.
 */
import { AppError } from '../../errors';
import type { AttributeDefinition } from '../schema/types';
import type { AttrPath, CompareOperator, FilterNode, FilterValue } from './ast';
import type { AttributeLookup } from './attribute-lookup';
import { printAttrPath } from './print';

export type ResourcePredicate = (resource: Record<string, unknown>) => boolean;

type Resource = Record<string, unknown>;
type ValueReader = (container: Resource) => unknown[];
type LeafOperator = Exclude<CompareOperator, 'ne'>;
type LeafMatcher = (stored: unknown) => boolean;

interface Scope {
  lookup: AttributeLookup;
  /** True inside `attr[...]`: paths are relative to one element of `attr`. */
  relative: boolean;
  /** Definition of the attribute whose elements a relative scope filters, when known. */
  parent?: AttributeDefinition;
}

/** Paths with this URN prefix address the resource's top level, like bare attribute names. */
const CORE_SCHEMA_PREFIX = 'urn:ietf:params:scim:schemas:core:';

export function matchesFilter(node: FilterNode, resource: Record<string, unknown>, lookup: AttributeLookup): boolean {
  return compileFilter(node, lookup)(resource);
}

/** Validates `node` once and returns a predicate to apply to many resources or elements. */
export function compileFilter(node: FilterNode, lookup: AttributeLookup): ResourcePredicate {
  return compileNode(node, { lookup, relative: false });
}

/**
 * For PATCH paths such as `emails[type eq "work"]` or `members[value eq "..."]`: a predicate
 * on one element of the multi-valued `attribute`, with the paths in `filter` relative to the
 * element and typed by `attribute`'s sub-attributes.
 */
export function compileValueFilter(filter: FilterNode, attribute: AttrPath, lookup: AttributeLookup): ResourcePredicate {
  return compileNode(filter, { lookup, relative: true, parent: lookup(attribute) });
}

function compileNode(node: FilterNode, scope: Scope): ResourcePredicate {
  switch (node.kind) {
    case 'and': {
      const predicates = node.filters.map((filter) => compileNode(filter, scope));
      return (container) => predicates.every((predicate) => predicate(container));
    }
    case 'or': {
      const predicates = node.filters.map((filter) => compileNode(filter, scope));
      return (container) => predicates.some((predicate) => predicate(container));
    }
    case 'not': {
      const predicate = compileNode(node.filter, scope);
      return (container) => !predicate(container);
    }
    case 'present': {
      const read = valueReader(node.path, scope);
      return (container) => read(container).some(isPresent);
    }
    case 'compare':
      return compileComparison(node.path, node.op, node.value, scope);
    case 'valuePath': {
      const read = valueReader(node.path, scope);
      const elementScope: Scope = { lookup: scope.lookup, relative: true, parent: definitionOf(node.path, scope) };
      const predicate = compileNode(node.filter, elementScope);
      return (container) => read(container).some((element) => isRecord(element) && predicate(element));
    }
  }
}

function compileComparison(path: AttrPath, op: CompareOperator, value: FilterValue, scope: Scope): ResourcePredicate {
  const pathText = printAttrPath(path);
  let read = valueReader(path, scope);
  if (value === null) {
    return compileNullComparison(op, read, pathText);
  }
  let definition = definitionOf(path, scope);
  if (definition?.type === 'complex') {
    // `emails co "example.com"` (RFC 7644 §3.4.2.2 examples) compares the `value` sub-attribute.
    const valueDefinition =
      path.sub === undefined && !isOrdering(op) ? definitionOf({ ...path, sub: 'value' }, scope) : undefined;
    if (valueDefinition === undefined) {
      throw invalidFilter(
        `Cannot use '${op}' on '${pathText}': it is a complex attribute; compare one of its sub-attributes ` +
          `instead (e.g. ${pathText}.${definition.subAttributes?.[0]?.name ?? 'value'}).`,
      );
    }
    const readElements = read;
    // A scalar element counts as its own value (Entra sends `manager` as a bare id string).
    read = (container) =>
      readElements(container).flatMap((element) =>
        isRecord(element) ? asList(getCaseInsensitive(element, 'value')) : [element],
      );
    definition = valueDefinition;
  }
  const matches = leafMatcher(op === 'ne' ? 'eq' : op, value, definition, pathText);
  // `ne` is the negation of `eq`: an absent attribute is "not equal", and a multi-valued
  // attribute is "not equal" only when no value equals (the same semantics as MongoDB's $ne).
  return op === 'ne' ? (container) => !read(container).some(matches) : (container) => read(container).some(matches);
}

function compileNullComparison(op: CompareOperator, read: ValueReader, pathText: string): ResourcePredicate {
  if (op === 'eq') return (container) => !read(container).some(isPresent);
  if (op === 'ne') return (container) => read(container).some(isPresent);
  throw invalidFilter(
    `Cannot use '${op}' with null on '${pathText}': null only works with eq and ne; use '${pathText} pr' ` +
      `to test for a value.`,
  );
}

function leafMatcher(
  op: LeafOperator,
  value: string | number | boolean,
  definition: AttributeDefinition | undefined,
  pathText: string,
): LeafMatcher {
  switch (definition?.type ?? 'string') {
    case 'boolean':
      return booleanMatcher(op, value, pathText);
    case 'integer':
    case 'decimal':
      return numberMatcher(op, value, pathText);
    case 'dateTime':
      return dateTimeMatcher(op, value, pathText);
    case 'binary':
      // RFC 7644 §3.4.2.2: gt/ge/lt/le on Boolean and Binary attributes fail with invalidFilter.
      if (isOrdering(op)) throw unsupportedOperator(op, pathText, 'a binary', 'eq, ne, co, sw, ew and pr');
      return stringMatcher(op, value, true);
    case 'complex':
      throw invalidFilter(`Cannot use '${op}' on '${pathText}': it is a complex attribute; compare a sub-attribute instead.`);
    case 'string':
    case 'reference':
      return stringMatcher(op, value, definition?.caseExact ?? false);
  }
}

function booleanMatcher(op: LeafOperator, value: string | number | boolean, pathText: string): LeafMatcher {
  if (op !== 'eq') throw unsupportedOperator(op, pathText, 'a boolean', 'eq, ne and pr');
  // Entra's validator sends booleans as the strings "True"/"False" (roles[primary eq "True"]).
  const expected = toBoolean(value);
  if (expected === undefined) {
    throw invalidFilter(`'${pathText}' is a boolean attribute: compare it with true or false, not ${JSON.stringify(value)}.`);
  }
  return (stored) => toBoolean(stored) === expected;
}

function numberMatcher(op: LeafOperator, value: string | number | boolean, pathText: string): LeafMatcher {
  if (isSubstring(op)) throw unsupportedOperator(op, pathText, 'a numeric', 'eq, ne, gt, ge, lt, le and pr');
  const expected = toNumber(value);
  if (expected === undefined) {
    throw invalidFilter(`'${pathText}' is a numeric attribute: compare it with a number such as 42, not ${JSON.stringify(value)}.`);
  }
  return (stored) => {
    const actual = toNumber(stored);
    return actual !== undefined && compareOrdered(op, actual, expected);
  };
}

function dateTimeMatcher(op: LeafOperator, value: string | number | boolean, pathText: string): LeafMatcher {
  if (isSubstring(op)) {
    const matchesText = stringMatcher(op, value, false);
    return (stored) => matchesText(stored instanceof Date ? stored.toISOString() : stored);
  }
  const expected = typeof value === 'string' ? parseDateTime(value) : undefined;
  if (expected === undefined) {
    throw invalidFilter(
      `'${pathText}' is a dateTime attribute: compare it with a quoted ISO 8601 date-time such as ` +
        `"2024-01-31T12:00:00Z", not ${JSON.stringify(value)}.`,
    );
  }
  return (stored) => {
    const actual = toInstant(stored);
    return actual !== undefined && compareOrdered(op, actual, expected);
  };
}

/**
 * Strings compare case-insensitively unless caseExact (RFC 7643 §2.2), after NFKC
 * normalisation (RFC 7644 §7.8): the same folding as the uniqueness keys of userName and
 * displayName (src/directory/fold-key.ts), so `userName eq "ｊｏｈｎ"` finds the "john" that
 * a POST of "ｊｏｈｎ" collides with. Scalars of other types found under a string (or unknown)
 * attribute compare by their text, except that two numbers compare numerically.
 */
function stringMatcher(op: LeafOperator, value: string | number | boolean, caseExact: boolean): LeafMatcher {
  const fold = caseExact ? (text: string) => text : (text: string) => text.normalize('NFKC').toLowerCase();
  const expected = fold(String(value));
  return (stored) => {
    if (typeof stored === 'number' && typeof value === 'number' && !isSubstring(op)) {
      return compareOrdered(op, stored, value);
    }
    if (typeof stored === 'string' || typeof stored === 'number' || typeof stored === 'boolean') {
      return compareText(op, fold(String(stored)), expected);
    }
    return false;
  };
}

function compareText(op: LeafOperator, actual: string, expected: string): boolean {
  switch (op) {
    case 'co':
      return actual.includes(expected);
    case 'sw':
      return actual.startsWith(expected);
    case 'ew':
      return actual.endsWith(expected);
    default:
      return compareOrdered(op, actual, expected);
  }
}

function compareOrdered<T extends string | number>(op: LeafOperator, actual: T, expected: T): boolean {
  switch (op) {
    case 'eq':
      return actual === expected;
    case 'gt':
      return actual > expected;
    case 'ge':
      return actual >= expected;
    case 'lt':
      return actual < expected;
    case 'le':
      return actual <= expected;
    default:
      return false;
  }
}

function isOrdering(op: CompareOperator): boolean {
  return op === 'gt' || op === 'ge' || op === 'lt' || op === 'le';
}

function isSubstring(op: CompareOperator): boolean {
  return op === 'co' || op === 'sw' || op === 'ew';
}

function unsupportedOperator(op: CompareOperator, pathText: string, kind: string, allowed: string): AppError {
  return invalidFilter(`Cannot use '${op}' on '${pathText}': it is ${kind} attribute, which supports only ${allowed}.`);
}

function invalidFilter(detail: string): AppError {
  return new AppError('INVALID_FILTER', detail);
}

function definitionOf(path: AttrPath, scope: Scope): AttributeDefinition | undefined {
  if (!scope.relative) return scope.lookup(path);
  return scope.parent === undefined ? undefined : scope.lookup(path, scope.parent);
}

function valueReader(path: AttrPath, scope: Scope): ValueReader {
  const relative = scope.relative;
  return (container) => {
    const holders = holdersOf(container, path, relative);
    const values = holders.flatMap((holder) => asList(getCaseInsensitive(holder, path.attr)));
    const sub = path.sub;
    if (sub === undefined) return values;
    return values.flatMap((value) => (isRecord(value) ? asList(getCaseInsensitive(value, sub)) : []));
  };
}

/**
 * The objects that may hold `path.attr`. A URN prefix selects the extension object stored
 * under that URN key (RFC 7644 §3.10), or the top level for a core schema URN. A bare name at
 * the top level that the resource lacks is searched in its extension objects, because Entra
 * filters on `manager` without the enterprise URN.
 */
function holdersOf(container: Resource, path: AttrPath, relative: boolean): Resource[] {
  if (path.uri !== undefined) {
    const extension = getCaseInsensitive(container, path.uri);
    if (isRecord(extension)) return [extension];
    return path.uri.toLowerCase().startsWith(CORE_SCHEMA_PREFIX) ? [container] : [];
  }
  if (relative || findKey(container, path.attr) !== undefined) return [container];
  return Object.keys(container)
    .filter((key) => key.toLowerCase().startsWith('urn:'))
    .map((key) => container[key])
    .filter(isRecord);
}

function getCaseInsensitive(record: Resource, name: string): unknown {
  const key = findKey(record, name);
  return key === undefined ? undefined : record[key];
}

function findKey(record: Resource, name: string): string | undefined {
  if (Object.hasOwn(record, name)) return name;
  const lowered = name.toLowerCase();
  return Object.keys(record).find((key) => key.toLowerCase() === lowered);
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined ? [] : [value];
}

function isRecord(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** `pr` (RFC 7644 §3.4.2.2): null, "", [] and {} (or an object holding only such values) are absent. */
function isPresent(value: unknown): boolean {
  if (isRecord(value)) return Object.values(value).some(isNonEmptyLeaf);
  return isNonEmptyLeaf(value);
}

function isNonEmptyLeaf(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isRecord(value)) return Object.keys(value).length > 0;
  return true;
}

function toBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const lowered = value.toLowerCase();
  return lowered === 'true' ? true : lowered === 'false' ? false : undefined;
}

const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !JSON_NUMBER.test(value)) return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function toInstant(value: unknown): number | undefined {
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time) ? undefined : time;
  }
  return typeof value === 'string' ? parseDateTime(value) : undefined;
}

/**
 * xsd:dateTime as RFC 7643 §2.3.5 requires, plus a bare date; a missing zone means UTC.
 * Instants have millisecond precision (further fraction digits are ignored).
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):(\d{2}))?)?$/;

function parseDateTime(text: string): number | undefined {
  const match = DATE_TIME.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '', , sign, offsetHours, offsetMinutes] =
    match;
  const date = new Date(0);
  date.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), Number(fraction.padEnd(3, '0').slice(0, 3)));
  const fieldsRoundTrip =
    date.getUTCFullYear() === Number(year) &&
    date.getUTCMonth() === Number(month) - 1 &&
    date.getUTCDate() === Number(day) &&
    date.getUTCHours() === Number(hour) &&
    date.getUTCMinutes() === Number(minute) &&
    date.getUTCSeconds() === Number(second);
  if (!fieldsRoundTrip) return undefined;
  if (sign === undefined) return date.getTime();
  if (Number(offsetHours) > 23 || Number(offsetMinutes) > 59) return undefined;
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return sign === '+' ? date.getTime() - offset : date.getTime() + offset;
}
