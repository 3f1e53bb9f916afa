import { resolveAdminKey } from './admin-key';
import { appDepsOf, buildApp } from './app';
import { boot } from './lifecycle/boot';
import { listen } from './lifecycle/http-server';
import { handleShutdown } from './lifecycle/shutdown';

/** The API process: SCIM endpoints, admin API and page, health and metrics. */
async function main(): Promise<void> {
  const { config, logger, runtime } = await boot('api', { startLocalServices: false });
  const adminKey = resolveAdminKey(config.ADMIN_API_KEY, config.DATA_DIR, false);
  const app = buildApp(appDepsOf(runtime, adminKey.key));
  const http = await listen(app, config.PORT, config.HOST);
  logger.info({ port: http.port, publicUrl: config.PUBLIC_URL }, 'API listening');
  handleShutdown(
    [
      { name: 'http server', run: () => http.close() },
      { name: 'connections', run: () => runtime.close() },
    ],
    config.SHUTDOWN_GRACE_MS,
    logger,
  );
}

void main();
