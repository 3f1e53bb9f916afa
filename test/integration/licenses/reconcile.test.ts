import type { JobLogDocument } from '../../../src/sync-log/job-log-writer';
import { SELF_CHECK_EVERY_MS } from '../../../src/licenses/expiry-scanner';
import { createLicenseKit, expectInvariant, type LicenseKit } from './license-kit';

let kit: LicenseKit;
beforeAll(async () => {
  kit = await createLicenseKit();
});
afterAll(async () => {
  await kit.close();
});

const reconcile = (orgId: string) => kit.licenses.reconcileOrg(orgId);

describe('reconcileOrg: grants and the waiting list', () => {
  test('members of a team get a license; a user in no team is provisioned', async () => {
    const { orgId, dir } = await kit.newOrg(10);
    const [a, b, loner] = await dir.manyUsers(3);
    const team = await dir.group('Engineering');
    await dir.addMembers(team.id, [a.id, b.id]);
    await dir.change([a.id, b.id, loner.id], 'users created');

    const outcome = await reconcile(orgId);
    expect(outcome).toMatchObject({ status: 'done', passes: 1 });
    const state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('active');
    expect(state.stateOf(b.id)).toBe('active');
    expect(state.stateOf(loner.id)).toBe('provisioned');
    expect(state.members.get(a.id)).toMatchObject({ teams: [{ id: team.id, name: 'Engineering' }], userName: a.attrs.userName });
    expect(state.members.get(a.id)?.heldSince).toBeInstanceOf(Date);
    expect(state.slots.map((s) => s.slot).sort()).toEqual([0, 1]);
    expectInvariant(state, 10);
    expect(await kit.licenses.syncStatus.status(orgId)).toEqual({ settled: true, pending: 0, oldestPendingAt: null });
  });

  test('a need dates from the request that made it, not from an earlier change the same pass applies', async () => {
    const { orgId, dir } = await kit.newOrg(2);
    const [a, b] = await dir.manyUsers(2);
    await dir.change([a.id, b.id], 'users created');
    await reconcile(orgId);
    kit.clock.advance(1000);
    // c's creation is still pending when the group that puts a, b and c in a team arrives.
    const c = await dir.user();
    await dir.change([c.id], 'user created');
    kit.clock.advance(1000);
    const team = await dir.group('Team');
    await dir.addMembers(team.id, [a.id, b.id, c.id]);
    await dir.change([a.id, b.id, c.id], 'group created');
    await reconcile(orgId);
    const state = await kit.read(orgId);
    // All three first needed a license through the group request: ties go by creation.
    expect([state.stateOf(a.id), state.stateOf(b.id), state.stateOf(c.id)]).toEqual(['active', 'active', 'awaiting_license']);
    expect(state.queue).toEqual([c.id]);
  });

  test('one license however many teams', async () => {
    const { orgId, dir } = await kit.newOrg(5);
    const [a] = await dir.manyUsers(1);
    const t1 = await dir.group('One');
    const t2 = await dir.group('Two');
    await dir.addMembers(t1.id, [a.id]);
    await dir.addMembers(t2.id, [a.id]);
    await dir.change([a.id]);
    await reconcile(orgId);
    const state = await kit.read(orgId);
    expect(state.slots).toHaveLength(1);
    expect(state.members.get(a.id)?.teams.map((t) => t.name)).toEqual(['One', 'Two']);
  });

  test('a full pool queues members FIFO, ties by creation time; releases and purchases drain it in order', async () => {
    const { orgId, dir } = await kit.newOrg(2);
    const team = await dir.group('Team');
    const users = await dir.manyUsers(5);
    const [u0, u1, u2, u3, u4] = users;
    // u3 and u4 first need a license in a later request than u0..u2.
    await dir.addMembers(team.id, users.map((u) => u.id));
    const first = kit.clock.now();
    await dir.change([u2.id, u1.id, u0.id], 'added to group', first);
    kit.clock.advance(1000);
    await dir.change([u4.id, u3.id], 'added to group');
    await reconcile(orgId);

    let state = await kit.read(orgId);
    expect(users.map((u) => state.stateOf(u.id))).toEqual(['active', 'active', 'awaiting_license', 'awaiting_license', 'awaiting_license']);
    expect(state.queue).toEqual([u2.id, u3.id, u4.id]);
    const page = await kit.licenses.members.list(orgId, { state: 'awaiting_license', limit: 10 });
    expect(Object.fromEntries(page.items.map((m) => [m.id, m.queuePosition]))).toEqual({ [u2.id]: 1, [u3.id]: 2, [u4.id]: 3 });
    expect((await kit.licenses.summaries.summary(orgId)).exhausted).toBe(true);

    // Deleting a holder returns its license; the head of the list gets it in the same pass.
    await dir.deleteUser(u0.id);
    await dir.change([u0.id], 'user deleted');
    await reconcile(orgId);
    state = await kit.read(orgId);
    expect(state.stateOf(u0.id)).toBe('deleted');
    expect(state.stateOf(u2.id)).toBe('active');
    expect(state.queue).toEqual([u3.id, u4.id]);
    expectInvariant(state, 2);

    // Buying one more serves the next in line, and only it.
    await kit.licenses.purchases.purchase(orgId, 1, 'purchase-1');
    await reconcile(orgId);
    state = await kit.read(orgId);
    expect(state.stateOf(u3.id)).toBe('active');
    expect(state.stateOf(u4.id)).toBe('awaiting_license');
    expectInvariant(state, 3);
    const summary = await kit.licenses.summaries.summary(orgId);
    expect(summary).toMatchObject({ purchased: 3, active: 3, available: 0, awaiting: 1, exhausted: true });
    expect(summary.teams).toEqual([{ id: team.id, name: 'Team', members: 4, licensed: 3 }]);

    const log = await kit.h.runtime.store.tenant<JobLogDocument>(orgId, 'sync_log').find({ correlationId: 'purchase-1' });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'job', status: 'ok', name: 'reconcile-org', summary: 'license granted to 1 member' });
    expect(log[0].effects).toEqual([expect.objectContaining({ memberId: u3.id, from: 'awaiting_license', to: 'active', effect: 'license granted' })]);
  });

  test('a member removed from every team keeps its license (unassigned) until deleted', async () => {
    const { orgId, dir } = await kit.newOrg(1);
    const team = await dir.group('Team');
    const [a, b] = await dir.manyUsers(2);
    await dir.addMembers(team.id, [a.id, b.id]);
    await dir.change([a.id, b.id]);
    await reconcile(orgId);
    await dir.removeMembers(team.id, [a.id]);
    await dir.change([a.id], 'removed from group');
    await reconcile(orgId);
    let state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('unassigned');
    expect(state.stateOf(b.id)).toBe('awaiting_license');
    expect((await kit.licenses.summaries.summary(orgId)).unassigned).toBe(1);

    // Joining a team again: active with the same license.
    const heldSince = state.members.get(a.id)?.heldSince;
    await dir.addMembers(team.id, [a.id]);
    await dir.change([a.id], 'added to group');
    await reconcile(orgId);
    state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('active');
    expect(state.members.get(a.id)?.heldSince).toEqual(heldSince);
  });

  test('leaving every team while waiting: back to provisioned, off the list', async () => {
    const { orgId, dir } = await kit.newOrg(0);
    const team = await dir.group('Team');
    const [a] = await dir.manyUsers(1);
    await dir.addMembers(team.id, [a.id]);
    await dir.change([a.id]);
    await reconcile(orgId);
    expect((await kit.read(orgId)).stateOf(a.id)).toBe('awaiting_license');
    await dir.removeMembers(team.id, [a.id]);
    await dir.change([a.id]);
    await reconcile(orgId);
    const state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('provisioned');
    expect(state.waiting).toHaveLength(0);
  });
});

describe('reconcileOrg: suspension, reactivation, deletion', () => {
  test('suspension releases the license at once and the waiting list drains; reactivation joins the tail', async () => {
    const { orgId, dir } = await kit.newOrg(1);
    const team = await dir.group('Team');
    const [a, b, c] = await dir.manyUsers(3);
    await dir.addMembers(team.id, [a.id, b.id, c.id]);
    await dir.change([a.id, b.id, c.id]);
    await reconcile(orgId);
    expect((await kit.read(orgId)).queue).toEqual([b.id, c.id]);

    await dir.setActive(a.id, false);
    await dir.change([a.id], 'user deactivated');
    await reconcile(orgId);
    let state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('suspended');
    expect(state.members.get(a.id)?.suspendedAt).toBeInstanceOf(Date);
    expect(state.stateOf(b.id)).toBe('active');

    kit.clock.advance(1000);
    await dir.setActive(a.id, true);
    await dir.change([a.id], 'user reactivated');
    await reconcile(orgId);
    state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('awaiting_license');
    expect(state.queue).toEqual([c.id, a.id]);
    expect(state.members.get(a.id)?.suspendedAt).toBeNull();
    expectInvariant(state, 1);
  });

  test('a pass decides the members its records name; a change whose record was lost waits for the hourly check of every member', async () => {
    const { orgId, dir } = await kit.newOrg(2);
    const team = await dir.group('Team');
    const [a, b] = await dir.manyUsers(2);
    await dir.addMembers(team.id, [a.id, b.id]);
    await dir.change([a.id, b.id]);
    await reconcile(orgId);
    // b is deactivated but its change record never made it to the store.
    await dir.setActive(b.id, false);
    await dir.setActive(a.id, false);
    await dir.change([a.id], 'user deactivated');
    await reconcile(orgId);
    let state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('suspended');
    expect(state.stateOf(b.id)).toBe('active');

    kit.clock.advance(SELF_CHECK_EVERY_MS - 1000);
    expect((await kit.licenses.expiry.run()).checked).not.toContain(orgId);
    kit.clock.advance(1000);
    expect(await kit.licenses.expiry.run()).toMatchObject({ checked: expect.arrayContaining([orgId]), due: expect.not.arrayContaining([orgId]) });
    await reconcile(orgId);
    state = await kit.read(orgId);
    expect(state.stateOf(b.id)).toBe('suspended');
    expect(state.members.get(b.id)?.heldSince).toBeNull();
    expect(state.slots).toEqual([]);
    // The check itself is a full pass: the next one is due an hour later.
    expect((await kit.licenses.expiry.run()).checked).not.toContain(orgId);
  });

  test('suspendedHoldDays keeps the license until the hold ends; the expiry job releases it', async () => {
    const { orgId, dir } = await kit.newOrg(1, { suspendedHoldDays: 2 });
    const team = await dir.group('Team');
    const [a, b] = await dir.manyUsers(2);
    await dir.addMembers(team.id, [a.id, b.id]);
    await dir.change([a.id, b.id]);
    await reconcile(orgId);
    await dir.setActive(a.id, false);
    await dir.change([a.id], 'user deactivated');
    await reconcile(orgId);
    let state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('suspended');
    expect(state.members.get(a.id)?.heldSince).not.toBeNull();
    expect(state.stateOf(b.id)).toBe('awaiting_license');

    kit.clock.advanceDays(1);
    expect((await kit.licenses.expiry.run()).due).not.toContain(orgId);
    kit.clock.advanceDays(1.01);
    expect((await kit.licenses.expiry.run()).due).toContain(orgId);
    await reconcile(orgId);
    state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('suspended');
    expect(state.members.get(a.id)?.heldSince).toBeNull();
    expect(state.stateOf(b.id)).toBe('active');
  });

  test('reactivation within the hold keeps the license', async () => {
    const { orgId, dir } = await kit.newOrg(1, { suspendedHoldDays: 5 });
    const team = await dir.group('Team');
    const [a] = await dir.manyUsers(1);
    await dir.addMembers(team.id, [a.id]);
    await dir.change([a.id]);
    await reconcile(orgId);
    await dir.setActive(a.id, false);
    await dir.change([a.id]);
    await reconcile(orgId);
    kit.clock.advanceDays(1);
    await dir.setActive(a.id, true);
    await dir.change([a.id]);
    await reconcile(orgId);
    const state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('active');
    expect(state.slots).toHaveLength(1);
  });

  test('a user created and deleted before any pass saw it is shown as deleted', async () => {
    const { orgId, dir } = await kit.newOrg(1);
    const user = await dir.user();
    await dir.change([user.id], 'user created');
    await dir.deleteUser(user.id);
    await dir.change([user.id], 'user deleted');
    await reconcile(orgId);
    const member = (await kit.read(orgId)).members.get(user.id);
    expect(member).toMatchObject({ state: 'deleted', userName: null, teams: [], heldSince: null });
  });

  test('a deleted member keeps its read model, state deleted, and the license returns', async () => {
    const { orgId, dir } = await kit.newOrg(3);
    const team = await dir.group('Team');
    const [a] = await dir.manyUsers(1);
    await dir.addMembers(team.id, [a.id]);
    await dir.change([a.id]);
    await reconcile(orgId);
    await dir.deleteUser(a.id);
    await dir.change([a.id], 'user deleted');
    await reconcile(orgId);
    const state = await kit.read(orgId);
    expect(state.members.get(a.id)).toMatchObject({ state: 'deleted', heldSince: null, teams: [], userName: a.attrs.userName });
    expect(state.slots).toHaveLength(0);
    const view = await kit.licenses.members.get(orgId, a.id);
    expect(view.state).toBe('deleted');
    expect((await kit.licenses.members.list(orgId, { limit: 10 })).items).toHaveLength(0);
    expect((await kit.licenses.members.list(orgId, { state: 'deleted', limit: 10 })).items).toHaveLength(1);
  });
});

describe('reconcileOrg: settings', () => {
  test('defaultTeam puts every active member in one team', async () => {
    const { orgId, dir } = await kit.newOrg(2, { defaultTeam: 'Everyone' });
    const users = await dir.manyUsers(3);
    await dir.change(users.map((u) => u.id), 'users created');
    await reconcile(orgId);
    const state = await kit.read(orgId);
    expect(users.map((u) => state.stateOf(u.id))).toEqual(['active', 'active', 'awaiting_license']);
    expect(state.members.get(users[0].id)?.teams).toEqual([{ id: 'default', name: 'Everyone' }]);
    const summary = await kit.licenses.summaries.summary(orgId);
    expect(summary.teams).toEqual([{ id: 'default', name: 'Everyone', members: 3, licensed: 2 }]);
  });

  test('teamGroupPrefix: only matching groups are teams; a rename changes team-ness', async () => {
    const { orgId, dir } = await kit.newOrg(5, { teamGroupPrefix: 'Team-' });
    const team = await dir.group('Team-Sales');
    const other = await dir.group('All staff');
    const [a, b] = await dir.manyUsers(2);
    await dir.addMembers(team.id, [a.id]);
    await dir.addMembers(other.id, [b.id]);
    await dir.change([a.id, b.id]);
    await reconcile(orgId);
    let state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('active');
    expect(state.stateOf(b.id)).toBe('provisioned');
    expect((await kit.licenses.summaries.summary(orgId)).teams.map((t) => t.name)).toEqual(['Team-Sales']);

    await dir.renameGroup(other.id, 'Team-Staff');
    await dir.change([b.id], 'group renamed');
    await reconcile(orgId);
    state = await kit.read(orgId);
    expect(state.stateOf(b.id)).toBe('active');
    expect(state.members.get(b.id)?.teams).toEqual([{ id: other.id, name: 'Team-Staff' }]);
  });

  test('a targeted pass in an org with many memberships reads its members\' by (group, user) instead of scanning them all', async () => {
    const { orgId, dir } = await kit.newOrg(100, { teamGroupPrefix: 'Team-' });
    const [teamA, teamB, staff] = [await dir.group('Team-A'), await dir.group('Team-B'), await dir.group('All staff')];
    const users = await dir.manyUsers(80);
    const [a, b] = users;
    await dir.addMembers(staff.id, users.map((u) => u.id));
    await dir.addMembers(teamA.id, [a.id]);
    // A full pass counts the org's 81 memberships: reading 3 groups × 2 members by `_id` costs less than scanning them.
    await dir.change([null], 'settings changed');
    await reconcile(orgId);
    expect((await kit.read(orgId)).stateOf(a.id)).toBe('active');

    await dir.removeMembers(teamA.id, [a.id]);
    await dir.addMembers(teamB.id, [b.id]);
    await dir.change([a.id, b.id], 'group members changed');
    const membershipQueries: object[] = [];
    const stop = kit.h.runtime.store.observe((collection, id, filter) => {
      if (id === orgId && collection.startsWith('memberships')) membershipQueries.push(filter);
    });
    try {
      await reconcile(orgId);
    } finally {
      stop();
    }
    const state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('unassigned');
    expect(state.members.get(a.id)?.teams).toEqual([]);
    expect(state.stateOf(b.id)).toBe('active');
    expect(state.members.get(b.id)?.teams).toEqual([{ id: teamB.id, name: 'Team-B' }]);
    expect(membershipQueries.length).toBeGreaterThan(0);
    expect(membershipQueries.every((filter) => Object.keys(filter).join() === '_id')).toBe(true);
  });

  test('a settings change is an org-wide change that re-decides every member', async () => {
    const { orgId, dir } = await kit.newOrg(5);
    const users = await dir.manyUsers(2);
    await dir.change(users.map((u) => u.id));
    await reconcile(orgId);
    expect((await kit.read(orgId)).stateOf(users[0].id)).toBe('provisioned');
    await kit.h.runtime.orgs.updateSettings(orgId, { defaultTeam: 'Everyone' });
    expect((await kit.licenses.syncStatus.status(orgId)).settled).toBe(false);
    await reconcile(orgId);
    const state = await kit.read(orgId);
    expect(users.map((u) => state.stateOf(u.id))).toEqual(['active', 'active']);
    expect((await kit.licenses.syncStatus.status(orgId)).settled).toBe(true);
  });

  test('lowering purchased never evicts; nobody is granted until the held count is below it', async () => {
    const { orgId, dir } = await kit.newOrg(3);
    const team = await dir.group('Team');
    const users = await dir.manyUsers(4);
    await dir.addMembers(team.id, users.map((u) => u.id));
    await dir.change(users.map((u) => u.id));
    await reconcile(orgId);
    await kit.licenses.purchases.purchase(orgId, -2, null);
    await reconcile(orgId);
    let state = await kit.read(orgId);
    expect(users.map((u) => state.stateOf(u.id))).toEqual(['active', 'active', 'active', 'awaiting_license']);

    // Releasing one leaves 2 held of 1 purchased: still nobody is granted.
    await dir.deleteUser(users[0].id);
    await dir.change([users[0].id]);
    await reconcile(orgId);
    state = await kit.read(orgId);
    expect(state.slots).toHaveLength(2);
    expect(state.stateOf(users[3].id)).toBe('awaiting_license');
    expect(state.slots.map((s) => s.memberId).sort()).toEqual([users[1].id, users[2].id].sort());
  });
});

describe('the SCIM layer hooks', () => {
  test('freeLicenses and the reject gate count holders and waiters', async () => {
    const { orgId, dir } = await kit.newOrg(2, { exhaustedPolicy: 'reject' });
    const team = await dir.group('Team');
    const [a, b, c] = await dir.manyUsers(3);
    await dir.addMembers(team.id, [a.id]);
    await dir.change([a.id]);
    await reconcile(orgId);
    expect(await kit.licenses.freeLicenses(orgId)).toBe(1);
    await expect(kit.licenses.gate.assertLicensesFor(orgId, [a.id, b.id], 'members join team')).resolves.toBeUndefined();
    await expect(kit.licenses.gate.assertLicensesFor(orgId, [b.id, c.id], 'members join team')).rejects.toMatchObject({ code: 'POOL_EXHAUSTED', status: 403 });
    expect(await kit.licenses.gate.isTeamName(orgId, 'Anything')).toBe(true);
    expect(await kit.licenses.gate.hasDefaultTeam(orgId)).toBe(false);
  });

  test('the reject gate counts only members who would newly need a license', async () => {
    const { orgId, dir } = await kit.newOrg(0, { exhaustedPolicy: 'reject', teamGroupPrefix: 'team-' });
    const team = await dir.group('team-a');
    const notATeam = await dir.group('everyone');
    const [inactive, active, loose] = await dir.manyUsers(3, (i) => ({ active: i !== 0 }));
    // Joining a team: an inactive member needs no license, an active one does.
    await expect(kit.licenses.gate.assertTeamJoin(orgId, [inactive.id], 'team-a')).resolves.toBeUndefined();
    await expect(kit.licenses.gate.assertTeamJoin(orgId, [inactive.id, active.id], 'team-a')).rejects.toMatchObject({ code: 'POOL_EXHAUSTED' });
    await expect(kit.licenses.gate.assertTeamJoin(orgId, [active.id], 'everyone')).resolves.toBeUndefined();
    // Activation: only a user in a team (a team group, or the default team) needs one.
    await dir.addMembers(notATeam.id, [loose.id]);
    await expect(kit.licenses.gate.assertActivation(orgId, loose.id, 'a user is reactivated')).resolves.toBeUndefined();
    await dir.addMembers(team.id, [loose.id]);
    await expect(kit.licenses.gate.assertActivation(orgId, loose.id, 'a user is reactivated')).rejects.toMatchObject({ code: 'POOL_EXHAUSTED' });
    const withDefault = await kit.newOrg(0, { exhaustedPolicy: 'reject', defaultTeam: 'Everyone' });
    const [solo] = await withDefault.dir.manyUsers(1);
    await expect(kit.licenses.gate.assertActivation(withDefault.orgId, solo.id, 'a user is reactivated')).rejects.toMatchObject({ code: 'POOL_EXHAUSTED' });
  });

  test('license views for the SCIM User extension', async () => {
    const { orgId, dir } = await kit.newOrg(1);
    const team = await dir.group('Team');
    const [a, b, unseen] = await dir.manyUsers(3);
    await dir.addMembers(team.id, [a.id, b.id]);
    await dir.change([a.id, b.id]);
    await reconcile(orgId);
    const views = await kit.licenses.views.viewsFor(orgId, [a.id, b.id, unseen.id]);
    expect(views.get(a.id)).toEqual({ state: 'active', heldSince: expect.any(String) });
    expect(views.get(b.id)).toEqual({ state: 'awaiting_license', queuePosition: 1 });
    expect(views.get(unseen.id)).toEqual({ state: 'provisioned' });
  });
});
