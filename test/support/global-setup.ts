import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalServices, type LocalServices } from '../../src/infra/local-services/start-local-services';

/**
 * Starts one private Redis and one FerretDB for the whole integration run, unless the
 * environment already points at servers (MONGODB_URI / REDIS_URL). Jest workers inherit the
 * URLs through the environment; every test creates its own org, so tests never share data.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI && process.env.REDIS_URL) return;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatsync-test-'));
  const services: LocalServices = await startLocalServices({
    dataDir,
    mongodbUri: process.env.MONGODB_URI || undefined,
    redisUrl: process.env.REDIS_URL || undefined,
    say: (line) => process.stdout.write(`${line}\n`),
  });
  process.env.MONGODB_URI = services.mongodbUri;
  process.env.REDIS_URL = services.redisUrl;
  process.env.SEATSYNC_TEST_DATA_DIR = dataDir;
  (globalThis as Record<string, unknown>).__seatsyncServices = services;
}
