import { Pool } from 'undici';

export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  origin: string;
  connections: number;
  durationMs: number;
  /** Requests made before measuring starts (JIT, connection set-up). */
  warmupRequests: number;
  next: (sequence: number) => PlannedRequest;
  expectStatus: number[];
}

export interface LoadResult {
  requests: number;
  unexpected: number;
  errors: number;
  durationMs: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/**
 * A closed-loop load generator: `connections` keep-alive connections, each sending its next
 * request as soon as the previous answer is read. Latencies are kept exactly (no histogram
 * buckets) and percentiles computed at the end.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const pool = new Pool(spec.origin, { connections: spec.connections, pipelining: 1, keepAliveTimeout: 30_000 });
  let sequence = 0;
  const send = async (planned: PlannedRequest) => {
    const res = await pool.request({
      method: planned.method,
      path: planned.path,
      headers: planned.headers,
      body: planned.body,
    });
    await res.body.dump();
    return res.statusCode;
  };
  try {
    for (let i = 0; i < spec.warmupRequests; i += spec.connections) {
      await Promise.all(Array.from({ length: Math.min(spec.connections, spec.warmupRequests - i) }, () => send(spec.next(sequence++)).catch(() => 0)));
    }
    const latencies: number[] = [];
    let unexpected = 0;
    let errors = 0;
    const started = process.hrtime.bigint();
    const deadline = Date.now() + spec.durationMs;
    const loop = async () => {
      while (Date.now() < deadline) {
        const planned = spec.next(sequence++);
        const t0 = process.hrtime.bigint();
        try {
          const status = await send(planned);
          if (!spec.expectStatus.includes(status)) unexpected++;
        } catch {
          errors++;
        }
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    };
    await Promise.all(Array.from({ length: spec.connections }, loop));
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    latencies.sort((a, b) => a - b);
    const at = (q: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : 0);
    return {
      requests: latencies.length,
      unexpected,
      errors,
      durationMs,
      rps: latencies.length / (durationMs / 1000),
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
      max: latencies[latencies.length - 1] ?? 0,
    };
  } finally {
    await pool.close();
  }
}
