import { randomUUID } from 'node:crypto';
import { GlobalKeyedCollection, type KeyedCollection } from '../../src/infra/store';
import { VersionedWriter, type VersionClaim, type VersionedDocument } from '../../src/infra/versioned-write';
import { createHarness, type Harness } from '../support/harness';

interface Counter extends VersionedDocument {
  values: string[];
}

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

/** A collection of the real store, with the first replace of `heldId` held until released. */
function holdingFirstReplace(target: KeyedCollection<Counter>, heldId: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let reached!: () => void;
  const heldReached = new Promise<void>((resolve) => (reached = resolve));
  let held = false;
  const collection: KeyedCollection<Counter> = {
    findById: (id) => target.findById(id),
    insert: (doc) => target.insert(doc),
    deleteById: (id) => target.deleteById(id),
    replaceById: async (doc) => {
      if (!held && doc._id === heldId) {
        held = true;
        reached();
        await released;
      }
      await target.replaceById(doc);
    },
  };
  return { collection, release, heldReached };
}

describe('VersionedWriter', () => {
  test('a replace that lands after a newer version was written does not set the document back', async () => {
    // Collections of their own: the orgs ones are shared with other test files.
    const claims = new GlobalKeyedCollection<VersionClaim>(h.runtime.store.db.collection('test_versioned_claims'));
    const target = new GlobalKeyedCollection<Counter>(h.runtime.store.db.collection('test_versioned_docs'));
    const id = `vw-${randomUUID()}`;
    await target.insert({ _id: id, version: 1, values: [] });
    const { collection, release, heldReached } = holdingFirstReplace(target, id);
    const writer = new VersionedWriter(claims);

    // The slow writer claims version 2 and stalls before writing the document.
    const slow = writer.write(collection, { _id: id, version: 2, values: ['slow'] });
    await heldReached;
    // Another writer finds version 2 claimed, rolls it forward and writes version 3 on top.
    expect((await writer.write(target, { _id: id, version: 2, values: ['fast'] })).ok).toBe(false);
    const current = (await target.findById(id))!;
    expect(current).toMatchObject({ version: 2, values: ['slow'] });
    expect((await writer.write(target, { ...current, version: 3, values: ['slow', 'fast'] })).ok).toBe(true);

    release();
    expect((await slow).ok).toBe(true);
    expect(await target.findById(id)).toMatchObject({ version: 3, values: ['slow', 'fast'] });
  });
});
