import request from 'supertest';
import { createHarness, createOrg, type Harness, type TestOrg } from '../support/harness';

let h: Harness;
let orgA: TestOrg;
let orgB: TestOrg;

beforeAll(async () => {
  h = await createHarness();
  [orgA, orgB] = await Promise.all([createOrg(h), createOrg(h)]);
});
afterAll(async () => {
  await h.close();
});

const scim = (org: TestOrg, path: string, authorization?: string) => {
  const req = request(h.app).get(`${org.scimPath}${path}`);
  if (authorization !== undefined) req.set('Authorization', authorization);
  return req;
};

function expectScimError(res: request.Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(res.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
  expect(res.body.status).toBe(String(status));
  expect(typeof res.body.detail).toBe('string');
  expect(res.body.detail.length).toBeGreaterThan(0);
}

describe('SCIM bearer authentication', () => {
  test("an org's token opens its own SCIM endpoints", async () => {
    const res = await scim(orgA, '/Users', `Bearer ${orgA.token}`);
    expect(res.status).not.toBe(401);
    expect(res.status).not.toBe(403);
  });

  test("an org's token on another org's base URL is 401", async () => {
    const res = await scim(orgB, '/Users', `Bearer ${orgA.token}`);
    expectScimError(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  test("a token presented on another org's base URL is not recorded as used", async () => {
    const owner = await createOrg(h);
    const other = await createOrg(h);
    expectScimError(await scim(other, '/Users', `Bearer ${owner.token}`), 401);
    const lastUsed = async () => {
      const listed = await h.admin().get(`/orgs/${owner.id}/tokens`);
      return listed.body.items.find((t: { tokenId: string }) => t.tokenId === owner.tokenId).lastUsedAt;
    };
    // The last-used write is not awaited by the request; give it time to land if it were made.
    await new Promise((r) => setTimeout(r, 300));
    expect(await lastUsed()).toBeNull();
    expect((await scim(owner, '/Users', `Bearer ${owner.token}`)).status).toBe(200);
    for (let i = 0; i < 50 && (await lastUsed()) === null; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await lastUsed()).not.toBeNull();
  });

  test.each([
    ['missing header', undefined],
    ['empty header', ''],
    ['whitespace header', '   '],
    ['scheme only', 'Bearer'],
    ['scheme and spaces', 'Bearer    '],
    ['wrong scheme', 'Basic dXNlcjpwYXNz'],
    ['Okta invalid-token probe', 'non-token'],
    ['unknown well-formed-looking token', 'Bearer seatsync_scim_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['token with a tampered character', 'tamper'],
    ['token twice', 'twice'],
    ['NoSQL operator text', 'Bearer {"$ne":null}'],
  ])('%s is 401 with a SCIM error body', async (_name, header) => {
    let value = header;
    if (header === 'tamper') value = `Bearer ${orgA.token.slice(0, -3)}${orgA.token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    if (header === 'twice') value = `Bearer ${orgA.token} ${orgA.token}`;
    const res = await scim(orgA, '/Users', value);
    expectScimError(res, 401);
  });

  test('the bearer scheme is case-insensitive (RFC 7235 §2.1)', async () => {
    const res = await scim(orgA, '/Users', `bearer ${orgA.token}`);
    expect(res.status).not.toBe(401);
  });

  test('an unknown org id in the base URL is 401, not a hint that the org is missing', async () => {
    const res = await request(h.app).get('/scim/v2/o0000000000000000/Users').set('Authorization', `Bearer ${orgA.token}`);
    expectScimError(res, 401);
  });
});

describe('token rotation and revocation', () => {
  test('a new token works alongside the old one until the old one is revoked', async () => {
    const org = await createOrg(h);
    const rotated = await h.admin().post(`/orgs/${org.id}/tokens`);
    expect(rotated.status).toBe(201);
    expect(rotated.body.token).toMatch(/^seatsync_scim_/);
    expect(rotated.body.tokenId).not.toBe(org.tokenId);

    expect((await scim(org, '/Users', `Bearer ${org.token}`)).status).not.toBe(401);
    expect((await scim(org, '/Users', `Bearer ${rotated.body.token}`)).status).not.toBe(401);

    const listed = await h.admin().get(`/orgs/${org.id}/tokens`);
    expect(listed.body.items.map((t: { tokenId: string }) => t.tokenId).sort()).toEqual(
      [org.tokenId, rotated.body.tokenId].sort(),
    );
    expect(JSON.stringify(listed.body)).not.toContain(org.token);

    const revoked = await h.admin().delete(`/orgs/${org.id}/tokens/${org.tokenId}`);
    expect(revoked.status).toBe(204);
    expectScimError(await scim(org, '/Users', `Bearer ${org.token}`), 401);
    expect((await scim(org, '/Users', `Bearer ${rotated.body.token}`)).status).not.toBe(401);

    const again = await h.admin().delete(`/orgs/${org.id}/tokens/${org.tokenId}`);
    expect(again.status).toBe(404);
  });

  test("a token cannot be revoked through another org", async () => {
    const res = await h.admin().delete(`/orgs/${orgB.id}/tokens/${orgA.tokenId}`);
    expect(res.status).toBe(404);
    expect((await scim(orgA, '/Users', `Bearer ${orgA.token}`)).status).not.toBe(401);
  });

  test('an expired token is refused; expiry is optional per token', async () => {
    const org = await createOrg(h);
    const soon = new Date(Date.now() + 1500).toISOString();
    const issued = await h.admin().post(`/orgs/${org.id}/tokens`, { expiresAt: soon });
    expect(issued.status).toBe(201);
    expect((await scim(org, '/Users', `Bearer ${issued.body.token}`)).status).not.toBe(401);
    await new Promise((r) => setTimeout(r, 1700));
    expectScimError(await scim(org, '/Users', `Bearer ${issued.body.token}`), 401);
    expect((await scim(org, '/Users', `Bearer ${org.token}`)).status).not.toBe(401);
  });

  test('a revocation made through one API process is effective at once in the others', async () => {
    const other = await createHarness();
    try {
      const org = await createOrg(h);
      const viaOther = () => request(other.app).get(`${org.scimPath}/Users`).set('Authorization', `Bearer ${org.token}`);
      expect((await viaOther()).status).toBe(200);
      expect((await h.admin().delete(`/orgs/${org.id}/tokens/${org.tokenId}`)).status).toBe(204);
      // Pub/sub delivery takes milliseconds; never more than the cache's lifetime.
      const deadline = Date.now() + 2000;
      let status = 200;
      while (status !== 401 && Date.now() < deadline) {
        status = (await viaOther()).status;
        if (status !== 401) await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toBe(401);
    } finally {
      await other.close();
    }
  });

  test('the stored token record holds only a hash', async () => {
    const org = await createOrg(h);
    const docs = await h.runtime.store.global('scim_tokens').find({ orgId: org.id }).toArray();
    expect(docs).toHaveLength(1);
    expect(JSON.stringify(docs)).not.toContain(org.token);
    expect(String(docs[0]._id)).toMatch(/^[0-9a-f]{64}$/);
  });
});
