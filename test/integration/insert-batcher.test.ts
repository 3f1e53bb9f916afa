import { Collection } from 'mongodb';
import { createHarness, createOrg, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

interface Claim {
  _id: string;
  orgId: string;
  n: number;
}

describe('concurrent inserts share one write and keep their own outcome', () => {
  test('among concurrent inserts of the same _id exactly one wins, in one batch or across batches', async () => {
    const org = await createOrg(h);
    const claims = h.runtime.store.tenant<Claim>(org.id, 'keys');
    const attempts = Array.from({ length: 300 }, (_, n) => ({ _id: claims.id(`claim-${n % 60}`), orgId: org.id, n }));
    const results = await Promise.all(attempts.map((doc) => claims.insert(doc)));
    const winners = new Map<string, number>();
    results.forEach((won, i) => {
      if (won) winners.set(attempts[i]._id, (winners.get(attempts[i]._id) ?? 0) + 1);
    });
    expect(winners.size).toBe(60);
    for (const count of winners.values()) expect(count).toBe(1);
    const stored = await claims.find({});
    expect(stored).toHaveLength(60);
    // The stored document of each key is the one whose insert reported success.
    for (const doc of stored) {
      const winner = attempts.findIndex((a, i) => results[i] && a._id === doc._id);
      expect(doc.n).toBe(attempts[winner].n);
    }
  });

  test('a lone insert and a repeated one', async () => {
    const org = await createOrg(h);
    const claims = h.runtime.store.tenant<Claim>(org.id, 'keys');
    const doc = { _id: claims.id('single'), orgId: org.id, n: 1 };
    expect(await claims.insert(doc)).toBe(true);
    expect(await claims.insert({ ...doc, n: 2 })).toBe(false);
    expect((await claims.findById(doc._id))?.n).toBe(1);
  });
});

describe('one write for concurrent inserts through separate handles', () => {
  test('inserts of concurrent requests (each with its own collection handle) go to the store together', async () => {
    const org = await createOrg(h);
    const handles = Array.from({ length: 20 }, () => h.runtime.store.tenant<Claim>(org.id, 'keys'));
    // Counts the driver calls only; they run unchanged against the real store.
    const insertOne = jest.spyOn(Collection.prototype, 'insertOne');
    const insertMany = jest.spyOn(Collection.prototype, 'insertMany');
    try {
      const results = await Promise.all(handles.map((claims, n) => claims.insert({ _id: claims.id(`h-${n}`), orgId: org.id, n })));
      expect(results.every(Boolean)).toBe(true);
      expect(insertOne).not.toHaveBeenCalled();
      expect(insertMany).toHaveBeenCalledTimes(1);
      expect(insertMany.mock.calls[0][0]).toHaveLength(20);
    } finally {
      insertOne.mockRestore();
      insertMany.mockRestore();
    }
    expect(await handles[0].find({})).toHaveLength(20);
  });
});
