/**
 * Tenant isolation (issue 6, item 3; research matrix rows 11 and 17): two orgs, A and B, each
 * with users, groups, members and tokens. Every org-scoped route the app serves (enumerated
 * from the express router, so a new route fails this file until it is covered) is called
 *  - with B's token on A's base URL and A's token on B's base URL: 401 (SCIM routes), and
 *    with either org's SCIM token instead of the admin key: 401 (admin routes);
 *  - with A's credentials on B's ids and data: 404 exactly like an unknown id, an empty
 *    result, or a refusal (a group member of another org is unknown);
 * and after every route, nothing of B has changed: its stored documents in every tenant
 * collection (sync log included), its org and its tokens.
 */
import request from 'supertest';
import type { Express } from 'express';
import { TEST_ADMIN_KEY, createHarness, createOrg, type Harness, type TestOrg } from '../../support/harness';
import { SCHEMAS, scimClient } from '../../support/scim-client';
import { ALL_TENANT_STATE, expectAdminErrorBody, expectNoInternals, expectScimErrorBody, storedState, truncate } from './security-checks';

jest.setTimeout(60_000);

interface Fixture {
  org: TestOrg;
  users: { id: string; userName: string; externalId: string }[];
  groups: { id: string; displayName: string }[];
  /** A second token of the org, so that token lists hold more than one. */
  secondTokenId: string;
}

let h: Harness;
let A: Fixture;
let B: Fixture;
let baseline: string;
const requests = { total: 0 };

async function seed(prefix: string, settings: Record<string, unknown>): Promise<Fixture> {
  const org = await createOrg(h, { settings });
  const scim = scimClient(h, org);
  const users = [];
  for (const n of [1, 2]) {
    const userName = `${prefix}-only-${n}@example.com`;
    const externalId = `${prefix}-ext-${n}`;
    const user = await scim.createUser({ schemas: [SCHEMAS.user], userName, externalId, emails: [{ value: userName, type: 'work' }] });
    users.push({ id: user.id as string, userName, externalId });
  }
  const team = await scim.createGroup({ schemas: [SCHEMAS.group], displayName: `${prefix.toUpperCase()} Team`, externalId: `${prefix}-gext-1`, members: [{ value: users[0].id }] });
  const empty = await scim.createGroup({ schemas: [SCHEMAS.group], displayName: `${prefix.toUpperCase()} Empty` });
  const second = await h.admin().post(`/orgs/${org.id}/tokens`, {});
  expect(second.status).toBe(201);
  await h.runtime.licenses.reconcileOrg(org.id);
  return {
    org,
    users,
    groups: [
      { id: team.id, displayName: team.displayName },
      { id: empty.id, displayName: empty.displayName },
    ],
    secondTokenId: second.body.tokenId,
  };
}

beforeAll(async () => {
  h = await createHarness({ SCIM_WRITE_RATE_PER_MINUTE: '1000000' });
  A = await seed('a', {});
  // B invites: its team member is `pending`, so there is an invitation A could try to accept.
  B = await seed('b', { invitationMode: 'invite' });
  const member = await h.admin().get(`/orgs/${B.org.id}/members/${B.users[0].id}`);
  expect(member.body.state).toBe('pending');
  baseline = await settledStateOf(B);
});

afterAll(async () => {
  process.stdout.write(`[tenant isolation] ${requests.total} cross-tenant requests, org B unchanged after each route\n`);
  await h?.close();
});

/**
 * Everything of an org: its documents in every tenant collection (read from the store, not
 * through its token, which would add sync-log entries), the org as the admin API shows it,
 * and its tokens, last use included: a token presented on another org's URL is not used.
 */
async function stateOf(f: Fixture): Promise<string> {
  const stored = await storedState(h, f.org.id, ALL_TENANT_STATE);
  const org = await h.admin().get(`/orgs/${f.org.id}`);
  const tokens = await h.admin().get(`/orgs/${f.org.id}/tokens`);
  return JSON.stringify({ stored, org: org.body, tokens: tokens.body.items });
}

/** The state once the asynchronous sync-log writes of earlier requests have landed. */
async function settledStateOf(f: Fixture): Promise<string> {
  let previous = await stateOf(f);
  for (let i = 0; i < 30; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const next = await stateOf(f);
    if (next === previous) return next;
    previous = next;
  }
  return previous;
}

async function expectBUnchanged(route: string): Promise<void> {
  const now = await settledStateOf(B);
  if (now !== baseline) {
    throw new Error(`${route}: org B changed.\nbefore ${truncate(baseline, 3000)}\nafter  ${truncate(now, 3000)}`);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const ALL_METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function call(method: Method, url: string, authorization: string, body?: unknown): request.Test {
  requests.total += 1;
  const agent = request(h.app);
  const methods = { GET: agent.get, POST: agent.post, PUT: agent.put, PATCH: agent.patch, DELETE: agent.delete };
  const test = methods[method].call(agent, url).set('Authorization', authorization);
  if (body !== undefined) test.set('Content-Type', method === 'GET' || method === 'DELETE' ? 'application/json' : 'application/scim+json').send(JSON.stringify(body));
  return test;
}

const scimAs = (token: string, f: Fixture) => (method: Method, path: string, body?: unknown) => call(method, `${f.org.scimPath}${path}`, `Bearer ${token}`, body);
const asAdmin = (method: Method, path: string, body?: unknown) => {
  const test = call(method, `/admin/v1${path}`, `Bearer ${TEST_ADMIN_KEY}`);
  return body === undefined ? test : test.set('Content-Type', 'application/json').send(JSON.stringify(body));
};

function expectScimStatus(res: request.Response, status: number, context: string): void {
  if (res.status !== status) throw new Error(`${context}: expected ${status}, got ${res.status}: ${truncate(res.text)}`);
  expectNoInternals(res, context);
  if (status >= 400) expectScimErrorBody(res, context);
}

function expectAdminStatus(res: request.Response, status: number, context: string): void {
  if (res.status !== status) throw new Error(`${context}: expected ${status}, got ${res.status}: ${truncate(res.text)}`);
  expectNoInternals(res, context);
  if (status >= 400) expectAdminErrorBody(res, context);
}

/** Nothing of B in an answer to A: none of B's ids, names, external ids or tokens. */
function expectNothingOfB(res: request.Response, context: string): void {
  const text = res.text ?? '';
  const secrets = [B.org.id, B.org.token, B.org.tokenId, B.secondTokenId, ...B.users.flatMap((u) => [u.id, u.userName, u.externalId]), ...B.groups.flatMap((g) => [g.id, g.displayName])];
  const leaked = secrets.find((s) => text.includes(s));
  if (leaked) throw new Error(`${context}: the answer mentions ${leaked} of org B: ${truncate(text)}`);
}

/** `:orgId`, `:id`, `:name`, `:tokenId` of a route pattern filled in for one org. */
function fill(pattern: string, f: Fixture, kind: 'Users' | 'Groups' | 'other' = 'other'): string {
  return pattern
    .replace(':orgId', f.org.id)
    .replace(':tokenId', f.secondTokenId)
    .replace(':name', 'User')
    .replace(/\/Schemas\/:id$/, `/Schemas/${SCHEMAS.user}`)
    .replace(':id', kind === 'Groups' ? f.groups[0].id : f.users[0].id);
}

/** A SCIM route relative to the base URL: `/scim/v2/:orgId/Users/:id` → `/Users/:id`. */
const scimRelative = (pattern: string) => pattern.replace(/^\/scim\/v2\/:orgId/, '');
const kindOf = (pattern: string) => (pattern.includes('/Groups') ? 'Groups' : pattern.includes('/Users') ? 'Users' : 'other');

/** The two 401s every SCIM route owes: B's token on A's base URL, A's token on B's. */
async function wrongTokenOnEveryMethod(key: string): Promise<void> {
  const [method, pattern] = key.split(' ') as [Method | 'ALL', string];
  const relative = scimRelative(pattern);
  for (const m of method === 'ALL' ? ALL_METHODS : [method]) {
    const body = m === 'GET' || m === 'DELETE' ? undefined : { schemas: [SCHEMAS.patch], Operations: [{ op: 'replace', path: 'active', value: false }], userName: 'intruder@example.com', displayName: 'Intruders' };
    const onA = await scimAs(B.org.token, A)(m, fill(relative, A, kindOf(pattern)), body);
    expectScimStatus(onA, 401, `${m} ${pattern}: B's token on A's base URL`);
    expectNothingOfB(onA, `${m} ${pattern}: B's token on A's base URL`);
    const onB = await scimAs(A.org.token, B)(m, fill(relative, B, kindOf(pattern)), body);
    expectScimStatus(onB, 401, `${m} ${pattern}: A's token on B's base URL`);
    expect(onB.text).toBe(onA.text);
  }
}

/** Admin routes take the admin key only: neither org's SCIM token opens them. */
async function scimTokensOnAdmin(key: string): Promise<void> {
  const [method, pattern] = key.split(' ') as [Method, string];
  for (const token of [A.org.token, B.org.token]) {
    const res = await call(method, fill(pattern, B), `Bearer ${token}`);
    expectAdminStatus(res, 401, `${key} with a SCIM token`);
  }
}

const unknownUuid = '6f1c1d2e-0000-4000-8000-00000000abcd';

/** B's id on A's URL answers exactly like an id that exists nowhere (no existence oracle). */
async function expectLikeUnknown(method: Method, path: (id: string) => string, foreignId: string, body?: unknown): Promise<void> {
  const scim = scimAs(A.org.token, A);
  const foreign = await scim(method, path(foreignId), body);
  expectScimStatus(foreign, 404, `${method} ${path(':foreign')}`);
  const unknown = await scim(method, path(unknownUuid), body);
  expectScimStatus(unknown, 404, `${method} ${path(':unknown')}`);
  expect(foreign.body.detail.replaceAll(foreignId, 'X')).toBe(unknown.body.detail.replaceAll(unknownUuid, 'X'));
}

async function expectNoResults(res: request.Response, context: string): Promise<void> {
  expectScimStatus(res, 200, context);
  expect(res.body.totalResults).toBe(0);
  expectNothingOfB(res, context);
}

/** SCIM filters that name B's data: from A they must find nothing. */
const filtersOnB = (): string[] => [
  `id eq "${B.users[0].id}"`,
  `userName eq "${B.users[0].userName}"`,
  `userName eq "${B.users[0].userName.toUpperCase()}"`,
  `externalId eq "${B.users[0].externalId}"`,
  `emails.value co "b-only"`,
  `userName sw "b-only"`,
  `emails[value eq "${B.users[1].userName}"]`,
  `id eq "${B.users[0].id}" or userName sw "b-"`,
];
const groupFiltersOnB = (): string[] => [
  `id eq "${B.groups[0].id}"`,
  `displayName eq "${B.groups[0].displayName}"`,
  `externalId eq "b-gext-1"`,
  `displayName sw "B "`,
];

const q = (filter: string) => `?filter=${encodeURIComponent(filter)}`;

/** What each org-scoped route must do with another org's ids and data. */
const CROSS_TENANT: Record<string, () => Promise<void>> = {
  'GET /scim/v2/:orgId/Users': async () => {
    const scim = scimAs(A.org.token, A);
    const all = await scim('GET', '/Users?count=1000');
    expectScimStatus(all, 200, 'A lists its users');
    expect((all.body.Resources as { id: string }[]).map((r) => r.id).sort()).toEqual(A.users.map((u) => u.id).sort());
    expectNothingOfB(all, 'A lists its users');
    for (const filter of filtersOnB()) await expectNoResults(await scim('GET', `/Users${q(filter)}`), `GET /Users ${filter}`);
  },
  'POST /scim/v2/:orgId/Users/.search': async () => {
    const scim = scimAs(A.org.token, A);
    for (const filter of filtersOnB()) {
      await expectNoResults(await scim('POST', '/Users/.search', { schemas: [SCHEMAS.search], filter }), `POST /Users/.search ${filter}`);
    }
  },
  'POST /scim/v2/:orgId/Users': async () => {
    // Names are unique per org: B's userName and externalId are free in A, and taking them changes nothing in B.
    const scim = scimAs(A.org.token, A);
    const created = await scim('POST', '/Users', { schemas: [SCHEMAS.user], userName: B.users[1].userName, externalId: B.users[1].externalId });
    expectScimStatus(created, 201, 'A creates a user named like one of B');
    expect(created.body.id).not.toBe(B.users[1].id);
    expectScimStatus(await scim('DELETE', `/Users/${created.body.id}`), 204, 'A deletes it');
  },
  'GET /scim/v2/:orgId/Users/:id': () => expectLikeUnknown('GET', (id) => `/Users/${id}`, B.users[0].id),
  'PUT /scim/v2/:orgId/Users/:id': () => expectLikeUnknown('PUT', (id) => `/Users/${id}`, B.users[0].id, { schemas: [SCHEMAS.user], userName: 'taken-over@example.com', active: false }),
  'PATCH /scim/v2/:orgId/Users/:id': () =>
    expectLikeUnknown('PATCH', (id) => `/Users/${id}`, B.users[0].id, { schemas: [SCHEMAS.patch], Operations: [{ op: 'replace', path: 'active', value: false }] }),
  'DELETE /scim/v2/:orgId/Users/:id': () => expectLikeUnknown('DELETE', (id) => `/Users/${id}`, B.users[0].id),
  'GET /scim/v2/:orgId/Groups': async () => {
    const scim = scimAs(A.org.token, A);
    const all = await scim('GET', '/Groups?count=1000');
    expectScimStatus(all, 200, 'A lists its groups');
    expect((all.body.Resources as { id: string }[]).map((r) => r.id).sort()).toEqual(A.groups.map((g) => g.id).sort());
    expectNothingOfB(all, 'A lists its groups');
    for (const filter of groupFiltersOnB()) await expectNoResults(await scim('GET', `/Groups${q(filter)}`), `GET /Groups ${filter}`);
  },
  'POST /scim/v2/:orgId/Groups/.search': async () => {
    const scim = scimAs(A.org.token, A);
    for (const filter of groupFiltersOnB()) {
      await expectNoResults(await scim('POST', '/Groups/.search', { schemas: [SCHEMAS.search], filter }), `POST /Groups/.search ${filter}`);
    }
  },
  'POST /scim/v2/:orgId/Groups': async () => {
    const scim = scimAs(A.org.token, A);
    // B's user as a member is an unknown member (RFC 7643 §4.2: members are this org's Users).
    const withB = await scim('POST', '/Groups', { schemas: [SCHEMAS.group], displayName: 'Borrowed', members: [{ value: A.users[0].id }, { value: B.users[0].id }] });
    expectScimStatus(withB, 400, 'A creates a group with B\'s user');
    expect(withB.body.scimType).toBe('invalidValue');
    const groupOfB = await scim('POST', '/Groups', { schemas: [SCHEMAS.group], displayName: 'Nested', members: [{ value: B.groups[0].id }] });
    expectScimStatus(groupOfB, 400, 'A creates a group with B\'s group');
    const sameName = await scim('POST', '/Groups', { schemas: [SCHEMAS.group], displayName: B.groups[0].displayName, externalId: 'b-gext-1' });
    expectScimStatus(sameName, 201, 'A creates a group named like B\'s');
    expectScimStatus(await scim('DELETE', `/Groups/${sameName.body.id}`), 204, 'A deletes it');
  },
  'GET /scim/v2/:orgId/Groups/:id': () => expectLikeUnknown('GET', (id) => `/Groups/${id}`, B.groups[0].id),
  'PUT /scim/v2/:orgId/Groups/:id': async () => {
    await expectLikeUnknown('PUT', (id) => `/Groups/${id}`, B.groups[0].id, { schemas: [SCHEMAS.group], displayName: 'Taken over', members: [] });
    const put = await scimAs(A.org.token, A)('PUT', `/Groups/${A.groups[1].id}`, { schemas: [SCHEMAS.group], displayName: A.groups[1].displayName, members: [{ value: B.users[1].id }] });
    expectScimStatus(put, 400, 'A puts B\'s user into its group');
  },
  'PATCH /scim/v2/:orgId/Groups/:id': async () => {
    const scim = scimAs(A.org.token, A);
    await expectLikeUnknown('PATCH', (id) => `/Groups/${id}`, B.groups[0].id, { schemas: [SCHEMAS.patch], Operations: [{ op: 'remove', path: 'members' }] });
    const add = await scim('PATCH', `/Groups/${A.groups[0].id}`, { schemas: [SCHEMAS.patch], Operations: [{ op: 'add', path: 'members', value: [{ value: B.users[1].id }] }] });
    expectScimStatus(add, 400, 'A adds B\'s user to its group');
    expect(add.body.scimType).toBe('invalidValue');
    // Removing B's user from A's group: B's user is no member of it, so nothing changes anywhere.
    const remove = await scim('PATCH', `/Groups/${A.groups[0].id}`, { schemas: [SCHEMAS.patch], Operations: [{ op: 'remove', path: `members[value eq "${B.users[0].id}"]` }] });
    expect(remove.status).toBeLessThan(500);
    expectNothingOfB(remove, 'A removes B\'s user from its group');
  },
  'DELETE /scim/v2/:orgId/Groups/:id': () => expectLikeUnknown('DELETE', (id) => `/Groups/${id}`, B.groups[0].id),
  'POST /scim/v2/:orgId/.search': async () => {
    const scim = scimAs(A.org.token, A);
    for (const filter of [...filtersOnB(), ...groupFiltersOnB()]) {
      await expectNoResults(await scim('POST', '/.search', { schemas: [SCHEMAS.search], filter }), `POST /.search ${filter}`);
    }
    const all = await scim('POST', '/.search', { schemas: [SCHEMAS.search], count: 1000 });
    expect(all.body.totalResults).toBe(A.users.length + A.groups.length);
    expectNothingOfB(all, 'A searches everything');
  },
  'GET /scim/v2/:orgId/ServiceProviderConfig': async () => {
    const res = await scimAs(A.org.token, A)('GET', '/ServiceProviderConfig');
    expectScimStatus(res, 200, 'ServiceProviderConfig');
    expect(res.body.meta.location).toBe(`${A.org.baseUrl}/ServiceProviderConfig`);
    expectNothingOfB(res, 'ServiceProviderConfig');
  },
  'GET /scim/v2/:orgId/ResourceTypes': async () => expectNothingOfB(await scimAs(A.org.token, A)('GET', '/ResourceTypes'), 'ResourceTypes'),
  'GET /scim/v2/:orgId/ResourceTypes/:name': async () => expectNothingOfB(await scimAs(A.org.token, A)('GET', '/ResourceTypes/Group'), 'ResourceTypes/Group'),
  'GET /scim/v2/:orgId/Schemas': async () => expectNothingOfB(await scimAs(A.org.token, A)('GET', '/Schemas'), 'Schemas'),
  'GET /scim/v2/:orgId/Schemas/:id': async () => expectNothingOfB(await scimAs(A.org.token, A)('GET', `/Schemas/${SCHEMAS.user}`), 'Schemas/:id'),
  'ALL /scim/v2/:orgId/ServiceProviderConfig': async () => expectScimStatus(await scimAs(A.org.token, A)('DELETE', '/ServiceProviderConfig'), 405, 'DELETE ServiceProviderConfig'),
  'ALL /scim/v2/:orgId/ResourceTypes': async () => expectScimStatus(await scimAs(A.org.token, A)('POST', '/ResourceTypes', {}), 405, 'POST ResourceTypes'),
  'ALL /scim/v2/:orgId/ResourceTypes/:name': async () => expectScimStatus(await scimAs(A.org.token, A)('PUT', '/ResourceTypes/User', {}), 405, 'PUT ResourceTypes/User'),
  'ALL /scim/v2/:orgId/Schemas': async () => expectScimStatus(await scimAs(A.org.token, A)('PATCH', '/Schemas', {}), 405, 'PATCH Schemas'),
  'ALL /scim/v2/:orgId/Schemas/:id': async () => expectScimStatus(await scimAs(A.org.token, A)('DELETE', `/Schemas/${SCHEMAS.user}`), 405, 'DELETE Schemas/:id'),
  'ALL /scim/v2/:orgId/Bulk': async () => {
    // Bulk is not offered (501, RFC 7644 §3.12); a request naming B's resources does nothing to them.
    const res = await scimAs(A.org.token, A)('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        { method: 'DELETE', path: `/Users/${B.users[0].id}`, bulkId: '1' },
        { method: 'PATCH', path: `/Groups/${B.groups[0].id}`, data: { schemas: [SCHEMAS.patch], Operations: [{ op: 'remove', path: 'members' }] } },
      ],
    });
    expectScimStatus(res, 501, 'Bulk naming B\'s resources');
  },

  'GET /admin/v1/orgs/:orgId': async () => {
    const res = await asAdmin('GET', `/orgs/${A.org.id}`);
    expectAdminStatus(res, 200, 'GET org A');
    expect(res.body.id).toBe(A.org.id);
    expectNothingOfB(res, 'GET org A');
  },
  'PATCH /admin/v1/orgs/:orgId': async () => {
    const res = await asAdmin('PATCH', `/orgs/${A.org.id}`, { settings: { suspendedHoldDays: 2, teamGroupPrefix: null } });
    expectAdminStatus(res, 200, 'PATCH org A');
    expectNothingOfB(res, 'PATCH org A');
  },
  'GET /admin/v1/orgs/:orgId/tokens': async () => {
    const res = await asAdmin('GET', `/orgs/${A.org.id}/tokens`);
    expectAdminStatus(res, 200, 'A\'s tokens');
    expect((res.body.items as { tokenId: string }[]).map((t) => t.tokenId).sort()).toEqual([A.org.tokenId, A.secondTokenId].sort());
    expectNothingOfB(res, 'A\'s tokens');
  },
  'POST /admin/v1/orgs/:orgId/tokens': async () => {
    const res = await asAdmin('POST', `/orgs/${A.org.id}/tokens`, {});
    expectAdminStatus(res, 201, 'a new token for A');
    // The new token opens A and only A.
    expectScimStatus(await call('GET', `${A.org.scimPath}/Users`, `Bearer ${res.body.token}`), 200, 'the new token on A');
    expectScimStatus(await call('GET', `${B.org.scimPath}/Users`, `Bearer ${res.body.token}`), 401, 'the new token on B');
    expectAdminStatus(await asAdmin('DELETE', `/orgs/${A.org.id}/tokens/${res.body.tokenId}`), 204, 'revoke it');
  },
  'DELETE /admin/v1/orgs/:orgId/tokens/:tokenId': async () => {
    for (const tokenId of [B.org.tokenId, B.secondTokenId]) {
      expectAdminStatus(await asAdmin('DELETE', `/orgs/${A.org.id}/tokens/${tokenId}`), 404, 'revoke B\'s token through A');
    }
  },
  'POST /admin/v1/orgs/:orgId/reconcile': async () => {
    const res = await asAdmin('POST', `/orgs/${A.org.id}/reconcile`);
    expectAdminStatus(res, 202, 'reconcile A');
    expect(res.body.queued).toBe(A.users.length);
  },
  'GET /admin/v1/orgs/:orgId/licenses': async () => {
    const res = await asAdmin('GET', `/orgs/${A.org.id}/licenses`);
    expectAdminStatus(res, 200, 'A\'s licenses');
    expect((res.body.teams as { id: string }[]).every((t) => A.groups.some((g) => g.id === t.id))).toBe(true);
    expectNothingOfB(res, 'A\'s licenses');
  },
  'POST /admin/v1/orgs/:orgId/licenses/purchases': async () => {
    const res = await asAdmin('POST', `/orgs/${A.org.id}/licenses/purchases`, { quantity: 1 });
    expectAdminStatus(res, 201, 'A buys a license');
    expectNothingOfB(res, 'A buys a license');
  },
  'GET /admin/v1/orgs/:orgId/sync-status': async () => {
    const res = await asAdmin('GET', `/orgs/${A.org.id}/sync-status`);
    expectAdminStatus(res, 200, 'A\'s sync status');
    expectNothingOfB(res, 'A\'s sync status');
  },
  'GET /admin/v1/orgs/:orgId/members': async () => {
    const all = await asAdmin('GET', `/orgs/${A.org.id}/members?limit=1000`);
    expectAdminStatus(all, 200, 'A\'s members');
    expect((all.body.items as { id: string }[]).map((m) => m.id).sort()).toEqual(A.users.map((u) => u.id).sort());
    expectNothingOfB(all, 'A\'s members');
    for (const query of [`team=${B.groups[0].id}`, 'q=b-only', `q=${encodeURIComponent(B.users[0].userName)}`, 'state=pending']) {
      const res = await asAdmin('GET', `/orgs/${A.org.id}/members?${query}`);
      expectAdminStatus(res, 200, `A's members ?${query}`);
      expect(res.body.items).toEqual([]);
    }
  },
  'GET /admin/v1/orgs/:orgId/members/:id': async () => {
    for (const user of B.users) expectAdminStatus(await asAdmin('GET', `/orgs/${A.org.id}/members/${user.id}`), 404, 'B\'s member through A');
  },
  'DELETE /admin/v1/orgs/:orgId/members/:id': async () => {
    for (const user of B.users) expectAdminStatus(await asAdmin('DELETE', `/orgs/${A.org.id}/members/${user.id}`), 404, 'delete B\'s member through A');
  },
  'POST /admin/v1/orgs/:orgId/members/:id/accept': async () => {
    // B's first user is pending: accepting it through A must not accept it.
    expectAdminStatus(await asAdmin('POST', `/orgs/${A.org.id}/members/${B.users[0].id}/accept`), 404, 'accept B\'s invitation through A');
  },
  'GET /admin/v1/orgs/:orgId/sync-log': async () => {
    // A's log holds A's own requests, including those that named B's ids (A sent them): what
    // it must not hold is anything of B's log, B's org or B's tokens.
    const bLog = (await storedState(h, B.org.id, ['sync_log'])).sync_log as { _id: string; correlationId?: string | null }[];
    const bIds = new Set(bLog.map((e) => e._id.slice(B.org.id.length + 1)));
    const bCorrelations = new Set(bLog.map((e) => e.correlationId).filter((c): c is string => !!c));
    expect(bCorrelations.size).toBeGreaterThan(0);
    const onlyA = (res: request.Response, context: string) => {
      expectAdminStatus(res, 200, context);
      for (const item of res.body.items as { id: string; correlationId: string | null }[]) {
        expect(bIds.has(item.id)).toBe(false);
        expect(item.correlationId !== null && bCorrelations.has(item.correlationId)).toBe(false);
      }
      const leaked = [B.org.id, B.org.token, B.org.tokenId, B.secondTokenId].find((secret) => res.text.includes(secret));
      if (leaked) throw new Error(`${context}: A's sync log mentions ${leaked} of org B`);
    };
    const all = await asAdmin('GET', `/orgs/${A.org.id}/sync-log?limit=500`);
    onlyA(all, 'A\'s sync log');
    expect(all.body.items.length).toBeGreaterThan(0);
    for (const query of [`subject=${B.users[0].id}`, `subject=${B.groups[0].id}`, 'kind=job']) {
      onlyA(await asAdmin('GET', `/orgs/${A.org.id}/sync-log?${query}`), `A's sync log ?${query}`);
    }
    const correlated = await asAdmin('GET', `/orgs/${A.org.id}/sync-log?correlationId=${encodeURIComponent([...bCorrelations][0])}`);
    expectAdminStatus(correlated, 200, 'A\'s sync log by a correlation id of B');
    expect(correlated.body.items).toEqual([]);
  },
};

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string | string[];
}

/** Every route the app serves, as "METHOD /mount/path" ("ALL" for router.all), walked from the router stack. */
function routesOf(stack: Layer[], prefix = ''): string[] {
  const out: string[] = [];
  const join = (a: string, b: string) => (`${a}/${b}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1'));
  for (const layer of stack) {
    if (layer.route) {
      for (const path of ([] as string[]).concat(layer.route.path)) {
        for (const method of Object.keys(layer.route.methods)) out.push(`${method === '_all' ? 'ALL' : method.toUpperCase()} ${join(prefix, path)}`);
      }
    } else if (layer.handle?.stack) {
      const mounts = ([] as string[]).concat(layer.rawPath ?? '/');
      for (const mount of mounts) out.push(...routesOf(layer.handle.stack, join(prefix, mount)));
    }
  }
  return out;
}

const orgScopedRoutes = () => {
  const stack = (h.app as Express & { router: { stack: Layer[] } }).router.stack;
  return [...new Set(routesOf(stack).filter((r) => r.includes(':orgId')))].sort();
};

test('the route walk sees the routes the app serves', () => {
  const routes = orgScopedRoutes();
  // Sanity: the walk finds both trees, with methods; otherwise the coverage check below is empty.
  expect(routes).toEqual(expect.arrayContaining(['GET /scim/v2/:orgId/Users/:id', 'DELETE /admin/v1/orgs/:orgId/members/:id', 'ALL /scim/v2/:orgId/Bulk']));
  expect(routes.length).toBeGreaterThan(30);
});

test('every org-scoped route has a cross-tenant case, and every case a route', () => {
  const routes = orgScopedRoutes();
  const covered = Object.keys(CROSS_TENANT);
  expect({ uncovered: routes.filter((r) => !covered.includes(r)), stale: covered.filter((c) => !routes.includes(c)) }).toEqual({ uncovered: [], stale: [] });
});

describe('every org-scoped route', () => {
  test.each(Object.keys(CROSS_TENANT))('%s', async (key) => {
    if (key.includes(' /scim/')) await wrongTokenOnEveryMethod(key);
    else await scimTokensOnAdmin(key);
    await CROSS_TENANT[key]();
    await expectBUnchanged(key);
  });
});

test('afterwards B is whole: its tokens work, its data reads back through its own token', async () => {
  await expectBUnchanged('the whole run');
  for (const token of [B.org.token]) {
    const users = await call('GET', `${B.org.scimPath}/Users`, `Bearer ${token}`);
    expectScimStatus(users, 200, 'B reads its users');
    expect((users.body.Resources as { id: string }[]).map((u) => u.id).sort()).toEqual(B.users.map((u) => u.id).sort());
  }
  const member = await asAdmin('GET', `/orgs/${B.org.id}/members/${B.users[0].id}`);
  expect(member.body.state).toBe('pending');
  // The comparison can fail: a change B makes itself is seen.
  const title = await call('PATCH', `${B.org.scimPath}/Users/${B.users[1].id}`, `Bearer ${B.org.token}`, { schemas: [SCHEMAS.patch], Operations: [{ op: 'replace', path: 'title', value: 'changed by B' }] });
  expectScimStatus(title, 200, 'B changes its own user');
  await expect(expectBUnchanged('a change by B itself')).rejects.toThrow(/org B changed/);
});
