/**
 * Tokenizer for SCIM filters (RFC 7644 §3.4.2.2). It runs in one left-to-right pass without
 * regular expressions over the input, so its cost is linear in the filter length.
 *
 * Positions in tokens are 0-based offsets into the text; error details show them 1-based
 * ("position 1" is the first character), which is what a person counting characters expects.
 */
import { AppError } from '../../errors';

export type PunctuationKind = '(' | ')' | '[' | ']';

interface TokenSpan {
  /** 0-based offset of the first character. */
  start: number;
  /** 0-based offset just after the last character. */
  end: number;
}

export type Token =
  | (TokenSpan & { kind: 'word'; text: string })
  | (TokenSpan & { kind: 'string'; value: string })
  | (TokenSpan & { kind: 'number'; value: number; text: string })
  | (TokenSpan & { kind: PunctuationKind })
  | (TokenSpan & { kind: 'end' });

const MAX_ECHOED_CHARS = 80;

/** Shortens user input before it is echoed in an error detail. */
export function excerpt(text: string): string {
  return text.length <= MAX_ECHOED_CHARS ? text : `${text.slice(0, MAX_ECHOED_CHARS)}…`;
}

/** 1-based position for error details. */
export function humanPosition(offset: number): number {
  return offset + 1;
}

export function invalidFilter(detail: string): AppError {
  return new AppError('INVALID_FILTER', detail);
}

export function tokenize(text: string): Token[] {
  rejectControlCharactersAndBrokenUnicode(text);
  const tokens: Token[] = [];
  let offset = 0;
  while (offset < text.length) {
    const char = text[offset];
    if (char === ' ') {
      offset += 1;
    } else if (char === '(' || char === ')' || char === '[' || char === ']') {
      tokens.push({ kind: char, start: offset, end: offset + 1 });
      offset += 1;
    } else if (char === '"') {
      const token = readString(text, offset);
      tokens.push(token);
      offset = token.end;
    } else if (char === '-' || isDigit(char)) {
      const token = readNumber(text, offset);
      tokens.push(token);
      offset = token.end;
    } else if (isWordStart(char)) {
      const end = endOfWord(text, offset);
      tokens.push({ kind: 'word', text: text.slice(offset, end), start: offset, end });
      offset = end;
    } else {
      throw unexpectedCharacter(char, offset);
    }
  }
  tokens.push({ kind: 'end', start: text.length, end: text.length });
  return tokens;
}

function unexpectedCharacter(char: string, offset: number): AppError {
  const where = `position ${humanPosition(offset)}`;
  if (char === "'") {
    return invalidFilter(
      `Unexpected single quote at ${where}: string values must be in double quotes, e.g. userName eq "bjensen".`,
    );
  }
  return invalidFilter(
    `Unexpected character '${char}' at ${where}: a filter is made of attribute paths, ` +
      `operators (eq, ne, co, sw, ew, gt, ge, lt, le, pr, and, or, not), quoted strings, numbers, ` +
      `true/false/null, parentheses and square brackets.`,
  );
}

/**
 * Control characters (C0, DEL, C1) are never meaningful in a filter, and unpaired surrogates
 * cannot be encoded for storage; both are rejected anywhere in the text, strings included
 * (inside strings a control character can still be written as a JSON escape such as \n).
 */
function rejectControlCharactersAndBrokenUnicode(text: string): void {
  for (let offset = 0; offset < text.length; offset += 1) {
    const code = text.charCodeAt(offset);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      throw invalidFilter(
        `Control character U+${hex4(code)} at position ${humanPosition(offset)} is not allowed in a filter; ` +
          `separate tokens with spaces and write control characters inside strings as JSON escapes (e.g. \\n).`,
      );
    }
    if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(offset + 1))) {
      offset += 1;
    } else if (isHighSurrogate(code) || isLowSurrogate(code)) {
      throw invalidFilter(
        `Invalid Unicode at position ${humanPosition(offset)}: an unpaired surrogate U+${hex4(code)}; ` +
          `send the filter as well-formed UTF-8.`,
      );
    }
  }
}

function readString(text: string, start: number): Token & { kind: 'string' } {
  const chunks: string[] = [];
  let chunkStart = start + 1;
  let offset = start + 1;
  while (offset < text.length) {
    const char = text[offset];
    if (char === '"') {
      chunks.push(text.slice(chunkStart, offset));
      return { kind: 'string', value: chunks.join(''), start, end: offset + 1 };
    }
    if (char === '\\') {
      chunks.push(text.slice(chunkStart, offset));
      const escape = readEscape(text, offset);
      chunks.push(escape.value);
      offset = escape.end;
      chunkStart = offset;
    } else {
      offset += 1;
    }
  }
  throw invalidFilter(
    `Unterminated string starting at position ${humanPosition(start)}: add the closing double quote ` +
      `(write a double quote inside a string as \\").`,
  );
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** JSON string escapes (RFC 8259 §7), which RFC 7644 §3.4.2.2 uses for compValue strings. */
function readEscape(text: string, backslash: number): { value: string; end: number } {
  const letter = text[backslash + 1];
  if (letter === undefined) {
    throw invalidFilter(
      `Unterminated string: the filter ends with a backslash at position ${humanPosition(backslash)}.`,
    );
  }
  if (letter !== 'u') {
    const value = Object.hasOwn(SIMPLE_ESCAPES, letter) ? SIMPLE_ESCAPES[letter] : undefined;
    if (value === undefined) {
      throw invalidFilter(
        `Invalid escape '\\${letter}' at position ${humanPosition(backslash)}: inside strings use ` +
          `\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX.`,
      );
    }
    return { value, end: backslash + 2 };
  }
  const code = readHex4(text, backslash);
  if (isLowSurrogate(code)) {
    throw unpairedSurrogateEscape(backslash, code);
  }
  if (!isHighSurrogate(code)) {
    return { value: String.fromCharCode(code), end: backslash + 6 };
  }
  const next = backslash + 6;
  if (text[next] !== '\\' || text[next + 1] !== 'u') {
    throw unpairedSurrogateEscape(backslash, code);
  }
  const low = readHex4(text, next);
  if (!isLowSurrogate(low)) {
    throw unpairedSurrogateEscape(backslash, code);
  }
  return { value: String.fromCharCode(code, low), end: next + 6 };
}

function readHex4(text: string, backslash: number): number {
  const digits = text.slice(backslash + 2, backslash + 6);
  let code = 0;
  for (let index = 0; index < 4; index += 1) {
    const digit = hexDigitValue(digits.charCodeAt(index));
    if (digit < 0) {
      throw invalidFilter(
        `Invalid escape at position ${humanPosition(backslash)}: \\u must be followed by exactly four ` +
          `hexadecimal digits, e.g. \\u00e9.`,
      );
    }
    code = code * 16 + digit;
  }
  return code;
}

function unpairedSurrogateEscape(backslash: number, code: number): AppError {
  return invalidFilter(
    `Invalid escape at position ${humanPosition(backslash)}: \\u${hex4(code)} is half of a surrogate ` +
      `pair and must be paired (high \\uD800-\\uDBFF followed by low \\uDC00-\\uDFFF).`,
  );
}

/** JSON number grammar (RFC 8259 §6): -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
function readNumber(text: string, start: number): Token & { kind: 'number' } {
  let offset = start;
  if (text[offset] === '-') offset += 1;
  if (text[offset] === '0') {
    offset += 1;
  } else if (isDigit(text[offset])) {
    offset = skipDigits(text, offset);
  } else {
    throw malformedNumber(text, start);
  }
  if (text[offset] === '.') {
    if (!isDigit(text[offset + 1])) throw malformedNumber(text, start);
    offset = skipDigits(text, offset + 1);
  }
  if (text[offset] === 'e' || text[offset] === 'E') {
    let exponent = offset + 1;
    if (text[exponent] === '+' || text[exponent] === '-') exponent += 1;
    if (!isDigit(text[exponent])) throw malformedNumber(text, start);
    offset = skipDigits(text, exponent);
  }
  if (offset < text.length && isWordPart(text[offset])) {
    throw malformedNumber(text, start);
  }
  const literal = text.slice(start, offset);
  const value = Number(literal);
  if (!Number.isFinite(value)) {
    throw invalidFilter(
      `The number ${excerpt(literal)} at position ${humanPosition(start)} is too large; ` +
        `put very large values in double quotes.`,
    );
  }
  return { kind: 'number', value, text: literal, start, end: offset };
}

function malformedNumber(text: string, start: number): AppError {
  const end = endOfWord(text, start + 1);
  const literal = text.slice(start, Math.max(end, start + 1));
  return invalidFilter(
    `'${excerpt(literal)}' at position ${humanPosition(start)} is not a valid number: numbers are ` +
      `written like 42, -7, 3.14 or 1e3 (no leading zeros); any other value, dates included, ` +
      `must be in double quotes.`,
  );
}

function skipDigits(text: string, start: number): number {
  let offset = start;
  while (isDigit(text[offset])) offset += 1;
  return offset;
}

function endOfWord(text: string, start: number): number {
  let offset = start;
  while (offset < text.length && isWordPart(text[offset])) offset += 1;
  return offset;
}

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

function isAsciiLetter(char: string): boolean {
  return (char >= 'a' && char <= 'z') || (char >= 'A' && char <= 'Z');
}

/**
 * Words are attribute paths (with URN prefix and dotted sub-attribute), operators, keywords and
 * bare literals. The lexer is deliberately broad here; the parser validates each word against
 * what its position allows, which yields more specific error details.
 */
function isWordStart(char: string): boolean {
  return isAsciiLetter(char) || char === '$' || char === '_' || char === '.';
}

function isWordPart(char: string): boolean {
  return isWordStart(char) || isDigit(char) || char === '-' || char === ':';
}

function hexDigitValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}
