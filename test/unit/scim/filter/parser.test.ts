import fc from 'fast-check';
import { AppError, isAppError } from '../../../../src/errors';
import { DEFAULT_FILTER_LIMITS, MAX_CONFIGURABLE_FILTER_DEPTH, parseFilter } from '../../../../src/scim/filter/parser';
import { printFilter } from '../../../../src/scim/filter/print';
import { filterLikeText, normalFilterAst } from './fixtures/filter-arbitraries';
import { INVALID_FILTERS } from './fixtures/invalid-filters';
import { VALID_FILTERS } from './fixtures/valid-filters';

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error, but none was thrown');
}

function expectInvalidFilterOrSuccess(text: string): void {
  try {
    parseFilter(text, { maxLength: 1_000_000 });
  } catch (error) {
    expect(isAppError(error) && error.code === 'INVALID_FILTER' && error.message.length > 0).toBe(true);
  }
}

describe('parseFilter accepts valid filters', () => {
  test.each(VALID_FILTERS)('$text', ({ text, ast }) => {
    expect(parseFilter(text)).toStrictEqual(ast);
  });
});

describe('parseFilter rejects invalid filters with INVALID_FILTER', () => {
  const rows = INVALID_FILTERS.map((row) => ({ ...row, title: row.name ?? row.text }));

  test.each(rows)('$title', ({ text, limits, detail }) => {
    const error = captureError(() => parseFilter(text, limits));
    expect(error).toBeInstanceOf(AppError);
    const appError = error as AppError;
    expect(appError.code).toBe('INVALID_FILTER');
    expect(appError.status).toBe(400);
    expect(appError.scimType).toBe('invalidFilter');
    for (const fragment of detail ?? []) {
      expect(appError.message).toContain(fragment);
    }
  });
});

describe('parseFilter limits', () => {
  test('defaults are 4096 characters and 16 levels, and cannot be changed', () => {
    expect(DEFAULT_FILTER_LIMITS).toEqual({ maxLength: 4096, maxDepth: 16 });
    expect(Object.isFrozen(DEFAULT_FILTER_LIMITS)).toBe(true);
  });

  test('a filter of exactly maxLength characters is accepted', () => {
    const text = `userName eq "${'x'.repeat(4082)}"`;
    expect(text).toHaveLength(4096);
    expect(parseFilter(text)).toEqual({ kind: 'compare', path: { attr: 'userName' }, op: 'eq', value: 'x'.repeat(4082) });
  });

  test('deep nesting fails fast instead of overflowing the stack', () => {
    const started = Date.now();
    const error = captureError(() =>
      parseFilter('('.repeat(100_000), { maxLength: 1_000_000, maxDepth: MAX_CONFIGURABLE_FILTER_DEPTH }),
    );
    expect(isAppError(error) && error.code).toBe('INVALID_FILTER');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test('the deepest configurable nesting parses', () => {
    const depth = MAX_CONFIGURABLE_FILTER_DEPTH;
    const text = `${'('.repeat(depth)}a pr${')'.repeat(depth)}`;
    expect(parseFilter(text, { maxDepth: depth })).toEqual({ kind: 'present', path: { attr: 'a' } });
  });

  test.each([0, -1, 1.5, Number.NaN])('a limit of %p is a programming error', (limit) => {
    expect(() => parseFilter('a pr', { maxDepth: limit })).toThrow(RangeError);
    expect(() => parseFilter('a pr', { maxLength: limit })).toThrow(RangeError);
  });

  test('maxDepth above the configurable ceiling is a programming error', () => {
    expect(() => parseFilter('a pr', { maxDepth: MAX_CONFIGURABLE_FILTER_DEPTH + 1 })).toThrow(RangeError);
  });

  test('a non-string filter is rejected as INVALID_FILTER', () => {
    const error = captureError(() => parseFilter(42 as unknown as string));
    expect(isAppError(error) && error.code).toBe('INVALID_FILTER');
  });
});

describe('printFilter', () => {
  test.each(VALID_FILTERS)('prints $text so that it parses back to the same AST', ({ ast }) => {
    expect(parseFilter(printFilter(ast))).toStrictEqual(ast);
  });
});

describe('parseFilter properties', () => {
  test('arbitrary text either parses or fails with INVALID_FILTER', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii' }), filterLikeText), (text) => {
        expectInvalidFilterOrSuccess(text);
      }),
      { numRuns: 3000 },
    );
  });

  test('a printed AST parses back to the same AST', () => {
    fc.assert(
      fc.property(normalFilterAst, (ast) => {
        expect(parseFilter(printFilter(ast), { maxLength: 1_000_000 })).toStrictEqual(ast);
      }),
      { numRuns: 500 },
    );
  });
});
