import type { UserDocument } from '../../../src/directory/documents';
import type { ChangeDocument } from '../../../src/events/change-documents';
import type { VersionClaim } from '../../../src/infra/versioned-write';
import { licenseIds, type LicenseDocument } from '../../../src/licenses/license-documents';
import { createLicenseKit, expectInvariant, type LicenseKit, type OrgLicenseState } from './license-kit';

let kit: LicenseKit;
beforeAll(async () => {
  kit = await createLicenseKit();
});
afterAll(async () => {
  await kit.close();
});

const job = { name: 'reconcile-org', attempt: 1 };

/** Two orgs built alike: 12 team members (in 3 requests) for 5 licenses, 3 users in no team. */
async function crowdedOrg() {
  const { orgId, dir } = await kit.newOrg(5);
  const team = await dir.group('Team');
  const users = await dir.manyUsers(15);
  await dir.addMembers(team.id, users.slice(0, 12).map((u) => u.id));
  const t0 = kit.clock.now().getTime();
  for (let request = 0; request < 3; request++) {
    await dir.change(users.slice(request * 5, request * 5 + 5).map((u) => u.id), 'users created', new Date(t0 + request));
  }
  return { orgId, dir, users };
}

function outcome(state: OrgLicenseState, users: UserDocument[]) {
  return {
    states: users.map((u) => state.stateOf(u.id)),
    queue: state.queue.map((id) => users.findIndex((u) => u.id === id)),
    slotHolders: state.slots.map((s) => users.findIndex((u) => u.id === s.memberId)).sort((a, b) => a - b),
  };
}

describe('concurrent and repeated reconciles', () => {
  test('five passes of the same org at once, without the lock: the invariant holds and the result is that of one pass', async () => {
    const reference = await crowdedOrg();
    await kit.licenses.reconciler.runPasses(reference.orgId, job);
    const expected = outcome(await kit.read(reference.orgId), reference.users);
    expect(expected.states.filter((s) => s === 'active')).toHaveLength(5);

    const raced = await crowdedOrg();
    await Promise.all([1, 2, 3, 4, 5].map(() => kit.licenses.reconciler.runPasses(raced.orgId, job)));
    const state = await kit.read(raced.orgId);
    expectInvariant(state, 5);
    expect(outcome(state, raced.users)).toEqual(expected);
    expect(await kit.licenses.syncStatus.status(raced.orgId)).toMatchObject({ settled: true, pending: 0 });
    const summary = await kit.licenses.summaries.summary(raced.orgId);
    expect(summary).toMatchObject({ purchased: 5, active: 5, available: 0, awaiting: 7, exhausted: true });
  });

  test('five reconcileOrg calls at once: one runs, the others defer to a follow-up job', async () => {
    const { orgId } = await crowdedOrg();
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => kit.licenses.reconcileOrg(orgId)));
    expect(outcomes.filter((o) => o.status === 'done' && o.passes > 0)).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'deferred').length).toBeGreaterThanOrEqual(1);
    const followUps = await kit.h.runtime.queues.reconcile.getJobs(['delayed', 'waiting']);
    expect(followUps.some((j) => j.data.orgId === orgId && String(j.id).includes('follow-up'))).toBe(true);
    expectInvariant(await kit.read(orgId), 5);
  });

  test('a duplicate job finds nothing to do and changes nothing', async () => {
    const { orgId } = await crowdedOrg();
    await kit.licenses.reconcileOrg(orgId);
    const before = await kit.read(orgId);
    expect(await kit.licenses.reconcileOrg(orgId)).toEqual({ status: 'done', passes: 0, applied: 0 });
    const after = await kit.read(orgId);
    expect([...after.members.values()].map((m) => m.updatedAt)).toEqual([...before.members.values()].map((m) => m.updatedAt));
  });

  test('a change that arrives during a pass stays for the next pass', async () => {
    const { orgId, dir } = await kit.newOrg(5);
    const [a] = await dir.manyUsers(1);
    await dir.change([a.id]);
    // The late record is inserted once the pass has loaded its records and reads the directory.
    let late: Promise<unknown> | undefined;
    const stopObserving = kit.h.runtime.store.observe((collection, observedOrg) => {
      if (observedOrg === orgId && collection.startsWith('users') && !late) late = dir.change([a.id], 'late');
    });
    try {
      const result = await kit.licenses.reconciler.runPasses(orgId, job);
      await late;
      expect(result).toEqual({ status: 'done', passes: 2, applied: 2 });
    } finally {
      stopObserving();
    }
    expect(await kit.h.runtime.store.tenant<ChangeDocument>(orgId, 'changes').count()).toBe(0);
  });
});

describe('crash repair (leftovers older than 30 s)', () => {
  async function orgWithWaiter() {
    const { orgId, dir } = await kit.newOrg(1);
    const team = await dir.group('Team');
    const [waiter] = await dir.manyUsers(1);
    await dir.addMembers(team.id, [waiter.id]);
    return { orgId, dir, waiter };
  }

  test('a holder without a slot is left alone while young, then repaired and the member granted', async () => {
    const { orgId, dir, waiter } = await orgWithWaiter();
    const licenses = kit.h.runtime.store.tenant<LicenseDocument>(orgId, 'licenses');
    // A worker died between the two inserts of a grant.
    await licenses.insert({ _id: licenseIds.holder(orgId, waiter.id), orgId, kind: 'holder', memberId: waiter.id, grantId: 'dead-grant', at: kit.clock.now(), invitedAt: null });
    await dir.change([waiter.id]);
    await kit.licenses.reconcileOrg(orgId);
    let state = await kit.read(orgId);
    expect(state.slots).toHaveLength(0);
    expect(state.stateOf(waiter.id)).toBeUndefined();

    kit.clock.advance(31_000);
    expect((await kit.licenses.expiry.run()).due).toContain(orgId);
    await kit.licenses.reconcileOrg(orgId);
    state = await kit.read(orgId);
    expect(state.stateOf(waiter.id)).toBe('active');
    expect(state.slots).toEqual([expect.objectContaining({ memberId: waiter.id, slot: 0 })]);
    expect(state.slots[0].grantId).not.toBe('dead-grant');
  });

  test('an old slot whose holder is gone is freed for the waiting list', async () => {
    const { orgId, dir, waiter } = await orgWithWaiter();
    const licenses = kit.h.runtime.store.tenant<LicenseDocument>(orgId, 'licenses');
    await licenses.insert({ _id: licenseIds.slot(orgId, 0), orgId, kind: 'slot', slot: 0, memberId: 'someone-gone', grantId: 'old', at: new Date(kit.clock.now().getTime() - 60_000) });
    await dir.change([waiter.id]);
    await kit.licenses.reconcileOrg(orgId);
    const state = await kit.read(orgId);
    expect(state.stateOf(waiter.id)).toBe('active');
    expect(state.slots).toEqual([expect.objectContaining({ memberId: waiter.id })]);
  });

  test('a young orphan slot counts as used: nobody is granted past the cap meanwhile', async () => {
    const { orgId, dir, waiter } = await orgWithWaiter();
    const licenses = kit.h.runtime.store.tenant<LicenseDocument>(orgId, 'licenses');
    await licenses.insert({ _id: licenseIds.slot(orgId, 0), orgId, kind: 'slot', slot: 0, memberId: 'in-flight', grantId: 'g', at: kit.clock.now() });
    await dir.change([waiter.id]);
    await kit.licenses.reconcileOrg(orgId);
    expect((await kit.read(orgId)).stateOf(waiter.id)).toBe('awaiting_license');
  });
});

describe('the directory as the SCIM layer leaves it', () => {
  test('a user document behind its latest version claim is read at the claimed version', async () => {
    const { orgId, dir } = await kit.newOrg(2);
    const team = await dir.group('Team');
    const [a] = await dir.manyUsers(1);
    await dir.addMembers(team.id, [a.id]);
    await dir.change([a.id]);
    await kit.licenses.reconcileOrg(orgId);
    // A PATCH active=false whose writer claimed version 2 but has not written the cache yet.
    const claims = kit.h.runtime.store.tenant<VersionClaim & { orgId: string }>(orgId, 'versions');
    await claims.insert({ _id: `${a._id}@2`, orgId, resource: a._id, version: 2, doc: { ...a, active: false, attrs: { ...a.attrs, active: false }, version: 2 }, at: kit.clock.now() });
    await dir.change([a.id], 'user deactivated');
    await kit.licenses.reconcileOrg(orgId);
    expect((await kit.read(orgId)).stateOf(a.id)).toBe('suspended');
  });

  test('a tombstone claim means deleted even if the cached document came back', async () => {
    const { orgId, dir } = await kit.newOrg(2);
    const team = await dir.group('Team');
    const [a] = await dir.manyUsers(1);
    await dir.addMembers(team.id, [a.id]);
    await dir.change([a.id]);
    await kit.licenses.reconcileOrg(orgId);
    const claims = kit.h.runtime.store.tenant<VersionClaim & { orgId: string }>(orgId, 'versions');
    await claims.insert({ _id: `${a._id}@2`, orgId, resource: a._id, version: 2, doc: { _id: a._id, orgId, version: 2, deleted: true }, at: kit.clock.now() });
    await dir.change([a.id], 'user deleted');
    await kit.licenses.reconcileOrg(orgId);
    const state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('deleted');
    expect(state.slots).toHaveLength(0);
  });
});
