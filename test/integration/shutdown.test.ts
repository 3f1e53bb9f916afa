import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { findFreePort } from '../../src/infra/local-services/free-port';
import { TEST_ADMIN_KEY } from '../support/harness';

/**
 * Graceful shutdown of the real processes, built to dist/ by `npm test` before jest runs.
 */
const root = path.resolve(__dirname, '..', '..');

/**
 * A database and queue prefix of this file's own: a worker on the shared test database would
 * sweep and reconcile every other test file's orgs, and under a full run such a job can outlast
 * the grace period that SIGTERM allows.
 */
const ownDatabase = `shutdown_${randomBytes(4).toString('hex')}`;
const mongodbUri = (() => {
  const url = new URL(process.env.MONGODB_URI!);
  url.pathname = `/${ownDatabase}`;
  return url.toString();
})();

interface Started {
  child: ChildProcess;
  text: () => string;
  lines: () => Record<string, unknown>[];
  exited: Promise<number | null>;
}

function startProcess(script: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, [path.join(root, script)], {
    env: {
      PATH: process.env.PATH ?? '',
      MONGODB_URI: mongodbUri,
      REDIS_URL: process.env.REDIS_URL!,
      QUEUE_PREFIX: ownDatabase,
      ADMIN_API_KEY: TEST_ADMIN_KEY,
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = () =>
    output
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { child, text: () => output.join(''), lines, exited };
}

async function waitForLine(started: Started, message: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (started.lines().some((l) => l.msg === message)) return;
    if (started.child.exitCode !== null) throw new Error(`process exited early: ${JSON.stringify(started.lines())}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`"${message}" not logged in time`);
}

/**
 * The steps in the order they finished, by each line's timestamp: under load the logger's
 * asynchronous writes to the pipe have been seen to arrive out of order.
 */
function stepsDone(started: Started): string[] {
  return started
    .lines()
    .filter((l) => l.msg === 'shutdown step done')
    .sort((a, b) => Date.parse(String(a.time)) - Date.parse(String(b.time)))
    .map((l) => String(l.step));
}

describe('graceful shutdown', () => {
  test('the API stops taking requests, closes its connections in order and exits 0 on SIGTERM', async () => {
    const port = await findFreePort();
    const api = startProcess('dist/src/main.js', { PORT: String(port) });
    try {
      await waitForLine(api, 'API listening');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);
      expect(stepsDone(api)).toEqual(['http server', 'connections']);
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    } finally {
      api.child.kill('SIGKILL');
    }
  });

  test('an in-flight request is answered before the API exits', async () => {
    const port = await findFreePort();
    const api = startProcess('dist/src/main.js', { PORT: String(port) });
    try {
      await waitForLine(api, 'API listening');
      const inFlight = fetch(`http://127.0.0.1:${port}/admin/v1/orgs`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Shutdown Co', licenses: 1 }),
      });
      await new Promise((r) => setTimeout(r, 5));
      api.child.kill('SIGTERM');
      const res = await inFlight;
      expect(res.status).toBe(201);
      expect(await api.exited).toBe(0);
    } finally {
      api.child.kill('SIGKILL');
    }
  });

  test('the worker closes its BullMQ workers, then its connections, and exits 0 on SIGTERM', async () => {
    const worker = startProcess('dist/workers/main.js', {});
    try {
      await waitForLine(worker, 'workers started');
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(stepsDone(worker)).toEqual(['workers', 'connections']);
    } finally {
      worker.child.kill('SIGKILL');
    }
  });

  test('a bad configuration stops the process with a message naming the variable', async () => {
    const api = startProcess('dist/src/main.js', { PORT: 'not-a-port', REDIS_URL: 'nope' });
    expect(await api.exited).toBe(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(api.text()).toMatch(/PORT: /);
    expect(api.text()).toMatch(/REDIS_URL: /);
  });
});

describe('worker metrics', () => {
  test('with METRICS_PORT a worker process serves /metrics (behind the admin key) with its job metrics', async () => {
    const port = await findFreePort();
    const worker = startProcess('dist/workers/main.js', { METRICS_PORT: String(port) });
    try {
      await waitForLine(worker, 'worker metrics listening');
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { Authorization: `Bearer ${TEST_ADMIN_KEY}` } });
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('seatsync_job_duration_seconds');
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(stepsDone(worker)).toEqual(['workers', 'metrics server', 'connections']);
    } finally {
      worker.child.kill('SIGKILL');
    }
  });
});
