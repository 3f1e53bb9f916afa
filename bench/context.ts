import type { Runtime } from '../src/deps';
import type { AdminApi } from './admin-api';
import type { LoadResult } from './load-driver';
import { CpuWindow, type WatchedProcess } from './process-usage';
import type { Topology } from './topology';

export interface WorkloadRow {
  workload: string;
  target: string;
  result: LoadResult;
}

/** What every workload adds to the report: table rows, ratios against the targets, notes. */
export class BenchResults {
  readonly rows: WorkloadRow[] = [];
  readonly ratios: Record<string, number> = {};
  readonly notes: Record<string, unknown> = {};

  row(workload: string, target: string, result: LoadResult): void {
    this.rows.push({ workload, target, result });
  }

  ratio(name: string, value: number): void {
    this.ratios[name] = value;
  }

  note(name: string, value: unknown): void {
    this.notes[name] = value;
  }
}

export interface BenchContext {
  runId: string;
  connections: number;
  durationMs: number;
  topology: Topology;
  bareOrigin: string;
  admin: AdminApi;
  /** In-process access to the same store and queues, for seeding and reading the sync log. */
  runtime: Runtime;
  /** The connector's processes and, when started here, Redis and the store. */
  watched: WatchedProcess[];
  results: BenchResults;
  say(line: string): void;
}

/**
 * Runs `measure` and records the CPU milliseconds each process spent per request (or per
 * unit of work), which shows whether the connector, the workers or the store is the limit.
 */
export async function withCpu<T extends { requests: number }>(ctx: BenchContext, label: string, measure: () => Promise<T>): Promise<T> {
  const window = new CpuWindow(ctx.watched);
  const result = await measure();
  const spent = window.stop();
  const perRequest: Record<string, number> = {};
  for (const [name, seconds] of Object.entries(spent)) perRequest[name] = round((seconds * 1000) / Math.max(1, result.requests), 2);
  ctx.results.note(`${label}: CPU ms per request, by process`, perRequest);
  return result;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
