import IORedis from 'ioredis';
import { LedgerCache } from '../../../src/licenses/ledger-cache';
import { licenseIds, type LicenseDocument } from '../../../src/licenses/license-documents';
import { createLicenseModule, type LicenseModule } from '../../../src/licenses/license-module';
import { createLicenseKit, expectInvariant, type LicenseKit } from './license-kit';

/**
 * The pool a targeted pass starts from when the org's previous pass ran in the same worker
 * (src/licenses/ledger-cache.ts): every way the store can have moved on since must make the
 * pass read it again.
 */
let kit: LicenseKit;
/** A second worker's license engine on the same store and Redis. */
let other: LicenseModule;
beforeAll(async () => {
  kit = await createLicenseKit();
  const { store, queues, redis, logger } = kit.h.runtime;
  other = createLicenseModule(store, queues, redis, logger, kit.clock.now);
});
afterAll(async () => {
  await kit.close();
});

const stampPrefix = () => kit.h.runtime.queues.reconcile.qualifiedName;

/** Deletes a member's holder and slot straight from the store, as a pass this worker does not know of would. */
async function releaseBehindTheView(orgId: string, memberId: string): Promise<void> {
  const licenses = kit.h.runtime.store.tenant<LicenseDocument>(orgId, 'licenses');
  const slots = await licenses.find({ kind: 'slot', memberId });
  expect(slots).toHaveLength(1);
  expect(await licenses.deleteByIds([slots[0]._id, licenseIds.holder(orgId, memberId)])).toBe(2);
}

/** Two members of a team hold the org's two licenses; the pass that granted them ran in `kit.licenses`. */
async function orgWithTwoHolders() {
  const { orgId, dir } = await kit.newOrg(2);
  const team = await dir.group('Team');
  const [a, b] = await dir.manyUsers(2);
  await dir.addMembers(team.id, [a.id, b.id]);
  await dir.change([a.id, b.id]);
  await kit.licenses.reconcileOrg(orgId);
  // A targeted pass in the same worker keeps the view it started from.
  const c = await dir.user();
  await dir.change([c.id]);
  await kit.licenses.reconcileOrg(orgId);
  const state = await kit.read(orgId);
  expect([state.stateOf(a.id), state.stateOf(b.id), state.stateOf(c.id)]).toEqual(['active', 'active', 'provisioned']);
  return { orgId, dir, team, a, b, c };
}

describe('the pool kept between passes', () => {
  test('a release made by another worker is seen by the next pass here', async () => {
    const { orgId, dir, team, a, c } = await orgWithTwoHolders();

    await dir.setActive(a.id, false);
    await dir.change([a.id], 'user deactivated');
    await other.reconcileOrg(orgId);
    expect((await kit.read(orgId)).slots).toHaveLength(1);

    // c joins the team: the license a gave back is free, whatever this worker saw last.
    await dir.addMembers(team.id, [c.id]);
    await dir.change([c.id], 'group member added');
    await kit.licenses.reconcileOrg(orgId);
    const state = await kit.read(orgId);
    expect(state.stateOf(c.id)).toBe('active');
    expect(state.stateOf(a.id)).toBe('suspended');
    expectInvariant(state, 2);
  });

  test('a pass elsewhere that took the stamp and stopped before keeping its own leaves the store to be read again', async () => {
    const { orgId, dir, team, a, b, c } = await orgWithTwoHolders();

    // Another worker's pass takes the stamp, gives a's license back and stops before it keeps a view.
    await new LedgerCache(kit.h.runtime.redis, stampPrefix(), kit.h.runtime.logger).take(orgId);
    await releaseBehindTheView(orgId, a.id);

    await dir.addMembers(team.id, [c.id]);
    await dir.change([c.id], 'group member added');
    await kit.licenses.reconcileOrg(orgId);
    const state = await kit.read(orgId);
    expect(state.stateOf(c.id)).toBe('active');
    expect(state.slots.map((s) => s.memberId).sort()).toEqual([b.id, c.id].sort());
  });

  test('a write that finds the store other than the view expected: the view is not kept, the next pass reads the store', async () => {
    const { orgId, dir, team, a, b, c } = await orgWithTwoHolders();
    const d = await dir.user();

    // A stalled worker, past its lease and without the stamp, gives back a's and b's licenses.
    await releaseBehindTheView(orgId, a.id);
    await releaseBehindTheView(orgId, b.id);

    // This pass starts from the view in which both still hold theirs, and finds a's gone when releasing it.
    await dir.setActive(a.id, false);
    await dir.change([a.id], 'user deactivated');
    await kit.licenses.reconcileOrg(orgId);

    // Both licenses are free: a pass that kept the view would see only a's.
    await dir.addMembers(team.id, [c.id, d.id]);
    await dir.change([c.id, d.id], 'group members added');
    await kit.licenses.reconcileOrg(orgId);
    const state = await kit.read(orgId);
    expect([state.stateOf(c.id), state.stateOf(d.id)]).toEqual(['active', 'active']);
    expect(state.slots.map((s) => s.memberId).sort()).toEqual([c.id, d.id].sort());
  });

  test('an acceptance the admin API inserted is seen by the pass its change record starts', async () => {
    const { orgId, dir } = await kit.newOrg(1, { invitationMode: 'invite' });
    const team = await dir.group('Team');
    const [a, b] = await dir.manyUsers(2);
    await dir.addMembers(team.id, [a.id]);
    await dir.change([a.id]);
    await kit.licenses.reconcileOrg(orgId);
    await dir.change([b.id]);
    await kit.licenses.reconcileOrg(orgId);
    expect((await kit.read(orgId)).stateOf(a.id)).toBe('pending');

    await kit.licenses.invitations.accept(orgId, a.id, null);
    await kit.licenses.reconcileOrg(orgId);
    expect((await kit.read(orgId)).stateOf(a.id)).toBe('active');
  });
});

describe('LedgerCache', () => {
  test('a kept view is taken once; a view kept by another worker since replaces it', async () => {
    const { redis, logger } = kit.h.runtime;
    const here = new LedgerCache(redis, stampPrefix(), logger);
    const there = new LedgerCache(redis, stampPrefix(), logger);
    const orgId = `o${Date.now().toString(16)}`;

    await here.keep(orgId, new Map(), new Map());
    expect(await here.take(orgId)).not.toBeNull();
    expect(await here.take(orgId)).toBeNull();

    await here.keep(orgId, new Map(), new Map());
    await there.keep(orgId, new Map(), new Map());
    expect(await here.take(orgId)).toBeNull();
    expect(await there.take(orgId)).toBeNull(); // here's take consumed the stamp

    await there.keep(orgId, new Map(), new Map());
    expect(await there.take(orgId)).not.toBeNull();
  });

  test('keeps at most maxDocs documents, dropping the least recently kept orgs', async () => {
    const { redis, logger } = kit.h.runtime;
    const cache = new LedgerCache(redis, stampPrefix(), logger, { maxDocs: 3 });
    const docs = (orgId: string, count: number) =>
      new Map(Array.from({ length: count }, (_, n) => [`${orgId}:s${n}`, { _id: `${orgId}:s${n}`, orgId } as unknown as LicenseDocument]));
    const [x, y, z] = ['x', 'y', 'z'].map((k) => `o${k}${Date.now().toString(16)}`);
    await cache.keep(x, docs(x, 1), new Map());
    await cache.keep(y, docs(y, 2), new Map());
    await cache.keep(z, docs(z, 2), new Map());
    expect(await cache.take(x)).toBeNull();
    expect(await cache.take(y)).toBeNull();
    expect((await cache.take(z))?.licenses.size).toBe(2);
    // An org larger than the whole bound is not kept at all.
    await cache.keep(x, docs(x, 4), new Map());
    expect(await cache.take(x)).toBeNull();
  });

  test('drops the view of an org whose passes stopped for maxIdleMs', async () => {
    const { redis, logger } = kit.h.runtime;
    let now = 1_000_000;
    const cache = new LedgerCache(redis, stampPrefix(), logger, { maxIdleMs: 60_000, clock: () => now });
    const [idle, busy] = ['i', 'b'].map((k) => `o${k}${Date.now().toString(16)}`);
    await cache.keep(idle, new Map(), new Map());
    now += 30_000;
    await cache.keep(busy, new Map(), new Map());
    now += 31_000;
    expect(await cache.take(idle)).toBeNull();
    expect(await cache.take(busy)).not.toBeNull();
  });

  test('without Redis nothing is kept and nothing is taken', async () => {
    const unreachable = new IORedis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      const cache = new LedgerCache(unreachable, stampPrefix(), kit.h.runtime.logger);
      await cache.keep('onoredis', new Map(), new Map());
      expect(await cache.take('onoredis')).toBeNull();
    } finally {
      unreachable.disconnect();
    }
  });
});
