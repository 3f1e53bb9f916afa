import request from 'supertest';
import type { Runtime } from '../../src/deps';
import { EXPIRE_JOB, RECONCILE_ORG_JOB, SWEEP_JOB } from '../../src/queue/jobs';
import { jobHandlers } from '../../workers/handlers';
import { startWorkers, type JobHandler, type WorkerHost } from '../../workers/worker-host';
import { TEST_ADMIN_KEY, type Harness } from '../support/harness';

export type WorkersOutcome = { host: WorkerHost; missing?: undefined } | { host?: undefined; missing: string };

/**
 * The license workers for a browser test, on the harness's own queue prefix. Only the
 * reconcile job does work: the maintenance jobs (sweep, expiry) scan every org of the store,
 * which other test files share, so here they finish without doing anything.
 */
export function startLicenseWorkers(runtime: Runtime): WorkersOutcome {
  const all = jobHandlers();
  const reconcile = all[RECONCILE_ORG_JOB];
  if (!reconcile) {
    return { missing: `workers/handlers.ts has no "${RECONCILE_ORG_JOB}" handler yet (the license engine is not wired into the workers)` };
  }
  const idle: JobHandler = async () => ({ skipped: 'maintenance jobs are not run by the browser tests' });
  const handlers: Record<string, JobHandler> = { [RECONCILE_ORG_JOB]: reconcile, [SWEEP_JOB]: idle, [EXPIRE_JOB]: idle };
  return { host: startWorkers(runtime, handlers) };
}

/**
 * Fails with a message naming the missing piece when an admin API endpoint the dashboard uses
 * does not exist yet (another engineer builds it): the test must fail, never skip.
 */
export async function requireAdminEndpoint(h: Harness, method: 'get' | 'post', path: string, what: string): Promise<void> {
  const res = await request(h.app)[method](`/admin/v1${path}`).set('Authorization', `Bearer ${TEST_ADMIN_KEY}`).send(method === 'post' ? {} : undefined);
  const message: string = res.body?.error?.message ?? '';
  if (res.status === 404 && /^No admin endpoint/.test(message)) {
    throw new Error(
      `The admin API has no ${method.toUpperCase()} /admin/v1${path.replace(/\/orgs\/[^/]+/, '/orgs/:orgId')} yet (${what}). ` +
        'This dashboard test drives that part of the page and fails until the endpoint exists.',
    );
  }
}

export function requireWorkers(outcome: WorkersOutcome): void {
  if (outcome.missing) {
    throw new Error(`No license workers can run: ${outcome.missing}. This dashboard test needs them to see licenses change.`);
  }
}
