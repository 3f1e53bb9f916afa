/**
 * Paging through Users (RFC 7644 §3.4.2.4) the way Okta's import does. On FerretDB the first
 * page scans the org once and later pages of the same listing take their ids from that scan
 * (src/directory/page-snapshots.ts): these tests show the pages agree with each other, that a
 * write through the API is seen by the next page, and what a write by another process changes.
 */
import type { Harness } from '../../support/harness';
import { expectStatus, randomName, SCHEMAS, sorted, withOrgPerTest, type ScimClient } from '../../support/scim-client';
import { seedUsers } from '../../support/scim-seed';

let h: Harness;
let scim: ScimClient;
let orgId: string;
withOrgPerTest((harness, client) => {
  h = harness;
  scim = client;
  orgId = client.org.id;
});

async function page(startIndex: number, count = 100): Promise<{ total: number; ids: string[] }> {
  const res = await scim.get(`/Users?startIndex=${startIndex}&count=${count}`);
  expectStatus(res, 200);
  return { total: res.body.totalResults, ids: (res.body.Resources ?? []).map((r: { id: string }) => r.id) };
}

describe('paging through users', () => {
  test('the pages of one listing cover every user once, in one order, with one total', async () => {
    const ids = await seedUsers(h, orgId, 250);
    const pages = [await page(1), await page(101), await page(201)];
    expect(pages.map((p) => [p.total, p.ids.length])).toEqual([[250, 100], [250, 100], [250, 50]]);
    const all = pages.flatMap((p) => p.ids);
    expect(new Set(all).size).toBe(250);
    expect(sorted(all)).toEqual(sorted(ids));
    // Read again from the start: the same order.
    expect([...(await page(1, 250)).ids]).toEqual(all);
  });

  test('a user created or deleted through the API shows on the very next page', async () => {
    await seedUsers(h, orgId, 150);
    expect((await page(1)).total).toBe(150);
    const created = await scim.createUser({ schemas: [SCHEMAS.user], userName: `${randomName()}@example.com` });
    const next = await page(101);
    expect(next.total).toBe(151);
    expect(next.ids).toContain(created.id);

    expect((await page(1)).total).toBe(151);
    expectStatus(await scim.delete(`/Users/${created.id}`), 204);
    const after = await page(101);
    expect(after.total).toBe(150);
    expect(after.ids).not.toContain(created.id);
  });

  test("another process's writes: later pages keep the first page's total; a new first page sees them", async () => {
    await seedUsers(h, orgId, 150);
    expect((await page(1)).total).toBe(150);
    // Written straight into the store, as another API process would: this process is not told.
    const [late] = await seedUsers(h, orgId, 1, 'late');
    const second = await page(101);
    expect(second.total).toBe(150);
    expect(second.ids).not.toContain(late);
    const fresh = await page(1, 200);
    expect(fresh.total).toBe(151);
    expect(fresh.ids).toContain(late);
  });
});
