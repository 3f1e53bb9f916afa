import { scimHeaders } from '../admin-api';
import { round, type BenchContext } from '../context';
import { summarizeLatencies } from '../latency';
import type { PlannedRequest, Task } from '../load-driver';
import { Clients } from '../load-driver';
import { addMembers, newGroup } from '../scim-bodies';
import { seedUsers, settleSeededOrg } from '../seed-users';
import { compareTasks, expect } from './compare';


export interface GroupPushOptions {
  users: number;
  groups: number;
  groupSize: number;
  batch: number;
  bigPatch: number;
}

/**
 * Okta's group push: POST /Groups with the name, then PATCH add members in batches; and one
 * PATCH adding `bigPatch` members at once (the 10,000-member request).
 */
export async function groupPushWorkload(ctx: BenchContext, options: GroupPushOptions): Promise<void> {
  const org = await ctx.admin.createOrg('bench group push', options.users);
  const userIds = await seedUsers(ctx.runtime, org.id, `${ctx.runId}-g`, 0, options.users);
  ctx.results.note(`group push: first pass over ${options.users} seeded users (ms)`, await settleSeededOrg(ctx.runtime, ctx.admin, org.id));
  const headers = scimHeaders(org.token);
  const bareGroupId = '00000000-0000-4000-8000-000000000000';
  const tasks = (target: 'connector' | 'bare'): Task[] =>
    Array.from({ length: options.groups }, (_, g) => async (send) => {
      const created = await send({ method: 'POST', path: `${org.path}/Groups`, headers, body: newGroup(`bench ${target} ${g}`) });
      expect(created.status, [201], 'group create');
      const groupId = target === 'bare' ? bareGroupId : (JSON.parse(created.body) as { id: string }).id;
      const start = (g * options.groupSize) % Math.max(1, options.users - options.groupSize);
      for (let i = 0; i < options.groupSize; i += options.batch) {
        const members = userIds.slice(start + i, start + Math.min(options.groupSize, i + options.batch));
        const patched = await send({ method: 'PATCH', path: `${org.path}/Groups/${groupId}`, headers, body: addMembers(members) });
        expect(patched.status, [200, 204], 'group members PATCH');
      }
    });
  await compareTasks(ctx, `group push (${options.groups} groups of ${options.groupSize}, PATCH batches of ${options.batch})`, tasks);
  ctx.results.note(`group push: settled after the last response (ms) [${ctx.topology.label}]`, await ctx.admin.waitSettled(org.id, 10 * 60_000));

  // One request adding `bigPatch` members, three times (a fresh group each time).
  const clients = new Clients(ctx.topology.apiOrigins, 1);
  try {
    const latencies: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const create: PlannedRequest = { method: 'POST', path: `${org.path}/Groups`, headers, body: newGroup(`bench big ${attempt}`) };
      const group = JSON.parse((await clients.send(0, create)).body) as { id: string };
      const t0 = process.hrtime.bigint();
      const answer = await clients.send(0, { method: 'PATCH', path: `${org.path}/Groups/${group.id}`, headers, body: addMembers(userIds.slice(0, options.bigPatch)) });
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      expect(answer.status, [200, 204], `PATCH of ${options.bigPatch} members`);
    }
    const summary = summarizeLatencies(latencies);
    ctx.results.note(`one PATCH adding ${options.bigPatch} members: latencies of 3 (ms) [${ctx.topology.label}]`, latencies.map((l) => round(l)));
    ctx.results.note(`one PATCH adding ${options.bigPatch} members: worst (ms) [${ctx.topology.label}]`, round(summary.max));
    ctx.results.note(`big PATCHes: settled after the last response (ms) [${ctx.topology.label}]`, await ctx.admin.waitSettled(org.id, 10 * 60_000));
  } finally {
    await clients.close();
  }
}
