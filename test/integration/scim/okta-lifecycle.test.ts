/**
 * Okta's provisioning traffic replayed request by request (research idp-behaviour.md §2.1,
 * §2.2, §2.3): headers, request shapes and the answers Okta expects.
 */
import { createOrg, type Harness } from '../../support/harness';
import {
  createScimHarness,
  expectScimError,
  expectStatus,
  patchOp,
  randomName,
  rawDocs,
  SCHEMAS,
  scimClient,
  sorted,
  timed,
  type ScimClient,
} from '../../support/scim-client';

const OKTA_HEADERS = { 'User-Agent': 'Okta SCIM Client 1.0.0', Accept: 'application/scim+json' };
/** Okta's POSTs carry plain application/json (research §2.3). */
const OKTA_POST = { ...OKTA_HEADERS, 'Content-Type': 'application/json' };

let h: Harness;

beforeAll(async () => {
  h = await createScimHarness();
});
afterAll(async () => {
  await h.close();
});

async function oktaClient(): Promise<ScimClient> {
  return scimClient(h, await createOrg(h), OKTA_HEADERS);
}

function oktaUser(login: string, oktaId: string, password: string) {
  return {
    schemas: [SCHEMAS.user],
    userName: login,
    name: { givenName: 'Ada', familyName: 'Lovelace' },
    emails: [{ primary: true, value: login, type: 'work' }],
    displayName: 'Ada Lovelace',
    locale: 'en-US',
    externalId: oktaId,
    groups: [],
    password,
    active: true,
  };
}

function expectEmptyList(body: Record<string, unknown>, startIndex = 1) {
  expect(body.schemas).toEqual([SCHEMAS.list]);
  expect(body.totalResults).toBe(0);
  expect(body.startIndex).toBe(startIndex);
  expect(body.itemsPerPage).toBe(0);
  expect(body.Resources ?? []).toEqual([]);
}

describe('Okta user lifecycle (research §2.1)', () => {
  test('existence check, create, duplicate, case-insensitive lookup, profile PUT, deactivate and reactivate', async () => {
    const scim = await oktaClient();
    const login = `${randomName('ada')}@example.com`;
    const password = `Pl@ceholder-${randomName()}`;
    const filter = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`;

    // 1. Assignment → existence check: 200 with an empty ListResponse.
    const miss = await scim.get(filter(login));
    expectStatus(miss, 200);
    expect(miss.headers['content-type']).toMatch(/^application\/scim\+json/);
    expectEmptyList(miss.body);

    // 2. Create: 201 with the full resource; the password is neither echoed nor stored.
    const created = await scim.post('/Users', oktaUser(login, '00u1abcd', password), OKTA_POST);
    expectStatus(created, 201);
    const user = created.body;
    expect(user.id).toEqual(expect.any(String));
    expect(user).toMatchObject({
      schemas: expect.arrayContaining([SCHEMAS.user]),
      userName: login,
      name: { givenName: 'Ada', familyName: 'Lovelace' },
      emails: [{ primary: true, value: login, type: 'work' }],
      displayName: 'Ada Lovelace',
      locale: 'en-US',
      externalId: '00u1abcd',
      active: true,
      meta: { resourceType: 'User', location: `${scim.org.baseUrl}/Users/${user.id}` },
    });
    expect(user.password).toBeUndefined();
    expect(created.headers.location).toBe(`${scim.org.baseUrl}/Users/${user.id}`);
    expect(created.text).not.toContain(password);
    for (const name of ['users', 'versions', 'keys', 'changes', 'sync_log'] as const) {
      expect(JSON.stringify(await rawDocs(h, scim.org.id, name))).not.toContain(password);
    }

    // 3. The same POST again: 409 uniqueness.
    expectScimError(await scim.post('/Users', oktaUser(login, '00u1abcd', password), OKTA_POST), 409, 'uniqueness');
    // …also when only the case differs (userName is caseExact false, RFC 7643 §4.1.1).
    expectScimError(await scim.post('/Users', oktaUser(login.toUpperCase(), '00u9other', password), OKTA_POST), 409, 'uniqueness');

    // 4. SPEC test step 9: the uppercased userName finds the user.
    const upper = await scim.get(filter(login.toUpperCase()));
    expectStatus(upper, 200);
    expect(upper.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, startIndex: 1 });
    expect(upper.body.Resources[0].id).toBe(user.id);

    // 5. Profile update: GET, then PUT of the whole object with id, meta, groups and the
    // read-only license extension echoed unchanged.
    const read = await scim.get(`/Users/${user.id}`);
    expectStatus(read, 200);
    expect(read.body[SCHEMAS.license]).toEqual({ state: 'provisioned' });
    const edited = { ...read.body, name: { ...read.body.name, givenName: 'Augusta' }, groups: [], password };
    const put = await scim.put(`/Users/${user.id}`, edited, OKTA_POST);
    expectStatus(put, 200);
    expect(put.body).toMatchObject({ id: user.id, userName: login, name: { givenName: 'Augusta', familyName: 'Lovelace' }, active: true });
    expect(put.body.meta.version).not.toBe(read.body.meta.version);
    expect(put.body.meta.created).toBe(read.body.meta.created);
    expect(put.body.password).toBeUndefined();
    expect((await scim.get(`/Users/${user.id}`)).body.name.givenName).toBe('Augusta');

    // 6. Deactivation: PATCH replace with no path (OIN apps).
    const deactivated = await scim.patch(`/Users/${user.id}`, patchOp({ op: 'replace', value: { active: false } }), OKTA_POST);
    expectStatus(deactivated, 200);
    expect(deactivated.body).toMatchObject({ id: user.id, active: false });
    // Still readable, by id and by filter (research §2.3 CRUD test, §6 item 10).
    expect((await scim.get(`/Users/${user.id}`)).body.active).toBe(false);
    const filtered = await scim.get(filter(login));
    expect(filtered.body.totalResults).toBe(1);
    expect(filtered.body.Resources[0]).toMatchObject({ id: user.id, active: false });

    // 7. Reactivation.
    const reactivated = await scim.patch(`/Users/${user.id}`, patchOp({ op: 'replace', value: { active: true } }), OKTA_POST);
    expectStatus(reactivated, 200);
    expect(reactivated.body.active).toBe(true);

    // AIW apps deactivate with a PUT of the whole object instead.
    const current = (await scim.get(`/Users/${user.id}`)).body;
    const putInactive = await scim.put(`/Users/${user.id}`, { ...current, active: false }, OKTA_POST);
    expectStatus(putInactive, 200);
    expect(putInactive.body.active).toBe(false);
  });

  test('a changed license extension in a PUT is a mutability error and changes nothing', async () => {
    const scim = await oktaClient();
    const user = await scim.createUser(oktaUser(`${randomName()}@example.com`, '00u2', 'x'));
    const read = (await scim.get(`/Users/${user.id}`)).body;
    const res = await scim.put(`/Users/${user.id}`, { ...read, displayName: 'Changed', [SCHEMAS.license]: { state: 'active' } }, OKTA_POST);
    expectScimError(res, 400, 'mutability');
    expect((await scim.get(`/Users/${user.id}`)).body).toEqual(read);
  });

  test('a user created without "active" is active and says so; a removed "active" stays absent', async () => {
    const scim = await oktaClient();
    const created = await scim.createUser({ schemas: [SCHEMAS.user], userName: `${randomName()}@example.com` });
    expect(created.active).toBe(true);
    const removed = await scim.patch(`/Users/${created.id}`, patchOp({ op: 'remove', path: 'active' }));
    expectStatus(removed, 200);
    expect(removed.body).not.toHaveProperty('active');
  });

  test('Okta SPEC test: invalid user id and unknown userName', async () => {
    const scim = await oktaClient();
    expectScimError(await scim.get('/Users/00919288221112222'), 404);
    expectScimError(await scim.get('/Users/010101001010101010'), 404);
    const res = await scim.get(`/Users?filter=${encodeURIComponent('userName eq "Invalid-User@example.com"')}`);
    expectStatus(res, 200);
    expectEmptyList(res.body);
    const probe = await scim.get('/Users?count=1&startIndex=1');
    expectStatus(probe, 200);
    expect(probe.body).toMatchObject({ schemas: [SCHEMAS.list], totalResults: 0, startIndex: 1 });
  });
});

describe('Okta group push (research §2.2)', () => {
  test('create, link, membership PATCH, rename op, PUT with the full list, delete', async () => {
    const scim = await oktaClient();
    const users = await Promise.all(
      [1, 2, 3, 4].map((n) => scim.createUser(oktaUser(`${randomName(`m${n}`)}@example.com`, `00u${n}`, 'x'))),
    );
    const [a, b, c, d] = users.map((u) => u.id as string);
    const name = randomName('Engineering ');

    // 1. Create with an empty member list.
    const created = await scim.post('/Groups', { schemas: [SCHEMAS.group], displayName: name, members: [] }, OKTA_POST);
    expectStatus(created, 201);
    const gid = created.body.id;
    expect(created.body).toMatchObject({ displayName: name, meta: { resourceType: 'Group', location: `${scim.org.baseUrl}/Groups/${gid}` } });
    expect(created.body.members ?? []).toEqual([]);

    // 2. Linking: displayName eq with paging parameters.
    const linked = await scim.get(`/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}&startIndex=1&count=100`);
    expectStatus(linked, 200);
    expect(linked.body.totalResults).toBe(1);
    expect(linked.body.Resources[0].id).toBe(gid);

    // Members for the next step.
    expectStatus(await scim.patch(`/Groups/${gid}`, patchOp({ op: 'add', path: 'members', value: [{ value: a }, { value: b }] }), OKTA_POST), 204);

    // 3. Okta's membership update: remove by filter and add by list in one request.
    const membership = patchOp(
      { op: 'remove', path: `members[value eq "${a}"]` },
      { op: 'add', path: 'members', value: [{ value: c, display: 'C' }, { value: d, display: 'D' }] },
    );
    expectStatus(await scim.patch(`/Groups/${gid}`, membership, OKTA_POST), 204);
    expect(await memberIds(scim, gid)).toEqual(sorted([b, c, d]));

    // 4. The rename op Okta sends with every membership update: no path, the immutable id inside.
    const renamed = randomName('Platform ');
    expectStatus(await scim.patch(`/Groups/${gid}`, patchOp({ op: 'replace', value: { id: gid, displayName: renamed } }), OKTA_POST), 204);
    const afterRename = (await scim.get(`/Groups/${gid}`)).body;
    expect(afterRename.displayName).toBe(renamed);
    expect(sorted(afterRename.members.map((m: { value: string }) => m.value))).toEqual(sorted([b, c, d]));
    // …and again with the same name: still fine.
    expectStatus(await scim.patch(`/Groups/${gid}`, patchOp({ op: 'replace', value: { id: gid, displayName: renamed } }), OKTA_POST), 204);
    // A different id in that value is a mutability error.
    expectScimError(
      await scim.patch(`/Groups/${gid}`, patchOp({ op: 'replace', value: { id: a, displayName: renamed } }), OKTA_POST),
      400,
      'mutability',
    );

    // 5. AIW: PUT with the full member list replaces the members.
    const put = await scim.put(`/Groups/${gid}`, { schemas: [SCHEMAS.group], id: gid, displayName: renamed, members: [{ value: a }, { value: d }] }, OKTA_POST);
    expectStatus(put, 200);
    expect(sorted(put.body.members.map((m: { value: string }) => m.value))).toEqual(sorted([a, d]));
    expect(await memberIds(scim, gid)).toEqual(sorted([a, d]));

    // Okta's replace of the whole list.
    expectStatus(await scim.patch(`/Groups/${gid}`, patchOp({ op: 'replace', path: 'members', value: [{ value: b }] }), OKTA_POST), 204);
    expect(await memberIds(scim, gid)).toEqual([b]);

    // 6. Unlink with "delete the group in the target app".
    expectStatus(await scim.delete(`/Groups/${gid}`), 204);
    expectScimError(await scim.get(`/Groups/${gid}`), 404);
    expectScimError(await scim.delete(`/Groups/${gid}`), 404);
    expect(await rawDocs(h, scim.org.id, 'memberships')).toEqual([]);
  });

  test('a PUT without "members" keeps the members; "members": [] empties the group', async () => {
    const scim = await oktaClient();
    const u = await scim.createUser(oktaUser(`${randomName()}@example.com`, '00u7', 'x'));
    const group = await scim.createGroup({ schemas: [SCHEMAS.group], displayName: randomName('G'), members: [{ value: u.id }] });
    const renamed = randomName('Renamed ');
    // Members are not part of the stored group, and RFC 7644 §3.5.1 leaves an omitted
    // attribute's fate to the provider: seatsync keeps them.
    const kept = await scim.put(`/Groups/${group.id}`, { schemas: [SCHEMAS.group], displayName: renamed });
    expectStatus(kept, 200);
    expect(kept.body.displayName).toBe(renamed);
    expect(await memberIds(scim, group.id)).toEqual([u.id]);
    const emptied = await scim.put(`/Groups/${group.id}`, { schemas: [SCHEMAS.group], displayName: renamed, members: [] });
    expectStatus(emptied, 200);
    expect(await memberIds(scim, group.id)).toEqual([]);
  });
});

describe('Okta import (research §2.1 step 6)', () => {
  test('pages of 100 over 260 users: integer counters, stable order, every user exactly once', async () => {
    const scim = await oktaClient();
    const total = 260;
    const ids: string[] = [];
    for (let start = 0; start < total; start += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, total - start) }, (_, i) =>
          scim.createUser({ schemas: [SCHEMAS.user], userName: `import-${String(start + i).padStart(3, '0')}-${randomName()}@example.com`, active: true }),
        ),
      );
      ids.push(...batch.map((u) => u.id as string));
    }

    const readAll = async (pageSize: number) => {
      const seen: string[] = [];
      for (let startIndex = 1; ; startIndex += pageSize) {
        const res = await scim.get(`/Users?startIndex=${startIndex}&count=${pageSize}`);
        expectStatus(res, 200);
        const body = res.body;
        expect(body.schemas).toEqual([SCHEMAS.list]);
        for (const counter of ['totalResults', 'itemsPerPage', 'startIndex']) expect(Number.isInteger(body[counter])).toBe(true);
        expect(body.totalResults).toBe(total);
        expect(body.startIndex).toBe(startIndex);
        const expected = Math.max(0, Math.min(pageSize, total - startIndex + 1));
        expect(body.itemsPerPage).toBe(expected);
        expect(body.Resources ?? []).toHaveLength(expected);
        seen.push(...(body.Resources ?? []).map((r: { id: string }) => r.id));
        if (startIndex + pageSize > total) break;
      }
      return seen;
    };

    const { result: first, ms } = await timed(() => readAll(100));
    process.stdout.write(`[measure] Okta import: ${total} users in pages of 100 read in ${ms.toFixed(0)} ms\n`);
    expect(first).toHaveLength(total);
    expect(new Set(first).size).toBe(total);
    expect(sorted(first)).toEqual(sorted(ids));
    // The order does not depend on the page size (Okta advances startIndex by count).
    expect(await readAll(37)).toEqual(first);
    expect(await readAll(100)).toEqual(first);
    // Past the end: an empty page with the true total.
    const beyond = await scim.get(`/Users?startIndex=${total + 1}&count=100`);
    expect(beyond.body).toMatchObject({ totalResults: total, startIndex: total + 1, itemsPerPage: 0 });
  }, 120_000);
});

async function memberIds(scim: ScimClient, groupId: string): Promise<string[]> {
  const res = await scim.get(`/Groups/${groupId}`);
  expectStatus(res, 200);
  return sorted((res.body.members ?? []).map((m: { value: string }) => m.value));
}
