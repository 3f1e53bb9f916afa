import fc from 'fast-check';
import { OrgLicenseModel, type ModelSettings } from '../../support/license-model';

const AUTO: ModelSettings = { invitationMode: 'auto', defaultTeam: null, teamGroupPrefix: null, exhaustedPolicy: 'queue' };

function org(purchased: number, settings: Partial<ModelSettings> = {}): OrgLicenseModel {
  return new OrgLicenseModel({ ...AUTO, ...settings }, purchased);
}

function users(model: OrgLicenseModel, n: number): string[] {
  return Array.from({ length: n }, () => model.createUser(true)!);
}

const stateOf = (model: OrgLicenseModel, key: string) => model.member(key).state;
const states = (model: OrgLicenseModel, keys: string[]) => keys.map((k) => stateOf(model, k));

describe('the reference license model (CONTRACT.md rules)', () => {
  test('the waiting list is in order of first need, not of creation; a purchase serves its head', () => {
    const m = org(1);
    const [a, b, c] = users(m, 3);
    const team = m.createGroup('Team', [a])!;
    m.addMembers(team, [c]);
    m.addMembers(team, [b]);
    expect(states(m, [a, b, c])).toEqual(['active', 'awaiting_license', 'awaiting_license']);
    expect(m.waitingOrder()).toEqual([c, b]);
    expect(m.member(b).queuePosition).toBe(2);
    m.purchase(1);
    expect(states(m, [b, c])).toEqual(['awaiting_license', 'active']);
    expect(m.member(b).queuePosition).toBe(1);
  });

  test('members who first need a license through one request wait in creation order', () => {
    const m = org(0);
    const [a, b, c] = users(m, 3);
    m.createGroup('Team', [c, a, b]);
    expect(m.waitingOrder()).toEqual([a, b, c]);
  });

  test('removed from the last team: unassigned, keeps the license until a team or a delete', () => {
    const m = org(1);
    const [a, b] = users(m, 2);
    const team = m.createGroup('Team', [a, b])!;
    m.removeMembers(team, [a]);
    expect(states(m, [a, b])).toEqual(['unassigned', 'awaiting_license']);
    m.addMembers(team, [a]);
    expect(stateOf(m, a)).toBe('active');
    m.removeMembers(team, [a]);
    m.deleteUser(a);
    expect(states(m, [a, b])).toEqual(['deleted', 'active']);
    expect(m.member(a).teams).toEqual([]);
  });

  test('a waiting member that leaves every team stops waiting, and joins the tail when it needs one again', () => {
    const m = org(1);
    const [a, b, c] = users(m, 3);
    const team = m.createGroup('Team', [a, b, c])!;
    m.removeMembers(team, [b]);
    expect(stateOf(m, b)).toBe('provisioned');
    m.addMembers(team, [b]);
    expect(m.waitingOrder()).toEqual([c, b]);
  });

  test('deactivation releases at once; reactivation is a new arrival at the tail, or provisioned without a team', () => {
    const m = org(1);
    const [a, b, c, d] = users(m, 4);
    const team = m.createGroup('Team', [a, b, c])!;
    m.setActive(a, false);
    expect(states(m, [a, b, c])).toEqual(['suspended', 'active', 'awaiting_license']);
    m.setActive(a, true);
    expect(m.waitingOrder()).toEqual([c, a]);
    m.setActive(d, false);
    m.setActive(d, true);
    expect(stateOf(m, d)).toBe('provisioned');
    m.setActive(c, false);
    expect(m.waitingOrder()).toEqual([a]);
    expect(m.groupMembers(team)).toEqual([a, b, c]);
  });

  test('a user created inactive is suspended and needs nothing', () => {
    const m = org(1);
    const a = m.createUser(false)!;
    m.createGroup('Team', [a]);
    expect(m.member(a)).toMatchObject({ state: 'suspended', holdsLicense: false, queuePosition: null });
  });

  test('invite mode: pending until accepted, also out of every team; accepted out of teams is unassigned', () => {
    const m = org(1, { invitationMode: 'invite' });
    const [a, b] = users(m, 2);
    const team = m.createGroup('Team', [a, b])!;
    expect(states(m, [a, b])).toEqual(['pending', 'awaiting_license']);
    expect(m.accept(b)).toBe(false);
    m.removeMembers(team, [a]);
    expect(stateOf(m, a)).toBe('pending');
    expect(m.accept(a)).toBe(true);
    expect(stateOf(m, a)).toBe('unassigned');
    expect(m.accept(a)).toBe(false);
    m.setActive(a, false);
    expect(stateOf(m, b)).toBe('pending');
    m.setActive(a, true);
    expect(stateOf(m, a)).toBe('provisioned');
  });

  test('a teamGroupPrefix: only matching groups are teams; a rename moves a group in or out', () => {
    const m = org(1, { teamGroupPrefix: 'team-' });
    const [a, b] = users(m, 2);
    const misc = m.createGroup('misc-1', [a, b])!;
    expect(states(m, [a, b])).toEqual(['provisioned', 'provisioned']);
    m.renameGroup(misc, 'team-1');
    expect(states(m, [a, b])).toEqual(['active', 'awaiting_license']);
    expect(m.member(a).teams).toEqual([{ key: misc, name: 'team-1' }]);
    m.renameGroup(misc, 'misc-2');
    expect(states(m, [a, b])).toEqual(['unassigned', 'provisioned']);
    expect(m.summary().teams).toEqual([]);
  });

  test('deleting a group takes its members out of the team', () => {
    const m = org(1);
    const [a, b] = users(m, 2);
    const team = m.createGroup('Team', [a, b])!;
    m.deleteGroup(team);
    expect(states(m, [a, b])).toEqual(['unassigned', 'provisioned']);
    expect(m.waitingOrder()).toEqual([]);
  });

  test('a defaultTeam holds every active member', () => {
    const m = org(1, { defaultTeam: 'Everyone' });
    const [a, b] = users(m, 2);
    expect(states(m, [a, b])).toEqual(['active', 'awaiting_license']);
    expect(m.member(a).teams).toEqual([{ key: 'default', name: 'Everyone' }]);
    m.setActive(a, false);
    expect(m.member(a).teams).toEqual([]);
    expect(stateOf(m, b)).toBe('active');
    expect(m.summary().teams).toEqual([{ key: 'default', name: 'Everyone', members: 1, licensed: 1 }]);
  });

  test('reject policy: refused when new needs exceed the free licenses; no new need is never refused', () => {
    const m = org(1, { exhaustedPolicy: 'reject' });
    const [a, b] = users(m, 2);
    const idle = m.createUser(false)!;
    expect(m.createGroup('Big', [a, b])).toBeNull();
    const team = m.createGroup('Team', [a, idle])!;
    expect(stateOf(m, a)).toBe('active');
    expect(m.addMembers(team, [b])).toBe('rejected');
    expect(m.groupMembers(team)).toEqual([a, idle]);
    // Members holding a license, inactive members, and a reactivation into no team need none.
    expect(m.createGroup('Other', [a, idle])).not.toBeNull();
    const loner = m.createUser(false)!;
    expect(m.setActive(loner, true)).toBe('applied');
    expect(m.setActive(idle, true)).toBe('rejected');
    expect(m.isUserActive(idle)).toBe(false);
    m.purchase(1);
    expect(m.setActive(idle, true)).toBe('applied');
    expect(stateOf(m, idle)).toBe('active');
  });

  test('reject policy with a defaultTeam: a create that would need a license is refused', () => {
    const m = org(1, { exhaustedPolicy: 'reject', defaultTeam: 'Everyone' });
    expect(m.createUser(true)).toBe('u1');
    expect(m.createUser(true)).toBeNull();
    expect(m.createUser(false)).toBe('u2');
  });

  test('the summary counts states, the pool and the teams', () => {
    const m = org(2, { invitationMode: 'invite' });
    const [a, b, c, d] = users(m, 4);
    const team = m.createGroup('Team', [a, b, c])!;
    m.accept(a);
    m.setActive(d, false);
    expect(m.summary()).toEqual({
      purchased: 2,
      active: 1,
      pending: 1,
      unassigned: 0,
      available: 0,
      awaiting: 1,
      suspended: 1,
      exhausted: true,
      teams: [{ key: team, name: 'Team', members: 3, licensed: 2 }],
    });
  });

  test('any sequence of requests: the model keeps its own invariants', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('user' as const), active: fc.boolean() }),
      fc.record({ kind: fc.constant('active' as const), user: fc.nat(), active: fc.boolean() }),
      fc.record({ kind: fc.constant('delete' as const), user: fc.nat() }),
      fc.record({ kind: fc.constant('group' as const), team: fc.boolean(), users: fc.array(fc.nat(), { maxLength: 3 }) }),
      fc.record({ kind: fc.constant('add' as const), group: fc.nat(), users: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('remove' as const), group: fc.nat(), users: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }) }),
      fc.record({ kind: fc.constant('rename' as const), group: fc.nat(), team: fc.boolean() }),
      fc.record({ kind: fc.constant('dropGroup' as const), group: fc.nat() }),
      fc.record({ kind: fc.constant('buy' as const), quantity: fc.integer({ min: 1, max: 2 }) }),
      fc.record({ kind: fc.constant('accept' as const), user: fc.nat() }),
    );
    const settingsArb = fc.record({
      invitationMode: fc.constantFrom('auto' as const, 'invite' as const),
      defaultTeam: fc.constantFrom(null, 'Everyone'),
      teamGroupPrefix: fc.constantFrom(null, 'team-'),
      exhaustedPolicy: fc.constantFrom('queue' as const, 'reject' as const),
    });
    fc.assert(
      fc.property(settingsArb, fc.nat({ max: 3 }), fc.array(op, { maxLength: 40 }), (settings, purchased, ops) => {
        const m = new OrgLicenseModel(settings, purchased);
        let names = 0;
        const at = <T>(items: T[], i: number) => (items.length ? items[i % items.length] : undefined);
        for (const o of ops) {
          const live = m.userKeys();
          const groups = m.groupKeys();
          const name = (team: boolean) => `${team ? 'team-' : 'misc-'}${names++}`;
          if (o.kind === 'user') m.createUser(o.active);
          if (o.kind === 'active' && at(live, o.user)) m.setActive(at(live, o.user)!, o.active);
          if (o.kind === 'delete' && at(live, o.user)) m.deleteUser(at(live, o.user)!);
          if (o.kind === 'group') m.createGroup(name(o.team), [...new Set(o.users.map((u) => at(live, u)).filter((u): u is string => !!u))]);
          if (o.kind === 'add' && at(groups, o.group) && live.length) m.addMembers(at(groups, o.group)!, o.users.map((u) => at(live, u)!));
          if (o.kind === 'remove' && at(groups, o.group)) m.removeMembers(at(groups, o.group)!, o.users.map((u) => at(live, u)).filter((u): u is string => !!u));
          if (o.kind === 'rename' && at(groups, o.group)) m.renameGroup(at(groups, o.group)!, name(o.team));
          if (o.kind === 'dropGroup' && at(groups, o.group)) m.deleteGroup(at(groups, o.group)!);
          if (o.kind === 'buy') m.purchase(o.quantity);
          if (o.kind === 'accept' && at(live, o.user)) m.accept(at(live, o.user)!);

          const members = m.members();
          const holding = members.filter((x) => x.holdsLicense);
          expect(holding.length).toBeLessThanOrEqual(m.purchased);
          for (const x of members) {
            expect(x.holdsLicense).toBe(['pending', 'active', 'unassigned'].includes(x.state));
            expect(x.queuePosition !== null).toBe(x.state === 'awaiting_license');
            if (x.state === 'awaiting_license') expect(x.teams.length).toBeGreaterThan(0);
            if (x.state === 'active') expect(x.teams.length).toBeGreaterThan(0);
            if (x.state === 'provisioned' || x.state === 'unassigned') expect(x.teams).toEqual([]);
            if (x.state === 'deleted' || x.state === 'suspended') expect(x.queuePosition).toBeNull();
          }
          // Nobody waits while a license is free.
          if (m.waitingOrder().length > 0) expect(holding.length).toBe(m.purchased);
          const s = m.summary();
          expect(s.pending + s.active + s.unassigned).toBe(holding.length);
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
