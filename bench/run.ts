import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Command } from 'commander';
import { loadConfig } from '../src/config';
import { createRuntime } from '../src/deps';
import { startLocalServices } from '../src/infra/local-services/start-local-services';
import { createLogger } from '../src/observability/logger';
import { AdminApi } from './admin-api';
import { BenchResults, type BenchContext } from './context';
import { peakRssOf, resetPeakRss, type WatchedProcess } from './process-usage';
import { formatNotes, formatTable, machineInfo, writeReport } from './report';
import { startBareExpress, startTopology, type Topology } from './topology';
import { convergenceWorkload } from './workloads/convergence';
import { createWorkload } from './workloads/create';
import { deactivateWorkload } from './workloads/deactivate';
import { groupPushWorkload } from './workloads/group-push';
import { initialCycleWorkload } from './workloads/initial-cycle';
import { listWorkload } from './workloads/list';
import { lookupWorkload } from './workloads/lookup';

const ALL_WORKLOADS = ['create', 'lookup', 'deactivate', 'group-push', 'list', 'initial-cycle', 'convergence'];
/** What the scale-out topology reruns: the request-bound workloads and the initial cycle. */
const SCALE_OUT_WORKLOADS = new Set(['create', 'lookup', 'initial-cycle']);

const program = new Command()
  .name('bench')
  .description('seatsync benchmarks, side by side with a bare express server')
  .option('--workloads <list>', `comma-separated, of: ${ALL_WORKLOADS.join(',')}`, ALL_WORKLOADS.join(','))
  .option('--connections <n>', 'concurrent clients', '32')
  .option('--duration <s>', 'seconds per duration-based workload', '10')
  .option('--small <n>', 'users in the org for the small lookup', '1000')
  .option('--large <n>', 'users in the org for the large lookup', '100000')
  .option('--deactivate-users <n>', 'users deactivated once each', '2000')
  .option('--push-users <n>', 'users in the group push org (also the size of the big PATCH)', '10000')
  .option('--push-groups <n>', 'groups pushed', '20')
  .option('--group-size <n>', 'members per group (group push and initial cycle)', '200')
  .option('--patch-batch <n>', 'members per PATCH when filling groups', '100')
  .option('--list-users <n>', 'users paged through', '10000')
  .option('--cycle-users <n>', 'users in the initial cycle', '10000')
  .option('--cycle-groups <n>', 'groups in the initial cycle', '50')
  .option('--rate <n>', 'changes per second in the convergence workload', '100')
  .option('--rate-seconds <n>', 'seconds of steady changes, measured', '20')
  .option('--rate-warmup <n>', 'seconds of the same changes before the measured ones, not measured', '5')
  .option('--rate-users <n>', 'users in the convergence org', '1000')
  .option('--rate-groups <n>', 'teams of the convergence org: 0 for its default team, else this many groups with each user in 2', '0')
  .option('--scale-out', 'also run create, lookup and the initial cycle with 2 API + 2 worker processes')
  .option('--node-args <flags>', 'extra node flags for every API and worker process, e.g. "--max-old-space-size=160"', '')
  .option('--cpu-prof <dir>', 'write a V8 CPU profile of every API and worker process to <dir> (open in Chrome DevTools)')
  .option('--no-write', 'do not write BENCHMARKS.md and the JSON file');

type Options = Record<string, string> & { scaleOut?: boolean; write: boolean };

const ADMIN_KEY = `bench-admin-${randomBytes(16).toString('hex')}`;

async function main(): Promise<void> {
  const options = program.parse().opts<Options>();
  const n = (name: string) => Number(options[name]);
  const workloads = new Set(options.workloads.split(',').map((w) => w.trim()));
  for (const w of workloads) if (!ALL_WORKLOADS.includes(w)) throw new Error(`unknown workload "${w}"; known: ${ALL_WORKLOADS.join(', ')}`);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatsync-bench-'));
  const services = await startLocalServices({ dataDir, mongodbUri: process.env.MONGODB_URI, redisUrl: process.env.REDIS_URL, say });
  // The per-org write limit is lifted: the workloads measure how fast writes can go.
  const env = { MONGODB_URI: services.mongodbUri, REDIS_URL: services.redisUrl, ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'warn', SCIM_WRITE_RATE_PER_MINUTE: '100000000' };
  const config = loadConfig({ ...process.env, ...env, LOG_LEVEL: 'silent' });
  const runtime = await createRuntime(config, { mongodbUri: services.mongodbUri, redisUrl: services.redisUrl }, createLogger('silent', 'bench'));
  const bare = await startBareExpress();
  const results = new BenchResults();
  const storeProcesses: WatchedProcess[] = services.processes.map((p) => ({ name: p.name, pid: p.pid }));
  let topology: Topology | undefined;
  try {
    const runOn = async (apis: number, workers: number, selected: (w: string) => boolean) => {
      topology = await startTopology({ apis, workers, env, nodeArgs: [...options.nodeArgs.split(' ').filter(Boolean), ...(options.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProf}`] : [])] });
      const ctx: BenchContext = {
        runId: randomBytes(4).toString('hex'),
        connections: n('connections'),
        durationMs: n('duration') * 1000,
        topology,
        bareOrigin: bare.origin,
        admin: new AdminApi(topology.apiOrigins[0], ADMIN_KEY),
        runtime,
        watched: [...topology.processes, ...storeProcesses],
        results,
        say,
      };
      const steps: [string, () => Promise<void>][] = [
        ['create', () => createWorkload(ctx)],
        ['lookup', () => lookupWorkload(ctx, apis === 1 ? [n('small'), n('large')] : [n('small')])],
        ['deactivate', () => deactivateWorkload(ctx, n('deactivateUsers'))],
        ['group-push', () => groupPushWorkload(ctx, { users: n('pushUsers'), groups: n('pushGroups'), groupSize: n('groupSize'), batch: n('patchBatch'), bigPatch: n('pushUsers') })],
        ['list', () => listWorkload(ctx, n('listUsers'))],
        ['initial-cycle', () => initialCycleWorkload(ctx, { users: n('cycleUsers'), groups: n('cycleGroups'), groupSize: n('groupSize'), batch: n('patchBatch') })],
        ['convergence', () => convergenceWorkload(ctx, { users: n('rateUsers'), ratePerSecond: n('rate'), seconds: n('rateSeconds'), warmupSeconds: n('rateWarmup'), groups: n('rateGroups') })],
      ];
      for (const [workload, run] of steps) {
        if (!selected(workload)) continue;
        const perWorkload = topology.processes.every((p) => resetPeakRss(p.pid));
        await run();
        const peaks = peakRssOf(topology.processes);
        results.note(perWorkload ? `peak RSS during ${workload}, VmHWM (MB) [${topology.label}]` : `peak RSS since start, after ${workload}, VmHWM (MB) [${topology.label}]`, peaks);
      }
      await topology.stop();
      topology = undefined;
    };
    await runOn(1, 1, (w) => workloads.has(w));
    if (options.scaleOut) await runOn(2, 2, (w) => workloads.has(w) && SCALE_OUT_WORKLOADS.has(w));

    const report = {
      date: new Date().toISOString(),
      machine: machineInfo(),
      store: `${runtime.storeInfo.flavour} ${runtime.storeInfo.version} (${runtime.store.layout} layout)${storeBuildNote()}`,
      settings: { ...Object.fromEntries(Object.entries(options).filter(([k]) => k !== 'write')) },
      rows: results.rows,
      ratios: results.ratios,
      notes: results.notes,
    };
    say('');
    say(formatTable(report.rows, report.ratios));
    say('');
    say(formatNotes(report.notes));
    if (options.write) {
      const written = writeReport(report);
      say(`\nwritten: ${written.json}, ${written.markdown}`);
    }
  } finally {
    if (topology) await topology.stop();
    await bare.stop();
    await runtime.close();
    await services.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Which FerretDB build served the run (see src/infra/local-services/binaries.ts). */
function storeBuildNote(): string {
  if (process.env.MONGODB_URI) return '';
  const stamp = path.join(__dirname, '..', '..', '.tools', 'bin', 'ferretdb.build');
  return fs.existsSync(stamp) ? `, local build ${fs.readFileSync(stamp, 'utf8').trim()}` : '';
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
