import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mongodbUriOf,
  redisUrlOf,
  startFerretDbService,
  startRedisService,
} from '../../../src/infra/local-services/start-local-services';
import type { ServiceProcess } from '../../../src/infra/local-services/service-process';

const quiet = () => undefined;

/**
 * A Redis and a FerretDB of the suite's own, on free loopback ports, which it may kill, pause
 * and restart without disturbing any other test run. Restarts reuse the port (so the API and
 * worker processes reconnect to the same URL) and the data folder: FerretDB keeps its data,
 * Redis (no persistence) comes back empty.
 */
export class PrivateServices {
  private constructor(
    readonly dataDir: string,
    private redis: ServiceProcess,
    private ferret: ServiceProcess,
  ) {}

  static async start(): Promise<PrivateServices> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatsync-faults-'));
    const redis = await startRedisService({ dataDir, say: quiet });
    try {
      const ferret = await startFerretDbService({ dataDir, say: quiet });
      return new PrivateServices(dataDir, redis, ferret);
    } catch (error) {
      await redis.stop();
      throw error;
    }
  }

  get redisUrl(): string {
    return redisUrlOf(this.redis.port);
  }

  get mongodbUri(): string {
    return mongodbUriOf(this.ferret.port);
  }

  /** SIGKILL, then a fresh empty Redis on the same port. */
  async restartRedisEmpty(): Promise<void> {
    await killAndWait(this.redis);
    this.redis = await startRedisService({ dataDir: this.dataDir, say: quiet, port: this.redis.port });
  }

  pauseRedis(): void {
    process.kill(this.redis.pid, 'SIGSTOP');
  }

  resumeRedis(): void {
    process.kill(this.redis.pid, 'SIGCONT');
  }

  /** SIGKILL: the store is gone until `startFerretDb`. */
  async killFerretDb(): Promise<void> {
    await killAndWait(this.ferret);
  }

  /** The store again, on the same port and data. */
  async startFerretDb(): Promise<void> {
    this.ferret = await startFerretDbService({ dataDir: this.dataDir, say: quiet, port: this.ferret.port });
  }

  /** SIGSTOP: connections stay open and nothing answers (a hung or partitioned store). */
  pauseFerretDb(): void {
    process.kill(this.ferret.pid, 'SIGSTOP');
  }

  resumeFerretDb(): void {
    process.kill(this.ferret.pid, 'SIGCONT');
  }

  async stop(): Promise<void> {
    for (const service of [this.redis, this.ferret]) {
      try {
        process.kill(service.pid, 'SIGCONT');
      } catch {
        // Not running.
      }
    }
    await Promise.all([this.redis.stop(), this.ferret.stop()]);
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/** SIGKILL and wait until the pid is gone; `stop()` then only tidies the pid file. */
async function killAndWait(service: ServiceProcess): Promise<void> {
  try {
    process.kill(service.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  await service.stop();
}
