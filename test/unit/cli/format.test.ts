import { cell, json, keyValues, plural, table, truncate } from '../../../src/cli/format';

describe('cell', () => {
  test.each([
    [null, '-'],
    [undefined, '-'],
    ['', '-'],
    [true, 'yes'],
    [false, 'no'],
    [0, '0'],
    [[], '-'],
    [['a', 'b'], 'a, b'],
    [{ a: 1 }, '{"a":1}'],
    ['two\nlines\tand tab', 'two lines and tab'],
  ])('%p → %p', (value, expected) => {
    expect(cell(value)).toBe(expected);
  });
});

test('truncate cuts with an ellipsis only when too long', () => {
  expect(truncate('abcdef', 4)).toBe('abc…');
  expect(truncate('abc', 4)).toBe('abc');
});

describe('table', () => {
  const columns = [
    { header: 'ID', value: (r: { id: string; n: number | null }) => r.id },
    { header: 'N', value: (r: { id: string; n: number | null }) => r.n, right: true },
  ];

  test('aligns columns, right-aligns numbers and shows missing values as -', () => {
    expect(table([{ id: 'abc', n: 5 }, { id: 'a', n: 123 }, { id: 'bb', n: null }], columns)).toBe(
      ['ID     N', 'abc    5', 'a    123', 'bb     -', ''].join('\n'),
    );
  });

  test('an empty list prints the empty text', () => {
    expect(table([], columns, '(no orgs)')).toBe('(no orgs)\n');
  });

  test('a long cell is cut at maxWidth', () => {
    const out = table([{ name: 'x'.repeat(50) }], [{ header: 'NAME', value: (r: { name: string }) => r.name, maxWidth: 10 }]);
    expect(out.split('\n')[1]).toBe(`${'x'.repeat(9)}…`);
  });
});

test('keyValues aligns values after the labels', () => {
  expect(keyValues([['Id', 'x'], ['Long label', null]])).toBe('Id:          x\nLong label:  -\n');
});

test('json is indented and ends with a newline', () => {
  expect(json({ a: 1 })).toBe('{\n  "a": 1\n}\n');
});

test('plural', () => {
  expect(plural(1, 'member')).toBe('1 member');
  expect(plural(2, 'member')).toBe('2 members');
  expect(plural(0, 'change')).toBe('0 changes');
});
