import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startLocalServices, type LocalServices } from '../../src/infra/local-services/start-local-services';
import { createHarness, type Harness } from '../support/harness';

/**
 * These tests stop servers, so they start private ones instead of using the shared services.
 */
async function privateServices(which: { redis?: boolean; mongo?: boolean }): Promise<{ services: LocalServices; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatsync-ready-'));
  const services = await startLocalServices({
    dataDir: dir,
    mongodbUri: which.mongo ? undefined : process.env.MONGODB_URI,
    redisUrl: which.redis ? undefined : process.env.REDIS_URL,
    say: () => undefined,
  });
  return { services, dir };
}

describe('readiness', () => {
  test('/healthz and /readyz answer 200 when the services are up', async () => {
    const h = await createHarness();
    try {
      expect((await request(h.app).get('/healthz')).status).toBe(200);
      const ready = await request(h.app).get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body.checks).toEqual({ mongo: 'ok', redis: 'ok' });
    } finally {
      await h.close();
    }
  });

  test('/readyz is 503 with Retry-After when Redis is down, and recovers', async () => {
    const { services, dir } = await privateServices({ redis: true });
    let h: Harness | undefined;
    try {
      h = await createHarness({ REDIS_URL: services.redisUrl });
      const redis = services.processes.find((p) => p.name === 'redis')!;
      process.kill(redis.pid, 'SIGSTOP');
      try {
        const res = await request(h.app).get('/readyz').timeout(5000);
        expect(res.status).toBe(503);
        expect(res.headers['retry-after']).toBeDefined();
        expect(res.body.checks.redis).toMatch(/^unavailable/);
        expect(res.body.checks.mongo).toBe('ok');
        expect((await request(h.app).get('/healthz')).status).toBe(200);
      } finally {
        process.kill(redis.pid, 'SIGCONT');
      }
      await waitFor(async () => (await request(h!.app).get('/readyz')).status === 200);
    } finally {
      await h?.close();
      await services.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('/readyz is 503 when the store is down; requests that need it fail fast with 503', async () => {
    const { services, dir } = await privateServices({ mongo: true });
    let h: Harness | undefined;
    try {
      h = await createHarness({ MONGODB_URI: services.mongodbUri });
      const ferret = services.processes.find((p) => p.name === 'ferretdb')!;
      await ferret.stop();
      const res = await request(h.app).get('/readyz').timeout(5000);
      expect(res.status).toBe(503);
      expect(res.body.checks.mongo).toMatch(/^unavailable/);
      const admin = await h.admin().get('/orgs').timeout(10_000);
      expect(admin.status).toBe(503);
      expect(admin.headers['retry-after']).toBeDefined();
      expect(admin.body.error.code).toBe('UNAVAILABLE');
    } finally {
      await h?.close();
      await services.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('start-up self-check', () => {
  test('refuses a Redis whose maxmemory-policy evicts keys', async () => {
    const { services, dir } = await privateServices({ redis: true });
    try {
      const { default: IORedis } = await import('ioredis');
      const admin = new IORedis(services.redisUrl);
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      admin.disconnect();
      await expect(createHarness({ REDIS_URL: services.redisUrl })).rejects.toThrow(/noeviction/);
    } finally {
      await services.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('condition not met in time');
}
