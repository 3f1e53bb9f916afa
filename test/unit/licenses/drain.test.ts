import { compareWaiting, planDrain, queuePositions, type Needer } from '../../../src/licenses/drain';

const t0 = Date.parse('2026-03-01T00:00:00Z');
const needer = (memberId: string, needSeconds: number, createdSeconds = 0): Needer => ({
  memberId,
  needSince: new Date(t0 + needSeconds * 1000),
  createdAt: new Date(t0 + createdSeconds * 1000),
});
const ids = (list: Needer[]) => list.map((n) => n.memberId);

describe('waiting-list order (CONTRACT.md awaiting_license)', () => {
  test.each([
    ['first need first', [needer('b', 2), needer('a', 1)], ['a', 'b']],
    ['same request: by creation time', [needer('x', 5, 30), needer('y', 5, 10), needer('z', 5, 20)], ['y', 'z', 'x']],
    ['same request and creation: by id', [needer('m2', 5, 1), needer('m1', 5, 1)], ['m1', 'm2']],
    ['need wins over creation time', [needer('old', 9, 0), needer('new', 1, 100)], ['new', 'old']],
    ['stable for an already sorted list', [needer('a', 1), needer('b', 2), needer('c', 3)], ['a', 'b', 'c']],
  ] as const)('%s', (_name, input, expected) => {
    expect(ids([...input].sort(compareWaiting))).toEqual(expected);
  });
});

describe('planDrain', () => {
  const three = [needer('c', 3), needer('a', 1), needer('b', 2)];
  test.each([
    ['free pool grants everyone', 10, [], three, ['a', 'b', 'c'], [0, 1, 2, 3, 4, 5]],
    ['grants FIFO while slots are free', 2, [], three, ['a', 'b'], [0, 1]],
    ['an exhausted pool grants nobody', 2, [0, 1], three, [], []],
    ['free slots are the lowest unused', 5, [0, 2], three, ['a', 'b', 'c'], [1, 3, 4]],
    ['no needers, nothing granted, no slots listed', 5, [], [], [], []],
    ['zero purchased grants nobody', 0, [], three, [], []],
    // Lowered pool (design point 2): slots at or above purchased stay held and count.
    ['lowered below the held slots grants nobody', 3, [0, 5, 7], three, [], []],
    ['lowered, with room again after releases', 4, [0, 5], three, ['a', 'b'], [1, 2, 3]],
    ['lowered to exactly the held count', 2, [3, 4], three, [], []],
  ] as const)('%s', (_name, purchased, used, needers, granted, free) => {
    const plan = planDrain(purchased, new Set(used), [...needers]);
    expect(ids(plan.toGrant)).toEqual(granted);
    expect(plan.freeSlots).toEqual(free);
    expect(plan.available).toBe(granted.length === 0 && needers.length > 0 ? 0 : plan.available);
    expect(plan.toGrant.length).toBeLessThanOrEqual(Math.max(0, purchased - used.length));
  });

  test('a huge pool lists only the free slots the grants can use, and costs nothing for its size', () => {
    const plan = planDrain(2_000_000_000, new Set([0, 1, 3]), [needer('a', 1), needer('b', 2)]);
    expect(ids(plan.toGrant)).toEqual(['a', 'b']);
    expect(plan.freeSlots).toEqual([2, 4, 5, 6]);
    expect(plan.available).toBe(2_000_000_000 - 3);
  });

  test('seats reserved by grants in flight elsewhere are not handed to members further back', () => {
    const plan = planDrain(3, new Set([0]), [needer('a', 1), needer('b', 2)], 1);
    expect(plan.available).toBe(1);
    expect(ids(plan.toGrant)).toEqual(['a']);
    expect(planDrain(2, new Set([0]), [needer('a', 1)], 1).toGrant).toEqual([]);
  });

  test('the order holds every needer, granted first', () => {
    const plan = planDrain(1, new Set(), [needer('late', 9), needer('early', 1)]);
    expect(ids(plan.order)).toEqual(['early', 'late']);
    expect(ids(plan.toGrant)).toEqual(['early']);
  });
});

test('queue positions are 1-based in list order', () => {
  const positions = queuePositions([needer('a', 1), needer('b', 2), needer('c', 3)]);
  expect([...positions.entries()]).toEqual([['a', 1], ['b', 2], ['c', 3]]);
});
