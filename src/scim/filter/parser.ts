/**
 * Recursive-descent parser for SCIM filters, RFC 7644 §3.4.2.2:
 *
 *   FILTER    = attrExp / logExp / valuePath / *1"not" "(" FILTER ")"
 *   valuePath = attrPath "[" valFilter "]"
 *   attrExp   = (attrPath SP "pr") / (attrPath SP compareOp SP compValue)
 *   attrPath  = [URI ":"] ATTRNAME *1subAttr
 *
 * Precedence is not > and > or; and/or chains are parsed in loops and flattened, so an `and`
 * node never directly contains another `and` (likewise `or`) and always has two or more
 * children. Beyond the ABNF this parser accepts the Microsoft Entra form
 * `emails[type eq "work"].value eq "x"`, returned as
 * `valuePath(emails, and(type eq "work", value eq "x"))`.
 *
 * Depth: every `(` (including the one that `not` requires) and every `[` opens one nesting
 * level; a filter may have at most `maxDepth` levels open at once. and/or need no budget of
 * their own: they are parsed iteratively and add at most two AST levels per bracket level, so
 * the AST of an accepted filter is at most 3 × (maxDepth + 1) + 1 nodes deep.
 */
import type { AppError } from '../../errors';
import { isPrototypeName } from '../schema/attribute-path-text';
import type { AttrPath, CompareOperator, FilterNode, FilterValue } from './ast';
import { excerpt, humanPosition, invalidFilter, tokenize, type Token } from './lexer';

export interface FilterLimits {
  /** Longest accepted filter, in UTF-16 code units (JavaScript string length). */
  maxLength?: number;
  /**
   * Most brackets (`(` or `[`) open at the same time; see the module comment. At most
   * MAX_CONFIGURABLE_FILTER_DEPTH.
   */
  maxDepth?: number;
}

export const DEFAULT_FILTER_LIMITS: Readonly<Required<FilterLimits>> = Object.freeze({
  maxLength: 4096,
  maxDepth: 16,
});

/**
 * The largest maxDepth a caller may configure. Parsing, printing and evaluating all recurse
 * once per level, so this keeps every consumer of the AST far from the stack limit.
 */
export const MAX_CONFIGURABLE_FILTER_DEPTH = 256;

const COMPARE_OPERATORS: ReadonlySet<string> = new Set<CompareOperator>([
  'eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le',
]);

/** Words that cannot be attribute names because they would make the grammar ambiguous. */
const RESERVED_WORDS: ReadonlySet<string> = new Set([
  ...COMPARE_OPERATORS, 'pr', 'and', 'or', 'not', 'true', 'false', 'null',
]);

const LITERALS: ReadonlyMap<string, boolean | null> = new Map<string, boolean | null>([
  ['true', true],
  ['false', false],
  ['null', null],
]);

const OPERATOR_LIST = 'eq, ne, co, sw, ew, gt, ge, lt, le or pr';
const VALUE_KINDS = 'a double-quoted string, a number, true, false or null';

/** ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA (RFC 7644 §3.4.2.2). */
const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
/** `$ref` is the one defined name outside ATTRNAME (RFC 7643 §2.3.7, e.g. members.$ref). */
const REFERENCE_NAME = '$ref';
const URN_SEGMENT = /^[A-Za-z0-9._-]+$/;

export function parseFilter(text: string, limits: FilterLimits = {}): FilterNode {
  const maxLength = limits.maxLength ?? DEFAULT_FILTER_LIMITS.maxLength;
  const maxDepth = limits.maxDepth ?? DEFAULT_FILTER_LIMITS.maxDepth;
  assertLimit('maxLength', maxLength, Number.MAX_SAFE_INTEGER);
  assertLimit('maxDepth', maxDepth, MAX_CONFIGURABLE_FILTER_DEPTH);
  if (typeof text !== 'string') {
    throw invalidFilter('The filter must be a string.');
  }
  if (text.length > maxLength) {
    throw invalidFilter(
      `The filter is ${text.length} characters long; the maximum is ${maxLength}. Use a shorter filter.`,
    );
  }
  if (text.trim() === '') {
    throw invalidFilter('The filter is empty; expected an expression such as userName eq "bjensen".');
  }
  return new FilterParser(tokenize(text), maxDepth).parseWholeFilter();
}

function assertLimit(name: string, value: number, ceiling: number): void {
  if (!Number.isInteger(value) || value < 1 || value > ceiling) {
    throw new RangeError(`parseFilter: ${name} must be an integer from 1 to ${ceiling}, got ${String(value)}`);
  }
}

/** Holds the cursor of one parse; a new instance is made per call. */
class FilterParser {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly maxDepth: number,
  ) {}

  parseWholeFilter(): FilterNode {
    const node = this.parseDisjunction(0, false);
    const next = this.peek();
    if (next.kind === 'end') return node;
    if (next.kind === ')') {
      throw invalidFilter(`Unbalanced parentheses: ')' at position ${humanPosition(next.start)} has no matching '('.`);
    }
    if (next.kind === ']') {
      throw invalidFilter(`Unbalanced brackets: ']' at position ${humanPosition(next.start)} has no matching '['.`);
    }
    throw invalidFilter(
      `Unexpected ${describe(next)} at position ${humanPosition(next.start)}: expected 'and', 'or' ` +
        `or the end of the filter.`,
    );
  }

  private parseDisjunction(depth: number, inValueFilter: boolean): FilterNode {
    const filters = [this.parseConjunction(depth, inValueFilter)];
    while (this.peekIsKeyword('or')) {
      this.advance();
      filters.push(this.parseConjunction(depth, inValueFilter));
    }
    return combine('or', filters);
  }

  private parseConjunction(depth: number, inValueFilter: boolean): FilterNode {
    const filters = [this.parseFactor(depth, inValueFilter)];
    while (this.peekIsKeyword('and')) {
      this.advance();
      filters.push(this.parseFactor(depth, inValueFilter));
    }
    return combine('and', filters);
  }

  private parseFactor(depth: number, inValueFilter: boolean): FilterNode {
    const token = this.peek();
    if (token.kind === '(') {
      return this.parseGroup(depth, inValueFilter);
    }
    if (token.kind === 'word' && token.text.toLowerCase() === 'not') {
      this.advance();
      if (this.peek().kind !== '(') {
        throw invalidFilter(
          `Expected '(' after 'not' at position ${humanPosition(token.start)}: RFC 7644 requires ` +
            `parentheses, e.g. not (userName eq "bjensen").`,
        );
      }
      return { kind: 'not', filter: this.parseGroup(depth, inValueFilter) };
    }
    if (token.kind === 'word') {
      this.advance();
      return this.parseAttributeExpression(token, depth, inValueFilter);
    }
    throw this.expectedExpression(token);
  }

  private expectedExpression(token: Token): AppError {
    const where = `position ${humanPosition(token.start)}`;
    const previous = this.index > 0 ? this.tokens[this.index - 1] : undefined;
    if (token.kind === 'end') {
      const after = previous ? ` after ${describe(previous)}` : '';
      return invalidFilter(`The filter ends too early${after}: expected an expression such as userName eq "bjensen".`);
    }
    if (token.kind === ')' && previous?.kind === '(') {
      return invalidFilter(`Empty parentheses at position ${humanPosition(previous.start)}: put a filter expression inside.`);
    }
    if (token.kind === ']' && previous?.kind === '[') {
      return invalidFilter(
        `Empty brackets at position ${humanPosition(previous.start)}: put a value filter inside, e.g. emails[type eq "work"].`,
      );
    }
    return invalidFilter(
      `Unexpected ${describe(token)} at ${where}: expected an attribute path, 'not' or '('.`,
    );
  }

  private parseGroup(depth: number, inValueFilter: boolean): FilterNode {
    const open = this.advance();
    this.enterLevel(depth, open);
    const inner = this.parseDisjunction(depth + 1, inValueFilter);
    this.expectClosing(')', open);
    return inner;
  }

  private parseAttributeExpression(
    pathToken: Token & { kind: 'word' },
    depth: number,
    inValueFilter: boolean,
  ): FilterNode {
    const path = parseAttrPath(pathToken);
    if (this.peek().kind !== '[') {
      return this.parseComparison(path, pathToken.text);
    }
    const open = this.advance();
    if (inValueFilter) {
      throw invalidFilter(
        `Nested value filter at position ${humanPosition(open.start)}: '${excerpt(pathToken.text)}[' cannot ` +
          `appear inside another '[...]'; SCIM value filters do not nest.`,
      );
    }
    this.enterLevel(depth, open);
    const inner = this.parseDisjunction(depth + 1, true);
    const close = this.expectClosing(']', open);
    const suffix = this.peek();
    // Microsoft Entra sends `emails[type eq "work"].value eq "x"`, which RFC 7644's ABNF lacks.
    if (suffix.kind === 'word' && suffix.start === close.end && suffix.text.startsWith('.')) {
      this.advance();
      const subAttribute = parseEntraSubAttribute(suffix);
      const condition = this.parseComparison({ attr: subAttribute }, `${pathToken.text}[...]${suffix.text}`);
      return { kind: 'valuePath', path, filter: combine('and', [inner, condition]) };
    }
    return { kind: 'valuePath', path, filter: inner };
  }

  private parseComparison(path: AttrPath, pathText: string): FilterNode {
    const operatorToken = this.peek();
    const shownPath = excerpt(pathText);
    if (operatorToken.kind === 'end') {
      throw invalidFilter(
        `Missing operator after '${shownPath}' at position ${humanPosition(operatorToken.start)}: ` +
          `expected ${OPERATOR_LIST}.`,
      );
    }
    if (operatorToken.kind !== 'word') {
      throw invalidFilter(
        `Expected an operator (${OPERATOR_LIST}) after '${shownPath}' at position ` +
          `${humanPosition(operatorToken.start)}, found ${describe(operatorToken)}.`,
      );
    }
    const operator = operatorToken.text.toLowerCase();
    if (operator === 'pr') {
      this.advance();
      this.rejectValueAfterPresent();
      return { kind: 'present', path };
    }
    if (!COMPARE_OPERATORS.has(operator)) {
      throw invalidFilter(
        `Unknown operator '${excerpt(operatorToken.text)}' at position ${humanPosition(operatorToken.start)} ` +
          `after '${shownPath}': expected ${OPERATOR_LIST}.`,
      );
    }
    this.advance();
    const value = this.parseValue(shownPath, operatorToken);
    return { kind: 'compare', path, op: operator as CompareOperator, value };
  }

  private rejectValueAfterPresent(): void {
    const next = this.peek();
    const isLiteralWord = next.kind === 'word' && LITERALS.has(next.text.toLowerCase());
    if (next.kind === 'string' || next.kind === 'number' || isLiteralWord) {
      throw invalidFilter(
        `'pr' (present) takes no value, but ${describe(next)} follows at position ${humanPosition(next.start)}; ` +
          `remove the value or use a comparison operator such as eq.`,
      );
    }
  }

  private parseValue(shownPath: string, operatorToken: Token & { kind: 'word' }): FilterValue {
    const token = this.peek();
    const operator = operatorToken.text;
    if (token.kind === 'string' || token.kind === 'number') {
      this.advance();
      return token.value;
    }
    if (token.kind === 'word') {
      const lowered = token.text.toLowerCase();
      const literal = LITERALS.get(lowered);
      if (literal !== undefined) {
        this.advance();
        return literal;
      }
      if (!RESERVED_WORDS.has(lowered)) {
        throw invalidFilter(
          `Unquoted value '${excerpt(token.text)}' at position ${humanPosition(token.start)}: string values ` +
            `must be in double quotes, e.g. ${shownPath} ${operator} "${excerpt(token.text)}" ` +
            `(some identity provider documentation shows unquoted values, but RFC 7644 requires quotes).`,
        );
      }
    }
    if (token.kind === 'end' || token.kind === 'word') {
      throw invalidFilter(
        `Missing value after '${shownPath} ${operator}' at position ${humanPosition(token.start)}: ` +
          `expected ${VALUE_KINDS}.`,
      );
    }
    throw invalidFilter(
      `Expected a value after '${shownPath} ${operator}' at position ${humanPosition(token.start)}, ` +
        `found ${describe(token)}: a value is ${VALUE_KINDS}.`,
    );
  }

  private enterLevel(depth: number, open: Token): void {
    if (depth + 1 > this.maxDepth) {
      throw invalidFilter(
        `The filter nests too deeply at position ${humanPosition(open.start)}: nesting is limited to ` +
          `${this.maxDepth} levels of parentheses and brackets. Simplify the filter.`,
      );
    }
  }

  private expectClosing(kind: ')' | ']', open: Token): Token {
    const token = this.peek();
    if (token.kind === kind) {
      return this.advance();
    }
    const opening = kind === ')' ? '(' : '[';
    const name = kind === ')' ? 'parenthesis' : 'bracket';
    if (token.kind === 'end') {
      throw invalidFilter(
        `Missing '${kind}': the '${opening}' at position ${humanPosition(open.start)} is never closed.`,
      );
    }
    throw invalidFilter(
      `Expected 'and', 'or' or the closing ${name} '${kind}' for the '${opening}' at position ` +
        `${humanPosition(open.start)}, found ${describe(token)} at position ${humanPosition(token.start)}.`,
    );
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private peekIsKeyword(keyword: 'and' | 'or'): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.text.toLowerCase() === keyword;
  }

  private advance(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index += 1;
    return token;
  }
}

function combine(kind: 'and' | 'or', filters: FilterNode[]): FilterNode {
  if (filters.length === 1) return filters[0];
  const flattened: FilterNode[] = [];
  for (const filter of filters) {
    if (filter.kind === kind) flattened.push(...filter.filters);
    else flattened.push(filter);
  }
  return { kind, filters: flattened };
}

/**
 * Splits `[URN ":"] attr ["." sub]`. The URN is everything before the last colon, so dots
 * inside it (`...:2.0:User`) never count as sub-attribute separators (RFC 7644 §3.10).
 */
function parseAttrPath(token: Token & { kind: 'word' }): AttrPath {
  const text = token.text;
  const where = `position ${humanPosition(token.start)}`;
  const lowered = text.toLowerCase();
  if (RESERVED_WORDS.has(lowered)) {
    throw invalidFilter(`Expected an attribute path at ${where}, found the keyword '${excerpt(text)}'.`);
  }
  const lastColon = text.lastIndexOf(':');
  const uri = lastColon >= 0 ? text.slice(0, lastColon) : undefined;
  const rest = lastColon >= 0 ? text.slice(lastColon + 1) : text;
  if (uri !== undefined) {
    assertSchemaUrn(uri, text, where);
    if (rest === '') {
      throw invalidFilter(
        `Attribute path '${excerpt(text)}' at ${where} ends with ':'; expected an attribute name after the schema URN.`,
      );
    }
  }
  const names = rest.split('.');
  if (names.length > 2) {
    throw invalidFilter(
      `Attribute path '${excerpt(text)}' at ${where} has too many levels: SCIM paths are attribute or ` +
        `attribute.subAttribute, optionally prefixed with a schema URN.`,
    );
  }
  for (const name of names) {
    assertAttributeName(name, text, where);
  }
  const [attr, sub] = names;
  const path: AttrPath = uri === undefined ? { attr } : { uri, attr };
  if (sub !== undefined) path.sub = sub;
  return path;
}

function parseEntraSubAttribute(token: Token & { kind: 'word' }): string {
  const name = token.text.slice(1);
  if (!isAttributeName(name)) {
    throw invalidFilter(
      `Invalid sub-attribute '${excerpt(token.text)}' after ']' at position ${humanPosition(token.start)}: ` +
        `expected one name such as .value.`,
    );
  }
  return name;
}

function assertSchemaUrn(uri: string, path: string, where: string): void {
  const segments = uri.split(':');
  const valid =
    segments.length >= 3 &&
    segments[0].toLowerCase() === 'urn' &&
    segments.every((segment) => URN_SEGMENT.test(segment));
  if (!valid) {
    throw invalidFilter(
      `Attribute path '${excerpt(path)}' at ${where} has an invalid schema prefix '${excerpt(uri)}': ` +
        `expected a URN such as urn:ietf:params:scim:schemas:core:2.0:User followed by ':' and the attribute name.`,
    );
  }
}

function assertAttributeName(name: string, path: string, where: string): void {
  if (isPrototypeName(name)) {
    throw invalidFilter(`Attribute path '${excerpt(path)}' at ${where} names '${excerpt(name)}', which is not an attribute.`);
  }
  if (!isAttributeName(name)) {
    const shown = name === '' ? 'an empty name' : `'${excerpt(name)}'`;
    throw invalidFilter(
      `Attribute path '${excerpt(path)}' at ${where} contains ${shown}: attribute names start with a ` +
        `letter followed by letters, digits, '-' or '_'.`,
    );
  }
}

/** Prototype names (`constructor`, `prototype`) are refused too: see attribute-path-text.ts. */
function isAttributeName(name: string): boolean {
  return (ATTRIBUTE_NAME.test(name) && !isPrototypeName(name)) || name.toLowerCase() === REFERENCE_NAME;
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'word':
      return `'${excerpt(token.text)}'`;
    case 'string':
      return `string ${excerpt(JSON.stringify(token.value))}`;
    case 'number':
      return `number ${excerpt(token.text)}`;
    case 'end':
      return 'end of filter';
    default:
      return `'${token.kind}'`;
  }
}
