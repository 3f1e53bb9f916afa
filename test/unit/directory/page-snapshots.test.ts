import { PageSnapshots, SNAPSHOT_TTL_MS } from '../../../src/directory/page-snapshots';

describe('PageSnapshots', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  test('a snapshot answers until it is SNAPSHOT_TTL_MS old', () => {
    const snapshots = new PageSnapshots(clock);
    snapshots.put('o1', 'k', ['a', 'b']);
    now += SNAPSHOT_TTL_MS - 1;
    expect(snapshots.get('k')).toEqual(['a', 'b']);
    now += 1;
    expect(snapshots.get('k')).toBeUndefined();
  });

  test("a write drops the org's snapshots only", () => {
    const snapshots = new PageSnapshots(clock);
    snapshots.put('o1', 'k1', ['a']);
    snapshots.put('o1', 'k2', ['b']);
    snapshots.put('o2', 'k3', ['c']);
    snapshots.dropOrg('o1');
    expect([snapshots.get('k1'), snapshots.get('k2'), snapshots.get('k3')]).toEqual([undefined, undefined, ['c']]);
  });

  test('at most 32 snapshots, the oldest go first; a listing of over 200,000 ids is not kept', () => {
    const snapshots = new PageSnapshots(clock);
    for (let i = 0; i < 40; i++) snapshots.put('o1', `k${i}`, [`id${i}`]);
    expect(snapshots.get('k7')).toBeUndefined();
    expect(snapshots.get('k8')).toEqual(['id8']);
    expect(snapshots.get('k39')).toEqual(['id39']);
    snapshots.put('o1', 'huge', Array.from({ length: 200_001 }, (_, i) => `x${i}`));
    expect(snapshots.get('huge')).toBeUndefined();
  });

  test('ids over all snapshots stay within 200,000: older snapshots make room', () => {
    const snapshots = new PageSnapshots(clock);
    const ids = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);
    snapshots.put('o1', 'a', ids(120_000, 'a'));
    snapshots.put('o1', 'b', ids(90_000, 'b'));
    expect(snapshots.get('a')).toBeUndefined();
    expect(snapshots.get('b')).toHaveLength(90_000);
  });
});
