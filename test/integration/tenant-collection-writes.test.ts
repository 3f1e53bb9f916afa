import { createHarness, createOrg, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

interface Doc {
  _id: string;
  orgId: string;
  n: number;
}

describe('bulk writes by _id', () => {
  test('insertNew returns exactly the documents that were not there, in order, and keeps the stored ones', async () => {
    const org = await createOrg(h);
    const docs = h.runtime.store.tenant<Doc>(org.id, 'keys');
    await docs.insertMany([1, 3, 5].map((n) => ({ _id: docs.id(`k${n}`), orgId: org.id, n })));
    const attempt = [0, 1, 2, 3, 4, 5, 6].map((n) => ({ _id: docs.id(`k${n}`), orgId: org.id, n: n + 100 }));
    const inserted = await docs.insertNew(attempt);
    expect(inserted.map((d) => d.n)).toEqual([100, 102, 104, 106]);
    const stored = new Map((await docs.find({})).map((d) => [d._id, d.n]));
    expect(stored.get(docs.id('k3'))).toBe(3);
    expect(stored.size).toBe(7);
    expect(await docs.insertNew(attempt)).toEqual([]);
  });

  test('insertNew of more documents than one insert command holds: each command reports its own existing ones', async () => {
    const org = await createOrg(h);
    const docs = h.runtime.store.tenant<Doc>(org.id, 'keys');
    // Existing documents in the first, second and third command of 1,000.
    const existing = [7, 999, 1000, 1500, 2400];
    await docs.insertMany(existing.map((n) => ({ _id: docs.id(`k${n}`), orgId: org.id, n })));
    const attempt = Array.from({ length: 2500 }, (_, n) => ({ _id: docs.id(`k${n}`), orgId: org.id, n: n + 10_000 }));
    const inserted = await docs.insertNew(attempt);
    expect(inserted.map((d) => d.n - 10_000)).toEqual(attempt.map((d) => d.n - 10_000).filter((n) => !existing.includes(n)));
    const stored = await docs.find({});
    expect(stored).toHaveLength(2500);
    expect(stored.filter((d) => d.n < 10_000).map((d) => d.n).sort((a, b) => a - b)).toEqual(existing);
  });

  test('deleteByIds removes exactly the named documents, by _id below the bulk limit and by one query above it', async () => {
    const org = await createOrg(h);
    const docs = h.runtime.store.tenant<Doc>(org.id, 'keys');
    const all = Array.from({ length: 600 }, (_, n) => ({ _id: docs.id(`k${n}`), orgId: org.id, n }));
    await docs.insertMany(all);
    expect(await docs.deleteByIds([docs.id('k1'), docs.id('k2'), docs.id('missing')])).toBe(2);
    const many = all.filter((d) => d.n >= 100 && d.n < 400).map((d) => d._id);
    expect(await docs.deleteByIds(many)).toBe(300);
    const left = (await docs.find({})).map((d) => d.n).sort((a, b) => a - b);
    expect(left).toEqual(all.map((d) => d.n).filter((n) => n !== 1 && n !== 2 && (n < 100 || n >= 400)));
    expect(await docs.deleteByIds([])).toBe(0);
  });

  test('an id of another org is refused before anything is deleted', async () => {
    const [a, b] = [await createOrg(h), await createOrg(h)];
    const docsA = h.runtime.store.tenant<Doc>(a.id, 'keys');
    await docsA.insert({ _id: docsA.id('k'), orgId: a.id, n: 1 });
    const docsB = h.runtime.store.tenant<Doc>(b.id, 'keys');
    await expect(docsB.deleteByIds([docsA.id('k')])).rejects.toThrow(/does not belong/);
    expect(await docsA.findById(docsA.id('k'))).not.toBeNull();
  });
});
