/**
 * A User's read-only `groups` (RFC 7643 §4.1.2): the same answer whether the memberships are
 * found by probing each (group, user) pair by `_id` (few groups) or by one query (many).
 */
import type { Harness } from '../../support/harness';
import { expectStatus, patchOp, randomName, SCHEMAS, withOrgPerTest, type ScimClient } from '../../support/scim-client';

let h: Harness;
let scim: ScimClient;
withOrgPerTest((harness, client) => {
  h = harness;
  scim = client;
});

const newUser = async () => (await scim.createUser({ schemas: [SCHEMAS.user], userName: `${randomName()}@example.com` })).id as string;
const groupsOf = (user: { groups?: { value: string; display: string }[] }) => (user.groups ?? []).map((g) => `${g.display}=${g.value}`);

describe('a User shows the groups it is in', () => {
  test('few groups (probed by _id) and many users in one list (one query) answer alike, after adds, removals and a group delete', async () => {
    const users = await Promise.all(Array.from({ length: 60 }, () => newUser()));
    const [alpha, beta, gamma] = await Promise.all(
      ['Alpha', 'Beta', 'Gamma'].map((name) => scim.createGroup({ schemas: [SCHEMAS.group], displayName: `${name} ${randomName()}` })),
    );
    const add = (group: Record<string, unknown>, ids: string[]) =>
      scim.patch(`/Groups/${String(group.id)}`, patchOp({ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }));
    expectStatus(await add(alpha, users.slice(0, 40)), 204);
    expectStatus(await add(beta, users.slice(20, 60)), 204);
    expectStatus(await add(gamma, [users[0], users[59]]), 204);
    expectStatus(await scim.patch(`/Groups/${beta.id}`, patchOp({ op: 'remove', path: `members[value eq "${users[30]}"]` })), 204);
    expectStatus(await scim.delete(`/Groups/${gamma.id}`), 204);

    const expected = (i: number) =>
      [
        ...(i < 40 ? [`${alpha.displayName}=${alpha.id}`] : []),
        ...(i >= 20 && i !== 30 ? [`${beta.displayName}=${beta.id}`] : []),
      ].sort();

    // One user at a time: 3 groups x 1 user, probed.
    for (const i of [0, 19, 20, 30, 39, 40, 59]) {
      const res = await scim.get(`/Users/${users[i]}`);
      expectStatus(res, 200);
      expect(groupsOf(res.body).sort()).toEqual(expected(i));
    }
    // A page of 60 users that asks for their groups (lists show them only then): 3 x 60 pairs, one query.
    const page = await scim.get('/Users?count=100&attributes=groups');
    expectStatus(page, 200);
    const byId = new Map((page.body.Resources as { id: string }[]).map((u) => [u.id, u]));
    users.forEach((id, i) => expect(groupsOf(byId.get(id) as never).sort()).toEqual(expected(i)));
  });
});
