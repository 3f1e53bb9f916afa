import { effectText, summarize } from '../../../src/licenses/pass-effects';
import { earliest, nextPoolStatus, samePoolStatus } from '../../../src/licenses/pool-status';

describe('sync-log summary', () => {
  const e = (effect: string) => ({ effect });
  test.each([
    [[], 'no license change'],
    [[e('license granted')], 'license granted to 1 member'],
    [
      [e('license granted'), e('license granted, invitation pending'), e('license granted'), e('queued, position 1'), e('queued, position 2'), e('license released')],
      'license granted to 3 members; 2 queued (positions 1-2); 1 released',
    ],
    [[e('queued, position 4')], '1 queued (position 4)'],
    [[e('state changed'), e('invitation accepted')], '2 other state changes'],
  ] as const)('%j → %s', (effects, summary) => {
    expect(summarize([...effects])).toBe(summary);
  });

  test('effect texts', () => {
    expect(effectText({ kind: 'granted', invitation: false })).toBe('license granted');
    expect(effectText({ kind: 'queued', position: 4 })).toBe('queued, position 4');
    expect(effectText({ kind: 'released', reason: 'deleted' })).toBe('license released');
  });
});

describe('pool status', () => {
  const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  test.each([
    ['becomes exhausted now', null, 0, t(5)],
    ['stays exhausted since the first time', { exhaustedSince: t(1), nextDeadlineAt: null }, 0, t(1)],
    ['cleared when licenses are free', { exhaustedSince: t(1), nextDeadlineAt: null }, 2, null],
    ['never exhausted', null, 3, null],
  ] as const)('%s', (_name, previous, available, exhaustedSince) => {
    expect(nextPoolStatus(previous, available, null, t(5), null).exhaustedSince).toEqual(exhaustedSince);
  });

  test('a full pass records the org size it saw; a targeted pass keeps the last full pass\'s', () => {
    const full = nextPoolStatus(null, 1, null, t(5), { members: 40, memberships: 120 });
    expect(full).toMatchObject({ fullPassAt: t(5), members: 40, memberships: 120 });
    const targeted = nextPoolStatus(full, 1, null, t(9), null);
    expect(targeted).toMatchObject({ fullPassAt: t(5), members: 40, memberships: 120 });
    expect(samePoolStatus(full, targeted)).toBe(true);
    expect(samePoolStatus(full, { ...targeted, memberships: 121 })).toBe(false);
  });

  test('earliest deadline', () => {
    expect(earliest([null, t(3), t(1), null])).toEqual(t(1));
    expect(earliest([null])).toBeNull();
  });
});
