import { readLedger, REPAIR_AFTER_MS } from '../../../src/licenses/ledger';
import type { LicenseDocument } from '../../../src/licenses/license-documents';

const NOW = new Date('2026-03-01T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const OLD = REPAIR_AFTER_MS + 1;
const YOUNG = 1000;
const org = 'o1234567';

const holder = (memberId: string, grantId: string, age = OLD, invitedAt: Date | null = null): LicenseDocument => ({
  _id: `${org}:holder:${memberId}`, orgId: org, kind: 'holder', memberId, grantId, at: ago(age), invitedAt,
});
const slot = (n: number, memberId: string, grantId: string, age = OLD): LicenseDocument => ({
  _id: `${org}:slot:${n}`, orgId: org, kind: 'slot', slot: n, memberId, grantId, at: ago(age),
});
const acceptance = (memberId: string, grantId: string, age = OLD): LicenseDocument => ({
  _id: `${org}:acceptance:${grantId}`, orgId: org, kind: 'acceptance', memberId, grantId, at: ago(age),
});

describe('readLedger', () => {
  test('a holder and a slot of the same grant are a held license', () => {
    const ledger = readLedger([holder('m1', 'g1'), slot(3, 'm1', 'g1')], NOW);
    expect(ledger.held.get('m1')).toMatchObject({ slot: 3, grantId: 'g1', acceptedAt: null });
    expect([...ledger.usedSlots]).toEqual([3]);
    expect(ledger.inFlight.size).toBe(0);
    expect(ledger.deadline).toBeNull();
  });

  test('a young holder without a slot is a grant in flight: left alone until it is old', () => {
    const ledger = readLedger([holder('m1', 'g1', YOUNG)], NOW);
    expect(ledger.inFlight.has('m1')).toBe(true);
    expect(ledger.repairs.holders).toHaveLength(0);
    expect(ledger.deadline).toEqual(new Date(ago(YOUNG).getTime() + REPAIR_AFTER_MS));
  });

  test('a young holder without a slot reserves a seat for its grant; a complete or dead grant does not', () => {
    expect(readLedger([holder('m1', 'g1', YOUNG)], NOW).reserved).toBe(1);
    expect(readLedger([holder('m1', 'g1', YOUNG), slot(0, 'm1', 'g1', YOUNG)], NOW).reserved).toBe(0);
    expect(readLedger([holder('m1', 'g1', OLD)], NOW).reserved).toBe(0);
  });

  test('an old holder without a slot is repaired (its grant died)', () => {
    const ledger = readLedger([holder('m1', 'g1', OLD)], NOW);
    expect(ledger.repairs.holders.map((h) => h._id)).toEqual([`${org}:holder:m1`]);
    expect(ledger.inFlight.size).toBe(0);
    expect(ledger.held.size).toBe(0);
  });

  test('an old slot without a holder is repaired and frees its number', () => {
    const ledger = readLedger([slot(0, 'gone', 'g9', OLD)], NOW);
    expect(ledger.repairs.slots).toHaveLength(1);
    expect(ledger.usedSlots.size).toBe(0);
  });

  test('a young slot without a holder stays in use', () => {
    const ledger = readLedger([slot(0, 'm1', 'g9', YOUNG)], NOW);
    expect(ledger.repairs.slots).toHaveLength(0);
    expect([...ledger.usedSlots]).toEqual([0]);
    expect(ledger.inFlight.has('m1')).toBe(true);
  });

  test('a slot of another grant of the same member is an orphan', () => {
    const ledger = readLedger([holder('m1', 'g2'), slot(0, 'm1', 'g1', OLD), slot(1, 'm1', 'g2')], NOW);
    expect(ledger.held.get('m1')?.slot).toBe(1);
    expect(ledger.repairs.slots.map((s) => s._id)).toEqual([`${org}:slot:0`]);
  });

  test('two slots of one grant: the lower is the license, the other is repaired', () => {
    const ledger = readLedger([holder('m1', 'g1'), slot(4, 'm1', 'g1'), slot(2, 'm1', 'g1')], NOW);
    expect(ledger.held.get('m1')?.slot).toBe(2);
    expect(ledger.repairs.slots.map((s) => s._id)).toEqual([`${org}:slot:4`]);
  });

  test('an acceptance of the grant marks it accepted; one of a gone grant is repaired', () => {
    const ledger = readLedger([holder('m1', 'g1', OLD, ago(OLD)), slot(0, 'm1', 'g1'), acceptance('m1', 'g1', YOUNG), acceptance('m1', 'g0', OLD)], NOW);
    expect(ledger.held.get('m1')?.acceptedAt).toEqual(ago(YOUNG));
    expect(ledger.repairs.acceptances.map((a) => a.grantId)).toEqual(['g0']);
  });

  test('suspensions and invitation expiries are indexed by member, latest expiry first', () => {
    const ledger = readLedger(
      [
        { _id: `${org}:suspension:m1`, orgId: org, kind: 'suspension', memberId: 'm1', at: ago(5) },
        { _id: `${org}:invite-expired:g1`, orgId: org, kind: 'invite-expiry', memberId: 'm2', grantId: 'g1', at: ago(500) },
        { _id: `${org}:invite-expired:g2`, orgId: org, kind: 'invite-expiry', memberId: 'm2', grantId: 'g2', at: ago(50) },
      ],
      NOW,
    );
    expect(ledger.suspensions.get('m1')?.at).toEqual(ago(5));
    expect(ledger.inviteExpiries.get('m2')?.map((e) => e.grantId)).toEqual(['g2', 'g1']);
  });
});
