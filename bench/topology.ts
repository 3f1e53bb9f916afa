import { findFreePort } from '../src/infra/local-services/free-port';
import type { WatchedProcess } from './process-usage';
import { spawnUntil, type Spawned } from './processes';

/** API and worker processes of the connector, as many of each as asked, on one Redis and store. */
export interface Topology {
  label: string;
  apiOrigins: string[];
  processes: WatchedProcess[];
  stop(): Promise<void>;
}

export interface TopologyOptions {
  apis: number;
  workers: number;
  env: Record<string, string>;
  /** Node options for the API and worker processes (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

export async function startTopology(options: TopologyOptions): Promise<Topology> {
  const spawned: Spawned[] = [];
  const stop = async () => {
    for (const s of spawned.reverse()) await s.stop();
  };
  try {
    const apiOrigins: string[] = [];
    for (let i = 0; i < options.apis; i++) {
      const port = await findFreePort();
      spawned.push(await spawnUntil(`api-${i + 1}`, 'dist/src/main.js', [], { ...options.env, PORT: String(port), LOG_LEVEL: 'info' }, /API listening/, { nodeArgs: options.nodeArgs }));
      apiOrigins.push(`http://127.0.0.1:${port}`);
    }
    for (let i = 0; i < options.workers; i++) {
      spawned.push(await spawnUntil(`worker-${i + 1}`, 'dist/workers/main.js', [], { ...options.env, LOG_LEVEL: 'info' }, /workers started/, { nodeArgs: options.nodeArgs }));
    }
    return {
      label: `${options.apis} API + ${options.workers} worker process${options.workers > 1 ? 'es' : ''}`,
      apiOrigins,
      processes: spawned.map((s) => ({ name: s.name.replace(/-\d+$/, ''), pid: s.child.pid! })),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The ceiling: the bare express server of bare-express.ts. */
export async function startBareExpress(): Promise<{ origin: string; process: WatchedProcess; stop(): Promise<void> }> {
  const port = await findFreePort();
  const bare = await spawnUntil('bare express', 'dist/bench/bare-express.js', [String(port)], {}, /listening/);
  return { origin: `http://127.0.0.1:${port}`, process: { name: 'bare express', pid: bare.child.pid! }, stop: () => bare.stop() };
}
