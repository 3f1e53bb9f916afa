import { ChangeBatch } from '../../../src/licenses/change-batch';
import { readLedger, REPAIR_AFTER_MS } from '../../../src/licenses/ledger';
import type { LicenseDocument, PoolStatusDocument, WaitingDocument } from '../../../src/licenses/license-documents';
import { FULL_PASS_EVERY_MS, passScope, type ScopeInput } from '../../../src/licenses/pass-scope';

const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const org = 'o1234567';

const change = (memberId: string | null, atMs = 1000) => ({
  _id: `${org}:c-${memberId ?? 'org'}-${atMs}`, orgId: org, memberId, reason: 'test', at: ago(atMs), correlationId: null,
});
const held = (memberId: string, n: number): LicenseDocument[] => [
  { _id: `${org}:holder:${memberId}`, orgId: org, kind: 'holder', memberId, grantId: `g-${memberId}`, at: ago(REPAIR_AFTER_MS * 2), invitedAt: null },
  { _id: `${org}:slot:${n}`, orgId: org, kind: 'slot', slot: n, memberId, grantId: `g-${memberId}`, at: ago(REPAIR_AFTER_MS * 2) },
];
const waiter = (memberId: string, needSinceAgoMs: number): WaitingDocument => ({
  _id: `${org}:${memberId}`, orgId: org, memberId, needSince: ago(needSinceAgoMs), memberCreatedAt: ago(needSinceAgoMs),
});
const status = (fullPassAgoMs: number | null): PoolStatusDocument => ({
  _id: `${org}:status`, orgId: org, exhaustedSince: null, nextDeadlineAt: null,
  fullPassAt: fullPassAgoMs === null ? null : ago(fullPassAgoMs), updatedAt: NOW,
});

function input(over: Partial<Omit<ScopeInput, 'ledger'>> & { licenseDocs?: LicenseDocument[] } = {}): ScopeInput {
  return {
    batch: over.batch ?? new ChangeBatch([change('m1')]),
    ledger: readLedger(over.licenseDocs ?? [], NOW),
    waiting: over.waiting ?? [],
    purchased: over.purchased ?? 10,
    poolStatus: over.poolStatus === undefined ? status(1000) : over.poolStatus,
    now: NOW,
  };
}

describe('passScope', () => {
  test('records that name members: only those members are decided', () => {
    const scope = passScope(input({ batch: new ChangeBatch([change('m1'), change('m2', 500), change('m1', 200)]) }));
    expect(scope).toEqual({ kind: 'members', memberIds: ['m1', 'm2'] });
  });

  test('an org-wide record (purchase, settings, due deadline) decides the whole org', () => {
    expect(passScope(input({ batch: new ChangeBatch([change('m1'), change(null)]) }))).toEqual({ kind: 'org' });
  });

  test('no pass over the whole org yet, or the last one too long ago: the whole org', () => {
    expect(passScope(input({ poolStatus: null }))).toEqual({ kind: 'org' });
    expect(passScope(input({ poolStatus: status(null) }))).toEqual({ kind: 'org' });
    expect(passScope(input({ poolStatus: status(FULL_PASS_EVERY_MS) }))).toEqual({ kind: 'org' });
    expect(passScope(input({ poolStatus: status(FULL_PASS_EVERY_MS - 1) })).kind).toBe('members');
  });

  test('the head of the waiting list as far as free licenses plus possible releases reach, in queue order', () => {
    // 3 purchased, 2 held: 1 free; 1 named member may give one back: the first 2 waiting are read.
    const scope = passScope(input({
      purchased: 3,
      licenseDocs: [...held('h1', 0), ...held('h2', 1)],
      batch: new ChangeBatch([change('h1')]),
      waiting: [waiter('w3', 100), waiter('w1', 300), waiter('w2', 200)],
    }));
    expect(scope).toEqual({ kind: 'members', memberIds: ['h1', 'w1', 'w2'] });
  });

  test('a full pool and nobody named who could give one back still reads the named members only', () => {
    const scope = passScope(input({ purchased: 1, licenseDocs: held('h1', 0), batch: new ChangeBatch([]), waiting: [waiter('w1', 100)] }));
    expect(scope).toEqual({ kind: 'members', memberIds: [] });
  });

  test('members whose dead grant is repaired are decided too', () => {
    const deadHolder: LicenseDocument = {
      _id: `${org}:holder:d1`, orgId: org, kind: 'holder', memberId: 'd1', grantId: 'gd', at: ago(REPAIR_AFTER_MS + 1), invitedAt: null,
    };
    const scope = passScope(input({ purchased: 0, licenseDocs: [deadHolder] }));
    expect(scope).toEqual({ kind: 'members', memberIds: ['m1', 'd1'] });
  });

  test('so many named members that reading them one by one costs more than the scans: the whole org', () => {
    const many = Array.from({ length: 201 }, (_, i) => change(`m${i}`, 1000 + i));
    expect(passScope(input({ batch: new ChangeBatch(many) }))).toEqual({ kind: 'org' });
    const licenseDocs = Array.from({ length: 1000 }, (_, i) => held(`h${i}`, i)).flat();
    expect(passScope(input({ batch: new ChangeBatch(many), purchased: 1000, licenseDocs })).kind).toBe('members');
    // The org's size as the last full pass counted it.
    expect(passScope(input({ batch: new ChangeBatch(many), poolStatus: { ...status(1000), members: 1000 } })).kind).toBe('members');
    expect(passScope(input({ batch: new ChangeBatch(many), poolStatus: { ...status(1000), members: 800 } })).kind).toBe('org');
  });
});
