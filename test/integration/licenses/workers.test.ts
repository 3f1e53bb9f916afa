import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { startLocalServices, type LocalServices } from '../../../src/infra/local-services/start-local-services';
import { EXPIRE_JOB, SWEEP_JOB } from '../../../src/queue/jobs';
import { jobHandlers } from '../../../workers/handlers';
import { startWorkers, type WorkerHost } from '../../../workers/worker-host';
import { createLicenseKit, expectInvariant, type LicenseKit } from './license-kit';

/** Polls until `check` passes (it throws while not yet). */
async function eventually(check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The registered handlers, with the org-by-org jobs limited to this file's orgs (the store is shared). */
function handlersFor(kit: LicenseKit) {
  return {
    ...jobHandlers(),
    [SWEEP_JOB]: () => kit.licenses.sweeper.sweep(),
    [EXPIRE_JOB]: () => kit.licenses.expiry.run(),
  };
}

async function settle(kit: LicenseKit, orgId: string): Promise<void> {
  await eventually(async () => {
    expect(await kit.licenses.syncStatus.status(orgId)).toMatchObject({ settled: true });
  });
}

describe('through BullMQ workers', () => {
  let kit: LicenseKit;
  let host: WorkerHost;
  beforeAll(async () => {
    kit = await createLicenseKit();
    host = startWorkers(kit.h.runtime, handlersFor(kit));
  });
  afterAll(async () => {
    await host.close();
    await kit.close();
  });

  test('a change recorded as the SCIM layer does it (records, then a job) is applied, drains included', async () => {
    const { orgId, dir } = await kit.newOrg(2);
    const team = await dir.group('Team');
    const users = await dir.manyUsers(3);
    await dir.addMembers(team.id, users.map((u) => u.id));
    await kit.h.runtime.changes.record(orgId, users.map((u) => ({ memberId: u.id, reason: 'added to group' })), 'req-1');
    await settle(kit, orgId);
    let state = await kit.read(orgId);
    expect(users.map((u) => state.stateOf(u.id))).toEqual(['active', 'active', 'awaiting_license']);

    await dir.setActive(users[0].id, false);
    await kit.h.runtime.changes.record(orgId, [{ memberId: users[0].id, reason: 'user deactivated' }], 'req-2');
    await settle(kit, orgId);
    state = await kit.read(orgId);
    expect(users.map((u) => state.stateOf(u.id))).toEqual(['suspended', 'active', 'active']);
    expectInvariant(state, 2);
  });

  test('a burst of jobs for one org: every change applied, the invariant holds', async () => {
    const { orgId, dir } = await kit.newOrg(5);
    const team = await dir.group('Team');
    const users = await dir.manyUsers(20);
    await dir.addMembers(team.id, users.map((u) => u.id));
    await Promise.all(users.map((u) => kit.h.runtime.changes.record(orgId, [{ memberId: u.id, reason: 'added to group' }], `req-${u.id}`)));
    await settle(kit, orgId);
    const state = await kit.read(orgId);
    expectInvariant(state, 5);
    expect([...state.members.values()].filter((m) => m.state === 'active')).toHaveLength(5);
    expect(state.queue).toHaveLength(15);
  });
});

describe('losing Redis entirely loses nothing', () => {
  let redis: LocalServices;
  let dataDir: string;
  let kit: LicenseKit;
  let host: WorkerHost | undefined;
  let admin: IORedis;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatsync-flush-'));
    // A Redis of its own: FLUSHALL must not touch the other test files' queues.
    redis = await startLocalServices({ dataDir, mongodbUri: process.env.MONGODB_URI, say: () => undefined });
    kit = await createLicenseKit({ REDIS_URL: redis.redisUrl, SWEEP_INTERVAL_MS: '300' });
    admin = new IORedis(redis.redisUrl);
  });
  afterAll(async () => {
    await host?.close();
    await kit.close();
    admin.disconnect();
    await redis.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('jobs flushed before any worker ran: the sweeper re-enqueues the org', async () => {
    const { orgId, dir } = await kit.newOrg(1);
    const team = await dir.group('Team');
    const [a, b] = await dir.manyUsers(2);
    await dir.addMembers(team.id, [a.id, b.id]);
    await kit.h.runtime.changes.record(orgId, [{ memberId: a.id, reason: 'added to group' }, { memberId: b.id, reason: 'added to group' }], 'req-flush');
    expect(await kit.h.runtime.queues.reconcile.count()).toBeGreaterThan(0);
    await admin.flushall();
    expect(await kit.h.runtime.queues.reconcile.count()).toBe(0);

    host = startWorkers(kit.h.runtime, handlersFor(kit));
    await settle(kit, orgId);
    const state = await kit.read(orgId);
    expect([state.stateOf(a.id), state.stateOf(b.id)]).toEqual(['active', 'awaiting_license']);
  });

  test('flushed while the workers run (schedulers gone too): they come back and the change is applied', async () => {
    const { orgId, dir } = await kit.newOrg(1);
    const team = await dir.group('Team');
    const [a] = await dir.manyUsers(1);
    await dir.addMembers(team.id, [a.id]);
    await admin.flushall();
    expect(await kit.h.runtime.queues.maintenance.getJobScheduler(SWEEP_JOB)).toBeUndefined();
    // A durable change record whose job never made it to Redis: only the sweeper can find it.
    await dir.change([a.id], 'added to group');
    await settle(kit, orgId);
    expect((await kit.read(orgId)).stateOf(a.id)).toBe('active');
    expect(await kit.h.runtime.queues.maintenance.getJobScheduler(SWEEP_JOB)).toBeTruthy();
  });
});
