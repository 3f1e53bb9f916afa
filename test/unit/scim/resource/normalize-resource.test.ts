/** POST/PUT body normalisation rows, from the IdP request shapes of research §1.2, §2.1, §3 and §4. */
import { AppError, type ErrorCode } from '../../../../src/errors';
import { normalizeResource } from '../../../../src/scim/resource/normalize-resource';

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const LICENSE = 'urn:seatsync:scim:schemas:extension:license:1.0:User';
const ADSCIM_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group';

interface Row {
  name: string;
  resourceType?: 'User' | 'Group';
  mode?: 'create' | 'replace';
  body: unknown;
  expected?: Record<string, unknown>;
  error?: { code: ErrorCode; detail?: RegExp };
}

const user = (rest: Record<string, unknown>) => ({ schemas: [CORE_USER], ...rest });
const enterpriseUser = (core: Record<string, unknown>, enterprise: Record<string, unknown>) =>
  ({ schemas: [CORE_USER, ENTERPRISE], ...core, [ENTERPRISE]: enterprise });

const USER_ROWS: Row[] = [
  { name: 'minimal body', body: { userName: 'ada' }, expected: user({ userName: 'ada' }) },
  {
    name: 'Entra create (tutorial shape) with meta, roles: [] and the enterprise schema',
    body: {
      schemas: [CORE_USER, ENTERPRISE],
      externalId: 'ada', userName: 'Ada@contoso.com', active: true,
      emails: [{ primary: true, type: 'work', value: 'Ada@contoso.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'Ada Lovelace', familyName: 'Lovelace', givenName: 'Ada' },
      roles: [],
    },
    expected: user({
      externalId: 'ada', userName: 'Ada@contoso.com', active: true,
      emails: [{ value: 'Ada@contoso.com', type: 'work', primary: true }],
      name: { formatted: 'Ada Lovelace', familyName: 'Lovelace', givenName: 'Ada' },
    }),
  },
  {
    name: 'older Entra create with explicit nulls',
    body: { schemas: [CORE_USER], userName: 'ada', addresses: null, phoneNumbers: null, title: null, name: { givenName: 'Ada', familyName: null } },
    expected: user({ userName: 'ada', name: { givenName: 'Ada' } }),
  },
  {
    name: 'Okta create: groups: [] and the placeholder password are dropped',
    body: {
      schemas: [CORE_USER], userName: 'ada@example.com', name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ primary: true, value: 'ada@example.com', type: 'work' }], displayName: 'Ada Lovelace',
      locale: 'en-US', externalId: '00u1', groups: [], password: 'placeholder', active: true,
    },
    expected: user({
      userName: 'ada@example.com', name: { familyName: 'Lovelace', givenName: 'Ada' },
      emails: [{ value: 'ada@example.com', type: 'work', primary: true }], displayName: 'Ada Lovelace',
      locale: 'en-US', externalId: '00u1', active: true,
    }),
  },
  {
    name: 'Okta PUT carrying id, meta and groups: read-only input is dropped',
    mode: 'replace',
    body: {
      schemas: [CORE_USER], id: 'user-1', userName: 'ada', active: false,
      meta: { resourceType: 'User', created: '2024-01-01T00:00:00Z' }, groups: [{ value: 'group-1', display: 'Eng' }],
    },
    expected: user({ userName: 'ada', active: false }),
  },
  {
    name: 'OneLogin template: SCIM 1.x URN, "id": null and "active": "true"',
    body: { schemas: ['urn:scim:schemas:core:1.0'], id: null, userName: 'ada', active: 'true' },
    expected: user({ userName: 'ada', active: true }),
  },
  {
    name: 'attribute and sub-attribute names are case-insensitive',
    body: { USERNAME: 'ada', Name: { GivenName: 'Ada', FAMILYNAME: 'Lovelace' }, Emails: [{ Value: 'a@x.example', Primary: true }], DisplayName: 'A' },
    expected: user({ userName: 'ada', name: { familyName: 'Lovelace', givenName: 'Ada' }, emails: [{ value: 'a@x.example', primary: true }], displayName: 'A' }),
  },
  {
    name: '"True"/"False" strings become booleans, also in sub-attributes',
    body: { userName: 'ada', active: 'False', emails: [{ value: 'a@x.example', primary: 'TRUE' }, { value: 'b@x.example', primary: 'false' }] },
    expected: user({ userName: 'ada', active: false, emails: [{ value: 'a@x.example', primary: true }, { value: 'b@x.example', primary: false }] }),
  },
  {
    name: 'unknown attributes and sub-attributes are ignored',
    body: { userName: 'ada', favouriteColour: 'teal', name: { givenName: 'Ada', nickname: 'A' }, 'name.givenName': 'ignored' },
    expected: user({ userName: 'ada', name: { givenName: 'Ada' } }),
  },
  {
    name: 'an object under an unknown schema URN is ignored',
    body: { userName: 'ada', 'urn:example:custom:1.0:User': { costCode: 'X' } },
    expected: user({ userName: 'ada' }),
  },
  {
    name: 'enterprise attributes under their URN key',
    body: { userName: 'ada', [ENTERPRISE]: { employeeNumber: '1815', department: 'Engineering', costCenter: null } },
    expected: enterpriseUser({ userName: 'ada' }, { employeeNumber: '1815', department: 'Engineering' }),
  },
  {
    name: 'the extension URN key in another case',
    body: { userName: 'ada', [ENTERPRISE.toLowerCase()]: { Division: 'R&D' } },
    expected: enterpriseUser({ userName: 'ada' }, { division: 'R&D' }),
  },
  {
    name: 'a flat URN-qualified enterprise key',
    body: { userName: 'ada', [`${ENTERPRISE}:organization`]: 'Analytical' },
    expected: enterpriseUser({ userName: 'ada' }, { organization: 'Analytical' }),
  },
  {
    name: 'a bare "department" at the top level is read as the enterprise attribute',
    body: { userName: 'ada', department: 'Maths' },
    expected: enterpriseUser({ userName: 'ada' }, { department: 'Maths' }),
  },
  { name: 'manager as a bare id', body: { userName: 'ada', [ENTERPRISE]: { manager: 'boss-1' } },
    expected: enterpriseUser({ userName: 'ada' }, { manager: { value: 'boss-1' } }) },
  { name: 'manager as {"value"} with a read-only displayName', body: { userName: 'ada', [ENTERPRISE]: { manager: { value: 'boss-1', displayName: 'Boss' } } },
    expected: enterpriseUser({ userName: 'ada' }, { manager: { value: 'boss-1' } }) },
  { name: 'manager as [{"$ref", "value"}]', body: { userName: 'ada', [ENTERPRISE]: { manager: [{ $ref: '../Users/boss-1', value: 'boss-1' }] } },
    expected: enterpriseUser({ userName: 'ada' }, { manager: { value: 'boss-1' } }) },
  { name: 'manager "" is no manager', body: { userName: 'ada', [ENTERPRISE]: { manager: '' } }, expected: user({ userName: 'ada' }) },
  { name: 'manager object with only custom keys is no manager', body: { userName: 'ada', [ENTERPRISE]: { manager: { managerId: 'x' } } },
    expected: user({ userName: 'ada' }) },
  { name: 'manager as a number is INVALID_VALUE', body: { userName: 'ada', [ENTERPRISE]: { manager: 7 } },
    error: { code: 'INVALID_VALUE', detail: /manager/ } },
  { name: 'a value for the license extension is MUTABILITY (CONTRACT.md)', body: { userName: 'ada', [LICENSE]: { state: 'active' } },
    error: { code: 'MUTABILITY', detail: /read-only/ } },
  { name: 'a flat URN-qualified license key is MUTABILITY', body: { userName: 'ada', [`${LICENSE}:queuePosition`]: 1 },
    error: { code: 'MUTABILITY' } },
  { name: 'an empty license object or only nulls is not a write', body: { userName: 'ada', [LICENSE]: { state: null } },
    expected: user({ userName: 'ada' }) },
  { name: 'the license URN in schemas alone is not a write', body: { schemas: [CORE_USER, LICENSE], userName: 'ada' },
    expected: user({ userName: 'ada' }) },
  { name: 'a bare top-level "state" is ignored, not taken as the license state', body: { userName: 'ada', state: 'CA' },
    expected: user({ userName: 'ada' }) },
  { name: 'missing userName is INVALID_VALUE', body: { displayName: 'Ada' }, error: { code: 'INVALID_VALUE', detail: /"userName" is required/ } },
  { name: 'empty userName is INVALID_VALUE', body: { userName: '' }, error: { code: 'INVALID_VALUE' } },
  { name: 'null userName is INVALID_VALUE', body: { userName: null }, error: { code: 'INVALID_VALUE' } },
  { name: 'numeric userName is INVALID_VALUE', body: { userName: 1815 }, error: { code: 'INVALID_VALUE', detail: /must be a string/ } },
  { name: 'a body that is not an object is INVALID_SYNTAX', body: ['userName'], error: { code: 'INVALID_SYNTAX' } },
  { name: 'two primary emails is INVALID_VALUE',
    body: { userName: 'ada', emails: [{ value: 'a@x.example', primary: true }, { value: 'b@x.example', primary: 'True' }] },
    error: { code: 'INVALID_VALUE', detail: /at most one value may be primary/ } },
  { name: 'a single email object is wrapped into an array', body: { userName: 'ada', emails: { value: 'a@x.example' } },
    expected: user({ userName: 'ada', emails: [{ value: 'a@x.example' }] }) },
  { name: 'null elements and elements holding only nulls are dropped',
    body: { userName: 'ada', emails: [null, { value: null, type: null }, { value: 'a@x.example' }], phoneNumbers: [] },
    expected: user({ userName: 'ada', emails: [{ value: 'a@x.example' }] }) },
  { name: 'active "maybe" is INVALID_VALUE', body: { userName: 'ada', active: 'maybe' }, error: { code: 'INVALID_VALUE', detail: /boolean/ } },
  { name: 'name as a string is INVALID_VALUE', body: { userName: 'ada', name: 'Ada Lovelace' }, error: { code: 'INVALID_VALUE', detail: /object/ } },
  { name: 'displayName as an object is INVALID_VALUE', body: { userName: 'ada', displayName: { text: 'A' } },
    error: { code: 'INVALID_VALUE', detail: /"displayName" must be a string, but the request sent an object/ } },
  { name: 'an email sub-attribute holding an object is INVALID_VALUE', body: { userName: 'ada', emails: [{ value: { v: 1 } }] },
    error: { code: 'INVALID_VALUE', detail: /emails\[0\]\.value/ } },
  { name: 'an invalid certificate is INVALID_VALUE', body: { userName: 'ada', x509Certificates: [{ value: '%%%' }] },
    error: { code: 'INVALID_VALUE', detail: /base64/ } },
  { name: 'a name repeated in another case: the later one wins', body: { userName: 'first', USERNAME: 'second' },
    expected: user({ userName: 'second' }) },
  { name: 'a garbage schemas member is ignored', body: { schemas: 'nonsense', userName: 'ada' }, expected: user({ userName: 'ada' }) },
  { name: 'core URN key holding core attributes', body: { [CORE_USER]: { userName: 'ada', title: 'Dr' } },
    expected: user({ userName: 'ada', title: 'Dr' }) },
  { name: 'an extension URN key holding a non-object is INVALID_VALUE', body: { userName: 'ada', [ENTERPRISE]: 'x' },
    error: { code: 'INVALID_VALUE' } },
  { name: 'the empty string is stored as sent', body: { userName: 'ada', title: '' }, expected: user({ userName: 'ada', title: '' }) },
  { name: 'PUT gives the same canonical form as POST', mode: 'replace', body: { userName: 'ada', active: 'True' },
    expected: user({ userName: 'ada', active: true }) },
];

const GROUP_ROWS: Row[] = [
  { name: 'Okta group create with members: []', resourceType: 'Group', body: { schemas: [CORE_GROUP], displayName: 'Eng', members: [] },
    expected: { schemas: [CORE_GROUP], displayName: 'Eng', members: [] } },
  { name: 'Entra group create with the ADSCIM schema URN, externalId and meta', resourceType: 'Group',
    body: { schemas: [CORE_GROUP, ADSCIM_GROUP], externalId: 'g-ext', displayName: 'Eng', meta: { resourceType: 'Group' } },
    expected: { schemas: [CORE_GROUP], externalId: 'g-ext', displayName: 'Eng' } },
  { name: 'members keep value, display and type; $ref is dropped; duplicates removed', resourceType: 'Group',
    body: { displayName: 'Eng', members: [
      { value: 'u1', display: 'Ada', $ref: 'https://x/Users/u1', type: 'User' }, { value: 'u2' }, { value: 'u1', display: 'dup' },
    ] },
    expected: { schemas: [CORE_GROUP], displayName: 'Eng', members: [{ value: 'u1', display: 'Ada', type: 'User' }, { value: 'u2' }] } },
  { name: 'members null means an empty member list', resourceType: 'Group', mode: 'replace', body: { displayName: 'Eng', members: null },
    expected: { schemas: [CORE_GROUP], displayName: 'Eng', members: [] } },
  { name: 'members absent stays absent (not asserted)', resourceType: 'Group', mode: 'replace', body: { displayName: 'Eng' },
    expected: { schemas: [CORE_GROUP], displayName: 'Eng' } },
  { name: 'member sub-attribute names are case-insensitive', resourceType: 'Group', body: { displayName: 'Eng', Members: [{ Value: 'u1', DISPLAY: 'Ada' }] },
    expected: { schemas: [CORE_GROUP], displayName: 'Eng', members: [{ value: 'u1', display: 'Ada' }] } },
  { name: 'an empty member id is INVALID_VALUE', resourceType: 'Group', body: { displayName: 'Eng', members: [{ value: '' }] },
    error: { code: 'INVALID_VALUE', detail: /members\[0\]\.value/ } },
  { name: 'a member given as a bare string is INVALID_VALUE', resourceType: 'Group', body: { displayName: 'Eng', members: ['u1'] },
    error: { code: 'INVALID_VALUE' } },
  { name: 'a non-string member display is INVALID_VALUE', resourceType: 'Group', body: { displayName: 'Eng', members: [{ value: 'u1', display: 5 }] },
    error: { code: 'INVALID_VALUE' } },
  { name: 'missing displayName is INVALID_VALUE', resourceType: 'Group', body: { members: [] },
    error: { code: 'INVALID_VALUE', detail: /"displayName" is required/ } },
  { name: 'User attributes are not Group attributes', resourceType: 'Group', body: { displayName: 'Eng', userName: 'x', [ENTERPRISE]: { department: 'x' } },
    expected: { schemas: [CORE_GROUP], displayName: 'Eng' } },
];

describe('normalizeResource', () => {
  it.each([...USER_ROWS, ...GROUP_ROWS].map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const run = () => normalizeResource(row.resourceType ?? 'User', row.body, row.mode ?? 'create');
    if (row.error === undefined) {
      expect(run()).toStrictEqual(row.expected);
      return;
    }
    let thrown: unknown;
    try {
      run();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe(row.error.code);
    if (row.error.detail) expect((thrown as AppError).message).toMatch(row.error.detail);
  });

  it('never copies or follows prototype keys, at any depth', () => {
    const body = JSON.parse(`{
      "userName": "ada", "__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}},
      "prototype": {"polluted": "yes"},
      "name": {"givenName": "Ada", "__proto__": {"polluted": "yes"}},
      "emails": [{"value": "a@x.example", "__proto__": {"primary": true}}],
      "${ENTERPRISE}": {"__proto__": {"polluted": "yes"}, "department": "Eng", "manager": {"__proto__": {"value": "x"}}}
    }`);
    const normalized = normalizeResource('User', body, 'create');
    expect(normalized).toStrictEqual(enterpriseUser(
      { userName: 'ada', name: { givenName: 'Ada' }, emails: [{ value: 'a@x.example' }] },
      { department: 'Eng' },
    ));
    expect(JSON.stringify(normalized)).not.toContain('polluted');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const group = normalizeResource('Group', JSON.parse('{"displayName":"Eng","members":[{"value":"u1","__proto__":{"display":"x"}}]}'), 'create');
    expect(group).toStrictEqual({ schemas: [CORE_GROUP], displayName: 'Eng', members: [{ value: 'u1' }] });
  });

  it('normalises a 10,000-member group body in linear time and keeps first occurrences', () => {
    const members = Array.from({ length: 10_000 }, (_, index) => ({ value: `u${index % 9_000}`, display: `U${index}` }));
    const started = process.hrtime.bigint();
    const group = normalizeResource('Group', { displayName: 'All', members }, 'replace');
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect((group.members as unknown[]).length).toBe(9_000);
    expect((group.members as { display: string }[])[0].display).toBe('U0');
    expect(elapsedMs).toBeLessThan(1000);
  });

  it('does not modify the body', () => {
    const body = { userName: 'ada', active: 'True', emails: [{ value: 'a@x.example', primary: 'true' }] };
    const before = JSON.stringify(body);
    normalizeResource('User', body, 'create');
    expect(JSON.stringify(body)).toBe(before);
  });
});
