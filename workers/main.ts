import express from 'express';
import { metricsRouter } from '../src/http/metrics';
import { boot } from '../src/lifecycle/boot';
import { listen } from '../src/lifecycle/http-server';
import { handleShutdown } from '../src/lifecycle/shutdown';
import { jobHandlers } from './handlers';
import { startWorkers } from './worker-host';

/** The worker process: BullMQ consumers and the schedulers. */
async function main(): Promise<void> {
  const { config, logger, runtime } = await boot('worker', { startLocalServices: false });
  const host = startWorkers(runtime, jobHandlers());
  logger.info({ concurrency: config.WORKER_CONCURRENCY }, 'workers started');
  // Job metrics live in this process; with METRICS_PORT they are served here, behind the admin key.
  const metricsServer =
    config.METRICS_PORT !== undefined && config.ADMIN_API_KEY
      ? await listen(express().use(metricsRouter(runtime.metrics, config.ADMIN_API_KEY, logger)), config.METRICS_PORT, config.HOST)
      : undefined;
  if (config.METRICS_PORT !== undefined && !config.ADMIN_API_KEY) logger.warn('METRICS_PORT needs ADMIN_API_KEY (the key that protects /metrics); not serving metrics');
  if (metricsServer) logger.info({ port: metricsServer.port }, 'worker metrics listening');
  handleShutdown(
    [
      { name: 'workers', run: () => host.close() },
      ...(metricsServer ? [{ name: 'metrics server', run: () => metricsServer.close() }] : []),
      { name: 'connections', run: () => runtime.close() },
    ],
    config.SHUTDOWN_GRACE_MS,
    logger,
  );
}

void main();
