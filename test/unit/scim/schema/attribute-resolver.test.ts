/** Attribute resolution: case-insensitive names (RFC 7643 §2.1), URN prefixes (RFC 7644 §3.10). */
import type { AttrPath } from '../../../../src/scim/filter/ast';
import { matchesFilter } from '../../../../src/scim/filter/evaluate';
import { parseFilter } from '../../../../src/scim/filter/parser';
import { attributeLookupFor, resolveAttribute } from '../../../../src/scim/schema/attribute-resolver';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LICENSE = 'urn:seatsync:scim:schemas:extension:license:1.0:User';

type Expected = { schema: string; attribute: string; sub?: string; foundWithoutUrn?: boolean } | undefined;

const ROWS: ['User' | 'Group', AttrPath, Expected][] = [
  ['User', { attr: 'userName' }, { schema: CORE_USER, attribute: 'userName' }],
  ['User', { attr: 'USERNAME' }, { schema: CORE_USER, attribute: 'userName' }],
  ['User', { attr: 'name', sub: 'FamilyName' }, { schema: CORE_USER, attribute: 'name', sub: 'familyName' }],
  ['User', { attr: 'Emails', sub: 'Value' }, { schema: CORE_USER, attribute: 'emails', sub: 'value' }],
  ['User', { attr: 'meta', sub: 'Created' }, { schema: CORE_USER, attribute: 'meta', sub: 'created' }],
  ['User', { attr: 'id' }, { schema: CORE_USER, attribute: 'id' }],
  ['User', { attr: 'externalId' }, { schema: CORE_USER, attribute: 'externalId' }],
  ['User', { uri: CORE_USER, attr: 'displayName' }, { schema: CORE_USER, attribute: 'displayName' }],
  ['User', { uri: CORE_USER, attr: 'id' }, { schema: CORE_USER, attribute: 'id' }],
  ['User', { uri: CORE_USER.toUpperCase(), attr: 'userName' }, { schema: CORE_USER, attribute: 'userName' }],
  ['User', { uri: ENTERPRISE, attr: 'manager' }, { schema: ENTERPRISE, attribute: 'manager' }],
  ['User', { uri: ENTERPRISE.toLowerCase(), attr: 'Manager', sub: 'VALUE' }, { schema: ENTERPRISE, attribute: 'manager', sub: 'value' }],
  ['User', { uri: ENTERPRISE, attr: 'employeeNumber' }, { schema: ENTERPRISE, attribute: 'employeeNumber' }],
  ['User', { attr: 'manager' }, { schema: ENTERPRISE, attribute: 'manager', foundWithoutUrn: true }],
  ['User', { attr: 'department' }, { schema: ENTERPRISE, attribute: 'department', foundWithoutUrn: true }],
  ['User', { attr: 'state' }, { schema: LICENSE, attribute: 'state', foundWithoutUrn: true }],
  ['User', { uri: LICENSE, attr: 'queuePosition' }, { schema: LICENSE, attribute: 'queuePosition' }],
  ['User', { attr: 'nope' }, undefined],
  ['User', { attr: 'name', sub: 'nope' }, undefined],
  ['User', { attr: 'userName', sub: 'value' }, undefined],
  ['User', { uri: 'urn:example:custom:1.0:User', attr: 'userName' }, undefined],
  ['User', { uri: ENTERPRISE, attr: 'userName' }, undefined],
  ['User', { uri: CORE_GROUP, attr: 'displayName' }, undefined],
  ['User', { attr: '__proto__' }, undefined],
  ['User', { attr: 'constructor' }, undefined],
  ['User', { attr: 'hasOwnProperty' }, undefined],
  ['User', { attr: 'name', sub: '__proto__' }, undefined],
  ['Group', { attr: 'displayName' }, { schema: CORE_GROUP, attribute: 'displayName' }],
  ['Group', { attr: 'MEMBERS', sub: 'value' }, { schema: CORE_GROUP, attribute: 'members', sub: 'value' }],
  ['Group', { uri: CORE_GROUP, attr: 'members' }, { schema: CORE_GROUP, attribute: 'members' }],
  ['Group', { attr: 'id' }, { schema: CORE_GROUP, attribute: 'id' }],
  ['Group', { attr: 'userName' }, undefined],
  ['Group', { attr: 'manager' }, undefined],
  ['Group', { uri: ENTERPRISE, attr: 'manager' }, undefined],
  ['Group', { uri: CORE_USER, attr: 'userName' }, undefined],
];

describe('resolveAttribute', () => {
  it.each(ROWS)('%s %j', (resourceType, path, expected) => {
    const resolved = resolveAttribute(resourceType, path);
    if (expected === undefined) {
      expect(resolved).toBeUndefined();
      return;
    }
    expect(resolved?.schema.id).toBe(expected.schema);
    expect(resolved?.isCoreSchema).toBe(expected.schema === CORE_USER || expected.schema === CORE_GROUP);
    expect(resolved?.attribute.name).toBe(expected.attribute);
    expect(resolved?.subAttribute?.name).toBe(expected.sub);
    expect(resolved?.foundWithoutUrn).toBe(expected.foundWithoutUrn ?? false);
  });
});

describe('attributeLookupFor', () => {
  const lookup = attributeLookupFor('User');
  const emails = lookup({ attr: 'emails' })!;

  it.each([
    [{ attr: 'emails', sub: 'value' }, undefined, 'value'],
    [{ attr: 'Type' }, emails, 'type'],
    [{ attr: 'primary' }, emails, 'primary'],
    [{ attr: 'nope' }, emails, undefined],
    [{ attr: 'type', sub: 'x' }, emails, undefined],
    [{ uri: CORE_USER, attr: 'type' }, emails, undefined],
    [{ uri: ENTERPRISE, attr: 'manager', sub: 'value' }, undefined, 'value'],
    [{ attr: 'meta', sub: 'lastModified' }, undefined, 'lastModified'],
  ] as [AttrPath, typeof emails | undefined, string | undefined][])('%j under %s', (path, parent, expected) => {
    expect(lookup(path, parent)?.name).toBe(expected);
  });

  it('drives the filter evaluator: case-insensitive strings, booleans, extension attributes', () => {
    const resource = {
      userName: 'Ada@Example.com',
      emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
      [ENTERPRISE]: { manager: { value: 'boss-1' } },
    };
    expect(matchesFilter(parseFilter('userName eq "ada@example.com"'), resource, lookup)).toBe(true);
    expect(matchesFilter(parseFilter('emails[type eq "WORK" and primary eq true]'), resource, lookup)).toBe(true);
    expect(matchesFilter(parseFilter(`${ENTERPRISE}:manager.value eq "boss-1"`), resource, lookup)).toBe(true);
    expect(matchesFilter(parseFilter('externalId eq "x"'), resource, lookup)).toBe(false);
  });
});
