import { randomUUID } from 'node:crypto';
import { ensureSharedIndexes, SHARED_INDEXES } from '../../src/infra/shared-indexes';
import { Store } from '../../src/infra/store';
import { createHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const databaseName = () => `seatsync_indexes_${randomUUID().slice(0, 8)}`;

describe('indexes of the shared layout', () => {
  test('every tenant collection gets its indexes, each leading with orgId; a second run changes nothing', async () => {
    const db = h.runtime.store.db.client.db(databaseName());
    try {
      const store = new Store(db, 'shared');
      await ensureSharedIndexes(store);
      const first = new Map<string, string[]>();
      for (const [name, specs] of Object.entries(SHARED_INDEXES)) {
        if (specs.length === 0) continue;
        const keys = (await db.collection(name).listIndexes().toArray()).map((index) => JSON.stringify(index.key));
        first.set(name, keys.sort());
        for (const spec of specs) expect(keys).toContain(JSON.stringify(spec));
        for (const spec of specs) expect(Object.keys(spec)[0]).toBe('orgId');
      }
      await ensureSharedIndexes(store);
      for (const [name, keys] of first) {
        const again = (await db.collection(name).listIndexes().toArray()).map((index) => JSON.stringify(index.key)).sort();
        expect(again).toEqual(keys);
      }
    } finally {
      await db.dropDatabase();
    }
  });

  test('the per-org layout creates none', async () => {
    const db = h.runtime.store.db.client.db(databaseName());
    try {
      await ensureSharedIndexes(new Store(db, 'per-org'));
      expect(await db.listCollections().toArray()).toEqual([]);
    } finally {
      await db.dropDatabase();
    }
  });
});
