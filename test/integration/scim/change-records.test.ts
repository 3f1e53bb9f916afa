/**
 * Change records (DESIGN.md §2-3): every SCIM write that can change licenses inserts records
 * into `changes` naming exactly the affected members (one each, or shared by many for a large
 * request), after the write; the
 * SCIM answer never waits for a worker (none runs in this file, yet every request answers).
 */
import type { Harness } from '../../support/harness';
import {
  expectStatus,
  patchOp,
  randomName,
  rawDocs,
  SCHEMAS,
  withOrgPerTest,
  sorted,
  timed,
  type ScimClient,
} from '../../support/scim-client';

let h: Harness;
let scim: ScimClient;
withOrgPerTest((harness, client) => {
  h = harness;
  scim = client;
});

interface Recorded {
  memberId: string | null;
  reason: string;
  correlationId: string | null;
}

/** Runs a request and returns the change records it inserted. */
async function recordedBy(run: () => Promise<unknown>): Promise<Recorded[]> {
  const before = new Set((await rawDocs(h, scim.org.id, 'changes')).map((d) => String(d._id)));
  await run();
  const after = await rawDocs(h, scim.org.id, 'changes');
  // One entry per member named, whether its record is its own or shared (a large request).
  return after
    .filter((d) => !before.has(String(d._id)))
    .flatMap((d) => {
      const named = d.memberIds === undefined ? [d.memberId as string | null] : (d.memberIds as string[]);
      return named.map((memberId) => ({ memberId, reason: String(d.reason), correlationId: d.correlationId as string | null }));
    });
}

const members = (records: Recorded[]) => sorted(records.map((r) => String(r.memberId)));
const reasonsOf = (records: Recorded[], id: string) => records.filter((r) => r.memberId === id).map((r) => r.reason);

const newUser = () => scim.createUser({ schemas: [SCHEMAS.user], userName: `${randomName()}@example.com`, active: true });

describe('change records for user writes', () => {
  test('create, update, deactivate, reactivate, no-op, delete', async () => {
    let id = '';
    const created = await recordedBy(async () => {
      const res = await scim.post('/Users', { schemas: [SCHEMAS.user], userName: `${randomName()}@example.com` }, { 'X-Request-Id': 'req-create-1' });
      expectStatus(res, 201);
      id = res.body.id;
    });
    expect(created).toEqual([{ memberId: id, reason: 'user created', correlationId: 'req-create-1' }]);

    const updated = await recordedBy(async () => expectStatus(await scim.patch(`/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'x' })), 200));
    expect(updated).toEqual([expect.objectContaining({ memberId: id, reason: 'user updated' })]);

    const deactivated = await recordedBy(async () => expectStatus(await scim.patch(`/Users/${id}`, patchOp({ op: 'replace', value: { active: false } })), 200));
    expect(deactivated).toEqual([expect.objectContaining({ memberId: id, reason: 'user deactivated' })]);
    const reactivated = await recordedBy(async () => expectStatus(await scim.patch(`/Users/${id}`, patchOp({ op: 'replace', path: 'active', value: 'True' })), 200));
    expect(reactivated).toEqual([expect.objectContaining({ memberId: id, reason: 'user reactivated' })]);
    const viaPut = await recordedBy(async () => {
      const current = (await scim.get(`/Users/${id}`)).body;
      expectStatus(await scim.put(`/Users/${id}`, { ...current, active: false }), 200);
    });
    expect(viaPut).toEqual([expect.objectContaining({ memberId: id, reason: 'user deactivated' })]);

    // Writes that change nothing record nothing (and make no new version).
    const version = (await scim.get(`/Users/${id}`)).body.meta.version;
    const unchanged = await recordedBy(async () => {
      expectStatus(await scim.patch(`/Users/${id}`, patchOp({ op: 'replace', path: 'title', value: 'x' })), 200);
      expectStatus(await scim.patch(`/Users/${id}`, patchOp()), 200);
      const current = (await scim.get(`/Users/${id}`)).body;
      expectStatus(await scim.put(`/Users/${id}`, current), 200);
    });
    expect(unchanged).toEqual([]);
    expect((await scim.get(`/Users/${id}`)).body.meta.version).toBe(version);

    const deleted = await recordedBy(async () => expectStatus(await scim.delete(`/Users/${id}`), 204));
    expect(deleted).toEqual([expect.objectContaining({ memberId: id, reason: 'user deleted' })]);
  });

  test('deleting a user that is in groups records that user only', async () => {
    const [u, other] = await Promise.all([newUser(), newUser()]);
    await scim.createGroup({ schemas: [SCHEMAS.group], displayName: randomName('A'), members: [{ value: u.id }, { value: other.id }] });
    await scim.createGroup({ schemas: [SCHEMAS.group], displayName: randomName('B'), members: [{ value: u.id }] });
    const deleted = await recordedBy(async () => expectStatus(await scim.delete(`/Users/${u.id}`), 204));
    expect(members(deleted)).toEqual([u.id]);
  });
});

describe('change records for group writes', () => {
  test('a PATCH adding 150 members records them in one shared record, each named once', async () => {
    const users = await Promise.all(Array.from({ length: 150 }, () => newUser()));
    const group = await scim.createGroup({ schemas: [SCHEMAS.group], displayName: randomName('Big ') });
    const before = new Set((await rawDocs(h, scim.org.id, 'changes')).map((d) => String(d._id)));
    const value = users.map((u) => ({ value: u.id as string }));
    expectStatus(await scim.patch(`/Groups/${group.id}`, patchOp({ op: 'add', path: 'members', value })), 204);
    const inserted = (await rawDocs(h, scim.org.id, 'changes')).filter((d) => !before.has(String(d._id)));
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toMatchObject({ memberId: null, reason: `added to group "${group.displayName}"` });
    expect(sorted(inserted[0].memberIds as string[])).toEqual(sorted(users.map((u) => u.id as string)));
  });

  test('exactly the members a write affects', async () => {
    const [a, b, c, d, e] = (await Promise.all([1, 2, 3, 4, 5].map(() => newUser()))).map((u) => u.id as string);
    const name = randomName('Team ');
    let gid = '';

    const created = await recordedBy(async () => {
      gid = (await scim.createGroup({ schemas: [SCHEMAS.group], displayName: name, members: [{ value: a }, { value: b }] })).id;
    });
    expect(members(created)).toEqual(sorted([a, b]));
    expect(reasonsOf(created, a)).toEqual([`added to group "${name}"`]);

    const emptyGroup = await recordedBy(() => scim.createGroup({ schemas: [SCHEMAS.group], displayName: randomName('Empty') }));
    expect(emptyGroup).toEqual([]);

    const delta = await recordedBy(async () =>
      expectStatus(
        await scim.patch(
          `/Groups/${gid}`,
          patchOp({ op: 'add', path: 'members', value: [{ value: c }, { value: b }] }, { op: 'remove', path: `members[value eq "${a}"]` }),
        ),
        204,
      ),
    );
    expect(members(delta)).toEqual(sorted([a, c]));
    expect(reasonsOf(delta, a)).toEqual([`removed from group "${name}"`]);
    expect(reasonsOf(delta, c)).toEqual([`added to group "${name}"`]);

    // Adding a member again, removing a non-member, and an unchanged name: nothing.
    const idempotent = await recordedBy(async () => {
      expectStatus(await scim.patch(`/Groups/${gid}`, patchOp({ op: 'add', path: 'members', value: [{ value: b }] })), 204);
      expectStatus(await scim.patch(`/Groups/${gid}`, patchOp({ op: 'remove', path: 'members', value: [{ value: e }] })), 204);
      expectStatus(await scim.patch(`/Groups/${gid}`, patchOp({ op: 'replace', value: { id: gid, displayName: name } })), 204);
    });
    expect(idempotent).toEqual([]);

    // An externalId change does not touch licenses.
    const external = await recordedBy(async () => expectStatus(await scim.patch(`/Groups/${gid}`, patchOp({ op: 'replace', path: 'externalId', value: 'x-1' })), 204));
    expect(external).toEqual([]);

    // A rename touches every member (team names follow group names); with a member added in
    // the same request, that member is recorded once.
    const renamedTo = randomName('Renamed ');
    const renamed = await recordedBy(async () =>
      expectStatus(
        await scim.patch(`/Groups/${gid}`, patchOp({ op: 'replace', value: { id: gid, displayName: renamedTo } }, { op: 'add', path: 'members', value: [{ value: d }] })),
        204,
      ),
    );
    expect(members(renamed)).toEqual(sorted([b, c, d]));
    expect(reasonsOf(renamed, d)).toEqual([`added to group "${renamedTo}"`]);
    expect(reasonsOf(renamed, b)).toEqual([`group renamed to "${renamedTo}"`]);

    // PUT with the full list: the difference only.
    const put = await recordedBy(async () =>
      expectStatus(await scim.put(`/Groups/${gid}`, { schemas: [SCHEMAS.group], displayName: renamedTo, members: [{ value: b }, { value: d }, { value: e }] }), 200),
    );
    expect(members(put)).toEqual(sorted([c, e]));
    expect(reasonsOf(put, c)).toEqual([`removed from group "${renamedTo}"`]);
    expect(reasonsOf(put, e)).toEqual([`added to group "${renamedTo}"`]);

    const deleted = await recordedBy(async () => expectStatus(await scim.delete(`/Groups/${gid}`), 204));
    expect(members(deleted)).toEqual(sorted([b, d, e]));
    expect(reasonsOf(deleted, b)).toEqual([`group "${renamedTo}" deleted`]);
  });
});

describe('no waiting for workers', () => {
  test('writes answer at once with no worker running; the records and a job stay for the workers', async () => {
    const { result: res, ms } = await timed(() => scim.post('/Users', { schemas: [SCHEMAS.user], userName: `${randomName()}@example.com` }));
    expectStatus(res, 201);
    expect(ms).toBeLessThan(2000);
    const group = await scim.createGroup({ schemas: [SCHEMAS.group], displayName: randomName('G'), members: [{ value: res.body.id }] });
    await new Promise((r) => setTimeout(r, 200));
    const records = await rawDocs(h, scim.org.id, 'changes');
    expect(records.filter((r) => r.memberId === res.body.id)).toHaveLength(2);
    const jobs = await h.runtime.queues.reconcile.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(jobs.filter((j) => j.data.orgId === scim.org.id).length).toBeGreaterThan(0);
    expect(group.id).toEqual(expect.any(String));
  });
});
