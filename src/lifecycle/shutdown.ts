import type { Logger } from '../observability/logger';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void>;
}

/**
 * On SIGTERM/SIGINT, runs the steps in order (stop taking requests, drain workers, close
 * connections, stop local services) within the grace period, then exits. A second signal,
 * or the grace period running out, exits at once.
 */
export function handleShutdown(steps: ShutdownStep[], graceMs: number, logger: Logger): () => Promise<void> {
  let started: Promise<void> | undefined;
  const shutdown = (signal: string): Promise<void> => {
    if (started) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    logger.info({ signal, graceMs }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'grace period over: exiting with work unfinished');
      process.exit(1);
    }, graceMs);
    timer.unref();
    started = (async () => {
      for (const step of steps) {
        try {
          await step.run();
          logger.info({ step: step.name }, 'shutdown step done');
        } catch (error) {
          logger.error({ step: step.name, err: error }, 'shutdown step failed');
        }
      }
      clearTimeout(timer);
    })();
    return started;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    void shutdown(signal).then(() => process.exit(0));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return () => shutdown('manual');
}
