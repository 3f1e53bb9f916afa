import express, { type Express } from 'express';
import request from 'supertest';
import { requireAdminKey } from '../../../src/http/admin/auth';
import { adminErrorHandler, adminNotFound } from '../../../src/http/admin/errors';
import { licensesRouter } from '../../../src/http/admin/licenses-routes';
import { membersRouter } from '../../../src/http/admin/members-routes';
import { requestLogging } from '../../../src/http/request-logging';
import { TEST_ADMIN_KEY } from '../../support/harness';
import { createLicenseKit, type LicenseKit } from './license-kit';

let kit: LicenseKit;
let app: Express;

/** The admin API as src/app.ts mounts it, with the license and member routers. */
beforeAll(async () => {
  kit = await createLicenseKit();
  const { logger, directory } = kit.h.runtime;
  const admin = express.Router();
  admin.use(requireAdminKey(TEST_ADMIN_KEY));
  admin.use(express.json());
  admin.use(licensesRouter(kit.licenses));
  admin.use(
    membersRouter({
      members: kit.licenses.members,
      invitations: kit.licenses.invitations,
      deleteUser: (orgId, userId, correlationId) => directory.userService.delete(orgId, userId, { correlationId }),
    }),
  );
  admin.use(adminNotFound);
  admin.use(adminErrorHandler(logger));
  app = express();
  app.set('query parser', 'simple');
  app.use(requestLogging(logger));
  app.use('/admin/v1', admin);
});
afterAll(async () => {
  await kit.close();
});

const api = {
  get: (path: string) => request(app).get(`/admin/v1${path}`).set('Authorization', `Bearer ${TEST_ADMIN_KEY}`),
  post: (path: string, body: object = {}) => request(app).post(`/admin/v1${path}`).set('Authorization', `Bearer ${TEST_ADMIN_KEY}`).send(body),
  delete: (path: string) => request(app).delete(`/admin/v1${path}`).set('Authorization', `Bearer ${TEST_ADMIN_KEY}`),
};

async function teamOrg(licenses: number, members: number, settings = {}) {
  const { orgId, dir } = await kit.newOrg(licenses, settings);
  const team = await dir.group('Engineering');
  const users = await dir.manyUsers(members, (i) => ({ userName: `Person${i}@Example.com`, givenName: `Given${i}`, familyName: i % 2 ? 'Odd' : 'Even' }));
  await dir.addMembers(team.id, users.map((u) => u.id));
  await dir.change(users.map((u) => u.id), 'users created');
  await kit.licenses.reconcileOrg(orgId);
  return { orgId, dir, team, users };
}

describe('GET /orgs/:orgId/licenses and purchases', () => {
  test('the summary of CONTRACT.md, with the team distribution', async () => {
    const { orgId, team } = await teamOrg(3, 5);
    const res = await api.get(`/orgs/${orgId}/licenses`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      purchased: 3,
      active: 3,
      pending: 0,
      unassigned: 0,
      available: 0,
      awaiting: 2,
      suspended: 0,
      exhausted: true,
      exhaustedSince: expect.any(String),
      teams: [{ id: team.id, name: 'Engineering', members: 5, licensed: 3 }],
    });
  });

  test('a purchase grows purchased at once; the reconcile it triggers serves the list in order', async () => {
    const { orgId, users } = await teamOrg(1, 3);
    const res = await api.post(`/orgs/${orgId}/licenses/purchases`, { quantity: 1 }).set('X-Request-Id', 'buy-1');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ purchased: 2, available: 1, awaiting: 2 });
    expect((await api.get(`/orgs/${orgId}/sync-status`)).body).toMatchObject({ settled: false, pending: 1, oldestPendingAt: expect.any(String) });
    await kit.licenses.reconcileOrg(orgId);
    expect((await api.get(`/orgs/${orgId}/sync-status`)).body).toEqual({ settled: true, pending: 0, oldestPendingAt: null });
    const member = await api.get(`/orgs/${orgId}/members/${users[1].id}`);
    expect(member.body).toMatchObject({ id: users[1].id, state: 'active', queuePosition: null });
    const waiting = await api.get(`/orgs/${orgId}/members/${users[2].id}`);
    expect(waiting.body).toMatchObject({ state: 'awaiting_license', queuePosition: 1 });
  });

  test.each([[{}], [{ quantity: 0 }], [{ quantity: -1 }], [{ quantity: 1.5 }], [{ quantity: '5' }], [{ quantity: 1, extra: true }]])(
    'purchase body %j is 400',
    async (body) => {
      const { orgId } = await kit.newOrg(1);
      const res = await api.post(`/orgs/${orgId}/licenses/purchases`, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    },
  );

  test('unknown orgs are 404; no key is 401', async () => {
    for (const path of ['/orgs/o0000000000000000/licenses', '/orgs/NOT-AN-ORG/licenses', '/orgs/o0000000000000000/sync-status', '/orgs/o0000000000000000/members']) {
      const res = await api.get(path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await api.post('/orgs/o0000000000000000/licenses/purchases', { quantity: 1 })).status).toBe(404);
    expect((await request(app).get('/admin/v1/orgs/o0000000000000000/licenses')).status).toBe(401);
  });
});

describe('GET /orgs/:orgId/members', () => {
  test('filters by state, team and q (userName, name or email, case-insensitive), pages with a cursor', async () => {
    const { orgId, dir, team, users } = await teamOrg(2, 4);
    const loner = await dir.user({ userName: 'loner@elsewhere.org', givenName: 'Solitary', familyName: 'Walker', emails: ['walker@mail.example'] });
    await dir.change([loner.id]);
    await kit.licenses.reconcileOrg(orgId);

    const all = await api.get(`/orgs/${orgId}/members`);
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(5);
    expect(all.body.items[0]).toEqual({
      id: loner.id,
      userName: 'loner@elsewhere.org',
      externalId: null,
      active: true,
      state: 'provisioned',
      teams: [],
      heldSince: null,
      queuePosition: null,
      needSince: null,
      invitedAt: null,
      acceptedAt: null,
      inviteExpiredAt: null,
      suspendedAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    const waiting = await api.get(`/orgs/${orgId}/members?state=awaiting_license`);
    expect(waiting.body.items.map((m: { id: string; queuePosition: number }) => [m.id, m.queuePosition])).toEqual([
      [users[2].id, 1],
      [users[3].id, 2],
    ]);
    expect((await api.get(`/orgs/${orgId}/members?team=${team.id}`)).body.total).toBe(4);
    expect((await api.get(`/orgs/${orgId}/members?q=PERSON1`)).body.items.map((m: { id: string }) => m.id)).toEqual([users[1].id]);
    expect((await api.get(`/orgs/${orgId}/members?q=walker`)).body.items.map((m: { id: string }) => m.id)).toEqual([loner.id]);
    expect((await api.get(`/orgs/${orgId}/members?q=mail.example`)).body.total).toBe(1);
    expect((await api.get(`/orgs/${orgId}/members?q=odd&state=active`)).body.items.map((m: { id: string }) => m.id)).toEqual([users[1].id]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: request.Response = await api.get(`/orgs/${orgId}/members?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((m: { id: string }) => m.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);

    expect((await api.get(`/orgs/${orgId}/members?state=sleeping`)).status).toBe(400);
    expect((await api.get(`/orgs/${orgId}/members?cursor=garbage`)).status).toBe(400);
    expect((await api.get(`/orgs/${orgId}/members?colour=blue`)).status).toBe(400);
  });

  test('one member; unknown ids are 404', async () => {
    const { orgId, users } = await teamOrg(2, 1);
    const res = await api.get(`/orgs/${orgId}/members/${users[0].id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: users[0].id, state: 'active', teams: [{ name: 'Engineering' }], heldSince: expect.any(String) });
    expect((await api.get(`/orgs/${orgId}/members/nobody`)).status).toBe(404);
    expect((await api.get(`/orgs/${orgId}/members/${encodeURIComponent('$where')}`)).status).toBe(404);
  });
});

describe('accept and delete', () => {
  test('accept: 200 for a pending invitation, then active; 409 NOT_PENDING otherwise', async () => {
    const { orgId, users } = await teamOrg(1, 2, { invitationMode: 'invite' });
    expect((await api.get(`/orgs/${orgId}/members/${users[0].id}`)).body.state).toBe('pending');
    const accepted = await api.post(`/orgs/${orgId}/members/${users[0].id}/accept`);
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ id: users[0].id, state: 'active', acceptedAt: expect.any(String) });
    await kit.licenses.reconcileOrg(orgId);
    expect((await api.get(`/orgs/${orgId}/members/${users[0].id}`)).body.state).toBe('active');

    for (const id of [users[0].id, users[1].id]) {
      const again = await api.post(`/orgs/${orgId}/members/${id}/accept`);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('NOT_PENDING');
    }
    expect((await api.post(`/orgs/${orgId}/members/nobody/accept`)).status).toBe(404);
  });

  test('delete: 204, the member is deleted and its license goes to the next in line', async () => {
    const { orgId, users } = await teamOrg(1, 2);
    const res = await api.delete(`/orgs/${orgId}/members/${users[0].id}`).set('X-Request-Id', 'admin-delete-1');
    expect(res.status).toBe(204);
    await kit.licenses.reconcileOrg(orgId);
    expect((await api.get(`/orgs/${orgId}/members/${users[0].id}`)).body).toMatchObject({ state: 'deleted', heldSince: null });
    expect((await api.get(`/orgs/${orgId}/members/${users[1].id}`)).body.state).toBe('active');
    expect((await api.get(`/orgs/${orgId}/licenses`)).body).toMatchObject({ active: 1, awaiting: 0 });

    expect((await api.delete(`/orgs/${orgId}/members/${users[0].id}`)).status).toBe(404);
    expect((await api.delete(`/orgs/${orgId}/members/nobody`)).status).toBe(404);
    expect((await api.delete(`/orgs/o0000000000000000/members/${users[1].id}`)).status).toBe(404);
  });
});
