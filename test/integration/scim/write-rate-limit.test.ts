import IORedis from 'ioredis';
import { createLogger } from '../../../src/observability/logger';
import { WriteRateLimiter } from '../../../src/tenancy/write-rate-limiter';
import { createOrg, type Harness } from '../../support/harness';
import { createScimHarness, expectScimError, patchOp, randomName, scimClient, userBody } from '../../support/scim-client';

const LIMIT = 5;
let h: Harness;
let second: Harness;

beforeAll(async () => {
  // Two runtimes stand for two API processes sharing one Redis.
  [h, second] = await Promise.all([
    createScimHarness({ SCIM_WRITE_RATE_PER_MINUTE: String(LIMIT) }),
    createScimHarness({ SCIM_WRITE_RATE_PER_MINUTE: String(LIMIT) }),
  ]);
});
afterAll(async () => {
  await Promise.all([h.close(), second.close()]);
});

describe('per-org limit on SCIM writes', () => {
  test('the write over the limit is 429 with Retry-After and a SCIM error body, and stores nothing', async () => {
    const scim = scimClient(h, await createOrg(h));
    const user = await scim.createUser(userBody(randomName()));
    for (let i = 1; i < LIMIT; i++) {
      const res = await scim.patch(`/Users/${user.id}`, patchOp({ op: 'replace', path: 'displayName', value: `name ${i}` }));
      expect(res.status).toBe(200);
    }
    const userName = randomName();
    const rejected = await scim.post('/Users', userBody(userName));
    expectScimError(rejected, 429);
    const retryAfter = Number(rejected.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(rejected.body.detail).toMatch(/retry after \d+ seconds/);

    const found = await scim.get(`/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    expect(found.body.totalResults).toBe(0);
    expectScimError(await scim.delete(`/Users/${user.id}`), 429);
    expect((await scim.get(`/Users/${user.id}`)).body.displayName).toBe(`name ${LIMIT - 1}`);
  });

  test('reads and POST /.search are not limited', async () => {
    const scim = scimClient(h, await createOrg(h));
    for (let i = 0; i < LIMIT; i++) await scim.createUser(userBody(randomName()));
    expectScimError(await scim.post('/Users', userBody(randomName())), 429);
    for (let i = 0; i < LIMIT * 2; i++) {
      expect((await scim.get('/Users?count=1')).status).toBe(200);
      expect((await scim.post('/Users/.search', { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], count: 1 })).status).toBe(200);
    }
  });

  test('each org has its own budget', async () => {
    const busy = scimClient(h, await createOrg(h));
    const quiet = scimClient(h, await createOrg(h));
    for (let i = 0; i < LIMIT; i++) await busy.createUser(userBody(randomName()));
    expectScimError(await busy.post('/Users', userBody(randomName())), 429);
    expect((await quiet.post('/Users', userBody(randomName()))).status).toBe(201);
  });

  test('the budget is shared by every API process', async () => {
    const org = await createOrg(h);
    const viaFirst = scimClient(h, org);
    const viaSecond = scimClient(second, org);
    for (let i = 0; i < LIMIT; i++) await (i % 2 === 0 ? viaFirst : viaSecond).createUser(userBody(randomName()));
    expectScimError(await viaFirst.post('/Users', userBody(randomName())), 429);
    expectScimError(await viaSecond.post('/Users', userBody(randomName())), 429);
  });
});

describe('the limiter itself', () => {
  const logger = createLogger('silent', 'test');
  const redisUrl = () => process.env.REDIS_URL!;

  test('the window slides: the previous minute still counts in proportion to its overlap', async () => {
    const redis = new IORedis(redisUrl());
    try {
      let now = 1_800_000_000_000 - (1_800_000_000_000 % 60_000);
      const limiter = new WriteRateLimiter(redis, 10, logger, () => now);
      const org = `o${randomName()}`;
      for (let i = 0; i < 10; i++) expect((await limiter.take(org)).allowed).toBe(true);
      expect(await limiter.take(org)).toMatchObject({ allowed: false, limit: 10 });
      // 6 s into the next minute 90% of the previous one is still in the window: 9 + 1 allowed.
      now += 66_000;
      expect((await limiter.take(org)).allowed).toBe(true);
      expect((await limiter.take(org)).allowed).toBe(false);
      // 48 s in, 20% of it remains: 2 + 1 counted so far, 7 more fit.
      now += 42_000;
      let allowed = 0;
      while ((await limiter.take(org)).allowed) allowed++;
      expect(allowed).toBe(7);
    } finally {
      redis.disconnect();
    }
  });

  test('when Redis cannot answer, writes are allowed (the limiter never stops provisioning)', async () => {
    const unreachable = new IORedis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    unreachable.on('error', () => undefined);
    try {
      const limiter = new WriteRateLimiter(unreachable, 1, logger);
      expect(await limiter.take('o123456')).toEqual({ allowed: true });
      expect(await limiter.take('o123456')).toEqual({ allowed: true });
    } finally {
      unreachable.disconnect();
    }
  });
});
