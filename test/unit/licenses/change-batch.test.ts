import { ChangeBatch } from '../../../src/licenses/change-batch';
import type { ChangeDocument } from '../../../src/events/change-documents';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const record = (id: string, memberId: string | null, at: Date): ChangeDocument => ({
  _id: `o1:${id}`,
  orgId: 'o1',
  memberId,
  reason: 'test',
  at,
  correlationId: id,
});

describe('ChangeBatch.changeAt', () => {
  const batch = new ChangeBatch([record('create', 'c', t(1)), record('group', 'c', t(5)), record('rename', 'c', t(9)), record('other', 'd', t(3))]);

  test('the earliest record naming the member', () => {
    expect(batch.changeAt('c', t(20))).toEqual(t(1));
    expect(batch.changeAt('d', t(20))).toEqual(t(3));
  });

  test('not before the given time: the earliest record from then on, or the latest if all are older', () => {
    expect(batch.changeAt('c', t(20), t(4))).toEqual(t(5));
    expect(batch.changeAt('c', t(20), t(5))).toEqual(t(5));
    expect(batch.changeAt('c', t(20), t(10))).toEqual(t(9));
    expect(batch.changeAt('c', t(20), null)).toEqual(t(1));
  });

  test('a member no record names: the earliest org-wide record, else now', () => {
    expect(batch.changeAt('x', t(20))).toEqual(t(20));
    const withOrgWide = new ChangeBatch([record('settings', null, t(2)), record('later', null, t(7))]);
    expect(withOrgWide.changeAt('x', t(20), t(4))).toEqual(t(2));
  });
});
