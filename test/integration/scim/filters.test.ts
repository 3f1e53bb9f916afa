/**
 * Filters against the real store (RFC 7644 §3.4.2.2): a fixed set of users with varied
 * attributes and a table of filters with the users each must return. Every row is run as
 * GET /Users, POST /Users/.search and POST /.search at the base URL, which must agree.
 */
import { createOrg, type Harness } from '../../support/harness';
import {
  createScimHarness,
  expectScimError,
  expectStatus,
  patchOp,
  SCHEMAS,
  scimClient,
  sorted,
  type ScimClient,
} from '../../support/scim-client';

const ENT = SCHEMAS.enterprise;

/** The fixture, created in this order (meta.created ascending). */
const FIXTURE: Record<string, Record<string, unknown>> = {
  alice: {
    userName: 'alice@example.com',
    externalId: 'EXT-Alice',
    active: true,
    name: { givenName: 'Alice', familyName: 'Anderson' },
    displayName: 'Alice A',
    title: 'Engineer',
    emails: [
      { type: 'work', value: 'alice@example.com', primary: true },
      { type: 'home', value: 'alice@home.example' },
    ],
    [ENT]: { department: 'Engineering', employeeNumber: '100' },
  },
  bob: {
    userName: 'Bob@Example.com',
    externalId: 'ext-bob',
    active: false,
    name: { givenName: 'Bob', familyName: 'Brown' },
    title: 'Manager',
    userType: 'Employee',
    emails: [{ type: 'work', value: 'bob@example.com' }],
    [ENT]: { department: 'Sales', employeeNumber: '200' },
  },
  carol: {
    userName: 'carol.smith@example.org',
    externalId: 'EXT-carol',
    active: 'True',
    name: { givenName: 'Carol', familyName: 'Smith' },
    emails: [{ type: 'home', value: 'carol@home.example', primary: true }],
    phoneNumbers: [{ type: 'mobile', value: '+1 555 0101' }],
    [ENT]: { department: 'engineering' },
  },
  dave: { userName: 'dave', name: { familyName: 'Davis' }, title: 'Engineer II' },
  erin: {
    userName: 'erin@example.com',
    externalId: 'EXT-erin',
    active: false,
    emails: [
      { type: 'work', value: 'erin@corp.example' },
      { type: 'other', value: 'erin@example.com' },
    ],
    addresses: [{ type: 'work', locality: 'Berlin', country: 'DE' }],
    roles: [{ value: 'admin', primary: 'True' }],
  },
  frank: {
    userName: 'frank@example.com',
    externalId: 'EXT-frank',
    active: true,
    nickName: 'Frankie',
    name: { givenName: 'Frank', familyName: 'Anderson' },
    [ENT]: { costCenter: 'CC-1' },
  },
  grace: {
    userName: 'grace@EXAMPLE.com',
    externalId: 'ext-GRACE',
    active: true,
    displayName: 'Grace',
    emails: [{ type: 'work', value: 'GRACE@EXAMPLE.COM' }],
  },
  heidi: { userName: 'heidi+test@example.com', externalId: 'EXT-heidi', active: true, title: 'Engineer', locale: 'de-DE' },
};
const NAMES = Object.keys(FIXTURE);
const allBut = (...excluded: string[]) => NAMES.filter((n) => !excluded.includes(n));

/**
 * [filter, expected users]. Placeholders: {id:NAME}, {created:NAME}, {lastModified:NAME}.
 * After the fixture is created, alice gets bob as manager (so her lastModified is the latest).
 */
const CASES: [string, string[]][] = [
  // Strings; userName is caseExact false.
  ['userName eq "alice@example.com"', ['alice']],
  ['userName eq "ALICE@EXAMPLE.COM"', ['alice']],
  ['userName eq "bob@example.com"', ['bob']],
  ['userName ne "alice@example.com"', allBut('alice')],
  ['userName co "EXAMPLE.COM"', ['alice', 'bob', 'erin', 'frank', 'grace', 'heidi']],
  ['userName sw "A"', ['alice']],
  ['userName ew ".ORG"', ['carol']],
  ['userName eq "heidi+test@example.com"', ['heidi']],
  ['userName co "+"', ['heidi']],
  ['userName co "."', allBut('dave')],
  ['userName gt "f"', ['frank', 'grace', 'heidi']],
  ['userName lt "C"', ['alice', 'bob']],
  ['USERNAME Eq "dave"', ['dave']],
  ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "dave"', ['dave']],
  // externalId is caseExact true.
  ['externalId eq "EXT-Alice"', ['alice']],
  ['externalId eq "ext-alice"', []],
  ['externalId sw "EXT-"', ['alice', 'carol', 'erin', 'frank', 'heidi']],
  ['externalId co "bob"', ['bob']],
  ['externalId co "BOB"', []],
  ['externalId pr', allBut('dave')],
  ['not (externalId pr)', ['dave']],
  ['externalId ne "EXT-Alice"', allBut('alice')],
  ['externalId pr and not (externalId sw "EXT")', ['bob', 'grace']],
  // Booleans; an absent active means active.
  ['active eq true', ['alice', 'carol', 'dave', 'frank', 'grace', 'heidi']],
  ['active eq "True"', ['alice', 'carol', 'dave', 'frank', 'grace', 'heidi']],
  ['active eq false', ['bob', 'erin']],
  ['active ne true', ['bob', 'erin']],
  // Other strings, missing values, null.
  ['title eq "engineer"', ['alice', 'heidi']],
  ['title sw "Engineer"', ['alice', 'dave', 'heidi']],
  ['title ne "Engineer"', ['bob', 'carol', 'dave', 'erin', 'frank', 'grace']],
  ['title eq null', ['carol', 'erin', 'frank', 'grace']],
  ['nickName eq "frankie"', ['frank']],
  ['locale eq "de-DE"', ['heidi']],
  ['userType eq "employee"', ['bob']],
  ['displayName eq "grace"', ['grace']],
  // Complex attributes and sub-attributes.
  ['name.familyName eq "anderson"', ['alice', 'frank']],
  ['name.givenName pr', ['alice', 'bob', 'carol', 'frank']],
  ['name pr', ['alice', 'bob', 'carol', 'dave', 'frank']],
  ['emails pr', ['alice', 'bob', 'carol', 'erin', 'grace']],
  ['emails.value co "@home.example"', ['alice', 'carol']],
  ['emails.value eq "grace@example.com"', ['grace']],
  ['emails eq "bob@example.com"', ['bob']],
  ['addresses.country eq "DE"', ['erin']],
  // Value paths, with and/or/not inside.
  ['emails[type eq "work"]', ['alice', 'bob', 'erin', 'grace']],
  ['emails[type eq "work" and value ew "example.com"]', ['alice', 'bob', 'grace']],
  ['emails[type eq "work"].value eq "erin@corp.example"', ['erin']],
  ['emails[type eq "work"].value eq "erin@example.com"', []],
  ['emails[type eq "home" or primary eq true]', ['alice', 'carol']],
  ['emails[not (type eq "work")]', ['alice', 'carol', 'erin']],
  ['emails[primary eq "True"]', ['alice', 'carol']],
  ['emails[type ne "work"]', ['alice', 'carol', 'erin']],
  ['emails[type eq "work"] and active eq false', ['bob', 'erin']],
  ['not (emails[type eq "work"])', ['carol', 'dave', 'frank', 'heidi']],
  ['emails[type eq "work"] or phoneNumbers[type eq "mobile"]', ['alice', 'bob', 'carol', 'erin', 'grace']],
  ['addresses[locality eq "berlin"]', ['erin']],
  ['phoneNumbers[type eq "mobile"].value sw "+1"', ['carol']],
  ['roles[primary eq "True"].value eq "admin"', ['erin']],
  // and/or/not with parentheses.
  ['(title eq "Engineer" or title eq "Manager") and active eq true', ['alice', 'heidi']],
  ['title eq "Engineer" or (userName sw "bob" and active eq false)', ['alice', 'bob', 'heidi']],
  ['not (active eq true) and not (userName sw "e")', ['bob']],
  ['not (not (userName eq "dave"))', ['dave']],
  // Enterprise extension attributes, by URN and bare.
  [`${ENT}:department eq "engineering"`, ['alice', 'carol']],
  [`${ENT}:employeeNumber eq "200"`, ['bob']],
  ['department eq "Sales"', ['bob']],
  [`${ENT}:costCenter pr`, ['frank']],
  [`${ENT}:manager eq "{id:bob}"`, ['alice']],
  ['manager pr', ['alice']],
  [`${ENT}:manager.value eq "{id:bob}"`, ['alice']],
  // Dates.
  ['meta.created gt "{created:dave}"', ['erin', 'frank', 'grace', 'heidi']],
  ['meta.created lt "{created:carol}"', ['alice', 'bob']],
  ['meta.created ge "{created:carol}" and meta.created le "{created:erin}"', ['carol', 'dave', 'erin']],
  ['meta.lastModified gt "{lastModified:heidi}"', ['alice']],
  ['meta.created gt "2000-01-01T00:00:00Z"', NAMES],
  // Keys answered by _id lookups, alone and combined.
  ['id eq "{id:carol}"', ['carol']],
  ['id eq "not-a-uuid"', []],
  ['id eq "{id:carol}" and active eq false', []],
  ['userName eq "carol.smith@example.org" and externalId eq "EXT-carol"', ['carol']],
  ['userName eq "carol.smith@example.org" and title pr', []],
  ['externalId eq "EXT-erin" and emails[type eq "work"]', ['erin']],
];

const INVALID: [string, RegExp][] = [
  ['userName xx "a"', /operator/i],
  ['userName eq', /value/i],
  ['userName eq alice', /quote/i],
  ['(userName eq "a"', /\)|parenthes/i],
  ['userName eq "a" and', /end|expression/i],
  ['active gt true', /boolean/i],
  ['active eq "yes"', /boolean/i],
  ['meta.created gt "yesterday"', /date/i],
  ['password eq "x"', /password/],
  ['groups.value eq "x"', /groups/],
  ['foo eq "x"', /foo/],
  ['emails[type eq "work"', /\]|never closed/i],
  ['emails[foo eq "x"]', /foo/],
  ['name[givenName eq "x"]', /multi-valued/i],
  ['urn:bad:x eq "x"', /urn|schema/i],
  ['meta.version eq "x"', /meta.version/i],
  ['userName eq "x" and password eq "y"', /password/],
  ['id eq "x" and groups.value eq "y"', /groups/],
  ['x509Certificates.value gt "AA=="', /binary/i],
  ['name eq "x"', /complex|name/i],
  ['emails[type eq "work"][value eq "x"]', /./],
  ['   ', /empty/i],
];

let h: Harness;
let scim: ScimClient;
const ids: Record<string, string> = {};
const byId: Record<string, string> = {};
const created: Record<string, string> = {};
const lastModified: Record<string, string> = {};

beforeAll(async () => {
  h = await createScimHarness();
  scim = scimClient(h, await createOrg(h));
  for (const name of NAMES) {
    const user = await scim.createUser({ schemas: [SCHEMAS.user], ...FIXTURE[name] });
    ids[name] = user.id;
    byId[user.id] = name;
    created[name] = user.meta.created;
    lastModified[name] = user.meta.lastModified;
    await new Promise((r) => setTimeout(r, 5)); // distinct creation instants
  }
  const patched = await scim.patch(`/Users/${ids.alice}`, patchOp({ op: 'add', path: `${ENT}:manager`, value: ids.bob }));
  expectStatus(patched, 200);
  lastModified.alice = patched.body.meta.lastModified;
});
afterAll(async () => {
  await h.close();
});

function expand(filter: string): string {
  return filter.replace(/\{(id|created|lastModified):(\w+)\}/g, (_m, kind: string, name: string) =>
    kind === 'id' ? ids[name] : kind === 'created' ? created[name] : lastModified[name],
  );
}

const names = (resources: { id: string }[]) => sorted(resources.map((r) => byId[r.id] ?? `?${r.id}`));

describe('filters on Users against the store', () => {
  test(`the table has at least 40 rows (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  test.each(CASES)('%s', async (filter, expected) => {
    const text = expand(filter);
    const res = await scim.get(`/Users?count=1000&filter=${encodeURIComponent(text)}`);
    expectStatus(res, 200);
    expect(names(res.body.Resources ?? [])).toEqual(sorted(expected));
    expect(res.body.totalResults).toBe(expected.length);

    const search = await scim.post('/Users/.search', { schemas: [SCHEMAS.search], filter: text, count: 1000 });
    expectStatus(search, 200);
    expect(search.body).toEqual(res.body);

    const root = await scim.post('/.search', { schemas: [SCHEMAS.search], filter: text, count: 1000 });
    expectStatus(root, 200);
    expect(root.body).toEqual(res.body);
  });

  test('a filter checked in memory still pages correctly', async () => {
    const filter = encodeURIComponent('emails[type eq "work" or type eq "home"]');
    const all = (await scim.get(`/Users?filter=${filter}`)).body;
    expect(all.totalResults).toBe(5);
    const page = await scim.get(`/Users?filter=${filter}&startIndex=2&count=2`);
    expect(page.body).toMatchObject({ totalResults: 5, startIndex: 2, itemsPerPage: 2 });
    expect(page.body.Resources).toEqual(all.Resources.slice(1, 3));
  });

  test.each(INVALID)('invalid filter %s → 400 invalidFilter', async (filter, detail) => {
    const res = await scim.get(`/Users?filter=${encodeURIComponent(filter)}`);
    expectScimError(res, 400, 'invalidFilter');
    expect(res.body.detail).toMatch(detail);
    const search = await scim.post('/Users/.search', { schemas: [SCHEMAS.search], filter });
    expectScimError(search, 400, 'invalidFilter');
  });

  test('over-long and over-deep filters are 400 invalidFilter', async () => {
    const long = `userName eq "${'a'.repeat(5000)}"`;
    const longRes = await scim.post('/Users/.search', { schemas: [SCHEMAS.search], filter: long });
    expectScimError(longRes, 400, 'invalidFilter');
    expect(longRes.body.detail).toMatch(/4096/);
    const deep = `${'('.repeat(17)}userName eq "a"${')'.repeat(17)}`;
    const deepRes = await scim.get(`/Users?filter=${encodeURIComponent(deep)}`);
    expectScimError(deepRes, 400, 'invalidFilter');
    expect(deepRes.body.detail).toMatch(/16 levels/);
    const notDeep = `${'('.repeat(16)}userName eq "dave"${')'.repeat(16)}`;
    expect((await scim.get(`/Users?filter=${encodeURIComponent(notDeep)}`)).body.totalResults).toBe(1);
  });
});

describe('sorting (RFC 7644 §3.4.2.3)', () => {
  const order = async (query: string) => {
    const res = await scim.get(`/Users?${query}`);
    expectStatus(res, 200);
    return (res.body.Resources as { id: string }[]).map((r) => byId[r.id]);
  };

  test('by userName, case-insensitively, both ways', async () => {
    const expected = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
    expect(await order('sortBy=userName')).toEqual(expected);
    expect(await order('sortBy=userName&sortOrder=ascending')).toEqual(expected);
    expect(await order('sortBy=userName&sortOrder=descending')).toEqual([...expected].reverse());
    const search = await scim.post('/Users/.search', { schemas: [SCHEMAS.search], sortBy: 'userName', sortOrder: 'descending' });
    expect(search.body.Resources.map((r: { id: string }) => byId[r.id])).toEqual([...expected].reverse());
  });

  test('by meta.created, by a sub-attribute and by an extension attribute; paging keeps the order', async () => {
    expect(await order('sortBy=meta.created')).toEqual(NAMES);
    expect(await order('sortBy=meta.created&sortOrder=descending')).toEqual([...NAMES].reverse());
    const byFamily = await order('sortBy=name.familyName&filter=name.familyName%20pr');
    expect(byFamily.slice(0, 2).sort()).toEqual(['alice', 'frank']);
    expect(byFamily.slice(2)).toEqual(['bob', 'dave', 'carol']);
    const byNumber = await order(`sortBy=${encodeURIComponent(`${ENT}:employeeNumber`)}&filter=${encodeURIComponent('employeeNumber pr')}`);
    expect(byNumber).toEqual(['alice', 'bob']);
    const pages = [...(await order('sortBy=userName&count=3')), ...(await order('sortBy=userName&count=3&startIndex=4')), ...(await order('sortBy=userName&count=3&startIndex=7'))];
    expect(pages).toEqual(['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi']);
  });

  test('a sortBy that is not a sortable attribute is 400 with a SCIM body', async () => {
    expectScimError(await scim.get('/Users?sortBy=nosuch'), 400, 'invalidValue');
    expectScimError(await scim.get('/Users?sortBy=userName&sortOrder=sideways'), 400, 'invalidValue');
  });
});

describe('attributes and excludedAttributes (RFC 7644 §3.4.2.5)', () => {
  test('on a single User', async () => {
    const get = (query: string) => scim.get(`/Users/${ids.alice}?${query}`).then((r) => r.body);
    expect(await get('attributes=userName')).toEqual({ schemas: expect.any(Array), id: ids.alice, userName: 'alice@example.com' });
    expect(await get('attributes=name.givenName,externalId')).toEqual({
      schemas: expect.any(Array),
      id: ids.alice,
      externalId: 'EXT-Alice',
      name: { givenName: 'Alice' },
    });
    expect(await get(`attributes=${encodeURIComponent(`${ENT}:department`)}`)).toEqual({
      schemas: expect.any(Array),
      id: ids.alice,
      [ENT]: { department: 'Engineering' },
    });
    const excluded = await get('excludedAttributes=emails,meta,id');
    expect(excluded.id).toBe(ids.alice);
    expect(excluded).not.toHaveProperty('emails');
    expect(excluded).not.toHaveProperty('meta');
    expect(excluded.userName).toBe('alice@example.com');
    const caseInsensitive = await get('ATTRIBUTES=USERNAME');
    expect(Object.keys(caseInsensitive).sort()).toEqual(['id', 'schemas', 'userName']);
  });

  test('on lists and searches', async () => {
    const list = await scim.get('/Users?attributes=userName&filter=userName%20sw%20%22a%22');
    expect(list.body.Resources).toEqual([{ schemas: expect.any(Array), id: ids.alice, userName: 'alice@example.com' }]);
    const search = await scim.post('/Users/.search', { schemas: [SCHEMAS.search], filter: 'userName sw "a"', excludedAttributes: ['emails', 'name', 'meta', ENT, SCHEMAS.license] });
    expect(Object.keys(search.body.Resources[0]).sort()).toEqual(['active', 'displayName', 'externalId', 'id', 'schemas', 'title', 'userName']);
  });

  test('members of Groups: shown by default, excluded on request, on reads and lists', async () => {
    const group = await scim.createGroup({ schemas: [SCHEMAS.group], displayName: 'Projection', members: [{ value: ids.alice }, { value: ids.bob }] });
    const other = await scim.createGroup({ schemas: [SCHEMAS.group], displayName: 'Projection 2', members: [{ value: ids.carol }] });
    const withMembers = (await scim.get(`/Groups/${group.id}`)).body;
    expect(sorted(withMembers.members.map((m: { value: string }) => m.value))).toEqual(sorted([ids.alice, ids.bob]));
    expect(withMembers.members[0]).toMatchObject({ $ref: expect.stringContaining('/Users/'), type: 'User' });
    const single = (await scim.get(`/Groups/${group.id}?excludedAttributes=members`)).body;
    expect(single).not.toHaveProperty('members');
    expect(single.displayName).toBe('Projection');

    const list = (await scim.get('/Groups?sortBy=displayName')).body;
    expect(list.Resources.map((g: { id: string }) => g.id)).toEqual([group.id, other.id]);
    expect(list.Resources[0].members).toHaveLength(2);
    expect(list.Resources[1].members).toEqual([expect.objectContaining({ value: ids.carol })]);
    const listExcluded = (await scim.get('/Groups?excludedAttributes=members')).body;
    for (const g of listExcluded.Resources) expect(g).not.toHaveProperty('members');
    const onlyName = (await scim.get('/Groups?attributes=displayName')).body;
    expect(onlyName.Resources[0]).toEqual({ schemas: [SCHEMAS.group], id: group.id, displayName: 'Projection' });
    const onlyMembers = (await scim.get(`/Groups/${group.id}?attributes=members.value`)).body;
    expect(sorted(onlyMembers.members.map((m: { value: string }) => m.value))).toEqual(sorted([ids.alice, ids.bob]));

    // A User's groups (read-only): on a read by id; in lists only when asked for by name
    // (finding them is a scan of the memberships on FerretDB, see resource-responses.ts).
    const alice = (await scim.get(`/Users/${ids.alice}`)).body;
    expect(alice.groups).toEqual([{ value: group.id, display: 'Projection', $ref: `${scim.org.baseUrl}/Groups/${group.id}`, type: 'direct' }]);
    const carolInList = (await scim.get(`/Users?filter=${encodeURIComponent(`id eq "${ids.carol}"`)}`)).body.Resources[0];
    expect(carolInList).not.toHaveProperty('groups');
    const carolAsked = (await scim.get(`/Users?attributes=userName,groups&filter=${encodeURIComponent(`id eq "${ids.carol}"`)}`)).body.Resources[0];
    expect(carolAsked.groups).toEqual([expect.objectContaining({ value: other.id, display: 'Projection 2' })]);
    const listed = (await scim.get('/Users?sortBy=userName&attributes=groups.value,groups.display')).body.Resources;
    expect(listed[0].groups).toEqual([{ value: group.id, display: 'Projection' }]);
    expect(listed[1].groups).toEqual([{ value: group.id, display: 'Projection' }]);
    expect(listed[3]).not.toHaveProperty('groups');
    const searched = await scim.post('/Users/.search', { schemas: [SCHEMAS.search], filter: 'userName sw "b"', attributes: ['groups'] });
    expect(searched.body.Resources[0].groups).toEqual([expect.objectContaining({ value: group.id })]);
    const noGroups = (await scim.get(`/Users/${ids.alice}?excludedAttributes=groups`)).body;
    expect(noGroups).not.toHaveProperty('groups');

    // The root search finds both types; a Group-only attribute simply matches no User.
    const root = await scim.post('/.search', { schemas: [SCHEMAS.search], filter: 'displayName sw "Projection"', attributes: ['displayName'] });
    expectStatus(root, 200);
    expect(root.body.totalResults).toBe(2);
    expect(root.body.Resources.map((r: { id: string }) => r.id).sort()).toEqual(sorted([group.id, other.id]));

    for (const id of [group.id, other.id]) expectStatus(await scim.delete(`/Groups/${id}`), 204);
  });

  test('meta.location and Location use PUBLIC_URL', async () => {
    const alice = (await scim.get(`/Users/${ids.alice}`)).body;
    expect(scim.org.baseUrl).toBe(`http://seatsync.test/scim/v2/${scim.org.id}`);
    expect(alice.meta.location).toBe(`http://seatsync.test/scim/v2/${scim.org.id}/Users/${ids.alice}`);
    const listed = (await scim.get('/Users?count=1')).body.Resources[0];
    expect(listed.meta.location).toBe(`${scim.org.baseUrl}/Users/${listed.id}`);
  });
});
