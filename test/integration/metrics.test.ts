import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Redis } from 'ioredis';
import { PoolReader } from '../../src/licenses/pool-reader';
import { createMetrics } from '../../src/observability/metrics';
import { adminResourceLabel, methodLabel, scimResourceLabel } from '../../src/observability/request-labels';
import { storeScrapeSources, type ScrapeSources } from '../../src/observability/scrape-sources';
import { OrgRepository } from '../../src/tenancy/org-repository';
import { startWorkers, type WorkerHost } from '../../workers/worker-host';
import { createHarness, createOrg, TEST_ADMIN_KEY, type Harness, type TestOrg } from '../support/harness';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[name] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

function find(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

/** A queue prefix of this file's own: the queue gauges then count only this file's jobs. */
let h: Harness;
let org: TestOrg;
let workers: WorkerHost | undefined;

beforeAll(async () => {
  h = await createHarness({ QUEUE_PREFIX: `metrics-test-${randomUUID().slice(0, 8)}` });
  org = await createOrg(h, { licenses: 3 });
});
afterAll(async () => {
  await workers?.close();
  await h?.close();
});

const scrape = async () => {
  const res = await request(h.app).get('/metrics').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return { text: res.text, samples: parse(res.text) };
};

describe('GET /metrics', () => {
  test('is behind the admin key', async () => {
    const none = await request(h.app).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHORIZED');
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    const wrong = await request(h.app).get('/metrics').set('Authorization', 'Bearer not-the-admin-key-000000000000');
    expect(wrong.status).toBe(401);
    const scimToken = await request(h.app).get('/metrics').set('Authorization', `Bearer ${org.token}`);
    expect(scimToken.status).toBe(401);
  });

  test('license gauges per org, the org count and Node process metrics', async () => {
    const { samples } = await scrape();
    expect(find(samples, 'seatsync_org_licenses_purchased', { org: org.id })).toEqual([expect.objectContaining({ value: 3 })]);
    expect(find(samples, 'seatsync_org_licenses_held', { org: org.id })).toEqual([expect.objectContaining({ value: 0 })]);
    expect(find(samples, 'seatsync_org_licenses_awaiting', { org: org.id })).toEqual([expect.objectContaining({ value: 0 })]);
    expect(find(samples, 'seatsync_orgs')[0].value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(find(samples, 'nodejs_heap_size_total_bytes')).toHaveLength(1);
    for (const collector of ['queues', 'changes', 'licenses']) {
      expect(find(samples, 'seatsync_scrape_collector_up', { collector })).toEqual([expect.objectContaining({ value: 1 })]);
    }
  });

  test('counts SCIM requests by resource, method and status, with a latency histogram', async () => {
    const auth = { Authorization: `Bearer ${org.token}` };
    expect((await request(h.app).get(`${org.scimPath}/Users`).set(auth)).status).toBe(200);
    expect((await request(h.app).get(`${org.scimPath}/Users`).set(auth)).status).toBe(200);
    expect((await request(h.app).get(`${org.scimPath}/ServiceProviderConfig`).set(auth)).status).toBe(200);
    expect((await request(h.app).get(`${org.scimPath}/Groups`).set('Authorization', 'Bearer nope')).status).toBe(401);

    const { samples, text } = await scrape();
    const users = find(samples, 'seatsync_scim_requests_total', { resource: 'Users', method: 'GET', status: '200' });
    expect(users).toHaveLength(1);
    expect(users[0].value).toBeGreaterThanOrEqual(2);
    expect(find(samples, 'seatsync_scim_requests_total', { resource: 'discovery', method: 'GET', status: '200' })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'seatsync_scim_requests_total', { resource: 'Groups', method: 'GET', status: '401' })[0]?.value).toBeGreaterThanOrEqual(1);
    // No org id ever becomes a label value.
    expect(text).not.toMatch(new RegExp(`seatsync_scim[^\\n]*${org.id}`));

    const buckets = find(samples, 'seatsync_scim_request_duration_seconds_bucket', { resource: 'Users', method: 'GET', status: '200' });
    expect(buckets.map((b) => b.labels.le)).toEqual(['0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
    expect(buckets.at(-1)!.value).toBe(users[0].value);
    expect(find(samples, 'seatsync_scim_request_duration_seconds_count', { resource: 'Users', method: 'GET', status: '200' })[0].value).toBe(users[0].value);
    expect(find(samples, 'seatsync_scim_request_duration_seconds_sum', { resource: 'Users', method: 'GET', status: '200' })[0].value).toBeGreaterThan(0);
  });

  test('counts admin requests by resource, method and status', async () => {
    await createOrg(h);
    await h.admin().get(`/orgs/${org.id}/tokens`);
    await request(h.app).get('/admin/v1/orgs');
    const { samples } = await scrape();
    expect(find(samples, 'seatsync_admin_requests_total', { resource: 'orgs', method: 'POST', status: '201' })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'seatsync_admin_requests_total', { resource: 'tokens', method: 'GET', status: '200' })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'seatsync_admin_requests_total', { resource: 'orgs', method: 'GET', status: '401' })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'seatsync_admin_request_duration_seconds_count', { resource: 'orgs', method: 'POST', status: '201' })[0]?.value).toBeGreaterThanOrEqual(1);
  });

  test('queue depth per queue and state, and the unapplied changes with the age of the oldest', async () => {
    await h.runtime.changes.record(org.id, [{ memberId: null, reason: 'metrics test' }], null, new Date(Date.now() - 60_000));
    // Scrape-time reads are reused for a second; wait that out.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const { samples } = await scrape();
    for (const queue of ['reconcile', 'maintenance']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed', 'completed']) {
        expect(find(samples, 'seatsync_queue_jobs', { queue, state })).toHaveLength(1);
      }
    }
    expect(find(samples, 'seatsync_queue_jobs', { queue: 'reconcile', state: 'waiting' })[0].value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'seatsync_unapplied_changes')[0].value).toBeGreaterThanOrEqual(1);
    expect(find(samples, 'seatsync_unapplied_changes_oldest_age_seconds')[0].value).toBeGreaterThanOrEqual(59);
  });

  test('counts jobs by name and outcome, with a duration histogram', async () => {
    workers = startWorkers(h.runtime, {
      'metrics-ok': async () => 'done',
      'metrics-fail': async () => {
        throw new Error('expected failure');
      },
    });
    const ok = await h.runtime.queues.maintenance.add('metrics-ok', {}, { attempts: 1 });
    const failing = await h.runtime.queues.maintenance.add('metrics-fail', {}, { attempts: 1 });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const states = await Promise.all([ok.getState(), failing.getState()]);
      if (states[0] === 'completed' && states[1] === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { samples } = await scrape();
    expect(find(samples, 'seatsync_jobs_total', { name: 'metrics-ok', outcome: 'completed' })[0]?.value).toBe(1);
    expect(find(samples, 'seatsync_jobs_total', { name: 'metrics-fail', outcome: 'failed' })[0]?.value).toBe(1);
    expect(find(samples, 'seatsync_job_duration_seconds_count', { name: 'metrics-ok', outcome: 'completed' })[0]?.value).toBe(1);
    expect(find(samples, 'seatsync_job_duration_seconds_bucket', { name: 'metrics-ok', outcome: 'completed', le: '300' })[0]?.value).toBe(1);
  }, 30_000);
});

describe('a scrape never hangs on Redis or the store', () => {
  test('while the queue connection is down, the scrape answers at once without queue gauges', async () => {
    // What ioredis reports during an outage (the queue connection waits through reconnects, so
    // a command sent now would wait too); the real queues and store otherwise.
    const reconnecting = { status: 'reconnecting' } as unknown as Redis;
    const metrics = createMetrics(
      storeScrapeSources({
        queues: [h.runtime.queues.reconcile, h.runtime.queues.maintenance],
        queueRedis: reconnecting,
        store: h.runtime.store,
        orgs: new OrgRepository(h.runtime.store),
        pool: new PoolReader(h.runtime.store),
      }),
      { defaultMetrics: false },
    );
    const started = Date.now();
    const samples = parse(await metrics.render());
    expect(Date.now() - started).toBeLessThan(1500);
    expect(find(samples, 'seatsync_queue_jobs')).toHaveLength(0);
    expect(find(samples, 'seatsync_scrape_collector_up', { collector: 'queues' })).toEqual([expect.objectContaining({ value: 0 })]);
    expect(find(samples, 'seatsync_scrape_collector_up', { collector: 'licenses' })).toEqual([expect.objectContaining({ value: 1 })]);
    expect(find(samples, 'seatsync_org_licenses_purchased', { org: org.id })).toEqual([expect.objectContaining({ value: 3 })]);
  });

  test('a read that never answers costs one timeout per scrape and is asked only once', async () => {
    let queueReads = 0;
    const sources: ScrapeSources = {
      queueDepths: () => {
        queueReads += 1;
        return new Promise(() => undefined);
      },
      unappliedChanges: async () => ({ count: 2, oldestAt: null }),
      orgLicenses: async (limit) => ({ orgs: 3, items: [{ orgId: 'abcdef1', held: 1, purchased: 2, awaiting: 0 }].slice(0, limit) }),
    };
    const metrics = createMetrics(sources, { collectTimeoutMs: 100, cacheMs: 0, defaultMetrics: false });
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      const samples = parse(await metrics.render());
      expect(Date.now() - started).toBeLessThan(1000);
      expect(find(samples, 'seatsync_queue_jobs')).toHaveLength(0);
      expect(find(samples, 'seatsync_scrape_collector_up', { collector: 'queues' })[0].value).toBe(0);
      expect(find(samples, 'seatsync_unapplied_changes')[0].value).toBe(2);
      expect(find(samples, 'seatsync_org_licenses_purchased', { org: 'abcdef1' })[0].value).toBe(2);
    }
    expect(queueReads).toBe(1);
  });

  test('license gauges are capped at maxOrgs', async () => {
    const items = Array.from({ length: 10 }, (_, i) => ({ orgId: `org00000${i}`, held: i, purchased: 10, awaiting: 0 }));
    const metrics = createMetrics(
      {
        queueDepths: async () => [],
        unappliedChanges: async () => ({ count: 0, oldestAt: null }),
        orgLicenses: async (limit) => ({ orgs: items.length, items: items.slice(0, limit) }),
      },
      { maxOrgs: 4, defaultMetrics: false },
    );
    const samples = parse(await metrics.render());
    expect(find(samples, 'seatsync_org_licenses_held')).toHaveLength(4);
    expect(find(samples, 'seatsync_orgs')[0].value).toBe(10);
  });
});

describe('label values come from fixed lists', () => {
  test.each([
    ['/abc123/Users', 'Users'],
    ['/abc123/Users/u1', 'Users'],
    ['/abc123/users', 'Users'],
    ['/abc123/Groups/g1', 'Groups'],
    ['/abc123/ServiceProviderConfig', 'discovery'],
    ['/abc123/ResourceTypes/User', 'discovery'],
    ['/abc123/Schemas', 'discovery'],
    ['/abc123/.search', 'other'],
    ['/abc123/Bulk', 'other'],
    ['/abc123', 'other'],
    ['/abc123/Whatever', 'other'],
  ])('SCIM %s → %s', (p, label) => expect(scimResourceLabel(p)).toBe(label));

  test.each([
    ['/orgs', 'orgs'],
    ['/orgs/abc123', 'orgs'],
    ['/orgs/abc123/tokens/tok_1', 'tokens'],
    ['/orgs/abc123/licenses/purchases', 'licenses'],
    ['/orgs/abc123/members/u1/accept', 'members'],
    ['/orgs/abc123/sync-log', 'sync-log'],
    ['/orgs/abc123/sync-status', 'sync-status'],
    ['/orgs/abc123/reconcile', 'reconcile'],
    ['/orgs/abc123/secret-stuff', 'other'],
    ['/nope', 'other'],
  ])('admin %s → %s', (p, label) => expect(adminResourceLabel(p)).toBe(label));

  test('methods', () => {
    expect(['get', 'POST', 'PROPFIND'].map(methodLabel)).toEqual(['GET', 'POST', 'OTHER']);
  });
});
