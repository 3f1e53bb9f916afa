import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { MongoClient } from 'mongodb';
import { findFreePort } from '../../src/infra/local-services/free-port';
import { Store } from '../../src/infra/store';
import { describeFault, suiteSize, type Fault } from './support/fault-plan';
import { formatStatuses, HttpRecorder, type RequestWindow } from './support/http-recorder';
import { checkLicenses, checkScimState, LicenseSampler, type CheckContext, type LicenseOutcome } from './support/license-checks';
import { OrgWorkload, type LifecycleFigures, type OrgHandle } from './support/lifecycle-workload';
import { startApiProcess, type NodeProcess } from './support/node-processes';
import { OutageProbe } from './support/outage-probe';
import { PrivateServices } from './support/private-services';
import { Random } from './support/random';
import { WorkerPool } from './support/worker-pool';

/**
 * Issue 6's fault-injection run: a real API process and worker processes (dist/) on a Redis
 * and a FerretDB of the suite's own, a mixed lifecycle workload over several orgs, and faults
 * injected while it runs — workers killed with SIGKILL, Redis restarted empty and paused, the
 * store killed and restarted or paused, a rolling SIGTERM of the workers. Pass: no sample over
 * the cap, no deprovisioning lost, every org settled within 60 s of the last fault, every
 * request during a store outage a quick 503 with Retry-After and a SCIM error body, no answer
 * held up by a paused Redis, every acknowledged write stored (and no write answered 503 while
 * the store was down). `FAULTS_SIZE=ci|full`, `FAULTS_SEED` (fault-plan.ts); `FAULTS_LOG_DIR`
 * keeps the processes' logs.
 */
const size = suiteSize();
jest.setTimeout(size.timeoutMs);

const ADMIN_KEY = `faults-admin-${randomBytes(16).toString('hex')}`;
const SHUTDOWN_GRACE_MS = 10_000;
/** Issue 6: every org settled within 60 s after the last fault. */
const SETTLE_LIMIT_MS = 60_000;
/**
 * How long the license world may take to match the IdP's last word once settled. A grant cut
 * short by a kill is repaired only when 30 s old (src/licenses/ledger.ts), by a pass the
 * expiry job starts (every 60 s).
 */
const CONVERGE_LIMIT_MS = 150_000;
/** Slowest SCIM answer allowed while Redis is paused (producer commands time out after 2 s). */
const REDIS_PAUSE_ANSWER_LIMIT_MS = 6000;

let services: PrivateServices;
let api: NodeProcess;
let pool: WorkerPool;
let mongo: MongoClient;
let baseUrl: string;
let queuePrefix: string;

beforeAll(async () => {
  services = await PrivateServices.start();
  const port = await findFreePort();
  baseUrl = `http://127.0.0.1:${port}`;
  queuePrefix = `faults-${randomBytes(4).toString('hex')}`;
  const shared = {
    MONGODB_URI: services.mongodbUri,
    REDIS_URL: services.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    STORE_LAYOUT: 'per-org',
    SHUTDOWN_GRACE_MS: String(SHUTDOWN_GRACE_MS),
  };
  api = await startApiProcess({
    ...shared,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_API_KEY: ADMIN_KEY,
    LOG_LEVEL: 'warn',
    // The workload is an IdP syncing several orgs at once; the rate limit is not under test.
    SCIM_WRITE_RATE_PER_MINUTE: '1000000',
  });
  pool = new WorkerPool({ ...shared, SWEEP_INTERVAL_MS: '1000', WORKER_CONCURRENCY: '4' }, size.workers, SHUTDOWN_GRACE_MS + 10_000);
  await pool.start();
  mongo = new MongoClient(services.mongodbUri, { serverSelectionTimeoutMS: 2000, connectTimeoutMS: 2000, heartbeatFrequencyMS: 1000 });
  await mongo.connect();
}, 180_000);

afterAll(async () => {
  await pool?.stopAll().catch(() => undefined);
  if (api) {
    const timer = setTimeout(() => api.child.kill('SIGKILL'), 15_000);
    await api.kill('SIGTERM');
    clearTimeout(timer);
  }
  await mongo?.close().catch(() => undefined);
  await services?.stop();
}, 120_000);

test(`lifecycle workload over several orgs survives worker kills, Redis restarts and pauses, store outages and pauses, rolling SIGTERMs (FAULTS_SIZE=${size.name}, FAULTS_SEED=${size.seed})`, async () => {
  // Where the run is, printed if it is still going shortly before jest's timeout ends it: a hang
  // then says what it hung in rather than only that it timed out.
  let phase = 'setup';
  const watchdog = setTimeout(() => console.log(`fault run still in "${phase}" after ${(size.timeoutMs - 30_000) / 1000} s`), size.timeoutMs - 30_000);
  watchdog.unref();
  const http = new HttpRecorder(baseUrl);
  const ctx: CheckContext = { http, adminKey: ADMIN_KEY, store: new Store(mongo.db(), 'per-org') };
  const random = new Random(size.seed);
  const createOrg = async (name: string, licenses: number): Promise<OrgHandle> => {
    const res = await http.send('admin', 'POST', '/admin/v1/orgs', ADMIN_KEY, { name, licenses });
    if (res?.status !== 201) throw new Error(`org creation answered ${res?.status} ${JSON.stringify(res?.body)}`);
    return { id: res.body.id, baseUrl: res.body.scim.baseUrl, token: res.body.scim.token, purchased: licenses };
  };
  const workloads: OrgWorkload[] = [];
  for (let i = 0; i < size.orgs; i++) {
    workloads.push(new OrgWorkload(await createOrg(`Faults ${i + 1}`, size.purchased), http, size.shape, random.fork(), `org${i + 1}`));
  }
  const probe = await OutageProbe.create(http, ADMIN_KEY, baseUrl, await createOrg('Outage probe', 1));
  const sampler = new LicenseSampler(ctx, workloads.map((w) => w.org));
  sampler.start();

  await Promise.all(workloads.map((w) => w.setup()));
  let stopping = false;
  const running = Promise.all(workloads.map((w) => w.run(() => stopping)));
  // A failing workload (an answer no correct server gives) ends the run at once.
  let workloadFailure: unknown;
  running.catch((error) => {
    workloadFailure = error;
  });

  const timeline: string[] = [];
  const counts: Record<Fault['kind'], number> = { 'kill-worker': 0, 'restart-redis': 0, 'pause-redis': 0, 'store-outage': 0, 'store-pause': 0, 'rolling-sigterm': 0 };
  const runStart = Date.now();
  let lastFaultEnd = runStart;
  const pauseWindows: RequestWindow[] = [];
  for (const { gapMs, fault } of size.plan) {
    if (workloadFailure) break;
    // The schedule: workload time between faults, not a wait for the system.
    phase = `workload, before fault ${timeline.length + 1} of ${size.plan.length}`;
    await sleep(gapMs);
    const started = Date.now();
    phase = `injecting ${describeFault(fault)} (fault ${timeline.length + 1}); before it: ${timeline.join('; ')}`;
    await inject(fault);
    counts[fault.kind]++;
    lastFaultEnd = Date.now();
    timeline.push(`${((started - runStart) / 1000).toFixed(1)} s  ${describeFault(fault)} (${lastFaultEnd - started} ms)`);
  }
  stopping = true;
  phase = 'waiting for the workloads to stop';
  await running.catch(() => undefined);

  // Settled (sync-status) within the limit after the last fault; measured until it happens.
  // The trace says what each org waited for: its pending changes, and an org lock (by TTL).
  const settleTrace: string[] = [];
  let lastKey = '';
  const redis = new IORedis(services.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  phase = 'waiting until settled';
  const settledAt = await until(async () => {
    const statuses = await Promise.all(workloads.map((w) => http.send('admin', 'GET', `/admin/v1/orgs/${w.org.id}/sync-status`, ADMIN_KEY)));
    const locks = await Promise.all(workloads.map((w) => redis.pttl(`${queuePrefix}:reconcile:license-lock:${w.org.id}`).catch(() => -3)));
    const key = statuses.map((s, i) => `${s?.body?.pending ?? '?'}${locks[i] > 0 ? 'L' : ''}`).join('/');
    if (key !== lastKey) {
      lastKey = key;
      const line = statuses.map((s, i) => `${s?.body?.pending ?? '?'}${locks[i] > 0 ? ` (org lock, ${Math.round(locks[i] / 1000)} s left)` : ''}`).join(' / ');
      settleTrace.push(`${((Date.now() - lastFaultEnd) / 1000).toFixed(0)} s: ${line}`);
    }
    return statuses.every((s) => s?.status === 200 && s.body.settled === true);
  }, lastFaultEnd + SETTLE_LIMIT_MS + 120_000);
  redis.disconnect();
  const settleMs = (settledAt ?? Date.now()) - lastFaultEnd;

  let outcomes: LicenseOutcome[] = [];
  phase = `waiting for the license state to converge (settle trace: ${settleTrace.join('; ')})`;
  const convergedAt = await until(async () => {
    outcomes = await Promise.all(workloads.map((w) => checkLicenses(ctx, w)));
    return outcomes.every((o) => o.problems.length === 0);
  }, Date.now() + CONVERGE_LIMIT_MS);
  const finalStatuses = await Promise.all(workloads.map((w) => http.send('admin', 'GET', `/admin/v1/orgs/${w.org.id}/sync-status`, ADMIN_KEY)));
  phase = 'final checks';
  await sampler.stop();
  const scimProblems = (await Promise.all(workloads.map((w) => checkScimState(ctx, w)))).flat();
  await probe.verifyNothingStored();
  clearTimeout(watchdog);

  const lifecycle = { ...workloads[0].figures };
  for (const w of workloads.slice(1)) for (const key of Object.keys(lifecycle) as (keyof LifecycleFigures)[]) lifecycle[key] += w.figures[key];
  const totalFaults = Object.values(counts).reduce((a, b) => a + b, 0);
  const lost = outcomes.reduce((n, o) => n + o.lostDeprovisionings, 0);
  console.log(
    [
      `faults (FAULTS_SIZE=${size.name}, FAULTS_SEED=${size.seed}): ${totalFaults} injected over ${((lastFaultEnd - runStart) / 1000).toFixed(0)} s — ` +
        `${counts['kill-worker']} worker SIGKILLs, ${counts['restart-redis']} Redis restarts (empty), ${counts['pause-redis']} Redis pauses, ` +
        `${counts['store-outage']} store outages, ${counts['store-pause']} store pauses, ${counts['rolling-sigterm']} rolling SIGTERMs (${pool.shutdowns.length} workers, exits ${pool.shutdowns.map((s) => `${s.code}/${s.ms} ms`).join(' ')})`,
      ...timeline.map((line) => `  ${line}`),
      `requests: SCIM ${http.scim.total} (${formatStatuses(http.scim)}; slowest ${http.scim.maxMs} ms), admin ${http.admin.total} (${formatStatuses(http.admin)}; slowest ${http.admin.maxMs} ms)`,
      `lifecycle: ${lifecycle.creates} creates, ${lifecycle.groupAdds} group adds, ${lifecycle.deactivations} deactivations, ${lifecycle.reactivations} reactivations, ` +
        `${lifecycle.deletions} deletions over ${size.orgs} orgs; ${lifecycle.retries} retries, ${lifecycle.ambiguous} ambiguous writes, ` +
        `${lifecycle.orphanKeyConflicts} creates answered 409 for a userName a cut create had claimed`,
      `store outages and pauses: ${probe.requests} probe requests, ${probe.problems.length} problems, slowest ${probe.maxMs} ms; ` +
        `during Redis pauses: ${pauseWindows.reduce((n, w) => n + w.requests, 0)} SCIM requests, slowest ${Math.max(0, ...pauseWindows.map((w) => w.maxMs))} ms`,
      `samples: ${sampler.summaries} license summaries + ${sampler.storeReads} store reads checked, ${sampler.overAllocated.length} over-allocated, ${sampler.unanswered} unanswered (outages)`,
      `pending changes per org after the last fault: ${settleTrace.join(', ')}`,
      `settled: ${settledAt ? `${(settleMs / 1000).toFixed(1)} s` : 'never'} after the last fault (limit ${SETTLE_LIMIT_MS / 1000} s); ` +
        `license state ${convergedAt ? `converged ${((convergedAt - lastFaultEnd) / 1000).toFixed(1)} s after it` : `not converged: ${outcomes.flatMap((o) => o.problems).slice(0, 5).join('; ')}`}`,
      `deprovisionings: ${outcomes.reduce((n, o) => n + o.deprovisioned, 0)} checked, ${lost} lost; held/wanting per org: ${outcomes.map((o) => `${o.held}/${o.wanting}`).join(' ')}`,
      `workers: ${pool.startTimesMs.length} starts (slowest ${Math.max(...pool.startTimesMs)} ms), ${pool.unexpectedExits.length} unexpected exits`,
    ].join('\n'),
  );

  expect(workloadFailure).toBeUndefined();
  expect(workloads.flatMap((w) => w.violations)).toEqual([]);
  expect(http.violations).toEqual([]);
  expect(probe.problems).toEqual([]);
  expect(pool.unexpectedExits).toEqual([]);
  expect(api.child.exitCode).toBeNull();
  expect(sampler.overAllocated).toEqual([]);
  expect(sampler.summaries).toBeGreaterThan(50 * size.orgs);
  expect(totalFaults).toBe(size.plan.length);
  if (counts['store-outage'] + counts['store-pause'] > 0) expect(probe.requests).toBeGreaterThan(0);
  // A paused Redis must not hold up SCIM answers: the write is durable before the enqueue.
  expect(Math.max(0, ...pauseWindows.map((w) => w.maxMs))).toBeLessThan(REDIS_PAUSE_ANSWER_LIMIT_MS);
  for (const shutdown of pool.shutdowns) {
    expect({ code: shutdown.code, output: shutdown.code === 0 ? '' : shutdown.outputTail }).toEqual({ code: 0, output: '' });
    expect(shutdown.ms).toBeLessThan(SHUTDOWN_GRACE_MS);
  }
  expect(settledAt).not.toBeNull();
  expect(settleMs).toBeLessThanOrEqual(SETTLE_LIMIT_MS);
  expect(convergedAt).not.toBeNull();
  expect(outcomes.flatMap((o) => o.problems)).toEqual([]);
  expect(lost).toBe(0);
  expect(finalStatuses.map((s) => s?.body?.settled)).toEqual(workloads.map(() => true));
  expect(scimProblems).toEqual([]);

  async function inject(fault: Fault): Promise<void> {
    switch (fault.kind) {
      case 'kill-worker':
        return pool.kill(fault.worker);
      case 'restart-redis':
        return services.restartRedisEmpty();
      case 'pause-redis': {
        const window = http.openWindow('scim');
        pauseWindows.push(window);
        services.pauseRedis();
        try {
          await sleep(fault.ms);
        } finally {
          services.resumeRedis();
          window.close();
        }
        return;
      }
      case 'store-outage': {
        await services.killFerretDb();
        const until = Date.now() + fault.ms;
        try {
          do await probe.round(true);
          while (Date.now() < until);
        } finally {
          await services.startFerretDb();
        }
        return;
      }
      case 'store-pause': {
        services.pauseFerretDb();
        const until = Date.now() + fault.ms;
        try {
          do await probe.round(false);
          while (Date.now() < until);
        } finally {
          services.resumeFerretDb();
        }
        return;
      }
      case 'rolling-sigterm':
        return pool.rollingRestart();
    }
  }
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `condition` every second until it holds; returns when, or null after the deadline. */
async function until(condition: () => Promise<boolean>, deadline: number): Promise<number | null> {
  for (;;) {
    // A read the API cannot answer yet (it reconnects after an outage) is a "not yet".
    if (await condition().catch(() => false)) return Date.now();
    if (Date.now() > deadline) return null;
    await sleep(1000);
  }
}
