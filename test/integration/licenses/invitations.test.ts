import { createLicenseKit, expectInvariant, type LicenseKit } from './license-kit';

let kit: LicenseKit;
beforeAll(async () => {
  kit = await createLicenseKit();
});
afterAll(async () => {
  await kit.close();
});

const reconcile = (orgId: string) => kit.licenses.reconcileOrg(orgId);

async function invitedOrg(licenses = 1, settings = {}) {
  const { orgId, dir } = await kit.newOrg(licenses, { invitationMode: 'invite', ...settings });
  const team = await dir.group('Team');
  return { orgId, dir, team };
}

describe('invitation mode (FAQ: pending license)', () => {
  test('joining a team sends an invitation: the license is pending until an admin accepts', async () => {
    const { orgId, dir, team } = await invitedOrg(1);
    const [a, b] = await dir.manyUsers(2);
    await dir.addMembers(team.id, [a.id, b.id]);
    await dir.change([a.id, b.id]);
    await reconcile(orgId);
    let state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('pending');
    expect(state.members.get(a.id)?.invitedAt).toBeInstanceOf(Date);
    expect(state.stateOf(b.id)).toBe('awaiting_license');
    expect((await kit.licenses.summaries.summary(orgId)).pending).toBe(1);
    expectInvariant(state, 1);

    const accepted = await kit.licenses.invitations.accept(orgId, a.id, 'req-accept');
    expect(accepted).toMatchObject({ id: a.id, state: 'active' });
    await reconcile(orgId);
    state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('active');
    expect(state.members.get(a.id)?.acceptedAt).toBeInstanceOf(Date);

    // Accepting again, or accepting a member without an invitation: NOT_PENDING.
    await expect(kit.licenses.invitations.accept(orgId, a.id, null)).rejects.toMatchObject({ code: 'NOT_PENDING', status: 409 });
    await expect(kit.licenses.invitations.accept(orgId, b.id, null)).rejects.toMatchObject({ code: 'NOT_PENDING' });
    await expect(kit.licenses.invitations.accept(orgId, 'no-such-member', null)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  test('a pending member accepted out of every team is unassigned', async () => {
    const { orgId, dir, team } = await invitedOrg(1);
    const [a] = await dir.manyUsers(1);
    await dir.addMembers(team.id, [a.id]);
    await dir.change([a.id]);
    await reconcile(orgId);
    await dir.removeMembers(team.id, [a.id]);
    await dir.change([a.id]);
    await reconcile(orgId);
    expect((await kit.read(orgId)).stateOf(a.id)).toBe('pending');
    await kit.licenses.invitations.accept(orgId, a.id, null);
    await reconcile(orgId);
    expect((await kit.read(orgId)).stateOf(a.id)).toBe('unassigned');
  });

  test('concurrent accepts: exactly one succeeds', async () => {
    const { orgId, dir, team } = await invitedOrg(1);
    const [a] = await dir.manyUsers(1);
    await dir.addMembers(team.id, [a.id]);
    await dir.change([a.id]);
    await reconcile(orgId);
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => kit.licenses.invitations.accept(orgId, a.id, null)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  test('an unaccepted invitation expires: license back to the pool, member provisioned, the next in line invited', async () => {
    const { orgId, dir, team } = await invitedOrg(1, { pendingInviteExpiryDays: 3 });
    const [a, b] = await dir.manyUsers(2);
    await dir.addMembers(team.id, [a.id, b.id]);
    await dir.change([a.id, b.id]);
    await reconcile(orgId);

    kit.clock.advanceDays(3.01);
    expect((await kit.licenses.expiry.run()).due).toContain(orgId);
    await reconcile(orgId);
    let state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('provisioned');
    expect(state.members.get(a.id)?.inviteExpiredAt).toBeInstanceOf(Date);
    expect(state.stateOf(b.id)).toBe('pending');
    await expect(kit.licenses.invitations.accept(orgId, a.id, null)).rejects.toMatchObject({ code: 'NOT_PENDING' });

    // Still in the same team: it does not need a license again. Joining another team does.
    await dir.change([a.id], 'user updated');
    await reconcile(orgId);
    expect((await kit.read(orgId)).stateOf(a.id)).toBe('provisioned');
    const other = await dir.group('Other');
    kit.clock.advance(1000);
    await dir.addMembers(other.id, [a.id]);
    await dir.change([a.id], 'added to group');
    await reconcile(orgId);
    state = await kit.read(orgId);
    expect(state.stateOf(a.id)).toBe('awaiting_license');
    expect(state.queue).toEqual([a.id]);
  });

  test('an invitation that expires while the next member waits: FIFO continues', async () => {
    const { orgId, dir, team } = await invitedOrg(2, { pendingInviteExpiryDays: 1 });
    const users = await dir.manyUsers(4);
    await dir.addMembers(team.id, users.map((u) => u.id));
    await dir.change(users.map((u) => u.id));
    await reconcile(orgId);
    await kit.licenses.invitations.accept(orgId, users[0].id, null);
    await reconcile(orgId);
    kit.clock.advanceDays(1.5);
    await kit.licenses.expiry.run();
    await reconcile(orgId);
    const state = await kit.read(orgId);
    expect(users.map((u) => state.stateOf(u.id))).toEqual(['active', 'provisioned', 'pending', 'awaiting_license']);
    expectInvariant(state, 2);
  });
});
