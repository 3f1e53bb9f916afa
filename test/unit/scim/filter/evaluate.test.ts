import { AppError } from '../../../../src/errors';
import { compileFilter, compileValueFilter, matchesFilter } from '../../../../src/scim/filter/evaluate';
import { parseFilter } from '../../../../src/scim/filter/parser';
import { ENTERPRISE_URN, attr, eq, urnAttr } from './fixtures/ast-builders';
import { ELEMENT_ROWS, EVALUATION_ERROR_ROWS, EVALUATION_ROWS } from './fixtures/evaluation-cases';
import { RESOURCES, type ResourceName } from './fixtures/resources';
import { schemaLookup } from './fixtures/schema-lookup';
import { ACME_SCHEMA, ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './fixtures/schemas';

const userLookup = schemaLookup(USER_SCHEMA, [ENTERPRISE_SCHEMA, ACME_SCHEMA]);
const groupLookup = schemaLookup(GROUP_SCHEMA);

function lookupFor(resource: ResourceName) {
  return resource === 'group' ? groupLookup : userLookup;
}

describe('matchesFilter', () => {
  test.each(EVALUATION_ROWS)('$filter on $resource is $expected', ({ filter, resource, expected }) => {
    expect(matchesFilter(parseFilter(filter), RESOURCES[resource], lookupFor(resource))).toBe(expected);
  });
});

describe('matchesFilter rejects comparisons the attribute type does not support', () => {
  test.each(EVALUATION_ERROR_ROWS)('$filter on $resource', ({ filter, resource, detail }) => {
    const node = parseFilter(filter);
    const evaluate = () => matchesFilter(node, RESOURCES[resource], lookupFor(resource));
    expect(evaluate).toThrow(AppError);
    expect(evaluate).toThrow(expect.objectContaining({ code: 'INVALID_FILTER', message: expect.stringContaining(detail) }));
  });
});

describe('compileValueFilter', () => {
  test.each(ELEMENT_ROWS)('$filter within $within.attr on $element is $expected', ({ schema, within, filter, element, expected }) => {
    const lookup = schema === 'group' ? groupLookup : userLookup;
    expect(compileValueFilter(parseFilter(filter), within, lookup)(element)).toBe(expected);
  });
});

describe('compileFilter', () => {
  test('validates once, then evaluates many resources', () => {
    const matches = compileFilter(parseFilter('userName sw "b"'), userLookup);
    expect([RESOURCES.user, RESOURCES.userWithOddKeys, RESOURCES.empty].map(matches)).toEqual([true, false, false]);
  });

  test('unknown attributes never throw: they compare as case-insensitive strings', () => {
    const lookup = () => undefined;
    expect(matchesFilter(parseFilter('anything gt 5 and other co "X"'), { anything: 6, other: 'xyz' }, lookup)).toBe(true);
  });
});

describe('schemaLookup (test fixture) honours the AttributeLookup contract', () => {
  test.each([
    { path: attr('USERNAME'), expected: 'userName' },
    { path: attr('name', 'GIVENNAME'), expected: 'givenName' },
    { path: urnAttr(ENTERPRISE_URN.toLowerCase(), 'Manager', 'value'), expected: 'value' },
    { path: attr('employeeNumber'), expected: 'employeeNumber' },
    { path: urnAttr(ENTERPRISE_URN, 'userName'), expected: undefined },
    { path: attr('userName', 'x'), expected: undefined },
    { path: attr('nope'), expected: undefined },
  ])('resolves $path to $expected', ({ path, expected }) => {
    expect(userLookup(path)?.name).toBe(expected);
  });

  test('resolves paths relative to a parent attribute', () => {
    const emails = userLookup(attr('emails'));
    expect(userLookup(attr('TYPE'), emails)?.name).toBe('type');
    expect(userLookup(urnAttr(ENTERPRISE_URN, 'type'), emails)).toBeUndefined();
  });

  test('is consistent with matchesFilter for an AST built by hand', () => {
    expect(matchesFilter(eq(urnAttr(ENTERPRISE_URN, 'employeeNumber'), '701984'), RESOURCES.user, userLookup)).toBe(true);
  });
});
