/**
 * Hostile input (issue 6, item 2): the corpus of hostile-corpus.ts against the real app, every
 * SCIM route and the admin API. For every request: never a 5xx (the one exception is Bulk's
 * 501, RFC 7644 §3.12's answer for an operation the provider does not offer), every error a
 * SCIM error body on SCIM routes and an admin error body on admin routes, nothing internal in
 * any answer, no state change on a rejected request (the org's Users and Groups read through
 * the API with meta.version, and the stored documents), no residue of hostile input in the
 * store, and an untouched Object.prototype.
 */
import request from 'supertest';
import type { UserDocument } from '../../../src/directory/documents';
import { createHarness, createOrg, type Harness, type TestOrg } from '../../support/harness';
import { SCHEMAS, scimClient, type ScimClient } from '../../support/scim-client';
import { adminCorpus, scimCorpus, userNameVariants, type HostileCase, type Outcome } from './hostile-corpus';
import {
  ALL_TENANT_STATE,
  expectAdminErrorBody,
  expectNoInternals,
  expectPrototypesClean,
  expectScimErrorBody,
  orgSnapshot,
  residueIn,
  sameSnapshot,
  snapshotDiff,
  StatusTally,
  storedState,
  truncate,
  type OrgSnapshot,
} from './security-checks';

jest.setTimeout(60_000);

let h: Harness;
let org: TestOrg;
let foreign: TestOrg;
let scim: ScimClient;
const ids: Record<string, string> = {};
const tally = new StatusTally();
const started = Date.now();
let current: OrgSnapshot | undefined;

beforeAll(async () => {
  // Writes are not rate-limited here: the corpus is about input, not about limits.
  h = await createHarness({ SCIM_WRITE_RATE_PER_MINUTE: '1000000' });
  org = await createOrg(h);
  foreign = await createOrg(h);
  scim = scimClient(h, org);
  const user = await scim.createUser({
    schemas: [SCHEMAS.user, SCHEMAS.enterprise],
    userName: 'alice@example.com',
    externalId: 'ext-alice',
    name: { givenName: 'Alice', familyName: 'Liddell' },
    emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
    [SCHEMAS.enterprise]: { department: 'R&D' },
  });
  const user2 = await scim.createUser({ schemas: [SCHEMAS.user], userName: 'bob@example.com', title: 'Engineer' });
  const group = await scim.createGroup({ schemas: [SCHEMAS.group], displayName: 'Team A', members: [{ value: user.id }] });
  const group2 = await scim.createGroup({ schemas: [SCHEMAS.group], displayName: 'Team B', members: [] });
  const foreignScim = scimClient(h, foreign);
  const foreignUser = await foreignScim.createUser({ schemas: [SCHEMAS.user], userName: 'alice@example.com' });
  const foreignGroup = await foreignScim.createGroup({ schemas: [SCHEMAS.group], displayName: 'Team A', members: [{ value: foreignUser.id }] });
  // The license engine's read model, so the admin member routes have members to refuse.
  await h.runtime.licenses.reconcileOrg(org.id);
  await h.runtime.licenses.reconcileOrg(foreign.id);
  Object.assign(ids, {
    user: user.id,
    USER: String(user.id).toUpperCase(),
    user2: user2.id,
    user2Name: 'bob@example.com',
    group: group.id,
    group2: group2.id,
    group2Name: 'Team B',
    foreignUser: foreignUser.id,
    foreignGroup: foreignGroup.id,
    orgId: org.id,
    org: org.id,
    otherOrg: foreign.id,
    token: org.token,
    foreignToken: foreign.token,
    tokenId: org.tokenId,
    foreignTokenId: foreign.tokenId,
  });
});

afterAll(async () => {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`[hostile input] ${tally.total} requests in ${seconds} s; statuses: ${tally.toString()}\n`);
  expectPrototypesClean('after the run');
  await h?.close();
});

const PLACEHOLDER = /\{(user|USER|user2|user2Name|group|group2|group2Name|foreignUser|foreignGroup|orgId|org|otherOrg|token|foreignToken|tokenId|foreignTokenId)\}/g;

function resolve(text: string): string {
  return text.replace(PLACEHOLDER, (_, name: string) => ids[name]);
}

function payloadOf(c: HostileCase): string | Buffer | undefined {
  if (c.raw !== undefined) return Buffer.isBuffer(c.raw) ? c.raw : resolve(c.raw);
  if (c.body !== undefined) return resolve(JSON.stringify(c.body));
  return undefined;
}

function send(c: HostileCase, base: string, authorization: string): request.Test {
  const url = `${base}${resolve(c.path)}`;
  const agent = request(h.app);
  const methods = { GET: agent.get, POST: agent.post, PUT: agent.put, PATCH: agent.patch, DELETE: agent.delete, HEAD: agent.head, OPTIONS: agent.options };
  const test = methods[c.method].call(agent, url);
  test.set('Authorization', authorization);
  for (const [name, value] of Object.entries(c.headers ?? {})) test.set(name, resolve(value));
  const payload = payloadOf(c);
  if (payload === undefined) return test;
  if (c.contentType !== null) test.set('Content-Type', c.contentType ?? 'application/scim+json');
  // The exact bytes: superagent would otherwise serialise a Buffer as JSON under a JSON type.
  test.serialize((bytes: Buffer) => bytes as unknown as string);
  return test.send(Buffer.isBuffer(payload) ? payload : Buffer.from(payload, 'utf8'));
}

const HOSTILE_MARKERS = ['polluted', 'sleep(1000)', '"$gt"', '"$ne"', '"$where"', '"$regex"', '"$expr"', '"$in"', '"$set"', '"$inc"'];

/** The outcome the case allows for this answer; throws with the answer in the message otherwise. */
function checkOutcome(c: HostileCase, res: request.Response, context: string): void {
  const outcome: Outcome = c.outcome;
  const bulk = outcome.kind === 'reject' && ([] as number[]).concat(outcome.status ?? []).includes(501);
  if (res.status >= 500 && !bulk) throw new Error(`${context}: ${res.status}: ${truncate(res.text)}`);
  if (outcome.kind === 'reject') {
    if (res.status < 400) throw new Error(`${context}: expected a rejection, got ${res.status}: ${truncate(res.text)}`);
    const statuses = ([] as number[]).concat(outcome.status ?? []);
    if (statuses.length > 0 && !statuses.includes(res.status)) {
      throw new Error(`${context}: expected ${statuses.join(' or ')}, got ${res.status}: ${truncate(res.text)}`);
    }
    const types = ([] as string[]).concat(outcome.scimType ?? []);
    if (types.length > 0 && !types.includes(res.body?.scimType)) {
      throw new Error(`${context}: expected scimType ${types.join(' or ')}, got ${res.body?.scimType}: ${truncate(res.text)}`);
    }
  }
  if (outcome.kind === 'read' && outcome.maxTotal !== undefined && res.status < 300) {
    const total = res.body?.totalResults ?? res.body?.items?.length;
    if (typeof total !== 'number' || total > outcome.maxTotal) {
      throw new Error(`${context}: a literal match must find at most ${outcome.maxTotal}, found ${total}: ${truncate(res.text)}`);
    }
  }
  if (outcome.kind === 'read' && outcome.maxItems !== undefined && res.status < 300) {
    const items = res.body?.Resources?.length ?? res.body?.items?.length;
    if (typeof items !== 'number' || items > outcome.maxItems) {
      throw new Error(`${context}: the page must hold at most ${outcome.maxItems}, it holds ${items}: ${truncate(res.text)}`);
    }
  }
}

function mustNotChange(c: HostileCase, status: number): boolean {
  return status >= 400 || c.outcome.kind === 'read' || c.method === 'GET' || c.method === 'HEAD' || c.method === 'OPTIONS';
}

function residueProblem(state: unknown): string | undefined {
  const found = residueIn(state);
  if (found) return found;
  const text = JSON.stringify(state);
  const marker = HOSTILE_MARKERS.find((m) => text.includes(m));
  return marker ? `the stored state contains ${marker}` : undefined;
}

describe('SCIM routes', () => {
  const corpus = scimCorpus({ maxBodyBytes: 5 * 1024 * 1024, maxMembers: 10_000 });
  const rows = corpus.map((c) => ({ ...c, label: `${c.group}: ${c.name}` }));

  test('the corpus is big enough to mean something', () => {
    expect(corpus.length).toBeGreaterThan(800);
    expect(new Set(corpus.map((c) => `${c.group}: ${c.name}`)).size).toBe(corpus.length);
  });

  test.each(rows)('$label', async (c) => {
    const context = c.label;
    const before = current ?? (await orgSnapshot(h, org));
    let after: OrgSnapshot | undefined;
    try {
      const res = await send(c, org.scimPath, c.headers?.Authorization ? '' : `Bearer ${org.token}`);
      tally.add(res.status);
      checkOutcome(c, res, context);
      expectNoInternals(res, context);
      if (res.status >= 400 && c.method !== 'HEAD') expectScimErrorBody(res, context);
      if (res.status < 300 && res.body && typeof res.body === 'object') {
        const echoed = residueIn(res.body, true);
        if (echoed) throw new Error(`${context}: the answer holds ${echoed}`);
      }
      after = await orgSnapshot(h, org);
      if (mustNotChange(c, res.status) && !sameSnapshot(before, after)) {
        throw new Error(`${context}: ${res.status} changed the org's state:\n${snapshotDiff(before, after)}`);
      }
      const residue = residueProblem(after.stored);
      if (residue) throw new Error(`${context}: ${residue}`);
      expectPrototypesClean(context);
    } finally {
      current = after ?? (await orgSnapshot(h, org));
    }
  });
});

describe('userName and displayName look-alikes (NFKC + lower case, src/directory/fold-key.ts)', () => {
  const base = 'jöhn.kelvin.fiona@example.com';
  let existingId: string;
  let groupId: string;

  beforeAll(async () => {
    existingId = (await scim.createUser({ schemas: [SCHEMAS.user], userName: base })).id;
    groupId = (await scim.createGroup({ schemas: [SCHEMAS.group], displayName: 'Engineering Team' })).id;
    current = undefined;
  });

  /** A name taken already (compared as uniqueness compares): 409 uniqueness, nothing stored. */
  const expectRefusedAsDuplicate = async (res: request.Response, variant: string, before: OrgSnapshot) => {
    expect(res.status).toBe(409);
    expectScimErrorBody(res, variant);
    expect(res.body.scimType).toBe('uniqueness');
    expect(sameSnapshot(before, await orgSnapshot(h, org))).toBe(true);
  };

  const findByUserName = async (userName: string) => {
    const res = await scim.get(`/Users?filter=${encodeURIComponent(`userName eq ${JSON.stringify(userName)}`)}`);
    expect(res.status).toBe(200);
    return (res.body.Resources as { id: string }[]).map((r) => r.id);
  };

  test.each(userNameVariants(base))('$name: collides=$collides', async ({ variant, collides }) => {
    expect(variant).not.toBe(base);
    const before = await orgSnapshot(h, org);
    const res = await scim.post('/Users', { schemas: [SCHEMAS.user], userName: variant });
    tally.add(res.status);
    expectNoInternals(res, variant);
    if (collides) {
      await expectRefusedAsDuplicate(res, variant, before);
      // The filter compares the same way: the variant finds the existing user.
      expect(await findByUserName(variant)).toEqual([existingId]);
      // A rename of another user into the variant is refused the same way, and changes nothing.
      const bob = await scim.patch(`/Users/${ids.user2}`, { schemas: [SCHEMAS.patch], Operations: [{ op: 'replace', path: 'userName', value: variant }] });
      tally.add(bob.status);
      expect(bob.status).toBe(409);
      expect(sameSnapshot(before, await orgSnapshot(h, org))).toBe(true);
    } else {
      expect(res.status).toBe(201);
      expect(res.body.userName).toBe(variant);
      expect(await findByUserName(variant)).toEqual([res.body.id]);
      expect(await findByUserName(base)).toEqual([existingId]);
      const stored = (await storedState(h, org.id, ['users'])).users as UserDocument[];
      expect(stored.find((u) => u.id === res.body.id)?.userNameKey).not.toBe(stored.find((u) => u.id === existingId)?.userNameKey);
      const removed = await scim.delete(`/Users/${res.body.id}`);
      tally.add(removed.status);
      expect(removed.status).toBe(204);
    }
    expectPrototypesClean(variant);
  });

  test.each([
    ['upper case', 'ENGINEERING TEAM', true],
    ['full-width', 'Ｅｎｇｉｎｅｅｒｉｎｇ Team', true],
    ['a no-break space (NFKC: a space)', 'Engineering\u00A0Team', true],
    ['an ideographic space (NFKC: a space)', 'Engineering\u3000Team', true],
    ['Cyrillic Е', '\u0415ngineering Team', false],
    ['two spaces', 'Engineering  Team', false],
  ] as const)('group displayName %s: collides=%s', async (_what, variant, collides) => {
    const before = await orgSnapshot(h, org);
    const res = await scim.post('/Groups', { schemas: [SCHEMAS.group], displayName: variant });
    tally.add(res.status);
    expectNoInternals(res, variant);
    if (collides) {
      await expectRefusedAsDuplicate(res, variant, before);
      const found = await scim.get(`/Groups?filter=${encodeURIComponent(`displayName eq ${JSON.stringify(variant)}`)}`);
      expect((found.body.Resources as { id: string }[]).map((g) => g.id)).toEqual([groupId]);
    } else {
      expect(res.status).toBe(201);
      const removed = await scim.delete(`/Groups/${res.body.id}`);
      expect(removed.status).toBe(204);
    }
  });
});

describe('admin API', () => {
  const corpus = adminCorpus();
  const rows = corpus.map((c) => ({ ...c, label: c.name }));

  /** The org as the admin API shows it, its tokens, licenses and members, its stored documents, and every org not made by createOrg. */
  async function adminState(): Promise<string> {
    const get = async (path: string) => {
      const res = await h.admin().get(path);
      if (res.status !== 200) throw new Error(`admin snapshot ${path}: ${res.status} ${truncate(res.text)}`);
      return res.body;
    };
    const orgDoc = await get(`/orgs/${org.id}`);
    const tokens = await get(`/orgs/${org.id}/tokens`);
    const licenses = await get(`/orgs/${org.id}/licenses`);
    const members = await get(`/orgs/${org.id}/members?state=deleted`);
    const active = await get(`/orgs/${org.id}/members`);
    const stored = await storedState(h, org.id, ALL_TENANT_STATE.filter((n) => n !== 'sync_log'));
    const orgs = await h.runtime.store.global('orgs').find({}).toArray();
    const strangers = orgs.filter((o) => o.name !== 'Test org').map((o) => JSON.stringify(o));
    return JSON.stringify({ orgDoc, tokens: tokens.items.map((t: { tokenId: string }) => t.tokenId), licenses, members, active, stored, strangers });
  }

  let adminCurrent: string | undefined;

  test.each(rows)('$label', async (c) => {
    const before = adminCurrent ?? (await adminState());
    let after: string | undefined;
    try {
      const res = await send(c, '/admin/v1', c.headers?.Authorization ? '' : 'Bearer test-admin-key-0123456789abcdef');
      tally.add(res.status);
      checkOutcome(c, res, c.name);
      expectNoInternals(res, c.name);
      if (res.status >= 400) expectAdminErrorBody(res, c.name);
      after = await adminState();
      if (mustNotChange(c, res.status) && after !== before) {
        throw new Error(`${c.name}: ${res.status} changed the admin state:\nbefore ${truncate(before, 2000)}\nafter  ${truncate(after, 2000)}`);
      }
      const residue = residueProblem(JSON.parse(after));
      if (residue) throw new Error(`${c.name}: ${residue}`);
      expectPrototypesClean(c.name);
    } finally {
      adminCurrent = after ?? (await adminState());
    }
  });
});
