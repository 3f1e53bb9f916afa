import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { TenantCollectionName } from '../../src/infra/store';
import { createHarness, createOrg, type Harness, type TestOrg } from './harness';

/**
 * A SCIM client for one org over supertest, plus helpers the SCIM integration suites share:
 * SCIM error assertions, raw store reads (to prove what is and is not stored) and snapshots
 * of an org's SCIM state (to prove a rejected request changed nothing).
 */

export const SCHEMAS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  license: 'urn:seatsync:scim:schemas:extension:license:1.0:User',
  list: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patch: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  search: 'urn:ietf:params:scim:api:messages:2.0:SearchRequest',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  msGroup: 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
} as const;

export type Headers = Record<string, string>;

/**
 * A harness whose queues have a prefix of their own: no worker of another test file (they
 * share one Redis) can consume this file's jobs and delete its change records.
 */
export function createScimHarness(env: Record<string, string> = {}): Promise<Harness> {
  return createHarness({ QUEUE_PREFIX: `scimtest-${randomBytes(4).toString('hex')}`, ...env });
}

/**
 * The usual hooks of a SCIM test file: one harness for the file, and before every test a fresh
 * org and its client, handed to `use` (tests never share data).
 */
export function withOrgPerTest(use: (h: Harness, scim: ScimClient) => void, env: Record<string, string> = {}): void {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await createScimHarness(env);
  });
  beforeEach(async () => {
    use(h!, scimClient(h!, await createOrg(h!)));
  });
  afterAll(async () => {
    await h?.close();
  });
}

export interface ScimClient {
  org: TestOrg;
  get(path: string, headers?: Headers): request.Test;
  delete(path: string, headers?: Headers): request.Test;
  post(path: string, body: unknown, headers?: Headers): request.Test;
  put(path: string, body: unknown, headers?: Headers): request.Test;
  patch(path: string, body: unknown, headers?: Headers): request.Test;
  /** A raw request (any method, body sent as is) for content-type and syntax tests. */
  raw(method: 'post' | 'put' | 'patch' | 'get' | 'delete', path: string): request.Test;
  /** POST /Users and return the created resource (fails the test unless 201). */
  createUser(body: Record<string, unknown>): Promise<Record<string, any>>;
  createGroup(body: Record<string, unknown>): Promise<Record<string, any>>;
}

export function scimClient(h: Harness, org: TestOrg, defaults: Headers = {}): ScimClient {
  const withHeaders = (test: request.Test, headers: Headers = {}) => {
    test.set('Authorization', `Bearer ${org.token}`);
    for (const [name, value] of Object.entries({ ...defaults, ...headers })) test.set(name, value);
    return test;
  };
  const url = (path: string) => `${org.scimPath}${path}`;
  const send = (test: request.Test, body: unknown, headers: Headers = {}) => {
    const contentType = headers['Content-Type'] ?? defaults['Content-Type'] ?? 'application/scim+json';
    return withHeaders(test, { 'Content-Type': contentType, ...headers }).send(JSON.stringify(body));
  };
  const client: ScimClient = {
    org,
    get: (path, headers) => withHeaders(request(h.app).get(url(path)), headers),
    delete: (path, headers) => withHeaders(request(h.app).delete(url(path)), headers),
    post: (path, body, headers) => send(request(h.app).post(url(path)), body, headers),
    put: (path, body, headers) => send(request(h.app).put(url(path)), body, headers),
    patch: (path, body, headers) => send(request(h.app).patch(url(path)), body, headers),
    raw: (method, path) => withHeaders(request(h.app)[method](url(path))),
    createUser: async (body) => {
      const res = await client.post('/Users', body);
      if (res.status !== 201) throw new Error(`user creation failed: ${res.status} ${res.text}`);
      return res.body;
    },
    createGroup: async (body) => {
      const res = await client.post('/Groups', body);
      if (res.status !== 201) throw new Error(`group creation failed: ${res.status} ${res.text}`);
      return res.body;
    },
  };
  return client;
}

/** A PATCH body (RFC 7644 §3.5.2). */
export function patchOp(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [SCHEMAS.patch], Operations: operations };
}

export function randomName(prefix = 'u'): string {
  return `${prefix}${randomBytes(5).toString('hex')}`;
}

/** A minimal valid user body. */
export function userBody(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [SCHEMAS.user], userName, active: true, ...extra };
}

export function groupBody(displayName: string, members: string[] = [], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { schemas: [SCHEMAS.group], displayName, members: members.map((value) => ({ value })), ...extra };
}

/** RFC 7644 §3.12 error body, application/scim+json, string status, scimType when given. */
export function expectScimError(res: request.Response, status: number, scimType?: string): void {
  if (res.status !== status) {
    throw new Error(`expected ${status}${scimType ? ` ${scimType}` : ''}, got ${res.status}: ${res.text}`);
  }
  expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
  expect(res.body.schemas).toEqual([SCHEMAS.error]);
  expect(res.body.status).toBe(String(status));
  expect(typeof res.body.detail).toBe('string');
  expect(res.body.detail.length).toBeGreaterThan(0);
  if (scimType === undefined) expect(res.body.scimType).toBeUndefined();
  else expect(res.body.scimType).toBe(scimType);
}

/** Fails with the body in the message, which is what one wants to see when a status is off. */
export function expectStatus(res: request.Response, status: number): void {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
}

/** Every document of one tenant collection of the org, straight from the store. */
export async function rawDocs(h: Harness, orgId: string, name: TenantCollectionName): Promise<Record<string, unknown>[]> {
  return h.runtime.store.tenant(orgId, name).find({});
}

const SNAPSHOT_COLLECTIONS: TenantCollectionName[] = ['users', 'groups', 'memberships', 'keys', 'changes'];

/**
 * The org's SCIM state, canonicalised (documents sorted by `_id`), for before/after
 * comparisons. Version claims are left out: a rejected write may leave none, but they are an
 * implementation detail of concurrency control and not state a client can observe.
 */
export async function snapshot(h: Harness, orgId: string): Promise<string> {
  const parts: Record<string, unknown> = {};
  for (const name of SNAPSHOT_COLLECTIONS) {
    const docs = await rawDocs(h, orgId, name);
    parts[name] = docs.sort((a, b) => String(a._id).localeCompare(String(b._id)));
  }
  return JSON.stringify(parts);
}

/** Change records of the org (collection `changes`), as memberId → reasons. */
export async function changesByMember(h: Harness, orgId: string): Promise<Map<string | null, string[]>> {
  const docs = await rawDocs(h, orgId, 'changes');
  const out = new Map<string | null, string[]>();
  for (const doc of docs) {
    const keys = doc.memberIds === undefined ? [doc.memberId as string | null] : (doc.memberIds as string[]);
    for (const key of keys) out.set(key, [...(out.get(key) ?? []), String(doc.reason)]);
  }
  return out;
}

/** Sorted copy, for order-insensitive comparisons of id lists. */
export function sorted<T>(values: Iterable<T>): T[] {
  return [...values].sort();
}

export async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = process.hrtime.bigint();
  const result = await run();
  return { result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}
