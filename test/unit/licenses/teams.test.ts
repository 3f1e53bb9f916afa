import { DEFAULT_TEAM_ID, isTeamName, teamsOf } from '../../../src/licenses/teams';

describe('isTeamName (teamGroupPrefix)', () => {
  test.each([
    [null, 'Sales', true],
    [null, '', true],
    ['Team-', 'Team-Sales', true],
    ['Team-', 'Team-', true],
    ['Team-', 'Sales', false],
    ['Team-', 'team-sales', false],
    ['Team-', 'My Team-Sales', false],
  ] as const)('prefix %p, group %p → %p', (teamGroupPrefix, name, expected) => {
    expect(isTeamName(name, { teamGroupPrefix })).toBe(expected);
  });
});

describe('teamsOf', () => {
  const since = (day: number) => new Date(Date.UTC(2026, 0, day));
  const names = new Map([['g1', 'Team-B'], ['g2', 'Team-A'], ['g3', 'Sales']]);
  const memberships = [
    { groupId: 'g1', since: since(5) },
    { groupId: 'g2', since: since(3) },
    { groupId: 'g3', since: since(1) },
    { groupId: 'gone', since: since(1) },
  ];
  const active = { active: true, createdAt: since(1) };

  test('every group is a team without a prefix; unknown groups are ignored; sorted by name', () => {
    const teams = teamsOf(active, memberships, names, { teamGroupPrefix: null, defaultTeam: null });
    expect(teams.map((t) => t.name)).toEqual(['Sales', 'Team-A', 'Team-B']);
  });

  test('with a prefix only matching groups are teams', () => {
    const teams = teamsOf(active, memberships, names, { teamGroupPrefix: 'Team-', defaultTeam: null });
    expect(teams.map((t) => t.id)).toEqual(['g2', 'g1']);
    expect(teams[0].since).toEqual(since(3));
  });

  test('the default team holds every active member since its creation', () => {
    const teams = teamsOf(active, [], names, { teamGroupPrefix: null, defaultTeam: 'Everyone' });
    expect(teams).toEqual([{ id: DEFAULT_TEAM_ID, name: 'Everyone', since: since(1) }]);
  });

  test('a suspended member is in no default team', () => {
    expect(teamsOf({ active: false, createdAt: since(1) }, [], names, { teamGroupPrefix: null, defaultTeam: 'Everyone' })).toEqual([]);
  });

  test('a repeated membership counts once, from its earliest start', () => {
    const teams = teamsOf(active, [{ groupId: 'g3', since: since(9) }, { groupId: 'g3', since: since(2) }], names, { teamGroupPrefix: null, defaultTeam: null });
    expect(teams).toEqual([{ id: 'g3', name: 'Sales', since: since(2) }]);
  });
});
