import { scimHeaders } from '../admin-api';
import type { BenchContext } from '../context';
import { benchUserName, oktaUserBody } from '../seed-users';
import { compareLoad } from './compare';

/** POST /Users with Okta-shaped bodies, a new userName every request. */
export async function createWorkload(ctx: BenchContext): Promise<void> {
  const org = await ctx.admin.createOrg('bench create', 1_000_000);
  await compareLoad(ctx, 'create (POST /Users)', [201], (target) => (i) => ({
    method: 'POST',
    path: `${org.path}/Users`,
    headers: scimHeaders(org.token),
    body: JSON.stringify(oktaUserBody(benchUserName(`${ctx.runId}-${ctx.topology.apiOrigins.length}-${target}`, i))),
  }), 200, () => ctx.admin.waitSettled(org.id, 10 * 60_000));
}
