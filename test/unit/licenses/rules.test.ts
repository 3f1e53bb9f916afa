import {
  addDays,
  decideMember,
  isAcceptable,
  needsLicense,
  stateAfterAcceptance,
  stateAfterDrain,
} from '../../../src/licenses/rules';
import { DEFAULTS, NOW, RULE_CASES, at } from './fixtures/rule-cases';

describe('decideMember: CONTRACT.md license states', () => {
  test.each(RULE_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const decision = decideMember(c.facts, { ...DEFAULTS, ...c.settings }, NOW);
    const { expected } = c;
    expect(decision.release).toBe(expected.release);
    expect(decision.license).toBe(expected.license);
    expect(decision.state).toBe(expected.state);
    for (const key of ['needSince', 'suspendedAt', 'inviteExpiredAt', 'inviteExpiry', 'deadline'] as const) {
      if (expected[key] !== undefined) expect(decision[key]).toEqual(expected[key]);
    }
  });

  test('a license is kept only by a member that holds one', () => {
    for (const c of RULE_CASES) {
      const decision = decideMember(c.facts, { ...DEFAULTS, ...c.settings }, NOW);
      if (decision.license === 'keep' || decision.release) expect(c.facts.holding).not.toBeNull();
      if (decision.license === 'need') expect(decision.needSince).not.toBeNull();
    }
  });
});

describe('states after the drain and after an acceptance', () => {
  test.each([
    [true, 'auto', 'active'],
    [true, 'invite', 'pending'],
    [false, 'auto', 'awaiting_license'],
    [false, 'invite', 'awaiting_license'],
  ] as const)('granted=%s in %s mode → %s', (granted, invitationMode, state) => {
    expect(stateAfterDrain(granted, { invitationMode })).toBe(state);
  });

  test.each([
    [0, 'unassigned'],
    [1, 'active'],
    [3, 'active'],
  ] as const)('accepted in %i teams → %s', (teams, state) => {
    expect(stateAfterAcceptance(teams)).toBe(state);
  });
});

describe('isAcceptable', () => {
  const settings = { pendingInviteExpiryDays: 14 };
  test.each([
    ['pending, active user: yes', { invitedAt: at(-1), acceptedAt: null }, true, true],
    ['already accepted: no', { invitedAt: at(-2), acceptedAt: at(-1) }, true, false],
    ['never invited (auto mode grant): no', { invitedAt: null, acceptedAt: null }, true, false],
    ['expired: no', { invitedAt: at(-15), acceptedAt: null }, true, false],
    ['exactly at expiry: no', { invitedAt: at(-14), acceptedAt: null }, true, false],
    ['suspended user: no', { invitedAt: at(-1), acceptedAt: null }, false, false],
  ] as const)('%s', (_name, holding, userActive, acceptable) => {
    expect(isAcceptable(holding, userActive, settings, NOW)).toBe(acceptable);
  });
});

describe('needsLicense', () => {
  const t = (since: number) => ({ id: 'g', name: 'G', since: at(since) });
  test.each([
    ['no team: no', [], null, false],
    ['a team: yes', [t(-1)], null, true],
    ['a team older than the expiry: no', [t(-10)], at(-5), false],
    ['a team newer than the expiry: yes', [t(-1)], at(-5), true],
  ] as const)('%s', (_name, teams, expiredAt, expected) => {
    expect(needsLicense([...teams], expiredAt)).toBe(expected);
  });
});

test('addDays', () => {
  expect(addDays(NOW, 14).toISOString()).toBe('2026-03-15T12:00:00.000Z');
  expect(addDays(NOW, 0)).toEqual(NOW);
});
