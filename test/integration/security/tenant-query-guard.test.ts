/**
 * The test-time tenant query guard (test/support/tenant-query-guard.ts), installed by every
 * harness: what it accepts and refuses, that real traffic passes it, and that it does fail
 * when a tenant query loses its org scope, at the query and again at the harness's close.
 */
import request from 'supertest';
import { TenantCollection } from '../../../src/infra/store';
import { createHarness, createOrg, type Harness, type TestOrg } from '../../support/harness';
import { SCHEMAS, scimClient } from '../../support/scim-client';
import { tenantQueryProblem, TenantQueryViolationError } from '../../support/tenant-query-guard';

const ORG = 'o0123456789abcdef';
const OTHER = 'offedcba9876543210';

describe('what counts as scoped', () => {
  const scoped: [string, object][] = [
    ['orgId', { orgId: ORG }],
    ['orgId with other conditions', { orgId: ORG, active: true, $or: [{ a: 1 }, { b: 2 }] }],
    ['an _id of the org', { _id: `${ORG}:user-1` }],
    ['an _id $eq of the org', { _id: { $eq: `${ORG}:user-1` } }],
    ['an _id $in of the org', { _id: { $in: [`${ORG}:a`, `${ORG}:b`] } }],
    ['orgId and an _id range', { orgId: ORG, _id: { $lt: `${ORG}:2026` } }],
  ];
  const unscoped: [string, object, RegExp][] = [
    ['nothing', {}, /neither orgId/],
    ['another attribute only', { userName: 'x' }, /neither orgId/],
    ['another org', { orgId: OTHER }, /not "o0123456789abcdef"/],
    ['an operator on orgId', { orgId: { $ne: null } }, /orgId is \{"\$ne":null\}/],
    ['an orgId $in of two orgs', { orgId: { $in: [ORG, OTHER] } }, /orgId is/],
    ['orgId only inside $or', { $or: [{ orgId: ORG }, { orgId: OTHER }] }, /neither orgId/],
    ['an _id of another org', { _id: `${OTHER}:user-1` }, /outside org/],
    ['an _id without a prefix', { _id: 'user-1' }, /outside org/],
    ['an _id $in reaching another org', { _id: { $in: [`${ORG}:a`, `${OTHER}:b`] } }, /outside org/],
    ['an _id range alone', { _id: { $gt: `${ORG}:` } }, /neither orgId/],
    ['an _id of another org next to orgId', { orgId: ORG, _id: `${OTHER}:x` }, /outside org/],
    ['a prefix look-alike', { _id: `${ORG}x:user-1` }, /outside org/],
    ['$where', { orgId: ORG, $where: 'true' }, /\$where/],
    ['$expr deep inside', { orgId: ORG, $and: [{ $expr: { $eq: ['$orgId', '$orgId'] } }] }, /\$expr/],
    ['$function', { orgId: ORG, a: { $function: {} } }, /\$function/],
  ];

  test.each(scoped)('per-org layout, %s: scoped', (_name, filter) => {
    expect(tenantQueryProblem('per-org', `users_${ORG}`, ORG, filter)).toBeUndefined();
    expect(tenantQueryProblem('shared', 'users', ORG, filter)).toBeUndefined();
  });

  test.each(unscoped)('%s: refused', (_name, filter, problem) => {
    expect(tenantQueryProblem('per-org', `users_${ORG}`, ORG, filter)).toMatch(problem);
    expect(tenantQueryProblem('shared', 'users', ORG, filter)).toMatch(problem);
  });

  test('the collection must be the org\'s own (per-org layout) or a tenant one (shared layout)', () => {
    expect(tenantQueryProblem('per-org', `users_${OTHER}`, ORG, { orgId: ORG })).toMatch(/not a collection of org/);
    expect(tenantQueryProblem('per-org', 'users', ORG, { orgId: ORG })).toMatch(/not a collection of org/);
    expect(tenantQueryProblem('per-org', `orgs_${ORG}`, ORG, { orgId: ORG })).toMatch(/not a collection of org/);
    expect(tenantQueryProblem('shared', 'orgs', ORG, { orgId: ORG })).toMatch(/not a tenant collection/);
    expect(tenantQueryProblem('shared', `users_${ORG}`, ORG, { orgId: ORG })).toMatch(/not a tenant collection/);
    expect(tenantQueryProblem('per-org', `sync_log_${ORG}`, ORG, { orgId: ORG })).toBeUndefined();
  });

  test('the org id must be one', () => {
    expect(tenantQueryProblem('shared', 'users', '', {})).toMatch(/not an org id/);
    expect(tenantQueryProblem('shared', 'users', 'A:B', { orgId: 'A:B' })).toMatch(/not an org id/);
  });
});

describe('in the harness', () => {
  let h: Harness;
  let org: TestOrg;

  beforeAll(async () => {
    h = await createHarness();
    org = await createOrg(h);
  });
  afterAll(async () => {
    await h.close();
  });

  test('real SCIM and admin traffic passes it', async () => {
    const before = h.tenantQueries.checked;
    const scim = scimClient(h, org);
    const user = await scim.createUser({ schemas: [SCHEMAS.user], userName: 'guard@example.com', title: 'Guard' });
    await scim.createGroup({ schemas: [SCHEMAS.group], displayName: 'Guards', members: [{ value: user.id }] });
    expect((await scim.get('/Users?filter=title%20eq%20%22Guard%22')).status).toBe(200);
    expect((await scim.get('/Groups?filter=displayName%20sw%20%22G%22')).status).toBe(200);
    const patched = await scim.patch(`/Users/${user.id}`, { schemas: [SCHEMAS.patch], Operations: [{ op: 'replace', path: 'active', value: false }] });
    expect(patched.status).toBe(200);
    await h.runtime.licenses.reconcileOrg(org.id);
    expect((await h.admin().get(`/orgs/${org.id}/members`)).status).toBe(200);
    expect((await h.admin().get(`/orgs/${org.id}/sync-log`)).status).toBe(200);
    expect(h.tenantQueries.checked - before).toBeGreaterThan(20);
    expect(h.tenantQueries.violations).toEqual([]);
  });

  test('a store that forgets the org scope is caught at the query, and the request fails', async () => {
    // The regression the guard exists for: TenantCollection.scope() no longer adds orgId.
    const proto = TenantCollection.prototype as unknown as { scope(this: { observe(f: object): void }, filter: object): object };
    const original = proto.scope;
    proto.scope = function (filter) {
      this.observe(filter);
      return filter;
    };
    try {
      const res = await request(h.app)
        .get(`${org.scimPath}/Users?filter=${encodeURIComponent('title eq "Guard"')}`)
        .set('Authorization', `Bearer ${org.token}`);
      expect(res.status).toBe(500);
      expect(res.text).not.toMatch(/tenant|scoped|orgId/);
    } finally {
      proto.scope = original;
    }
    const violations = h.tenantQueries.take();
    expect(violations.length).toBeGreaterThan(0);
    expect(violations[0]).toMatchObject({ collection: expect.stringMatching(/^users/), orgId: org.id, problem: expect.stringMatching(/neither orgId/) });
    expect(h.tenantQueries.violations).toEqual([]);
  });

  test('a filter naming another org, or an _id outside the org, is thrown at once', () => {
    const users = h.runtime.store.tenant(org.id, 'users') as unknown as { observe(filter: object): void };
    expect(() => users.observe({ orgId: OTHER })).toThrow(TenantQueryViolationError);
    expect(() => users.observe({ _id: `${OTHER}:someone` })).toThrow(/outside org/);
    expect(() => users.observe({ orgId: org.id })).not.toThrow();
    expect(h.tenantQueries.take()).toHaveLength(2);
  });

  test('a violation that the code under test swallowed still fails the harness at close', async () => {
    const other = await createHarness();
    const users = other.runtime.store.tenant(org.id, 'users') as unknown as { observe(filter: object): void };
    try {
      users.observe({ userName: 'anyone' });
    } catch {
      // as a careless catch-all in the code under test would
    }
    expect(() => other.tenantQueries.assertNone()).toThrow(/1 tenant query was not scoped/);
    await expect(other.close()).rejects.toThrow(/neither orgId/);
  });
});
