import { changeRecords } from '../../../src/events/change-recorder';
import { ChangeBatch } from '../../../src/licenses/change-batch';

const ids = (n: number, prefix = 'u') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('changeRecords', () => {
  test('a few members: one record each; org-wide entries stay org-wide', () => {
    expect(changeRecords([{ memberId: 'a', reason: 'r' }, { memberId: null, reason: 'settings' }, { memberId: 'b', reason: 'r' }])).toEqual([
      { memberId: null, reason: 'settings' },
      { memberId: 'a', reason: 'r' },
      { memberId: 'b', reason: 'r' },
    ]);
  });

  test('99 members for one reason: one record each; 100: one shared record naming them in order', () => {
    expect(changeRecords(ids(99).map((memberId) => ({ memberId, reason: 'added' })))).toHaveLength(99);
    expect(changeRecords(ids(100).map((memberId) => ({ memberId, reason: 'added' })))).toEqual([
      { memberId: null, memberIds: ids(100), reason: 'added' },
    ]);
  });

  test('12,000 members: shared records of at most 5,000; reasons are kept apart', () => {
    const records = changeRecords([
      ...ids(12_000).map((memberId) => ({ memberId, reason: 'added' })),
      ...ids(3, 'r').map((memberId) => ({ memberId, reason: 'removed' })),
    ]);
    expect(records.map((r) => [r.reason, r.memberIds?.length ?? r.memberId])).toEqual([
      ['added', 5000], ['added', 5000], ['added', 2000], ['removed', 'r0'], ['removed', 'r1'], ['removed', 'r2'],
    ]);
    expect(records.flatMap((r) => r.memberIds ?? [])).toEqual(ids(12_000));
  });

  test('the pass reads a shared record as one record per member: named, not org-wide, same time and request', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const docs = changeRecords(ids(150).map((memberId) => ({ memberId, reason: 'added' }))).map((r, i) => ({
      _id: `o1234567:c${i}`, orgId: 'o1234567', ...r, at, correlationId: 'req-1',
    }));
    const batch = new ChangeBatch(docs);
    expect(batch.isOrgWide).toBe(false);
    expect(batch.memberIds).toEqual(ids(150));
    expect(batch.changeAt('u149', new Date())).toEqual(at);
    expect(batch.correlationOf('u7')).toBe('req-1');
  });
});
