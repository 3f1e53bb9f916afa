import { ConfigError, loadConfig, type Config } from '../config';
import { createRuntime, type Runtime } from '../deps';
import { startLocalServices, type LocalServices } from '../infra/local-services/start-local-services';
import { createLogger, type Logger } from '../observability/logger';
import { defaultHeapGrowthPercent, limitHeapGrowth } from './heap-growth';

export interface Booted {
  config: Readonly<Config>;
  logger: Logger;
  runtime: Runtime;
  localServices?: LocalServices;
}

/**
 * Reads the configuration, starts the local services when MONGODB_URI / REDIS_URL are unset
 * and the role allows it, and connects. Exits with a clear message on any start-up problem.
 */
export async function boot(role: string, options: { startLocalServices: boolean }): Promise<Booted> {
  let config: Readonly<Config>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`seatsync ${role}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  limitHeapGrowth(config.HEAP_GROWTH_PERCENT ?? defaultHeapGrowthPercent(role));
  const logger = createLogger(config.LOG_LEVEL, `seatsync-${role}`);
  let localServices: LocalServices | undefined;
  try {
    let mongodbUri = config.MONGODB_URI;
    let redisUrl = config.REDIS_URL;
    if (!mongodbUri || !redisUrl) {
      if (!options.startLocalServices) {
        throw new Error('MONGODB_URI and REDIS_URL are required for this process (only `npm start` starts local services).');
      }
      localServices = await startLocalServices({
        dataDir: config.DATA_DIR,
        mongodbUri,
        redisUrl,
        say: (line) => process.stdout.write(`${line}\n`),
      });
      mongodbUri = localServices.mongodbUri;
      redisUrl = localServices.redisUrl;
      logger.info({ mongodbUri, redisUrl, dataDir: config.DATA_DIR }, 'local services started');
    }
    const runtime = await createRuntime(config, { mongodbUri, redisUrl }, logger);
    return { config, logger, runtime, localServices };
  } catch (error) {
    await localServices?.stop();
    process.stderr.write(`seatsync ${role} could not start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
