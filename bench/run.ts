import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { loadConfig } from '../src/config';
import { createRuntime } from '../src/deps';
import { findFreePort } from '../src/infra/local-services/free-port';
import { startLocalServices } from '../src/infra/local-services/start-local-services';
import { createLogger } from '../src/observability/logger';
import { runLoad, type LoadResult, type PlannedRequest } from './load-driver';
import { rssMb, spawnUntil, type Spawned } from './processes';
import { formatTable, machineInfo, writeReport, type WorkloadRow } from './report';
import { benchUserName, oktaUserBody, seedUsers } from './seed-users';

const program = new Command()
  .name('bench')
  .description('seatsync benchmarks, side by side with a bare express server')
  .option('--connections <n>', 'concurrent clients', '32')
  .option('--duration <s>', 'seconds per workload', '10')
  .option('--small <n>', 'users in the org for the small lookup', '1000')
  .option('--large <n>', 'users in the org for the large lookup', '100000')
  .option('--workloads <list>', 'comma-separated: create,lookup', 'create,lookup')
  .option('--no-write', 'do not write BENCHMARKS.md and the JSON file');

interface Options {
  connections: string;
  duration: string;
  small: string;
  large: string;
  workloads: string;
  write: boolean;
}

const ADMIN_KEY = `bench-admin-${randomBytes(16).toString('hex')}`;

async function main(): Promise<void> {
  const options = program.parse().opts<Options>();
  const connections = Number(options.connections);
  const durationMs = Number(options.duration) * 1000;
  const workloads = new Set(options.workloads.split(','));
  const runId = randomBytes(4).toString('hex');
  const say = (line: string) => process.stdout.write(`${line}\n`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatsync-bench-'));
  const services = await startLocalServices({ dataDir, mongodbUri: process.env.MONGODB_URI, redisUrl: process.env.REDIS_URL, say });
  const spawned: Spawned[] = [];
  try {
    const env = { MONGODB_URI: services.mongodbUri, REDIS_URL: services.redisUrl, ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'warn' };
    const apiPort = await findFreePort();
    const barePort = await findFreePort();
    const api = await spawnUntil('api', 'dist/src/main.js', [], { ...env, PORT: String(apiPort), LOG_LEVEL: 'info' }, /API listening/);
    const worker = await spawnUntil('worker', 'dist/workers/main.js', [], { ...env, LOG_LEVEL: 'info' }, /workers started/);
    const bare = await spawnUntil('bare express', 'dist/bench/bare-express.js', [String(barePort)], {}, /listening/);
    spawned.push(api, worker, bare);
    const apiOrigin = `http://127.0.0.1:${apiPort}`;
    const bareOrigin = `http://127.0.0.1:${barePort}`;

    const config = loadConfig({ ...process.env, ...env, LOG_LEVEL: 'silent' });
    const runtime = await createRuntime(config, { mongodbUri: services.mongodbUri, redisUrl: services.redisUrl }, createLogger('silent', 'bench'));
    const storeLabel = `${runtime.storeInfo.flavour} ${runtime.storeInfo.version} (${runtime.store.layout} layout)`;
    const rows: WorkloadRow[] = [];
    const ratios: Record<string, number> = {};
    const extra: Record<string, unknown> = {};
    const measure = async (workload: string, connector: () => Promise<LoadResult>, ceiling: () => Promise<LoadResult>) => {
      say(`- ${workload}: connector…`);
      const c = await connector();
      say(`  ${c.rps.toFixed(0)} req/s, p99 ${c.p99.toFixed(2)} ms; bare express…`);
      const b = await ceiling();
      rows.push({ workload, target: 'connector', result: c }, { workload, target: 'bare express', result: b });
      ratios[`${workload} throughput, connector / bare express`] = c.rps / b.rps;
      return c;
    };

    const createOrg = async (name: string) => {
      const res = await fetch(`${apiOrigin}/admin/v1/orgs`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, licenses: 1_000_000 }),
      });
      if (res.status !== 201) throw new Error(`org creation failed: ${res.status} ${await res.text()}`);
      const body = (await res.json()) as { id: string; scim: { baseUrl: string; token: string } };
      return { id: body.id, path: new URL(body.scim.baseUrl).pathname, token: body.scim.token };
    };
    const scimHeaders = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json', 'User-Agent': 'Okta SCIM Client 1.0.0' });

    if (workloads.has('create')) {
      const org = await createOrg('bench create');
      const create = (origin: string, prefix: string) => () =>
        runLoad({
          origin,
          connections,
          durationMs,
          warmupRequests: 200,
          expectStatus: [201],
          next: (i): PlannedRequest => ({
            method: 'POST',
            path: `${org.path}/Users`,
            headers: scimHeaders(org.token),
            body: JSON.stringify(oktaUserBody(benchUserName(`${runId}-${prefix}`, i))),
          }),
        });
      await measure('create (POST /Users)', create(apiOrigin, 'c'), create(bareOrigin, 'b'));
    }

    if (workloads.has('lookup')) {
      const lookupP99: Record<string, number> = {};
      for (const size of [Number(options.small), Number(options.large)]) {
        const org = await createOrg(`bench lookup ${size}`);
        say(`- seeding ${size} users…`);
        const t0 = Date.now();
        await seedUsers(runtime.store, org.id, runId, 0, size);
        extra[`seeding ${size} users (s)`] = (Date.now() - t0) / 1000;
        const lookup = (origin: string) => () =>
          runLoad({
            origin,
            connections,
            durationMs,
            warmupRequests: 100,
            expectStatus: [200],
            next: (i): PlannedRequest => {
              const userName = benchUserName(runId, (i * 7919) % size);
              return { method: 'GET', path: `${org.path}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, headers: scimHeaders(org.token) };
            },
          });
        const c = await measure(`lookup at ${size} users (GET filter userName eq)`, lookup(apiOrigin), lookup(bareOrigin));
        lookupP99[size] = c.p99;
      }
      ratios[`lookup p99 at ${options.large} / at ${options.small} users`] = lookupP99[Number(options.large)] / lookupP99[Number(options.small)];
    }

    extra['API peak RSS after the run (MB)'] = rssMb(api.child.pid!);
    extra['worker RSS after the run (MB)'] = rssMb(worker.child.pid!);
    await runtime.close();

    const report = {
      date: new Date().toISOString(),
      machine: machineInfo(),
      store: storeLabel,
      settings: { connections, durationSeconds: durationMs / 1000, small: options.small, large: options.large },
      rows,
      ratios,
      extra,
    };
    say('');
    say(formatTable(rows, ratios));
    if (options.write) {
      const written = writeReport(report);
      say(`\nwritten: ${written.json}, ${written.markdown}`);
    }
  } finally {
    for (const s of spawned.reverse()) await s.stop();
    await services.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
