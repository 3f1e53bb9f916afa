import request from 'supertest';
import { createHarness, createOrg, TEST_ADMIN_KEY, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('admin authentication', () => {
  test.each([
    ['no header', undefined],
    ['empty', ''],
    ['whitespace', '   '],
    ['wrong scheme', `Basic ${TEST_ADMIN_KEY}`],
    ['wrong key', 'Bearer not-the-admin-key-at-all-000000'],
    ['key with a suffix', `Bearer ${TEST_ADMIN_KEY}x`],
  ])('%s is 401 with an error body', async (_name, header) => {
    const req = request(h.app).get('/admin/v1/orgs');
    if (header !== undefined) req.set('Authorization', header);
    const res = await req;
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });
});

describe('orgs', () => {
  test('creating an org returns an absolute SCIM base URL and a token shown only then', async () => {
    const res = await h.admin().post('/orgs', { name: 'Acme', licenses: 10 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Acme',
      settings: {
        invitationMode: 'auto',
        defaultTeam: null,
        teamGroupPrefix: null,
        suspendedHoldDays: 0,
        exhaustedPolicy: 'queue',
        pendingInviteExpiryDays: 14,
      },
      exhausted: false,
      awaiting: 0,
    });
    expect(res.body.id).toMatch(/^[a-z0-9]+$/);
    expect(res.body.scim.baseUrl).toBe(`http://seatsync.test/scim/v2/${res.body.id}`);
    expect(res.body.scim.token).toMatch(/^seatsync_scim_/);
    expect(res.body.scim.tokenId).toMatch(/^tok_/);

    const read = await h.admin().get(`/orgs/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(res.body.id);
    expect(JSON.stringify(read.body)).not.toContain(res.body.scim.token);
    expect(read.body.exhaustedSince).toBeNull();
  });

  test('an org with no licenses is exhausted from the start', async () => {
    const org = await createOrg(h, { licenses: 0 });
    const res = await h.admin().get(`/orgs/${org.id}`);
    expect(res.body.exhausted).toBe(true);
    const list = await h.admin().get('/orgs?exhausted=true&limit=500');
    expect(list.body.items.map((o: { id: string }) => o.id)).toContain(org.id);
    for (const item of list.body.items) expect(item.exhausted).toBe(true);
  });

  test('settings given at creation are kept; unknown settings are rejected', async () => {
    const res = await h.admin().post('/orgs', {
      name: 'Invite Co',
      licenses: 5,
      settings: { invitationMode: 'invite', defaultTeam: 'Everyone' },
    });
    expect(res.status).toBe(201);
    expect(res.body.settings).toMatchObject({ invitationMode: 'invite', defaultTeam: 'Everyone' });

    const bad = await h.admin().post('/orgs', { name: 'X', licenses: 1, settings: { colour: 'blue' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
  });

  test.each([
    [{}, 'name'],
    [{ name: 'A' }, 'licenses'],
    [{ name: '', licenses: 1 }, 'name'],
    [{ name: 'A', licenses: -1 }, 'licenses'],
    [{ name: 'A', licenses: 1.5 }, 'licenses'],
    [{ name: 'A', licenses: '10' }, 'licenses'],
    [{ name: { $gt: '' }, licenses: 1 }, 'name'],
    [{ name: 'A', licenses: 1, settings: { invitationMode: 'sometimes' } }, 'invitationMode'],
    [{ name: 'A', licenses: 1, extra: true }, 'extra'],
  ])('invalid body %j is 400 naming %s', async (body, field) => {
    const res = await h.admin().post('/orgs', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.message).toContain(field);
  });

  test('malformed JSON is a 400 with an error body', async () => {
    const res = await request(h.app)
      .post('/admin/v1/orgs')
      .set('Authorization', `Bearer ${TEST_ADMIN_KEY}`)
      .set('Content-Type', 'application/json')
      .send('{"name": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('BAD_REQUEST');
  });

  test('PATCH changes only the settings given', async () => {
    const org = await createOrg(h);
    const res = await h.admin().patch(`/orgs/${org.id}`, { settings: { exhaustedPolicy: 'reject', suspendedHoldDays: 3 } });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({ exhaustedPolicy: 'reject', suspendedHoldDays: 3, invitationMode: 'auto' });
    const again = await h.admin().patch(`/orgs/${org.id}`, { settings: { invitationMode: 'invite' } });
    expect(again.body.settings).toMatchObject({ exhaustedPolicy: 'reject', suspendedHoldDays: 3, invitationMode: 'invite' });
    const bad = await h.admin().patch(`/orgs/${org.id}`, { settings: { suspendedHoldDays: -1 } });
    expect(bad.status).toBe(400);
    const unchanged = await h.admin().get(`/orgs/${org.id}`);
    expect(unchanged.body.settings.suspendedHoldDays).toBe(3);
  });

  test('concurrent settings changes lose no update', async () => {
    const org = await createOrg(h);
    const results = await Promise.all([
      h.admin().patch(`/orgs/${org.id}`, { settings: { exhaustedPolicy: 'reject' } }),
      h.admin().patch(`/orgs/${org.id}`, { settings: { invitationMode: 'invite' } }),
      h.admin().patch(`/orgs/${org.id}`, { settings: { suspendedHoldDays: 7 } }),
    ]);
    for (const res of results) expect(res.status).toBe(200);
    const final = await h.admin().get(`/orgs/${org.id}`);
    expect(final.body.settings).toMatchObject({ exhaustedPolicy: 'reject', invitationMode: 'invite', suspendedHoldDays: 7 });
  });

  test('unknown and malformed org ids are 404', async () => {
    for (const id of ['o0000000000000000', 'NOT-AN-ID', '%24where']) {
      const res = await h.admin().get(`/orgs/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    const patch = await h.admin().patch('/orgs/o0000000000000000', { settings: {} });
    expect(patch.status).toBe(404);
  });

  test('listing pages with a cursor and reports a total', async () => {
    await Promise.all([createOrg(h), createOrg(h), createOrg(h)]);
    const first = await h.admin().get('/orgs?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.total).toBeGreaterThanOrEqual(3);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await h.admin().get(`/orgs?limit=2&cursor=${first.body.nextCursor}`);
    const firstIds = first.body.items.map((o: { id: string }) => o.id);
    for (const item of second.body.items) expect(firstIds).not.toContain(item.id);
    for (const item of first.body.items) {
      expect(typeof item.exhausted).toBe('boolean');
      expect(typeof item.awaiting).toBe('number');
    }
  });
});
