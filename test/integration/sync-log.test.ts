import request from 'supertest';
import { RECONCILE_ORG_JOB } from '../../src/queue/jobs';
import { jobHandlers } from '../../workers/handlers';
import { startWorkers, type WorkerHost } from '../../workers/worker-host';
import { createHarness, createOrg, type Harness, type TestOrg } from '../support/harness';

let h: Harness;
let workers: WorkerHost;

beforeAll(async () => {
  h = await createHarness();
  workers = startWorkers(h.runtime, { [RECONCILE_ORG_JOB]: jobHandlers()[RECONCILE_ORG_JOB] });
});
afterAll(async () => {
  await workers.close();
  await h.close();
});

const PASSWORD = 'Sup3r-Secret-Passw0rd!';

function scim(org: TestOrg) {
  const auth = (t: request.Test) => t.set('Authorization', `Bearer ${org.token}`).set('User-Agent', 'Okta SCIM Client 1.0.0');
  return {
    post: (path: string, body: object) => auth(request(h.app).post(`${org.scimPath}${path}`)).set('Content-Type', 'application/scim+json').send(body),
    patch: (path: string, body: object) => auth(request(h.app).patch(`${org.scimPath}${path}`)).set('Content-Type', 'application/scim+json').send(body),
    get: (path: string) => auth(request(h.app).get(`${org.scimPath}${path}`)),
  };
}

async function log(org: TestOrg, query = ''): Promise<{ items: Record<string, unknown>[]; nextCursor: string | null }> {
  const res = await h.admin().get(`/orgs/${org.id}/sync-log${query}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('sync log', () => {
  test('one entry per SCIM request: method, path, status, duration, user agent, action, subject', async () => {
    const org = await createOrg(h);
    const created = await scim(org).post('/Users', { userName: 'ada@example.com', active: true });
    expect(created.status).toBe(201);
    await scim(org).patch(`/Users/${created.body.id}`, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] });
    const { items } = await waitFor(async () => {
      const page = await log(org, '?kind=scim-request');
      return page.items.length >= 2 ? page : undefined;
    });
    const [deactivate, create] = items;
    expect(create).toMatchObject({ kind: 'scim-request', status: 'ok', httpStatus: 201, method: 'POST', path: '/Users', action: 'create user', userAgent: 'Okta SCIM Client 1.0.0' });
    expect(create.subjects).toContain(created.body.id);
    expect(typeof create.durationMs).toBe('number');
    expect(typeof create.correlationId).toBe('string');
    expect(deactivate).toMatchObject({ action: 'deactivate user', httpStatus: 200 });
  });

  test('a failed request records its error code and detail', async () => {
    const org = await createOrg(h);
    await scim(org).post('/Users', { userName: 'dup@example.com' });
    const dup = await scim(org).post('/Users', { userName: 'DUP@example.com' });
    expect(dup.status).toBe(409);
    const failed = await waitFor(async () => (await log(org, '?status=failed')).items[0]);
    expect(failed).toMatchObject({ status: 'failed', httpStatus: 409, errorCode: 'uniqueness' });
    expect(String(failed.errorDetail)).toMatch(/already used/);
    const byHttp = await log(org, '?status=409');
    expect(byHttp.items).toHaveLength(1);
  });

  test('neither a password nor a token is ever stored or shown', async () => {
    const org = await createOrg(h);
    const res = await scim(org).post('/Users', {
      userName: 'grace@example.com',
      password: PASSWORD,
      nickName: `Bearer ${org.token}`,
      'urn:example:custom': { apiToken: org.token },
    });
    expect(res.status).toBe(201);
    const entry = await waitFor(async () => (await log(org, '?kind=scim-request')).items[0]);
    const shown = JSON.stringify(entry);
    expect(shown).toContain('[redacted]');
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain(org.token);
    const stored = await h.runtime.store.tenant(org.id, 'sync_log').find({});
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    expect(JSON.stringify(stored)).not.toContain(org.token);
  });

  test('job entries share the correlation id of the SCIM request that caused them', async () => {
    const org = await createOrg(h, { licenses: 1 });
    const user = await scim(org).post('/Users', { userName: 'lin@example.com' });
    // The user's own pass first: a pass that started on the create's record but read the
    // directory after the group was written would grant the license under the create's id.
    await waitFor(async () => ((await h.admin().get(`/orgs/${org.id}/sync-status`)).body.settled === true ? true : undefined));
    const group = await scim(org).post('/Groups', { displayName: 'Sales', members: [{ value: user.body.id }] });
    expect(group.status).toBe(201);
    const request = await waitFor(async () => (await log(org, '?kind=scim-request&action=create%20group')).items[0]);
    const correlationId = String(request.correlationId);
    const job = await waitFor(async () => (await log(org, `?kind=job&correlationId=${encodeURIComponent(correlationId)}`)).items[0]);
    expect(job).toMatchObject({ kind: 'job', status: 'ok', correlationId });
    expect(JSON.stringify(job)).toMatch(/license granted/);
  });

  test('filters: kind, subject, action, time range; cursor pages without repeats', async () => {
    const org = await createOrg(h);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await scim(org).post('/Users', { userName: `u${i}@example.com` });
      ids.push(res.body.id);
    }
    await scim(org).get(`/Users/${ids[3]}`);
    await waitFor(async () => ((await log(org, '?kind=scim-request')).items.length >= 8 ? true : undefined));
    const subject = await log(org, `?subject=${ids[3]}&kind=scim-request`);
    expect(subject.items.map((i) => i.action).sort()).toEqual(['create user', 'read user']);
    const reads = await log(org, '?action=read');
    expect(reads.items).toHaveLength(1);
    const future = await log(org, `?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.items).toHaveLength(0);
    const seen = new Set<unknown>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Record<string, unknown>[]; nextCursor: string | null } = await log(org, `?kind=scim-request&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      for (const item of page.items) {
        expect(seen.has(item.id)).toBe(false);
        seen.add(item.id);
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen.size).toBe(8);
    const ats = [...seen].length;
    expect(ats).toBe(8);
  });

  test('bad filters are 400; another org is 404', async () => {
    const org = await createOrg(h);
    expect((await h.admin().get(`/orgs/${org.id}/sync-log?kind=everything`)).status).toBe(400);
    expect((await h.admin().get(`/orgs/${org.id}/sync-log?since=yesterday`)).status).toBe(400);
    expect((await h.admin().get(`/orgs/${org.id}/sync-log?subject[$ne]=x`)).status).toBe(400);
    expect((await h.admin().get('/orgs/o0000000000000000/sync-log')).status).toBe(404);
  });
});

describe('sync log retention', () => {
  test('entries older than the retention are deleted; newer ones stay', async () => {
    const org = await createOrg(h);
    const log = h.runtime.store.tenant<{ _id: string; orgId: string; at: Date; kind: string }>(org.id, 'sync_log');
    const day = 24 * 3600 * 1000;
    const now = new Date();
    for (const age of [40, 31, 29, 1]) {
      const at = new Date(now.getTime() - age * day);
      await log.insert({ _id: `${org.id}:${at.toISOString()}:req:${age}`, orgId: org.id, at, kind: 'scim-request' });
    }
    const { applySyncLogRetention } = await import('../../src/sync-log/retention');
    const result = await applySyncLogRetention(h.runtime.store, 30, now);
    expect(result.deleted).toBeGreaterThanOrEqual(2);
    const left = (await log.find({})).map((d) => Math.round((now.getTime() - d.at.getTime()) / day)).sort((a, b) => a - b);
    expect(left).toEqual([1, 29]);
  });
});
