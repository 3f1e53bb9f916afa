import { boot } from '../src/lifecycle/boot';
import { handleShutdown } from '../src/lifecycle/shutdown';
import { jobHandlers } from './handlers';
import { startWorkers } from './worker-host';

/** The worker process: BullMQ consumers and the schedulers. */
async function main(): Promise<void> {
  const { config, logger, runtime } = await boot('worker', { startLocalServices: false });
  const host = startWorkers(runtime, jobHandlers());
  logger.info({ concurrency: config.WORKER_CONCURRENCY }, 'workers started');
  handleShutdown(
    [
      { name: 'workers', run: () => host.close() },
      { name: 'connections', run: () => runtime.close() },
    ],
    config.SHUTDOWN_GRACE_MS,
    logger,
  );
}

void main();
