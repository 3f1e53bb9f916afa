/**
 * Errors (RFC 7644 §3.12): every 4xx carries the SCIM error body with a string status and the
 * scimType the RFC defines for it; nothing is ever a 5xx; and a rejected request changes no
 * stored state (checked by comparing the org's documents before and after).
 */
import { createOrg, type Harness } from '../../support/harness';
import {
  createScimHarness,
  expectScimError,
  expectStatus,
  patchOp,
  randomName,
  SCHEMAS,
  scimClient,
  snapshot,
  type ScimClient,
} from '../../support/scim-client';

let h: Harness;
let scim: ScimClient;
let userId: string;
let otherUserId: string;
let groupId: string;

beforeAll(async () => {
  h = await createScimHarness();
  scim = scimClient(h, await createOrg(h));
  const user = await scim.createUser({ schemas: [SCHEMAS.user], userName: 'taken@example.com', externalId: 'ext-taken', active: true });
  userId = user.id;
  otherUserId = (await scim.createUser({ schemas: [SCHEMAS.user], userName: 'other@example.com' })).id;
  groupId = (await scim.createGroup({ schemas: [SCHEMAS.group], displayName: 'Taken group', members: [{ value: userId }] })).id;
});
afterAll(async () => {
  await h.close();
});

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const unknownId = '6f1c1d2e-0000-4000-8000-000000000000';

/** [name, method, path, body, status, scimType, detail pattern]. Bodies are JSON values. */
const REJECTED: [string, Method, string, unknown, number, string | undefined, RegExp?][] = [
  // 404: unknown ids and endpoints.
  ['GET unknown user', 'get', `/Users/${unknownId}`, undefined, 404, undefined, /not found/],
  ['GET non-UUID user id', 'get', '/Users/not-a-uuid', undefined, 404, undefined],
  ['PUT unknown user', 'put', `/Users/${unknownId}`, { userName: 'x' }, 404, undefined],
  ['PATCH unknown user', 'patch', `/Users/${unknownId}`, patchOp({ op: 'replace', path: 'title', value: 'x' }), 404, undefined],
  ['DELETE unknown user', 'delete', `/Users/${unknownId}`, undefined, 404, undefined],
  ['GET unknown group', 'get', `/Groups/${unknownId}`, undefined, 404, undefined],
  ['PATCH unknown group', 'patch', `/Groups/${unknownId}`, patchOp({ op: 'add', path: 'members', value: [] }), 404, undefined],
  ['DELETE unknown group', 'delete', `/Groups/${unknownId}`, undefined, 404, undefined],
  ['a user id on /Groups', 'get', '/Groups/{user}', undefined, 404, undefined],
  ['unknown endpoint', 'get', '/Widgets', undefined, 404, undefined, /Widgets/],
  ['unknown sub-path', 'get', '/Users/{user}/extra', undefined, 404, undefined],
  ['unknown resource type', 'get', '/ResourceTypes/Widget', undefined, 404, undefined],
  ['unknown schema', 'get', '/Schemas/urn:nope', undefined, 404, undefined],
  ['POST to an id', 'post', '/Users/{user}', { userName: 'x' }, 404, undefined],
  // 409 uniqueness.
  ['duplicate userName', 'post', '/Users', { userName: 'TAKEN@example.com' }, 409, 'uniqueness', /userName/],
  ['duplicate externalId', 'post', '/Users', { userName: 'fresh@example.com', externalId: 'ext-taken' }, 409, 'uniqueness', /externalId/],
  ['PUT to a taken userName', 'put', '/Users/{other}', { userName: 'taken@example.com' }, 409, 'uniqueness'],
  ['duplicate group name', 'post', '/Groups', { displayName: 'taken GROUP' }, 409, 'uniqueness'],
  // 400 invalidValue.
  ['user without userName', 'post', '/Users', { name: { givenName: 'x' } }, 400, 'invalidValue', /userName/],
  ['empty userName', 'post', '/Users', { userName: '' }, 400, 'invalidValue', /userName/],
  ['numeric userName', 'post', '/Users', { userName: 42 }, 400, 'invalidValue', /userName/],
  ['active "maybe"', 'post', '/Users', { userName: 'y@example.com', active: 'maybe' }, 400, 'invalidValue', /active/],
  ['two primary emails', 'post', '/Users', { userName: 'z@example.com', emails: [{ value: 'a@x', primary: true }, { value: 'b@x', primary: true }] }, 400, 'invalidValue', /primary/],
  ['email as a string', 'post', '/Users', { userName: 'w@example.com', emails: ['a@x'] }, 400, 'invalidValue', /emails/],
  ['group without displayName', 'post', '/Groups', { members: [] }, 400, 'invalidValue', /displayName/],
  ['member without value', 'post', '/Groups', { displayName: 'G1', members: [{ display: 'x' }] }, 400, 'invalidValue', /value/],
  ['unknown member', 'post', '/Groups', { displayName: 'G2', members: [{ value: unknownId }] }, 400, 'invalidValue', new RegExp(unknownId)],
  ['PATCH op without value', 'patch', '/Users/{user}', patchOp({ op: 'add', path: 'title' }), 400, 'invalidValue'],
  ['count not a number', 'get', '/Users?count=ten', undefined, 400, 'invalidValue', /count/],
  ['startIndex not an integer', 'get', '/Users?startIndex=1.5', undefined, 400, 'invalidValue', /startIndex/],
  ['filter given twice', 'get', '/Users?filter=a&filter=b', undefined, 400, 'invalidValue', /filter/],
  // 400 mutability: the license extension is read-only, and so is id.
  ['license extension on POST', 'post', '/Users', { userName: 'lic@example.com', [SCHEMAS.license]: { state: 'active' } }, 400, 'mutability', /license/],
  ['license attribute by URN key on POST', 'post', '/Users', { userName: 'lic2@example.com', [`${SCHEMAS.license}:state`]: 'active' }, 400, 'mutability'],
  ['license by PATCH path', 'patch', '/Users/{user}', patchOp({ op: 'replace', path: `${SCHEMAS.license}:state`, value: 'active' }), 400, 'mutability'],
  ['license by no-path PATCH', 'patch', '/Users/{user}', patchOp({ op: 'add', value: { [SCHEMAS.license]: { queuePosition: 1 } } }), 400, 'mutability'],
  ['license removal by PATCH', 'patch', '/Users/{user}', patchOp({ op: 'remove', path: SCHEMAS.license }), 400, 'mutability'],
  ['id by PATCH', 'patch', '/Users/{user}', patchOp({ op: 'replace', path: 'id', value: 'mine' }), 400, 'mutability'],
  ['groups by PATCH', 'patch', '/Users/{user}', patchOp({ op: 'add', path: 'groups', value: [{ value: '{group}' }] }), 400, 'mutability'],
  ['removing userName', 'patch', '/Users/{user}', patchOp({ op: 'remove', path: 'userName' }), 400, 'mutability'],
  // 400 invalidPath / noTarget / invalidSyntax / tooMany / invalidFilter.
  ['unknown attribute path', 'patch', '/Users/{user}', patchOp({ op: 'replace', path: 'shoeSize', value: 44 }), 400, 'invalidPath', /shoeSize/],
  ['sub-attribute of members', 'patch', '/Groups/{group}', patchOp({ op: 'replace', path: 'members.display', value: 'x' }), 400, 'invalidPath'],
  ['remove without path', 'patch', '/Users/{user}', patchOp({ op: 'remove' }), 400, 'noTarget'],
  ['unknown op', 'patch', '/Users/{user}', patchOp({ op: 'merge', path: 'title', value: 'x' }), 400, 'invalidSyntax', /op/],
  ['no Operations', 'patch', '/Users/{user}', { schemas: [SCHEMAS.patch] }, 400, 'invalidSyntax', /Operations/],
  ['wrong message schema', 'patch', '/Users/{user}', { schemas: [SCHEMAS.list], Operations: [] }, 400, 'invalidSyntax'],
  ['PATCH body an array', 'patch', '/Users/{user}', [{ op: 'add' }], 400, 'invalidSyntax'],
  ['POST body a string', 'post', '/Users', 'userName', 400, 'invalidSyntax'],
  ['POST body null', 'post', '/Groups', null, 400, 'invalidSyntax'],
  ['search body an array', 'post', '/Users/.search', [], 400, 'invalidSyntax'],
  ['too many operations', 'patch', '/Users/{user}', patchOp(...Array.from({ length: 1001 }, () => ({ op: 'replace', path: 'title', value: 'x' }))), 400, 'tooMany', /1000/],
  ['invalid path filter', 'patch', '/Users/{user}', patchOp({ op: 'replace', path: 'emails[type xx "work"].value', value: 'x' }), 400, 'invalidFilter'],
  ['invalid search filter', 'post', '/.search', { schemas: [SCHEMAS.search], filter: 'userName eq' }, 400, 'invalidFilter'],
  ['empty filter', 'get', '/Users?filter=', undefined, 400, 'invalidFilter'],
  // 412.
  ['stale If-Match', 'patch', '/Users/{user}#if-match', patchOp({ op: 'replace', path: 'title', value: 'x' }), 412, undefined, /version/],
  // 501.
  ['Bulk', 'post', '/Bulk', { schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'], Operations: [] }, 501, undefined, /Bulk/],
];

function expandPath(path: string): { path: string; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  let expanded = path.replace('{user}', userId).replace('{other}', otherUserId).replace('{group}', groupId);
  if (expanded.endsWith('#if-match')) {
    expanded = expanded.slice(0, -'#if-match'.length);
    headers['If-Match'] = 'W/"999"';
  }
  return { path: expanded, headers };
}

function send(method: Method, path: string, body: unknown, headers: Record<string, string> = {}) {
  if (method === 'get' || method === 'delete') return scim[method](path, headers);
  return scim[method](path, body, headers);
}

describe('rejected requests', () => {
  // Objects, not arrays: jest would take a missing trailing element for a done callback.
  const rows = REJECTED.map(([name, method, path, body, status, scimType, detail]) => ({ name, method, path, body, status, scimType, detail }));
  test.each(rows)('$name → $status', async ({ method, path: rawPath, body, status, scimType, detail }) => {
    const { path, headers } = expandPath(rawPath);
    const before = await snapshot(h, scim.org.id);
    const res = await send(method, path, body, headers);
    expectScimError(res, status, scimType);
    if (detail) expect(res.body.detail).toMatch(detail);
    expect(await snapshot(h, scim.org.id)).toBe(before);
  });
});

describe('request bodies', () => {
  test('malformed JSON is 400 invalidSyntax on every write', async () => {
    const before = await snapshot(h, scim.org.id);
    for (const [method, path] of [
      ['post', '/Users'],
      ['put', `/Users/${userId}`],
      ['patch', `/Users/${userId}`],
      ['post', '/Groups'],
      ['patch', `/Groups/${groupId}`],
      ['post', '/.search'],
    ] as const) {
      const res = await scim.raw(method, path).set('Content-Type', 'application/scim+json').send('{"userName": "x",');
      expectScimError(res, 400, 'invalidSyntax');
      expect(res.body.detail).toMatch(/JSON/);
    }
    expect(await snapshot(h, scim.org.id)).toBe(before);
  });

  test.each([
    ['text/plain', '{"userName":"plain@example.com"}'],
    ['application/x-www-form-urlencoded', 'userName=form%40example.com'],
    ['application/xml', '<User><userName>x</userName></User>'],
    ['multipart/form-data; boundary=x', '--x\r\n\r\nuserName\r\n--x--'],
  ])('a %s body is 415', async (type, body) => {
    const before = await snapshot(h, scim.org.id);
    for (const [method, path] of [
      ['post', '/Users'],
      ['put', `/Users/${userId}`],
      ['patch', `/Users/${userId}`],
      ['post', '/Groups/.search'],
    ] as const) {
      const res = await scim.raw(method, path).set('Content-Type', type).send(body);
      expectScimError(res, 415);
      expect(res.body.detail).toMatch(/application\/scim\+json/);
    }
    expect(await snapshot(h, scim.org.id)).toBe(before);
  });

  test('a body without any Content-Type is 415; a write without a body is 400', async () => {
    const before = await snapshot(h, scim.org.id);
    const res = await scim.raw('post', '/Users').send(Buffer.from(JSON.stringify({ userName: 'untyped@example.com' })));
    expectScimError(res, 415);
    const empty = await scim.raw('post', '/Users').set('Content-Type', 'application/scim+json');
    expectScimError(empty, 400, 'invalidSyntax');
    expect(empty.body.detail).toMatch(/but it is nothing/);
    const emptyPatch = await scim.raw('patch', `/Users/${userId}`).set('Content-Type', 'text/plain');
    expectScimError(emptyPatch, 400, 'invalidSyntax');
    const emptyPut = await scim.raw('put', `/Groups/${groupId}`);
    expectScimError(emptyPut, 400, 'invalidSyntax');
    expect(await snapshot(h, scim.org.id)).toBe(before);
  });

  test('a body over the advertised limit is 413', async () => {
    const before = await snapshot(h, scim.org.id);
    const huge = JSON.stringify({ userName: 'huge@example.com', title: 'x'.repeat(5 * 1024 * 1024 + 10) });
    const res = await scim.raw('post', '/Users').set('Content-Type', 'application/scim+json').send(huge);
    expectScimError(res, 413);
    expect(await snapshot(h, scim.org.id)).toBe(before);
  });

  test('JSON with a charset, application/json and a +json type are all accepted', async () => {
    for (const type of ['application/scim+json; charset=utf-8', 'application/json', 'application/json; charset=UTF-8']) {
      const res = await scim.raw('post', '/Users').set('Content-Type', type).send(JSON.stringify({ userName: `${randomName()}@example.com` }));
      expectStatus(res, 201);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    }
  });

  test('a body in a charset other than UTF-8 is 415', async () => {
    const res = await scim.raw('post', '/Users').set('Content-Type', 'application/scim+json; charset=latin1').send('{"userName":"x"}');
    expectScimError(res, 415);
  });
});

describe('odd but harmless input is never a 5xx', () => {
  const odd: [string, Method, string, unknown][] = [
    ['NUL in a userName', 'post', '/Users', { userName: `nul\u0000${randomName()}` }],
    ['a 100,000-character userName', 'post', '/Users', { userName: 'l'.repeat(100_000) }],
    ['a 100,000-character externalId lookup', 'get', `/Users?filter=${encodeURIComponent(`externalId eq "${'e'.repeat(3000)}"`)}`, undefined],
    ['keys that look like operators', 'post', '/Users', { userName: `ops-${randomName()}`, $where: '1', 'name.$gt': 1, name: { $ne: null } }],
    ['__proto__ keys', 'post', '/Users', JSON.parse(`{"userName":"proto-${randomName()}","__proto__":{"admin":true},"name":{"__proto__":{"x":1}}}`)],
    ['a dotted unknown key', 'post', '/Users', { userName: `dot-${randomName()}`, 'a.b.c': 1, 'urn:x:y:z': { q: 1 } }],
    ['OneLogin SCIM 1.x schema and id null', 'post', '/Users', { schemas: ['urn:scim:schemas:core:1.0'], id: null, userName: `ol-${randomName()}`, active: 'true' }],
    ['deeply nested value', 'post', '/Users', { userName: `deep-${randomName()}`, name: JSON.parse(`${'{"a":'.repeat(500)}1${'}'.repeat(500)}`) }],
    ['a percent-encoded slash in an id', 'get', '/Users/a%2Fb', undefined],
    ['a 5,000-character id', 'get', `/Users/${'i'.repeat(5000)}`, undefined],
    ['unicode in a filter', 'get', `/Users?filter=${encodeURIComponent('userName eq "ｊｏｈｎ😀"')}`, undefined],
    ['NUL in a filter', 'get', `/Users?filter=${encodeURIComponent('userName eq "a\u0000b"')}`, undefined],
    ['regex characters in a filter', 'get', `/Users?filter=${encodeURIComponent('userName co ".*(a+)+$[\\\\"')}`, undefined],
    ['negative count and startIndex', 'get', '/Users?count=-5&startIndex=-5', undefined],
    ['huge count', 'get', '/Users?count=100000000', undefined],
    ['attributes naming nothing known', 'get', '/Users?attributes=nothing,urn:x:y', undefined],
    ['sortBy on a complex attribute', 'get', '/Users?sortBy=emails', undefined],
    ['a PATCH path with a URN of an unknown extension', 'patch', '/Users/{user}', patchOp({ op: 'add', path: 'urn:example:custom:1.0:User:shoe', value: 1 })],
    ['a PATCH value with unknown keys', 'patch', '/Users/{user}', patchOp({ op: 'replace', value: { shoe: 1 } })],
  ];

  test.each(odd.map(([name, method, path, body]) => ({ name, method, path, body })))('$name', async ({ method, path: rawPath, body }) => {
    const { path } = expandPath(rawPath);
    const res = await send(method, path, body);
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) expectScimError(res, res.status, res.body.scimType);
  });

  test('count is capped at maxResults and negative values are clamped (RFC 7644 §3.4.2.4)', async () => {
    const capped = await scim.get('/Users?count=100000');
    expectStatus(capped, 200);
    expect(capped.body.itemsPerPage).toBeLessThanOrEqual(1000);
    const zero = await scim.get('/Users?count=0');
    expect(zero.body).toMatchObject({ itemsPerPage: 0, startIndex: 1 });
    expect(zero.body.totalResults).toBeGreaterThan(0);
    const negative = await scim.get('/Users?count=-1&startIndex=0');
    expect(negative.body).toMatchObject({ itemsPerPage: 0, startIndex: 1 });
  });
});
