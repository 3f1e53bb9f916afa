/**
 * Random SCIM requests (issue 6, item 2): fast-check generates requests over every SCIM route
 * (random-scim-requests.ts) and each one is sent to the real app in turn, against an org whose
 * users and groups change as the run goes. For every request: never a 5xx (Bulk's 501
 * aside), a SCIM error body on every error, nothing internal in any answer, and the answer
 * agrees with what happened to the stored state: an error or a read leaves it identical, a
 * 201 stores the resource it names, a 204 DELETE removes it. No residue of hostile input
 * may be stored and Object.prototype stays untouched.
 *
 * Size: HOSTILE_RUNS (default 300, about half a minute here); HOSTILE_SEED replays a run.
 */
import fc from 'fast-check';
import request from 'supertest';
import { createHarness, createOrg, type Harness, type TestOrg } from '../../support/harness';
import { SCHEMAS, scimClient } from '../../support/scim-client';
import { randomRequest, routeLabel, type IdRef, type RandomRequest } from './random-scim-requests';
import {
  expectNoInternals,
  expectPrototypesClean,
  expectScimErrorBody,
  orgSnapshot,
  residueIn,
  sameSnapshot,
  snapshotDiff,
  StatusTally,
  truncate,
  type OrgSnapshot,
} from './security-checks';

const RUNS = Number(process.env.HOSTILE_RUNS ?? 300);
const SEED = process.env.HOSTILE_SEED === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.HOSTILE_SEED);

jest.setTimeout(Math.max(120_000, RUNS * 2_000));

let h: Harness;
let org: TestOrg;
let foreignUserId: string;
let current: OrgSnapshot;
const statuses = new StatusTally();
const byRoute = new Map<string, StatusTally>();
const outcomes = { changed: 0, unchanged: 0 };
let started = 0;

beforeAll(async () => {
  h = await createHarness({ SCIM_WRITE_RATE_PER_MINUTE: '1000000' });
  org = await createOrg(h);
  const foreign = await createOrg(h);
  foreignUserId = (await scimClient(h, foreign).createUser({ schemas: [SCHEMAS.user], userName: 'foreign@example.com' })).id;
  const scim = scimClient(h, org);
  const alice = await scim.createUser({ schemas: [SCHEMAS.user, SCHEMAS.enterprise], userName: 'alice@example.com', emails: [{ value: 'alice@example.com', type: 'work', primary: true }], [SCHEMAS.enterprise]: { department: 'R&D' } });
  const bob = await scim.createUser({ schemas: [SCHEMAS.user], userName: 'bob@example.com', active: false });
  await scim.createUser({ schemas: [SCHEMAS.user], userName: 'carol@example.com', name: { givenName: 'Carol' } });
  await scim.createGroup({ schemas: [SCHEMAS.group], displayName: 'Team A', members: [{ value: alice.id }, { value: bob.id }] });
  await scim.createGroup({ schemas: [SCHEMAS.group], displayName: 'Team B' });
  current = await orgSnapshot(h, org);
  started = Date.now();
});

afterAll(async () => {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const routes = [...byRoute.entries()].sort((a, b) => b[1].total - a[1].total).map(([route, t]) => `  ${route}: ${t.toString()}`);
  process.stdout.write(
    `[random requests] seed ${SEED}: ${statuses.total} requests in ${seconds} s; statuses ${statuses.toString()}; ` +
      `state changed by ${outcomes.changed}, unchanged by ${outcomes.unchanged}\n${routes.join('\n')}\n`,
  );
  await h?.close();
});

function idsOf(snapshot: OrgSnapshot, kind: 'users' | 'groups'): string[] {
  return (snapshot.stored[kind] as { id: string }[]).map((d) => d.id);
}

function resolveId(ref: IdRef, snapshot: OrgSnapshot): string {
  if (ref.kind === 'foreign') return foreignUserId;
  if (ref.kind === 'text') return ref.text;
  const ids = idsOf(snapshot, ref.kind === 'user' ? 'users' : 'groups');
  return ids.length === 0 ? '00000000-0000-4000-8000-000000000000' : ids[ref.index % ids.length];
}

/** `{user:N}`, `{group:N}` and `{foreign}` inside any text become ids that exist now. */
function resolveText(text: string, snapshot: OrgSnapshot): string {
  return text.replace(/\{(user|group):(\d+)\}|\{foreign\}/g, (_, kind: 'user' | 'group' | undefined, index: string | undefined) =>
    kind === undefined ? foreignUserId : resolveId({ kind, index: Number(index) }, snapshot),
  );
}

function pathOf(req: RandomRequest, snapshot: OrgSnapshot): string {
  const t = req.target;
  switch (t.route) {
    case 'users':
      return '/Users';
    case 'groups':
      return '/Groups';
    case 'usersSearch':
      return '/Users/.search';
    case 'groupsSearch':
      return '/Groups/.search';
    case 'rootSearch':
      return '/.search';
    case 'bulk':
      return '/Bulk';
    case 'user':
      return `/Users/${resolveId(t.id, snapshot)}`;
    case 'group':
      return `/Groups/${resolveId(t.id, snapshot)}`;
    default:
      return t.path;
  }
}

function send(req: RandomRequest, snapshot: OrgSnapshot): { test: request.Test; url: string; payload?: string } {
  const query = req.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(resolveText(v, snapshot))}`).join('&');
  const url = `${org.scimPath}${pathOf(req, snapshot)}${query ? `?${query}` : ''}`;
  const agent = request(h.app);
  const methods = { GET: agent.get, POST: agent.post, PUT: agent.put, PATCH: agent.patch, DELETE: agent.delete };
  const test = methods[req.method].call(agent, url).set('Authorization', `Bearer ${org.token}`);
  if (req.body === undefined) return { test, url };
  let payload = resolveText(JSON.stringify(req.body) ?? 'null', snapshot);
  if (req.truncateAt !== undefined) payload = payload.slice(0, Math.floor(payload.length * req.truncateAt));
  if (req.contentType !== null) test.set('Content-Type', req.contentType);
  test.serialize((bytes: Buffer) => bytes as unknown as string);
  test.send(Buffer.from(payload, 'utf8'));
  return { test, url, payload };
}

function isRead(req: RandomRequest): boolean {
  const route = req.target.route;
  return req.method === 'GET' || route === 'usersSearch' || route === 'groupsSearch' || route === 'rootSearch';
}

async function check(req: RandomRequest): Promise<void> {
  const before = current;
  const { test, url, payload } = send(req, before);
  const res = await test;
  const label = routeLabel(req);
  statuses.add(res.status);
  if (!byRoute.has(label)) byRoute.set(label, new StatusTally());
  byRoute.get(label)!.add(res.status);
  const context = `${req.method} ${truncate(url, 300)} ${payload === undefined ? '' : truncate(payload, 800)}`;

  const after = await orgSnapshot(h, org);
  current = after;
  const changed = !sameSnapshot(before, after);
  outcomes[changed ? 'changed' : 'unchanged'] += 1;

  const bulk = req.target.route === 'bulk';
  if (res.status >= 500 && !(bulk && res.status === 501)) throw new Error(`${context}\n→ ${res.status}: ${truncate(res.text)}`);
  expectNoInternals(res, context);
  if (res.status >= 400) expectScimErrorBody(res, context);
  if (changed && (res.status >= 300 || isRead(req))) {
    throw new Error(`${context}\n→ ${res.status}, yet the stored state changed:\n${snapshotDiff(before, after)}`);
  }
  if (res.status === 201) {
    const kind = req.target.route === 'users' ? 'users' : 'groups';
    if (!idsOf(after, kind).includes(res.body.id)) throw new Error(`${context}\n→ 201 for ${res.body.id}, which is not stored`);
    if (res.headers.location !== `${org.baseUrl}/${kind === 'users' ? 'Users' : 'Groups'}/${res.body.id}`) {
      throw new Error(`${context}\n→ 201 with Location ${res.headers.location}`);
    }
  }
  if (req.method === 'DELETE' && res.status === 204) {
    const id = decodeURIComponent(url.split('/').pop()!.split('?')[0]);
    if ([...idsOf(after, 'users'), ...idsOf(after, 'groups')].includes(id)) throw new Error(`${context}\n→ 204, yet ${id} is still stored`);
  }
  if (res.status < 300 && res.body && typeof res.body === 'object') {
    const echoed = residueIn(res.body, true);
    if (echoed) throw new Error(`${context}\n→ ${res.status}; the answer holds ${echoed}`);
  }
  if (changed) {
    const residue = residueIn(after.stored);
    if (residue) throw new Error(`${context}\n→ ${res.status}; the store now holds ${residue}`);
  }
  expectPrototypesClean(context);
}

test(`${RUNS} random SCIM requests: no 5xx, SCIM errors, no change on rejection`, async () => {
  await fc.assert(
    fc.asyncProperty(randomRequest, async (req) => {
      await check(req);
    }),
    { numRuns: RUNS, seed: SEED, verbose: 1 },
  );
  expect(statuses.total).toBeGreaterThanOrEqual(RUNS);
  // The run exercised both sides: requests that were accepted and changed state, and rejections.
  expect(outcomes.changed).toBeGreaterThan(0);
  expect([...byRoute.keys()].length).toBeGreaterThan(10);
});
