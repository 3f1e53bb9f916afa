import { resolveAdminKey } from './admin-key';
import { appDepsOf, buildApp } from './app';
import { boot } from './lifecycle/boot';
import { listen } from './lifecycle/http-server';
import { handleShutdown } from './lifecycle/shutdown';
import { jobHandlers } from '../workers/handlers';
import { startWorkers } from '../workers/worker-host';

/**
 * The local default (`npm start`): API and workers in one process, with private Redis and
 * FerretDB started under DATA_DIR unless MONGODB_URI / REDIS_URL point elsewhere.
 */
async function main(): Promise<void> {
  const { config, logger, runtime, localServices } = await boot('local', { startLocalServices: true });
  const adminKey = resolveAdminKey(config.ADMIN_API_KEY, config.DATA_DIR, true);
  const app = buildApp(appDepsOf(runtime, adminKey.key));
  const host = startWorkers(runtime, jobHandlers());
  const http = await listen(app, config.PORT, config.HOST);
  printBanner(config.PUBLIC_URL, adminKey);
  handleShutdown(
    [
      { name: 'http server', run: () => http.close() },
      { name: 'workers', run: () => host.close() },
      { name: 'connections', run: () => runtime.close() },
      { name: 'local services', run: async () => localServices?.stop() },
    ],
    config.SHUTDOWN_GRACE_MS,
    logger,
  );
}

function printBanner(publicUrl: string, adminKey: ReturnType<typeof resolveAdminKey>): void {
  const lines = [
    '',
    'seatsync is running (API and workers in one process).',
    `  SCIM base URLs:  ${publicUrl}/scim/v2/<orgId>   (returned when you create an org)`,
    `  Admin API:       ${publicUrl}/admin/v1`,
    `  Health:          ${publicUrl}/healthz   ${publicUrl}/readyz`,
    adminKey.generated
      ? `  Admin API key:   ${adminKey.key}   (generated now, kept in ${adminKey.file}; shown only once)`
      : `  Admin API key:   ${adminKey.file ? `kept in ${adminKey.file}` : 'from ADMIN_API_KEY'}`,
    '',
    `Create an org:  curl -s -X POST ${publicUrl}/admin/v1/orgs -H "Authorization: Bearer $ADMIN_API_KEY" \\`,
    `                  -H 'Content-Type: application/json' -d '{"name":"Acme","licenses":10}'`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
