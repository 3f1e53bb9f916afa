/**
 * Microsoft Entra ID's provisioning traffic replayed (research idp-behaviour.md §1.2, §1.3,
 * §1.5), in both dialects: the default ("Replace", "False", value-array member removal,
 * one pathed op per attribute) and the `aadOptscim062020` flag (lowercase ops, booleans,
 * filter-path member removal, one no-path replace with dotted and URN-qualified keys). The
 * flag travels as a query parameter on every request, as Entra appends it to the tenant URL.
 */
import { randomUUID } from 'node:crypto';
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
  type ScimClient,
} from '../../support/scim-client';

type Dialect = 'default' | 'aadOptscim062020';

let h: Harness;

beforeAll(async () => {
  h = await createScimHarness();
});
afterAll(async () => {
  await h.close();
});

const MANAGER_PATH = `${SCHEMAS.enterprise}:manager`;
const enc = encodeURIComponent;

/** Appends the dialect's query flag to a request path. */
function withFlag(dialect: Dialect, path: string): string {
  if (dialect === 'default') return path;
  return `${path}${path.includes('?') ? '&' : '?'}aadOptscim062020`;
}

function entraClient(dialect: Dialect, scim: ScimClient) {
  const p = (path: string) => withFlag(dialect, path);
  return {
    get: (path: string) => scim.get(p(path)),
    post: (path: string, body: unknown) => scim.post(p(path), body),
    patch: (path: string, body: unknown) => scim.patch(p(path), body),
    delete: (path: string) => scim.delete(p(path)),
    op: (name: 'add' | 'replace' | 'remove') => (dialect === 'default' ? name[0].toUpperCase() + name.slice(1) : name),
  };
}

function entraUser(userName: string, externalId: string, extra: Record<string, unknown> = {}) {
  return {
    schemas: [SCHEMAS.user, SCHEMAS.enterprise],
    externalId,
    userName,
    active: true,
    emails: [{ primary: true, type: 'work', value: `${userName}@contoso.example` }],
    meta: { resourceType: 'User' },
    name: { formatted: 'Grace Hopper', familyName: 'Hopper', givenName: 'Grace' },
    roles: [],
    // Older examples send explicit nulls for unmapped attributes.
    addresses: null,
    phoneNumbers: null,
    title: null,
    [SCHEMAS.enterprise]: { employeeNumber: '701984', department: 'Tour Operations', costCenter: null },
    ...extra,
  };
}

describe.each<Dialect>(['default', 'aadOptscim062020'])('Entra lifecycle, %s dialect', (dialect) => {
  let scim: ScimClient;
  let entra: ReturnType<typeof entraClient>;

  beforeEach(async () => {
    scim = scimClient(h, await createOrg(h));
    entra = entraClient(dialect, scim);
  });

  test('Test Connection: a random GUID on the matching attribute is 200 with an empty ListResponse', async () => {
    for (const path of [
      `/Users?filter=${enc(`userName eq "${randomUUID()}"`)}`,
      `/Users?filter=${enc(`externalId eq "${randomUUID()}"`)}`,
      `/Groups?excludedAttributes=members&filter=${enc(`displayName eq "${randomUUID()}"`)}`,
    ]) {
      const res = await entra.get(path);
      expectStatus(res, 200);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(res.body).toMatchObject({ schemas: [SCHEMAS.list], totalResults: 0, startIndex: 1, itemsPerPage: 0 });
    }
  });

  test('user: create, match, update, disable, manager, rename, delete', async () => {
    const userName = `Test_User_${randomUUID()}`;
    const externalId = randomUUID();

    // Create with the enterprise extension, meta, roles: [] and explicit nulls.
    const created = await entra.post('/Users', entraUser(userName, externalId));
    expectStatus(created, 201);
    const id = created.body.id;
    expect(created.body).toMatchObject({
      schemas: [SCHEMAS.user, SCHEMAS.enterprise, SCHEMAS.license],
      userName,
      externalId,
      active: true,
      name: { formatted: 'Grace Hopper', familyName: 'Hopper', givenName: 'Grace' },
      [SCHEMAS.enterprise]: { employeeNumber: '701984', department: 'Tour Operations' },
      meta: { resourceType: 'User' },
    });
    for (const absent of ['roles', 'addresses', 'phoneNumbers', 'title', 'password']) expect(created.body).not.toHaveProperty(absent);
    expect(created.body[SCHEMAS.enterprise]).not.toHaveProperty('costCenter');

    // Matching by externalId (caseExact: a different case is another value) and by userName.
    const byExt = await entra.get(`/Users?filter=${enc(`externalId eq "${externalId}"`)}`);
    expect(byExt.body.totalResults).toBe(1);
    expect(byExt.body.Resources[0].id).toBe(id);
    expect((await entra.get(`/Users?filter=${enc(`externalId eq "${externalId.toUpperCase()}"`)}`)).body.totalResults).toBe(0);
    expect((await entra.get(`/Users?filter=${enc(`userName eq "${userName.toLowerCase()}"`)}`)).body.totalResults).toBe(1);
    // Entra matches on emails too (research §1.1).
    const byMail = await entra.get(`/Users?filter=${enc(`emails[type eq "work"].value eq "${userName}@contoso.example"`)}`);
    expect(byMail.body.totalResults).toBe(1);

    // Update several attributes.
    const update =
      dialect === 'default'
        ? patchOp(
            { op: 'Replace', path: 'emails[type eq "work"].value', value: 'grace.new@contoso.example' },
            { op: 'Replace', path: 'name.familyName', value: 'Murray Hopper' },
            { op: 'Replace', path: `${SCHEMAS.enterprise}:department`, value: 'Navy' },
            { op: 'Add', path: 'title', value: 'Rear Admiral' },
          )
        : patchOp(
            { op: 'replace', path: 'emails[type eq "work"].value', value: 'grace.new@contoso.example' },
            {
              op: 'replace',
              value: {
                'name.familyName': 'Murray Hopper',
                'name.givenName': 'Grace B.',
                [`${SCHEMAS.enterprise}:department`]: 'Navy',
                [`${SCHEMAS.enterprise}:employeeNumber`]: '42',
                title: 'Rear Admiral',
              },
            },
          );
    const updated = await entra.patch(`/Users/${id}`, update);
    expectStatus(updated, 200);
    expect(updated.body.emails).toEqual([{ primary: true, type: 'work', value: 'grace.new@contoso.example' }]);
    expect(updated.body.name.familyName).toBe('Murray Hopper');
    expect(updated.body.title).toBe('Rear Admiral');
    expect(updated.body[SCHEMAS.enterprise].department).toBe('Navy');
    if (dialect === 'aadOptscim062020') {
      expect(updated.body.name.givenName).toBe('Grace B.');
      expect(updated.body[SCHEMAS.enterprise].employeeNumber).toBe('42');
    }
    // An upsert: a value-filtered path with no match creates the element (research §4 row 8).
    const phone = await entra.patch(`/Users/${id}`, patchOp({ op: entra.op('add'), path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100' }));
    expectStatus(phone, 200);
    expect(phone.body.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555 0100' }]);

    // Single-valued userName (validator "Update userName": a no-path replace).
    const newUserName = `${userName}_renamed`;
    const renamed = await entra.patch(`/Users/${id}`, patchOp({ op: entra.op('replace'), value: { userName: newUserName } }));
    expectStatus(renamed, 200);
    expect(renamed.body.userName).toBe(newUserName);
    expect((await entra.get(`/Users?filter=${enc(`userName eq "${userName}"`)}`)).body.totalResults).toBe(0);
    expect((await entra.get(`/Users?filter=${enc(`userName eq "${newUserName}"`)}`)).body.totalResults).toBe(1);

    // Disable: "False" (default dialect) or false (flag); answered with a JSON boolean.
    const disable = patchOp({ op: entra.op('replace'), path: 'active', value: dialect === 'default' ? 'False' : false });
    const disabled = await entra.patch(`/Users/${id}`, disable);
    expectStatus(disabled, 200);
    expect(disabled.body.active).toBe(false);
    expect((await entra.get(`/Users/${id}`)).body.active).toBe(false);
    const activeFilter = await entra.get(`/Users?filter=${enc(`userName eq "${newUserName}" and active eq false`)}`);
    expect(activeFilter.body.totalResults).toBe(1);
    // Restore: "True" / true.
    const enabled = await entra.patch(`/Users/${id}`, patchOp({ op: entra.op('replace'), path: 'active', value: dialect === 'default' ? 'True' : true }));
    expect(enabled.body.active).toBe(true);

    // Manager: add as a bare id (the engine), replace as {value} (validator) and as an array
    // (old docs), remove by replacing with "" and with a remove op.
    const boss = await scim.createUser(entraUser(`Boss_${randomUUID()}`, randomUUID()));
    const boss2 = await scim.createUser(entraUser(`Boss2_${randomUUID()}`, randomUUID()));
    const managerOf = async () => (await entra.get(`/Users/${id}`)).body[SCHEMAS.enterprise]?.manager?.value;

    expectStatus(await entra.patch(`/Users/${id}`, patchOp({ op: entra.op('add'), path: MANAGER_PATH, value: boss.id })), 200);
    expect(await managerOf()).toEqual(boss.id);

    // The reference resolution query: id and manager, attributes=id.
    const check = await entra.get(`/Users?attributes=id&filter=${enc(`id eq "${id}" and manager eq "${boss.id}"`)}`);
    expectStatus(check, 200);
    expect(check.body.totalResults).toBe(1);
    expect(check.body.Resources).toEqual([{ schemas: expect.any(Array), id }]);
    const miss = await entra.get(`/Users?attributes=id&filter=${enc(`id eq "${id}" and manager eq "${boss2.id}"`)}`);
    expect(miss.body).toMatchObject({ totalResults: 0, itemsPerPage: 0 });

    expectStatus(await entra.patch(`/Users/${id}`, patchOp({ op: entra.op('replace'), path: MANAGER_PATH, value: { value: boss2.id } })), 200);
    expect(await managerOf()).toEqual(boss2.id);
    expectStatus(await entra.patch(`/Users/${id}`, patchOp({ op: entra.op('replace'), path: MANAGER_PATH, value: [{ $ref: null, value: boss.id }] })), 200);
    expect(await managerOf()).toEqual(boss.id);
    expectStatus(await entra.patch(`/Users/${id}`, patchOp({ op: entra.op('replace'), path: MANAGER_PATH, value: '' })), 200);
    expect(await managerOf()).toBeUndefined();
    expectStatus(await entra.patch(`/Users/${id}`, patchOp({ op: entra.op('add'), path: 'manager', value: { value: boss.id } })), 200);
    expect(await managerOf()).toEqual(boss.id);
    expectStatus(await entra.patch(`/Users/${id}`, patchOp({ op: entra.op('remove'), path: MANAGER_PATH })), 200);
    expect(await managerOf()).toBeUndefined();
    // The rest of the extension survived the manager's comings and goings.
    expect((await entra.get(`/Users/${id}`)).body[SCHEMAS.enterprise].department).toBe('Navy');

    // Empty Operations: a no-op success (validator, research §1.5).
    const before = (await entra.get(`/Users/${id}`)).body;
    const noop = await entra.patch(`/Users/${id}`, patchOp());
    expectStatus(noop, 200);
    expect(noop.body.meta.version).toBe(before.meta.version);

    // Hard delete: 204, then 404, and a second DELETE is 404 too.
    expectStatus(await entra.delete(`/Users/${id}`), 204);
    expectScimError(await entra.get(`/Users/${id}`), 404);
    expectScimError(await entra.delete(`/Users/${id}`), 404);
    expect((await entra.get(`/Users?filter=${enc(`externalId eq "${externalId}"`)}`)).body.totalResults).toBe(0);
  });

  test('groups: create, match without members, add members, remove members, rename, duplicate, delete', async () => {
    const users = await Promise.all([1, 2, 3, 4].map((n) => scim.createUser(entraUser(`M${n}_${randomUUID()}`, randomUUID()))));
    const [u1, u2, u3, u4] = users.map((u) => u.id as string);
    const displayName = `Group_${randomUUID()}`;

    const created = await entra.post('/Groups', {
      schemas: [SCHEMAS.group, SCHEMAS.msGroup],
      externalId: randomUUID(),
      displayName,
      meta: { resourceType: 'Group' },
    });
    expectStatus(created, 201);
    const gid = created.body.id;
    expect(created.body).toMatchObject({ schemas: [SCHEMAS.group], displayName, meta: { resourceType: 'Group' } });

    // The validator creates a duplicate and expects 409 (also in another case).
    expectScimError(await entra.post('/Groups', { schemas: [SCHEMAS.group, SCHEMAS.msGroup], displayName }), 409, 'uniqueness');
    expectScimError(await entra.post('/Groups', { schemas: [SCHEMAS.group], displayName: displayName.toUpperCase() }), 409, 'uniqueness');

    const add = patchOp({
      op: entra.op('add'),
      path: 'members',
      value: [u1, u2, u3, u4].map((value) => ({ $ref: null, value })),
    });
    const added = await entra.patch(`/Groups/${gid}`, add);
    expectStatus(added, 204);
    expect(added.text).toBe('');

    // Group reads always exclude members.
    const matched = await entra.get(`/Groups?excludedAttributes=members&filter=${enc(`displayName eq "${displayName.toLowerCase()}"`)}`);
    expectStatus(matched, 200);
    expect(matched.body.totalResults).toBe(1);
    expect(matched.body.Resources[0]).toMatchObject({ id: gid, displayName });
    expect(matched.body.Resources[0]).not.toHaveProperty('members');
    const single = await entra.get(`/Groups/${gid}?excludedAttributes=members`);
    expect(single.body.id).toBe(gid);
    expect(single.body).not.toHaveProperty('members');
    expect(await membersOf(gid)).toEqual(sorted([u1, u2, u3, u4]));

    // Remove a member: value array (legacy) removes ONLY the listed ones; filter path (flag).
    const remove =
      dialect === 'default'
        ? patchOp({ op: 'Remove', path: 'members', value: [{ $ref: null, value: u1 }] })
        : patchOp({ op: 'remove', path: `members[value eq "${u1}"]` });
    expectStatus(await entra.patch(`/Groups/${gid}`, remove), 204);
    expect(await membersOf(gid)).toEqual(sorted([u2, u3, u4]));
    // The other form works in both dialects.
    const other =
      dialect === 'default'
        ? patchOp({ op: 'Remove', path: `members[value eq "${u2}"]` })
        : patchOp({ op: 'remove', path: 'members', value: [{ value: u2 }] });
    expectStatus(await entra.patch(`/Groups/${gid}`, other), 204);
    expect(await membersOf(gid)).toEqual(sorted([u3, u4]));
    // Removing a non-member, or adding a member again, is an idempotent no-op.
    expectStatus(await entra.patch(`/Groups/${gid}`, patchOp({ op: entra.op('remove'), path: 'members', value: [{ value: u1 }] })), 204);
    expectStatus(await entra.patch(`/Groups/${gid}`, patchOp({ op: entra.op('add'), path: 'members', value: [{ value: u3 }] })), 204);
    expect(await membersOf(gid)).toEqual(sorted([u3, u4]));

    // Rename → 204.
    const newName = `Renamed_${randomUUID()}`;
    expectStatus(await entra.patch(`/Groups/${gid}`, patchOp({ op: entra.op('replace'), path: 'displayName', value: newName })), 204);
    expect((await entra.get(`/Groups/${gid}?excludedAttributes=members`)).body.displayName).toBe(newName);
    expect((await entra.get(`/Groups?filter=${enc(`displayName eq "${displayName}"`)}`)).body.totalResults).toBe(0);
    // The validator's no-path forms.
    const newExternalId = randomUUID();
    expectStatus(await entra.patch(`/Groups/${gid}`, patchOp({ op: entra.op('replace'), value: { externalId: newExternalId } })), 204);
    expect((await entra.get(`/Groups?filter=${enc(`externalId eq "${newExternalId}"`)}`)).body.Resources[0].id).toBe(gid);

    // Empty Operations: no-op.
    expectStatus(await entra.patch(`/Groups/${gid}`, patchOp()), 204);

    // A deleted user leaves its groups.
    expectStatus(await entra.delete(`/Users/${u3}`), 204);
    expect(await membersOf(gid)).toEqual([u4]);

    expectStatus(await entra.delete(`/Groups/${gid}`), 204);
    expectScimError(await entra.get(`/Groups/${gid}`), 404);
    expectScimError(await entra.delete(`/Groups/${gid}`), 404);
    expect(await rawDocs(h, scim.org.id, 'memberships')).toEqual([]);
  });

  async function membersOf(gid: string): Promise<string[]> {
    const res = await scim.get(`/Groups/${gid}`);
    expectStatus(res, 200);
    return sorted((res.body.members ?? []).map((m: { value: string }) => m.value));
  }
});
