import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { appDepsOf, buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createRuntime, type Runtime } from '../../src/deps';
import { createLogger } from '../../src/observability/logger';
import { TenantQueryGuard } from './tenant-query-guard';

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface Harness {
  config: Readonly<Config>;
  runtime: Runtime;
  app: Express;
  admin: () => AdminClient;
  /** Fails every tenant query not scoped to its org (see tenant-query-guard.ts); checked at close. */
  tenantQueries: TenantQueryGuard;
  close(): Promise<void>;
}

export interface AdminClient {
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  patch(path: string, body: object): request.Test;
  delete(path: string): request.Test;
}

export interface TestOrg {
  id: string;
  baseUrl: string;
  /** The SCIM base path, relative to the app, for supertest. */
  scimPath: string;
  token: string;
  tokenId: string;
}

/** A runtime connected to the services started by the global setup, and the app on top. */
export async function createHarness(env: Record<string, string> = {}): Promise<Harness> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    PUBLIC_URL: 'http://seatsync.test',
    // Suites replay whole IdP syncs in one org; the write limit has tests of its own.
    SCIM_WRITE_RATE_PER_MINUTE: '1000000',
    // Queues of their own, so workers started by one test file never take another file's jobs.
    QUEUE_PREFIX: `test-${randomBytes(4).toString('hex')}`,
    ...env,
  });
  const logger = createLogger(config.LOG_LEVEL, 'test');
  const runtime = await createRuntime(config, { mongodbUri: config.MONGODB_URI!, redisUrl: config.REDIS_URL! }, logger);
  const tenantQueries = new TenantQueryGuard(runtime.store);
  const app = buildApp(appDepsOf(runtime, TEST_ADMIN_KEY));
  const auth = (t: request.Test) => t.set('Authorization', `Bearer ${TEST_ADMIN_KEY}`);
  return {
    config,
    runtime,
    app,
    admin: () => ({
      get: (path) => auth(request(app).get(`/admin/v1${path}`)),
      post: (path, body) => auth(request(app).post(`/admin/v1${path}`)).send(body ?? {}),
      patch: (path, body) => auth(request(app).patch(`/admin/v1${path}`)).send(body),
      delete: (path) => auth(request(app).delete(`/admin/v1${path}`)),
    }),
    tenantQueries,
    // An unscoped tenant query anywhere during the test file fails it here, even if the
    // error thrown at the query was caught by the code under test.
    close: async () => {
      tenantQueries.dispose();
      await runtime.close();
      tenantQueries.assertNone();
    },
  };
}

export async function createOrg(h: Harness, body: object = {}): Promise<TestOrg> {
  const res = await h.admin().post('/orgs', { name: 'Test org', licenses: 10, ...body });
  if (res.status !== 201) throw new Error(`org creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  const baseUrl: string = res.body.scim.baseUrl;
  return {
    id: res.body.id,
    baseUrl,
    scimPath: new URL(baseUrl).pathname,
    token: res.body.scim.token,
    tokenId: res.body.scim.tokenId,
  };
}
