import { DocumentJournal, PoolJournal } from '../../../src/licenses/pool-journal';
import type { HolderDocument, LicenseSlotDocument, WaitingDocument } from '../../../src/licenses/license-documents';

const at = new Date('2026-01-01T00:00:00Z');
const slot = (n: number, memberId: string, grantId: string): LicenseSlotDocument => ({
  _id: `o1:slot:${n}`,
  orgId: 'o1',
  kind: 'slot',
  slot: n,
  memberId,
  grantId,
  at,
});
const holder = (memberId: string, grantId: string): HolderDocument => ({
  _id: `o1:holder:${memberId}`,
  orgId: 'o1',
  kind: 'holder',
  memberId,
  grantId,
  at,
  invitedAt: null,
});
/** A journal over a view of `docs` of its own. */
const journalOf = <T extends LicenseSlotDocument | HolderDocument>(docs: T[]) => new DocumentJournal(new Map(docs.map((d) => [d._id, d])));
const ids = (docs: Map<string, { _id: string }>) => [...docs.keys()].sort();

describe('DocumentJournal', () => {
  test('inserts that went in join the view; one that found its _id taken marks it diverged', () => {
    const journal = journalOf<LicenseSlotDocument | HolderDocument>([slot(0, 'a', 'g1')]);
    const fresh = [holder('b', 'g2'), slot(1, 'b', 'g2')];
    journal.inserted(fresh, new Set(fresh));
    expect(ids(journal.documents())).toEqual(['o1:holder:b', 'o1:slot:0', 'o1:slot:1']);
    expect(journal.diverged).toBeNull();

    const taken = holder('c', 'g3');
    journal.inserted([taken], new Set());
    expect(journal.diverged).toMatch(/o1:holder:c/);
    expect(ids(journal.documents())).not.toContain('o1:holder:c');
  });

  test('an insert of an _id the view already holds is a divergence even if the store took it', () => {
    const existing = slot(0, 'a', 'g1');
    const journal = journalOf([existing]);
    const again = slot(0, 'b', 'g2');
    journal.inserted([again], new Set([again]));
    expect(journal.diverged).not.toBeNull();
  });

  test('a guarded delete removes what the view says matches; another count marks it diverged', () => {
    const docs = [slot(0, 'a', 'g1'), slot(1, 'b', 'g2'), holder('a', 'g1')];
    const ofG1 = (d: LicenseSlotDocument | HolderDocument) => d.grantId === 'g1';

    const agreeing = journalOf<LicenseSlotDocument | HolderDocument>(docs);
    // o1:slot:1 belongs to another grant and o1:acceptance:g1 is not in the view: neither is expected to go.
    agreeing.deleted(['o1:slot:0', 'o1:slot:1', 'o1:holder:a', 'o1:acceptance:g1'], 2, ofG1);
    expect(agreeing.diverged).toBeNull();
    expect(ids(agreeing.documents())).toEqual(['o1:slot:1']);

    // The store held an acceptance the view did not know: three went where two were expected.
    const stale = journalOf<LicenseSlotDocument | HolderDocument>(docs);
    stale.deleted(['o1:slot:0', 'o1:holder:a', 'o1:acceptance:g1'], 3, ofG1);
    expect(stale.diverged).toMatch(/removed 3 documents where 2 were expected/);

    // Another writer had already released it: nothing went where the view expected two.
    const gone = journalOf<LicenseSlotDocument | HolderDocument>(docs);
    gone.deleted(['o1:slot:0', 'o1:holder:a'], 0, ofG1);
    expect(gone.diverged).not.toBeNull();
  });

  test('a repeated id in one delete is expected once', () => {
    const journal = journalOf([slot(0, 'a', 'g1')]);
    journal.deleted(['o1:slot:0', 'o1:slot:0'], 1);
    expect(journal.diverged).toBeNull();
    expect(journal.documents().size).toBe(0);
  });

  test('the first reason is kept', () => {
    const journal = journalOf<HolderDocument>([]);
    journal.diverge('first');
    journal.diverge('second');
    expect(journal.diverged).toBe('first');
  });

  test('the journal takes the map over and updates it in place', () => {
    const map = new Map([['o1:slot:0', slot(0, 'a', 'g1')]]);
    const adopted = new DocumentJournal(map);
    adopted.deleted(['o1:slot:0'], 1);
    expect(map.size).toBe(0);
    expect(adopted.documents()).toBe(map);
  });
});

describe('PoolJournal', () => {
  test('diverged when either collection diverged', () => {
    const waiting: WaitingDocument = { _id: 'o1:a', orgId: 'o1', memberId: 'a', needSince: at, memberCreatedAt: at };
    const pool = new PoolJournal(new Map([['o1:slot:0', slot(0, 'b', 'g1')]]), new Map([[waiting._id, waiting]]));
    expect(pool.diverged).toBeNull();
    pool.waiting.deleted(['o1:a'], 0);
    expect(pool.diverged).not.toBeNull();
    expect(pool.licenses.diverged).toBeNull();
  });
});
