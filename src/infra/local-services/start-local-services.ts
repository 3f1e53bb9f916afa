import fs from 'node:fs';
import path from 'node:path';
import { ensureFerretDb, ensureRedisServer, type Say } from './binaries';
import { findFreePort } from './free-port';
import { startServiceProcess, type ServiceProcess } from './service-process';

export interface LocalServices {
  mongodbUri: string;
  redisUrl: string;
  processes: ServiceProcess[];
  stop(): Promise<void>;
}

export interface LocalServicesOptions {
  dataDir: string;
  /** Start only what is missing: pass the URLs that were configured. */
  mongodbUri?: string;
  redisUrl?: string;
  say: Say;
}

/**
 * The local default: private Redis and FerretDB (SQLite) on free loopback ports, with their
 * data under one folder. Services already configured through MONGODB_URI / REDIS_URL are used
 * as they are.
 */
export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  const processes: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map((p) => p.stop()));
  };
  try {
    let redisUrl = options.redisUrl;
    if (redisUrl === undefined) {
      const redis = await startRedisService(options);
      processes.push(redis);
      redisUrl = redisUrlOf(redis.port);
    }
    let mongodbUri = options.mongodbUri;
    if (mongodbUri === undefined) {
      const ferret = await startFerretDbService(options);
      processes.push(ferret);
      mongodbUri = mongodbUriOf(ferret.port);
    }
    return { mongodbUri, redisUrl, processes, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface ServiceOptions {
  dataDir: string;
  say: Say;
  /** A free port is chosen when absent; a restart passes the port it had. */
  port?: number;
}

export const redisUrlOf = (port: number) => `redis://127.0.0.1:${port}`;
export const mongodbUriOf = (port: number) => `mongodb://127.0.0.1:${port}/seatsync`;

/** Redis under `dataDir/redis`, without persistence: a restart starts it empty. */
export async function startRedisService(options: ServiceOptions): Promise<ServiceProcess> {
  const binary = ensureRedisServer(options.say);
  const dir = path.join(options.dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  const port = options.port ?? (await findFreePort());
  return startServiceProcess({
    name: 'redis',
    command: binary,
    args: [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--dir', dir,
      // BullMQ needs every key it writes to stay: evicting a job key corrupts queues.
      '--maxmemory-policy', 'noeviction',
      '--save', '',
      '--appendonly', 'no',
      '--protected-mode', 'yes',
    ],
    port,
    logFile: path.join(dir, 'redis.log'),
    pidFile: path.join(dir, 'redis.pid'),
  });
}

/** FerretDB (SQLite) under `dataDir/ferretdb`; a restart on the same folder keeps the data. */
export async function startFerretDbService(options: ServiceOptions): Promise<ServiceProcess> {
  const binary = ensureFerretDb(options.say);
  const dir = path.join(options.dataDir, 'ferretdb');
  fs.mkdirSync(dir, { recursive: true });
  const port = options.port ?? (await findFreePort());
  return startServiceProcess({
    name: 'ferretdb',
    command: binary,
    args: [
      '--handler=sqlite',
      `--sqlite-url=file:${dir}/`,
      `--listen-addr=127.0.0.1:${port}`,
      // No usage reports over the network, and no debug listener on its fixed port 8088.
      '--telemetry=disable',
      '--debug-addr=-',
      '--log-level=warn',
    ],
    port,
    logFile: path.join(dir, 'ferretdb.log'),
    pidFile: path.join(dir, 'ferretdb.pid'),
  });
}
