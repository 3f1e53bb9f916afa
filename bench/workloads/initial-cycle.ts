import { scimHeaders } from '../admin-api';
import { round, type BenchContext } from '../context';
import { runTasks, type Task } from '../load-driver';
import { benchUserName } from '../seed-users';
import { addMembers, newGroup, SCHEMA } from '../scim-bodies';
import { expect } from './compare';

const ENTERPRISE = SCHEMA.enterprise;
const ENTRA_AGENT = 'Microsoft.Identity.Provisioning';

export interface InitialCycleOptions {
  users: number;
  groups: number;
  groupSize: number;
  batch: number;
}

/** Entra's create body (research §3): externalId is the mailNickname, enterprise extension included. */
function entraUserBody(userName: string, i: number): string {
  return JSON.stringify({
    schemas: [SCHEMA.user, ENTERPRISE],
    externalId: `nick${i}`,
    userName,
    active: true,
    displayName: `Bench User ${i}`,
    emails: [{ primary: true, type: 'work', value: userName }],
    name: { formatted: `Bench User ${i}`, familyName: 'User', givenName: 'Bench' },
    [ENTERPRISE]: { department: 'Bench', employeeNumber: String(i) },
  });
}

/**
 * Entra's first sync: for every user a lookup by filter (a miss) then a create; then every
 * group looked up, created empty and filled with PATCHes. Measured from the first request until
 * sync-status says every change is applied, with the processes' peak memory.
 */
export async function initialCycleWorkload(ctx: BenchContext, options: InitialCycleOptions): Promise<void> {
  const label = ctx.topology.label;
  const org = await ctx.admin.createOrg(`bench initial cycle ${label}`, options.users);
  const headers = scimHeaders(org.token, ENTRA_AGENT);
  const runId = `${ctx.runId}-ic${ctx.topology.apiOrigins.length}`;
  const userIds: string[] = new Array(options.users);
  const groupIds: string[] = new Array(options.groups);
  const filter = (expression: string) => encodeURIComponent(expression);

  const userTasks: Task[] = Array.from({ length: options.users }, (_, i) => async (send) => {
    const userName = benchUserName(runId, i);
    const found = await send({ method: 'GET', path: `${org.path}/Users?filter=${filter(`userName eq "${userName}"`)}`, headers });
    expect(found.status, [200], 'user lookup');
    const created = await send({ method: 'POST', path: `${org.path}/Users`, headers, body: entraUserBody(userName, i) });
    expect(created.status, [201], 'user create');
    userIds[i] = (JSON.parse(created.body) as { id: string }).id;
  });
  const groupTasks: Task[] = Array.from({ length: options.groups }, (_, g) => async (send) => {
    const displayName = `bench group ${runId} ${g}`;
    const found = await send({ method: 'GET', path: `${org.path}/Groups?filter=${filter(`displayName eq "${displayName}"`)}&excludedAttributes=members`, headers });
    expect(found.status, [200], 'group lookup');
    const created = await send({ method: 'POST', path: `${org.path}/Groups`, headers, body: newGroup(displayName, { externalId: `grp${g}`, members: [] }) });
    expect(created.status, [201], 'group create');
    groupIds[g] = (JSON.parse(created.body) as { id: string }).id;
  });
  const fillTasks: Task[] = [];
  for (let g = 0; g < options.groups; g++) {
    const start = (g * options.groupSize) % Math.max(1, options.users - options.groupSize);
    for (let i = 0; i < options.groupSize; i += options.batch) {
      fillTasks.push(async (send) => {
        const members = userIds.slice(start + i, start + Math.min(options.groupSize, i + options.batch)).filter(Boolean);
        const patched = await send({ method: 'PATCH', path: `${org.path}/Groups/${groupIds[g]}`, headers, body: addMembers(members) });
        expect(patched.status, [200, 204], 'group fill');
      });
    }
  }

  const name = `initial cycle (${options.users} users, ${options.groups} groups of ${options.groupSize}) [${label}]`;
  ctx.say(`- ${name}…`);
  const started = Date.now();
  const users = await runTasks(ctx.topology.apiOrigins, ctx.connections, userTasks);
  ctx.say(`  users done in ${round(users.durationMs / 1000)} s (${users.errors} failed); groups…`);
  const groups = await runTasks(ctx.topology.apiOrigins, ctx.connections, groupTasks);
  const fill = await runTasks(ctx.topology.apiOrigins, ctx.connections, fillTasks);
  const requestsDone = Date.now() - started;
  const settledAfter = await ctx.admin.waitSettled(org.id, 30 * 60_000);
  ctx.results.row(`${name}: users (lookup + create)`, 'connector', users);
  ctx.results.row(`${name}: groups (lookup + create)`, 'connector', groups);
  ctx.results.row(`${name}: group fill (PATCH add)`, 'connector', fill);
  ctx.results.note(`initial cycle: all requests answered (s) [${label}]`, round(requestsDone / 1000));
  ctx.results.note(`initial cycle: settled, from the first request (s) [${label}]`, round((requestsDone + settledAfter) / 1000));
  ctx.results.note(`initial cycle: failed tasks [${label}]`, users.errors + groups.errors + fill.errors);
}
