import fs from 'node:fs';
import type { LocalServices } from '../../src/infra/local-services/start-local-services';

export default async function globalTeardown(): Promise<void> {
  const services = (globalThis as Record<string, unknown>).__seatsyncServices as LocalServices | undefined;
  if (!services) return;
  await services.stop();
  const dataDir = process.env.SEATSYNC_TEST_DATA_DIR;
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
