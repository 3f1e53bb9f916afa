import os from 'node:os';
import { scimHeaders, type BenchOrg } from '../admin-api';
import { round, type BenchContext } from '../context';
import { summarizeLatencies } from '../latency';
import { CpuWindow } from '../process-usage';
import { Clients } from '../load-driver';
import { addMembers, newGroup, setActive } from '../scim-bodies';
import { seedUsers, settleSeededOrg } from '../seed-users';
import { expect } from './compare';
import type { JobLogDocument } from '../../src/sync-log/job-log-writer';

export interface ConvergenceOptions {
  users: number;
  ratePerSecond: number;
  seconds: number;
  /** Seconds of the same rate before the measured ones: the processes reach their steady state (JIT, connections). */
  warmupSeconds: number;
  /**
   * 0: every member is in the org's default team. Otherwise the teams are this many groups
   * pushed over SCIM, each member in two of them (Okta's group push), so that a pass also
   * reads group memberships.
   */
  groups: number;
}

/** Members per PATCH when the teams are filled. */
const FILL_BATCH = 1000;

/**
 * A steady, open-loop rate of lifecycle changes (deactivate and reactivate, Okta's PATCH) on an
 * org with a pool one short of its users, so that releases hand licenses to waiting members.
 * Latency of a change: from its SCIM response to the end of the pass that applied it, read
 * from the job entries of the sync log (same correlation id as the request's X-Request-Id).
 * The first `warmupSeconds` of changes run at the same rate and are not measured; the
 * measured ones follow without a pause, so a backlog left by the warm-up counts against them.
 */
export async function convergenceWorkload(ctx: BenchContext, options: ConvergenceOptions): Promise<void> {
  const label = ctx.topology.label;
  // Every active member is in a team, so needs a license; one of them waits.
  const org = await ctx.admin.createOrg(`bench convergence ${label}`, options.users - 1, options.groups > 0 ? {} : { defaultTeam: 'Everyone' });
  const ids = await seedUsers(ctx.runtime, org.id, `${ctx.runId}-cv${ctx.topology.apiOrigins.length}`, 0, options.users);
  if (options.groups > 0) await pushTeams(ctx, org, ids, options.groups);
  await settleSeededOrg(ctx.runtime, ctx.admin, org.id);
  const active = new Map(ids.map((id) => [id, true]));
  const answeredAt = new Map<string, number>();
  const clients = new Clients(ctx.topology.apiOrigins, 64);
  const warmup = options.ratePerSecond * options.warmupSeconds;
  const total = warmup + options.ratePerSecond * options.seconds;
  const interval = 1000 / options.ratePerSecond;
  let failed = 0;
  ctx.say(`- convergence: ${options.ratePerSecond} changes/s for ${options.warmupSeconds} s of warm-up and ${options.seconds} s measured on ${options.users} users${teamsLabel(options.groups)} [${label}]…`);
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  let cpu: { window: CpuWindow; from: number } | undefined;
  for (let k = 0; k < total; k++) {
    const due = started + k * interval;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (k === warmup) cpu = { window: new CpuWindow(ctx.watched), from: Date.now() };
    const id = ids[(k * 7919) % ids.length];
    const next = !active.get(id);
    active.set(id, next);
    const correlationId = `bench-${ctx.runId}-${k}`;
    inFlight.push(
      clients
        .send(k, {
          method: 'PATCH',
          path: `${org.path}/Users/${id}`,
          headers: { ...scimHeaders(org.token), 'X-Request-Id': correlationId },
          body: setActive(next),
        })
        .then((answer) => {
          if (answer.status !== 200 && answer.status !== 204) failed++;
          else if (k >= warmup) answeredAt.set(correlationId, Date.now());
        }, () => {
          failed++;
        }),
    );
  }
  await Promise.all(inFlight);
  await clients.close();
  const offeredSeconds = (Date.now() - started) / 1000;
  await ctx.admin.waitSettled(org.id, 10 * 60_000);
  const busy = cpu ? shareOfACore(cpu.window.stop(), Date.now() - cpu.from) : {};

  const entries = await ctx.runtime.store.tenant<JobLogDocument>(org.id, 'sync_log').find({ kind: 'job' });
  const appliedAt = new Map<string, number>();
  for (const e of entries) {
    if (e.status !== 'ok' || !e.correlationId || !answeredAt.has(e.correlationId)) continue;
    const end = new Date(e.at).getTime() + e.durationMs;
    appliedAt.set(e.correlationId, Math.max(appliedAt.get(e.correlationId) ?? 0, end));
  }
  const latencies: number[] = [];
  for (const [correlationId, answered] of answeredAt) {
    const applied = appliedAt.get(correlationId);
    if (applied !== undefined) latencies.push(Math.max(0, applied - answered));
  }
  const summary = summarizeLatencies(latencies);
  ctx.results.note(`convergence at ${options.ratePerSecond} changes/s on ${options.users} users${teamsLabel(options.groups)}: SCIM response to license state applied, ms [${label}]`, {
    changes: total - warmup,
    warmupChanges: warmup,
    offeredRatePerSecond: round(total / offeredSeconds),
    failedRequests: failed,
    measured: latencies.length,
    p50: round(summary.p50),
    p95: round(summary.p95),
    p99: round(summary.p99),
    max: round(summary.max),
  });
  ctx.results.note(`convergence at ${options.ratePerSecond} changes/s: CPU by process while measured, % of one core (${os.cpus().length} cores) [${label}]`, busy);
}

function teamsLabel(groups: number): string {
  return groups > 0 ? ` in ${groups} groups (2 each)` : '';
}

/** `groups` groups over SCIM; member i joins groups i and i + 1 (modulo `groups`). */
async function pushTeams(ctx: BenchContext, org: BenchOrg, ids: string[], groups: number): Promise<void> {
  const clients = new Clients(ctx.topology.apiOrigins, 1);
  const headers = scimHeaders(org.token);
  try {
    for (let g = 0; g < groups; g++) {
      const created = await clients.send(0, { method: 'POST', path: `${org.path}/Groups`, headers, body: newGroup(`Team ${g}`) });
      expect(created.status, [201], 'team group create');
      const groupId = (JSON.parse(created.body) as { id: string }).id;
      const members = ids.filter((_, i) => i % groups === g || (i + 1) % groups === g);
      for (let from = 0; from < members.length; from += FILL_BATCH) {
        const body = addMembers(members.slice(from, from + FILL_BATCH));
        const patched = await clients.send(0, { method: 'PATCH', path: `${org.path}/Groups/${groupId}`, headers, body });
        expect(patched.status, [200, 204], 'team group fill');
      }
    }
  } finally {
    await clients.close();
  }
}

function shareOfACore(seconds: Record<string, number>, elapsedMs: number): Record<string, number> {
  return Object.fromEntries(Object.entries(seconds).map(([name, s]) => [name, round((100 * s * 1000) / Math.max(1, elapsedMs))]));
}
