import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { listen, type RunningServer } from '../../src/lifecycle/http-server';
import { jobHandlers } from '../../workers/handlers';
import { startWorkers, type WorkerHost } from '../../workers/worker-host';
import { createHarness, createOrg, TEST_ADMIN_KEY, type Harness } from '../support/harness';
import { run } from '../unit/cli/fake-io';

/**
 * The CLI, in-process, against a real HTTP server of the app. Its queues use a prefix of
 * their own, so the workers one test starts see only this file's jobs.
 */
let h: Harness;
let server: RunningServer;
let url: string;
let workers: WorkerHost | undefined;

beforeAll(async () => {
  h = await createHarness({ QUEUE_PREFIX: `cli-test-${randomUUID().slice(0, 8)}` });
  server = await listen(h.app, 0, '127.0.0.1');
  url = `http://127.0.0.1:${server.port}`;
});
afterAll(async () => {
  await workers?.close();
  await server?.close();
  await h?.close();
});

const cli = (argv: string[], env: Record<string, string> = {}) => run(argv, { env: { SEATSYNC_URL: url, ADMIN_API_KEY: TEST_ADMIN_KEY, ...env } });

/** Whether another engineer's endpoint is mounted yet (an unknown admin path is 404 "No admin endpoint"). */
async function endpointExists(method: 'get' | 'post', p: string): Promise<boolean> {
  const res = await h.admin()[method](p);
  return !(res.status === 404 && /No admin endpoint/.test(res.body?.error?.message ?? ''));
}

const scimUsers = (orgId: string, token: string) =>
  request(h.app).get(`/scim/v2/${orgId}/Users`).set('Authorization', `Bearer ${token}`);

describe('orgs', () => {
  test('create prints the id, SCIM base URL and token; the org exists', async () => {
    const result = await cli(['orgs', 'create', '--name', 'CLI Acme', '--licenses', '7', '--settings', '{"invitationMode":"invite"}']);
    expect(result.code).toBe(0);
    const id = /Org id:\s+(\S+)/.exec(result.stdout)?.[1];
    const token = /SCIM token:\s+(\S+)/.exec(result.stdout)?.[1];
    expect(id).toMatch(/^[a-z0-9]+$/);
    expect(token).toMatch(/^seatsync_scim_/);
    expect(result.stdout).toContain(`http://seatsync.test/scim/v2/${id}`);
    const org = await h.admin().get(`/orgs/${id}`);
    expect(org.status).toBe(200);
    expect(org.body).toMatchObject({ name: 'CLI Acme', settings: { invitationMode: 'invite' } });
    expect((await scimUsers(id!, token!)).status).toBe(200);
  });

  test('create --json, then list and show find it', async () => {
    const created = await cli(['--json', 'orgs', 'create', '--name', 'CLI Json', '--licenses', '0']);
    expect(created.code).toBe(0);
    const org = JSON.parse(created.stdout);
    expect(org).toMatchObject({ name: 'CLI Json', exhausted: true, scim: { baseUrl: expect.any(String), token: expect.any(String) } });

    const listed = await cli(['orgs', 'list', '--json']);
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.stdout);
    expect(page.items.map((o: { id: string }) => o.id)).toContain(org.id);
    expect(page.total).toBe(page.items.length);

    const exhausted = await cli(['orgs', 'list', '--exhausted']);
    expect(exhausted.code).toBe(0);
    expect(exhausted.stdout).toMatch(/^ID\s+NAME\s+EXHAUSTED/);
    expect(exhausted.stdout).toMatch(new RegExp(`^${org.id}\\s+CLI Json\\s+yes`, 'm'));

    const shown = await cli(['orgs', 'show', org.id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/Name:\s+CLI Json/);
    expect(shown.stdout).toMatch(/settings\.invitationMode:\s+auto/);
    expect(shown.stdout).not.toContain(org.scim.token);
  });

  test('an unknown org exits 1 with NOT_FOUND', async () => {
    const result = await cli(['orgs', 'show', 'nosuchorg123']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^seatsync: NOT_FOUND: .* \(HTTP 404\)\n$/);
  });

  test('a validation error exits 1 with VALIDATION_FAILED', async () => {
    const result = await cli(['orgs', 'create', '--name', 'Bad', '--licenses', '1', '--settings', '{"invitationMode":"sometimes"}']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^seatsync: VALIDATION_FAILED: .*invitationMode/);
  });
});

describe('connection and key', () => {
  test('a wrong key exits 1 with UNAUTHORIZED and is not printed', async () => {
    const wrong = 'wrong-admin-key-000000000000000000';
    const result = await cli(['orgs', 'list'], { ADMIN_API_KEY: wrong });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^seatsync: UNAUTHORIZED: .*\(HTTP 401\)/);
    expect(result.stderr + result.stdout).not.toContain(wrong);
  });

  test('without --key or ADMIN_API_KEY the key comes from .data/admin-api-key, as npm start writes it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatsync-cli-'));
    try {
      fs.mkdirSync(path.join(dir, '.data'));
      fs.writeFileSync(path.join(dir, '.data', 'admin-api-key'), `${TEST_ADMIN_KEY}\n`, { mode: 0o600 });
      const result = await run(['--url', url, 'orgs', 'list', '--json'], { cwd: dir, env: {} });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).items).toEqual(expect.any(Array));
      expect(result.stdout + result.stderr).not.toContain(TEST_ADMIN_KEY);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a server that is not there exits 1 with CONNECTION_FAILED', async () => {
    const closed = await listen(h.app, 0, '127.0.0.1');
    await closed.close();
    const result = await cli(['--url', `http://127.0.0.1:${closed.port}`, 'orgs', 'list']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/CONNECTION_FAILED: Cannot reach seatsync/);
  });
});

describe('tokens', () => {
  test('rotate prints a working token; revoke ends the old one; list shows ids only', async () => {
    const org = await createOrg(h);
    const rotated = await cli(['tokens', 'rotate', org.id, '--expires-at', '2099-01-01T00:00:00Z']);
    expect(rotated.code).toBe(0);
    const issued = {
      tokenId: /Token id:\s+(\S+)/.exec(rotated.stdout)?.[1],
      token: /Token:\s+(\S+)/.exec(rotated.stdout)?.[1],
      expiresAt: /Expires:\s+(\S+)/.exec(rotated.stdout)?.[1],
    };
    expect(issued).toEqual({ tokenId: expect.stringMatching(/^tok_/), token: expect.stringMatching(/^seatsync_scim_/), expiresAt: '2099-01-01T00:00:00.000Z' });
    expect(rotated.stderr).toMatch(/Older tokens keep working until you revoke them/);

    const json = await cli(['--json', 'tokens', 'rotate', org.id]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ tokenId: expect.stringMatching(/^tok_/), token: expect.stringMatching(/^seatsync_scim_/), expiresAt: null });
    expect((await scimUsers(org.id, issued.token!)).status).toBe(200);
    expect((await scimUsers(org.id, org.token)).status).toBe(200);

    const listed = await cli(['tokens', 'list', org.id]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^TOKEN ID\s+CREATED\s+EXPIRES\s+LAST USED/);
    expect(listed.stdout).toContain(org.tokenId);
    expect(listed.stdout).toContain(issued.tokenId);
    expect(listed.stdout).not.toContain(issued.token);

    const revoked = await cli(['tokens', 'revoke', org.id, org.tokenId]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toBe(`Revoked token ${org.tokenId} of org ${org.id}.\n`);
    expect((await scimUsers(org.id, org.token)).status).toBe(401);
    expect((await scimUsers(org.id, issued.token!)).status).toBe(200);

    const again = await cli(['tokens', 'revoke', org.id, org.tokenId]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/NOT_FOUND/);
  });
});

describe('licenses', () => {
  test('add grows purchased at once (or reports the API error while the endpoint is missing)', async () => {
    const org = await createOrg(h, { licenses: 2 });
    const result = await cli(['licenses', 'add', org.id, '--quantity', '5']);
    if (!(await endpointExists('get', `/orgs/${org.id}/licenses`))) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^seatsync: NOT_FOUND: No admin endpoint POST/);
      return;
    }
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Purchased:\s+7/);
    const shown = await cli(['--json', 'licenses', 'show', org.id]);
    expect(shown.code).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({ purchased: 7 });
  });
});

describe('reconcile', () => {
  test('POST /orgs/:orgId/reconcile records an org-wide change and answers 202 with the member count', async () => {
    const org = await createOrg(h);
    for (const userName of ['ada@example.com', 'grace@example.com']) {
      const created = await request(h.app)
        .post(`${org.scimPath}/Users`)
        .set('Authorization', `Bearer ${org.token}`)
        .set('Content-Type', 'application/scim+json')
        .send({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName });
      expect(created.status).toBe(201);
    }
    const record = jest.spyOn(h.runtime.changes, 'record');
    try {
      const res = await h.admin().post(`/orgs/${org.id}/reconcile`).set('X-Request-Id', 'reconcile-test-1');
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ queued: 2 });
      expect(record).toHaveBeenCalledWith(org.id, [{ memberId: null, reason: 'admin reconcile' }], 'reconcile-test-1');
    } finally {
      record.mockRestore();
    }
    expect((await h.admin().post('/orgs/nosuchorg123/reconcile')).status).toBe(404);
    expect((await request(h.app).post(`/admin/v1/orgs/${org.id}/reconcile`)).status).toBe(401);
  });

  test('reconcile --no-wait queues and prints the count', async () => {
    const org = await createOrg(h);
    const result = await cli(['--json', 'reconcile', '--org', org.id, '--no-wait']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ orgId: org.id, queued: 0 });
  });

  test('reconcile waits until the org has settled, with progress on stderr', async () => {
    const org = await createOrg(h);
    if (!(await endpointExists('get', `/orgs/${org.id}/sync-status`))) {
      const result = await cli(['reconcile', '--org', org.id, '--interval', '100']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/NOT_FOUND: No admin endpoint GET/);
      return;
    }
    workers = startWorkers(h.runtime, jobHandlers());
    const result = await run(['reconcile', '--org', org.id, '--interval', '100', '--wait-timeout', '60'], {
      env: { SEATSYNC_URL: url, ADMIN_API_KEY: TEST_ADMIN_KEY },
      // Real time: the workers run for real.
      now: () => Date.now(),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    expect(result.stderr).toMatch(/Re-checking 0 members of org/);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Org ${org.id} settled: 0 members re-checked in \\d+\\.\\d s\\.\\n$`));
    expect(result.stderr).toMatch(/100%\s+0 changes pending/);
  }, 90_000);
});
