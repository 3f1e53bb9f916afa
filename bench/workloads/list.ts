import { scimHeaders } from '../admin-api';
import { round, type BenchContext } from '../context';
import { expect } from './compare';
import { runTasks, type Task } from '../load-driver';
import { seedUsers } from '../seed-users';

/** An IdP import: one client paging through every user, 100 per page. */
export async function listWorkload(ctx: BenchContext, users: number): Promise<void> {
  const org = await ctx.admin.createOrg('bench list', users);
  await seedUsers(ctx.runtime, org.id, `${ctx.runId}-list`, 0, users);
  const pages = Math.ceil(users / 100);
  const tasks = (): Task[] => [
    async (send) => {
      for (let page = 0; page < pages; page++) {
        const answer = await send({ method: 'GET', path: `${org.path}/Users?startIndex=${page * 100 + 1}&count=100`, headers: scimHeaders(org.token) });
        expect(answer.status, [200], 'list page');
      }
    },
  ];
  const name = `list (${pages} pages of 100, one client) [${ctx.topology.label}]`;
  ctx.say(`- ${name}…`);
  const connector = await runTasks(ctx.topology.apiOrigins, 1, tasks());
  const bare = await runTasks([ctx.bareOrigin], 1, tasks());
  ctx.results.row(name, 'connector', connector);
  ctx.results.row(name, 'bare express', bare);
  ctx.results.note(`list: all ${users} users paged in (s) [${ctx.topology.label}]`, round(connector.durationMs / 1000, 2));
}
