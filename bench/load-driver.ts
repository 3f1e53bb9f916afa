import { Pool } from 'undici';
import { LatencyRecorder, type LatencySummary } from './latency';

export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface Answer {
  status: number;
  body: string;
}

export interface LoadSpec {
  /** One or more servers; connections are spread over them round-robin. */
  origins: string[];
  connections: number;
  durationMs: number;
  /** Requests made before measuring starts (JIT, connection set-up). */
  warmupRequests: number;
  next: (sequence: number) => PlannedRequest;
  expectStatus: number[];
}

export interface LoadResult extends LatencySummary {
  requests: number;
  unexpected: number;
  errors: number;
  durationMs: number;
  rps: number;
}

/**
 * Keep-alive connection pools, one per origin. A connection number picks its origin, so a
 * closed loop of N connections over two servers puts N/2 on each.
 */
export class Clients {
  private readonly pools: Pool[];

  constructor(origins: string[], connections: number) {
    const perOrigin = Math.max(1, Math.ceil(connections / origins.length));
    this.pools = origins.map((o) => new Pool(o, { connections: perOrigin, pipelining: 1, keepAliveTimeout: 30_000 }));
  }

  async send(connection: number, planned: PlannedRequest): Promise<Answer> {
    const res = await this.pools[connection % this.pools.length].request({
      method: planned.method,
      path: planned.path,
      headers: planned.headers,
      body: planned.body,
    });
    return { status: res.statusCode, body: await res.body.text() };
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.close()));
  }
}

/**
 * A closed-loop load generator: `connections` keep-alive connections, each sending its next
 * request as soon as the previous answer is read. Latencies are kept exactly (no histogram
 * buckets) and percentiles computed at the end.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const clients = new Clients(spec.origins, spec.connections);
  let sequence = 0;
  try {
    for (let i = 0; i < spec.warmupRequests; i += spec.connections) {
      const round = Math.min(spec.connections, spec.warmupRequests - i);
      await Promise.all(Array.from({ length: round }, (_, c) => clients.send(c, spec.next(sequence++)).catch(() => undefined)));
    }
    const latencies = new LatencyRecorder();
    let unexpected = 0;
    let errors = 0;
    const started = process.hrtime.bigint();
    const deadline = Date.now() + spec.durationMs;
    const loop = async (connection: number) => {
      while (Date.now() < deadline) {
        const planned = spec.next(sequence++);
        const t0 = process.hrtime.bigint();
        try {
          const answer = await clients.send(connection, planned);
          if (!spec.expectStatus.includes(answer.status)) unexpected++;
        } catch {
          errors++;
        }
        latencies.add(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    };
    await Promise.all(Array.from({ length: spec.connections }, (_, c) => loop(c)));
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    return { ...latencies.summary(), requests: latencies.count, unexpected, errors, durationMs, rps: latencies.count / (durationMs / 1000) };
  } finally {
    await clients.close();
  }
}

/** A step of a scripted task: sends requests through `send`, which times each of them. */
export type Task = (send: (planned: PlannedRequest) => Promise<Answer>) => Promise<void>;

export interface BatchResult extends LoadResult {
  tasks: number;
}

/**
 * Runs a fixed list of scripted tasks (e.g. "look the user up, then create it") with
 * `connections` of them in flight at a time; every request is timed. A task that throws counts
 * as an error and the run goes on.
 */
export async function runTasks(origins: string[], connections: number, tasks: Task[]): Promise<BatchResult> {
  const clients = new Clients(origins, connections);
  const latencies = new LatencyRecorder();
  let errors = 0;
  let nextTask = 0;
  const started = process.hrtime.bigint();
  try {
    const loop = async (connection: number) => {
      const send = async (planned: PlannedRequest) => {
        const t0 = process.hrtime.bigint();
        try {
          return await clients.send(connection, planned);
        } finally {
          latencies.add(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      };
      while (nextTask < tasks.length) {
        const task = tasks[nextTask++];
        await task(send).catch(() => {
          errors++;
        });
      }
    };
    await Promise.all(Array.from({ length: connections }, (_, c) => loop(c)));
  } finally {
    await clients.close();
  }
  const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { ...latencies.summary(), tasks: tasks.length, requests: latencies.count, unexpected: 0, errors, durationMs, rps: latencies.count / (durationMs / 1000) };
}
