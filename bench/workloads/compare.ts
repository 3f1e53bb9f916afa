import { round, withCpu, type BenchContext } from '../context';
import { runLoad, runTasks, type LoadResult, type PlannedRequest, type Task } from '../load-driver';

/**
 * The same closed-loop workload against the connector and the bare express server; records
 * both rows, the connector's CPU per request by process, and the throughput ratio.
 */
export async function compareLoad(
  ctx: BenchContext,
  workload: string,
  expectStatus: number[],
  plan: (target: 'connector' | 'bare') => (sequence: number) => PlannedRequest,
  warmupRequests = 100,
  /**
   * Waits for the work the requests left to the workers. Runs inside the CPU measurement, so the
   * CPU per request counts it, and before the next workload starts, so that one is not slowed.
   */
  settle?: () => Promise<number>,
): Promise<LoadResult> {
  const name = `${workload} [${ctx.topology.label}]`;
  ctx.say(`- ${name}: connector…`);
  const connector = await withCpu(ctx, name, async () => {
    const result = await runLoad({ origins: ctx.topology.apiOrigins, connections: ctx.connections, durationMs: ctx.durationMs, warmupRequests, expectStatus, next: plan('connector') });
    if (settle) ctx.results.note(`${name}: settled after the last response (ms)`, await settle());
    return result;
  });
  ctx.say(`  ${connector.rps.toFixed(0)} req/s, p99 ${connector.p99.toFixed(1)} ms; bare express…`);
  const bare = await runLoad({ origins: [ctx.bareOrigin], connections: ctx.connections, durationMs: ctx.durationMs, warmupRequests, expectStatus, next: plan('bare') });
  ctx.results.row(name, 'connector', connector);
  ctx.results.row(name, 'bare express', bare);
  ctx.results.ratio(`${name}: throughput, connector / bare express`, round(connector.rps / bare.rps, 3));
  return connector;
}

/** The same scripted tasks against both servers (fixed amount of work instead of a duration). */
export async function compareTasks(
  ctx: BenchContext,
  workload: string,
  tasks: (target: 'connector' | 'bare') => Task[],
  connections = ctx.connections,
): Promise<LoadResult> {
  const name = `${workload} [${ctx.topology.label}]`;
  ctx.say(`- ${name}: connector…`);
  const connector = await withCpu(ctx, name, () => runTasks(ctx.topology.apiOrigins, connections, tasks('connector')));
  ctx.say(`  ${connector.rps.toFixed(0)} req/s, p99 ${connector.p99.toFixed(1)} ms, ${connector.errors} failed tasks; bare express…`);
  const bare = await runTasks([ctx.bareOrigin], connections, tasks('bare'));
  ctx.results.row(name, 'connector', connector);
  ctx.results.row(name, 'bare express', bare);
  ctx.results.ratio(`${name}: throughput, connector / bare express`, round(connector.rps / bare.rps, 3));
  return connector;
}

/** A task's request failed: the task stops and counts as failed. */
export function expect(status: number, allowed: number[], what: string): void {
  if (!allowed.includes(status)) throw new Error(`${what}: HTTP ${status}`);
}
