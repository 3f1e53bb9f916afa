/** Output projection rows, RFC 7644 §3.4.2.5 with the "returned" characteristic of RFC 7643 §7. */
import { projectResource, type ProjectionRequest } from '../../../../src/scim/resource/project-resource';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LICENSE = 'urn:seatsync:scim:schemas:extension:license:1.0:User';

const META = { resourceType: 'User', created: '2024-01-02T03:04:05Z', lastModified: '2024-01-03T03:04:05Z', version: 'W/"2"', location: 'https://x/Users/u1' };

const STORED_USER = Object.freeze({
  schemas: [CORE_USER, ENTERPRISE, LICENSE],
  id: 'u1',
  externalId: 'ext-1',
  meta: META,
  userName: 'ada@example.com',
  name: { familyName: 'Lovelace', givenName: 'Ada' },
  active: true,
  password: 'must-never-show',
  emails: [{ value: 'ada@example.com', type: 'work', primary: true }, { value: 'ada@home.example', type: 'home' }],
  [ENTERPRISE]: { department: 'Engineering', employeeNumber: '1815', manager: { value: 'boss-1', displayName: 'Boss' } },
  [LICENSE]: { state: 'active', heldSince: '2024-01-02T03:04:05Z' },
  _id: 'internal-mongo-id',
  orgId: 'org-1',
});

const FULL_USER = {
  schemas: [CORE_USER, ENTERPRISE, LICENSE],
  id: 'u1',
  externalId: 'ext-1',
  meta: META,
  userName: 'ada@example.com',
  name: { familyName: 'Lovelace', givenName: 'Ada' },
  active: true,
  emails: STORED_USER.emails,
  [ENTERPRISE]: STORED_USER[ENTERPRISE],
  [LICENSE]: STORED_USER[LICENSE],
};

const without = (source: Record<string, unknown>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(source).filter(([key]) => !keys.includes(key)));

const USER_ROWS: [string, ProjectionRequest, Record<string, unknown>][] = [
  ['no parameters: default and always attributes; never-returned and internal fields dropped', {}, FULL_USER],
  ['attributes=userName returns it with id and schemas (returned: always)', { attributes: ['userName'] },
    { schemas: FULL_USER.schemas, id: 'u1', userName: 'ada@example.com' }],
  ['attribute names are case-insensitive; a dotted name selects one sub-attribute', { attributes: ['USERNAME', 'name.GivenName'] },
    { schemas: FULL_USER.schemas, id: 'u1', userName: 'ada@example.com', name: { givenName: 'Ada' } }],
  ['emails.Value selects the value of every email', { attributes: ['emails.Value'] },
    { schemas: FULL_USER.schemas, id: 'u1', emails: [{ value: 'ada@example.com' }, { value: 'ada@home.example' }] }],
  ['a URN-qualified name selects one extension attribute', { attributes: [`${ENTERPRISE}:employeeNumber`] },
    { schemas: FULL_USER.schemas, id: 'u1', [ENTERPRISE]: { employeeNumber: '1815' } }],
  ['a schema URN selects the whole extension', { attributes: [ENTERPRISE] },
    { schemas: FULL_USER.schemas, id: 'u1', [ENTERPRISE]: STORED_USER[ENTERPRISE] }],
  ['a bare extension attribute name (manager) is found in its extension', { attributes: ['manager'] },
    { schemas: FULL_USER.schemas, id: 'u1', [ENTERPRISE]: { manager: { value: 'boss-1', displayName: 'Boss' } } }],
  ['URN-qualified sub-attribute', { attributes: [`${ENTERPRISE}:manager.value`] },
    { schemas: FULL_USER.schemas, id: 'u1', [ENTERPRISE]: { manager: { value: 'boss-1' } } }],
  ['Entra reads with attributes=id only', { attributes: ['id'] }, { schemas: FULL_USER.schemas, id: 'u1' }],
  ['meta.lastModified alone', { attributes: ['meta.lastModified'] },
    { schemas: FULL_USER.schemas, id: 'u1', meta: { lastModified: META.lastModified } }],
  ['password is never returned, even when asked for', { attributes: ['password', 'userName'] },
    { schemas: FULL_USER.schemas, id: 'u1', userName: 'ada@example.com' }],
  ['names are trimmed; unknown names are ignored', { attributes: [' userName ', 'favouriteColour', 'urn:example:x:1.0:User:foo', ''] },
    { schemas: FULL_USER.schemas, id: 'u1', userName: 'ada@example.com' }],
  ['attributes given only as empty strings counts as not given', { attributes: [''] }, FULL_USER],
  ['attributes wins over excludedAttributes', { attributes: ['userName'], excludedAttributes: ['userName'] },
    { schemas: FULL_USER.schemas, id: 'u1', userName: 'ada@example.com' }],
  ['excludedAttributes=emails', { excludedAttributes: ['emails'] }, without(FULL_USER, 'emails')],
  ['excludedAttributes=id cannot remove id (returned: always)', { excludedAttributes: ['id', 'externalId'] }, without(FULL_USER, 'externalId')],
  ['excludedAttributes=name.givenName keeps the rest of name', { excludedAttributes: ['name.givenName'] },
    { ...FULL_USER, name: { familyName: 'Lovelace' } }],
  ['excluding every sub-attribute of name drops name', { excludedAttributes: ['name.givenName', 'name.familyName'] }, without(FULL_USER, 'name')],
  ['excludedAttributes with a schema URN drops the extension', { excludedAttributes: [ENTERPRISE] }, without(FULL_USER, ENTERPRISE)],
  ['excludedAttributes with a URN-qualified attribute', { excludedAttributes: [`${ENTERPRISE}:department`] },
    { ...FULL_USER, [ENTERPRISE]: { employeeNumber: '1815', manager: { value: 'boss-1', displayName: 'Boss' } } }],
  ['excludedAttributes=meta.version', { excludedAttributes: ['META.VERSION'] },
    { ...FULL_USER, meta: without(META, 'version') }],
  ['excluding the license extension', { excludedAttributes: [LICENSE] }, without(FULL_USER, LICENSE)],
  ['the license state alone', { attributes: [`${LICENSE}:state`] }, { schemas: FULL_USER.schemas, id: 'u1', [LICENSE]: { state: 'active' } }],
  ['emails.primary and emails.type', { attributes: ['emails.type', 'emails.primary'] },
    { schemas: FULL_USER.schemas, id: 'u1', emails: [{ type: 'work', primary: true }, { type: 'home' }] }],
  ['a sub-attribute none of the values has drops the attribute', { attributes: ['emails.display'] }, { schemas: FULL_USER.schemas, id: 'u1' }],
];

const STORED_GROUP = Object.freeze({
  schemas: [CORE_GROUP],
  id: 'g1',
  externalId: 'g-ext',
  meta: { ...META, resourceType: 'Group' },
  displayName: 'Engineering',
  members: [{ value: 'u1', display: 'Ada', type: 'User' }, { value: 'u2' }],
});

const GROUP_ROWS: [string, ProjectionRequest, Record<string, unknown>][] = [
  ['group with members by default', {}, { ...STORED_GROUP }],
  ['Entra: excludedAttributes=members', { excludedAttributes: ['members'] }, without(STORED_GROUP, 'members')],
  ['excludedAttributes=Members in another case', { excludedAttributes: ['Members'] }, without(STORED_GROUP, 'members')],
  ['attributes=displayName', { attributes: ['displayName'] }, { schemas: [CORE_GROUP], id: 'g1', displayName: 'Engineering' }],
  ['attributes=members.value', { attributes: ['members.value'] }, { schemas: [CORE_GROUP], id: 'g1', members: [{ value: 'u1' }, { value: 'u2' }] }],
  ['User attribute names mean nothing on a Group', { attributes: ['userName'] }, { schemas: [CORE_GROUP], id: 'g1' }],
];

describe('projectResource', () => {
  it.each(USER_ROWS)('User: %s', (_name, request, expected) => {
    expect(projectResource(STORED_USER, request, 'User')).toStrictEqual(expected);
  });

  it.each(GROUP_ROWS)('Group: %s', (_name, request, expected) => {
    expect(projectResource(STORED_GROUP, request, 'Group')).toStrictEqual(expected);
  });

  it('returns copies: changing the output leaves the stored resource alone', () => {
    const projected = projectResource(STORED_USER, {}, 'User') as { name: { givenName: string }; emails: { value: string }[] };
    projected.name.givenName = 'changed';
    projected.emails[0].value = 'changed';
    expect(STORED_USER.name.givenName).toBe('Ada');
    expect(STORED_USER.emails[0].value).toBe('ada@example.com');
  });
});
