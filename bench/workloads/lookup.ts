import { scimHeaders } from '../admin-api';
import { round, type BenchContext } from '../context';
import { benchUserName, seedUsers } from '../seed-users';
import { compareLoad } from './compare';

/** GET /Users?filter=userName eq "…" (the IdPs' lookup before every create) at several org sizes. */
export async function lookupWorkload(ctx: BenchContext, sizes: number[]): Promise<void> {
  const p99: number[] = [];
  for (const size of sizes) {
    const org = await ctx.admin.createOrg(`bench lookup ${size}`, 1_000_000);
    const runId = `${ctx.runId}-l${size}`;
    ctx.say(`- seeding ${size} users…`);
    const t0 = Date.now();
    await seedUsers(ctx.runtime, org.id, runId, 0, size);
    ctx.results.note(`seeding ${size} users straight into the store (s)`, round((Date.now() - t0) / 1000));
    const result = await compareLoad(ctx, `lookup at ${size} users (GET filter userName eq)`, [200], () => (i) => ({
      method: 'GET',
      path: `${org.path}/Users?filter=${encodeURIComponent(`userName eq "${benchUserName(runId, (i * 7919) % size)}"`)}`,
      headers: scimHeaders(org.token),
    }));
    p99.push(result.p99);
  }
  if (sizes.length === 2) {
    ctx.results.ratio(`lookup p99 at ${sizes[1]} / at ${sizes[0]} users [${ctx.topology.label}]`, round(p99[1] / p99[0], 2));
  }
}
