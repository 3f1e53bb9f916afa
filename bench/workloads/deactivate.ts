import { scimHeaders } from '../admin-api';
import { round, type BenchContext } from '../context';
import type { Task } from '../load-driver';
import { setActive } from '../scim-bodies';
import { seedUsers, settleSeededOrg } from '../seed-users';
import { compareTasks, expect } from './compare';

/** Okta's deactivation, PATCH {"op":"replace","value":{"active":false}}, once per user. */
export async function deactivateWorkload(ctx: BenchContext, users: number): Promise<void> {
  const org = await ctx.admin.createOrg('bench deactivate', users);
  const ids = await seedUsers(ctx.runtime, org.id, `${ctx.runId}-d`, 0, users);
  ctx.results.note(`deactivate: first pass over ${users} seeded users (ms)`, await settleSeededOrg(ctx.runtime, ctx.admin, org.id));
  const body = setActive(false);
  const tasks = (): Task[] =>
    ids.map((id) => async (send) => {
      const answer = await send({ method: 'PATCH', path: `${org.path}/Users/${id}`, headers: scimHeaders(org.token), body });
      expect(answer.status, [200, 204], 'deactivate');
    });
  await compareTasks(ctx, `deactivate (PATCH active=false), ${users} users`, tasks);
  const settled = await ctx.admin.waitSettled(org.id, 10 * 60_000);
  ctx.results.note(`deactivate: every license released ${settled} ms after the last response [${ctx.topology.label}]`, round(settled));
}
