import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { MongoClient } from 'mongodb';
import { findFreePort } from '../../../src/infra/local-services/free-port';
import { startApiProcess, startWorkerProcess, type NodeProcess } from '../../faults/support/node-processes';
import { SCHEMAS } from '../../support/scim-client';

/**
 * Issue 6, secrets: after a full run through real API and worker processes (debug logs on),
 * neither a SCIM token (valid, revoked or another org's), the admin key nor a password sent by
 * the IdP appears in the processes' logs, the stored documents (sync log included), the Redis
 * keys of the queues, or any HTTP answer.
 */
const ADMIN_KEY = `secrets-admin-${randomBytes(16).toString('hex')}`;
const PASSWORD = `Pw-${randomBytes(12).toString('hex')}`;
let api: NodeProcess;
let worker: NodeProcess;
let origin: string;
const answers: string[] = [];

beforeAll(async () => {
  const env = {
    MONGODB_URI: process.env.MONGODB_URI!,
    REDIS_URL: process.env.REDIS_URL!,
    ADMIN_API_KEY: ADMIN_KEY,
    QUEUE_PREFIX: `secrets-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'debug',
  };
  const port = await findFreePort();
  origin = `http://127.0.0.1:${port}`;
  [api, worker] = await Promise.all([startApiProcess({ ...env, PORT: String(port) }, { keepAllOutput: true }), startWorkerProcess(env, { keepAllOutput: true })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([api?.kill('SIGTERM'), worker?.kill('SIGTERM')]);
});

/** `issuesToken`: the answer shows a new token on purpose (CONTRACT.md: only there), so it is not checked. */
async function call(method: string, path: string, token: string, body?: unknown, issuesToken = false): Promise<{ status: number; json: any }> {
  const res = await fetch(`${origin}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': path.startsWith('/admin/') ? 'application/json' : 'application/scim+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!issuesToken) answers.push(`${res.status} ${JSON.stringify(Object.fromEntries(res.headers))} ${text}`);
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

test('no token, admin key or password is written anywhere after a full lifecycle', async () => {
  const created = await call('POST', '/admin/v1/orgs', ADMIN_KEY, { name: 'Secrets', licenses: 2 }, true);
  expect(created.status).toBe(201);
  const orgId: string = created.json.id;
  const scim = new URL(created.json.scim.baseUrl).pathname;
  const token: string = created.json.scim.token;
  const other = await call('POST', '/admin/v1/orgs', ADMIN_KEY, { name: 'Other', licenses: 1 }, true);
  const otherToken: string = other.json.scim.token;
  const rotated = await call('POST', `/admin/v1/orgs/${orgId}/tokens`, ADMIN_KEY, undefined, true);
  const secrets = [ADMIN_KEY, PASSWORD, token, otherToken, rotated.json.token as string];

  // The IdP's lifecycle, Okta-shaped (a password on create), with failures along the way.
  const user = await call('POST', `${scim}/Users`, token, { schemas: [SCHEMAS.user], userName: 'ann@example.com', password: PASSWORD, active: true });
  expect(user.status).toBe(201);
  await call('POST', `${scim}/Users`, token, { schemas: [SCHEMAS.user], userName: 'ann@example.com', password: PASSWORD });
  await call('PUT', `${scim}/Users/${user.json.id}`, token, { schemas: [SCHEMAS.user], userName: 'ann@example.com', password: PASSWORD, active: true });
  await call('PATCH', `${scim}/Users/${user.json.id}`, token, { schemas: [SCHEMAS.patch], Operations: [{ op: 'replace', path: 'password', value: PASSWORD }] });
  const group = await call('POST', `${scim}/Groups`, token, { schemas: [SCHEMAS.group], displayName: 'Team', members: [{ value: user.json.id }] });
  expect(group.status).toBe(201);
  await call('GET', `${scim}/Users?filter=${encodeURIComponent('password eq "x"')}`, token);
  await call('GET', `${scim}/Users`, otherToken);
  await call('GET', `${scim}/Users`, `${token}x`);
  await call('DELETE', `/admin/v1/orgs/${orgId}/tokens/${created.json.scim.tokenId}`, ADMIN_KEY);
  await call('GET', `${scim}/Users`, token);
  await call('PATCH', `${scim}/Users/${user.json.id}`, rotated.json.token, { schemas: [SCHEMAS.patch], Operations: [{ op: 'replace', value: { active: false } }] });
  await call('GET', `/admin/v1/orgs/${orgId}/sync-log?limit=500`, ADMIN_KEY);
  await call('GET', '/admin/v1/orgs', `${ADMIN_KEY}x`);
  for (let i = 0; i < 300; i++) {
    const status = await call('GET', `/admin/v1/orgs/${orgId}/sync-status`, ADMIN_KEY);
    if (status.json.settled) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const jobs = await call('GET', `/admin/v1/orgs/${orgId}/sync-log?kind=job`, ADMIN_KEY);
  expect(jobs.json.items.length).toBeGreaterThan(0);

  const places: Record<string, string> = {
    'API log': api.output(),
    'worker log': worker.output(),
    'HTTP answers': answers.join('\n'),
    'stored documents': await dumpStore(),
    'Redis keys': await dumpRedis(),
  };
  // The logs hold the requests, so a secret would have had its chance to appear.
  expect(places['API log']).toContain(`/scim/v2/${orgId}/Users`);
  for (const [place, text] of Object.entries(places)) {
    expect(text.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      const at = text.indexOf(secret);
      if (at >= 0) throw new Error(`a secret (${secret.slice(0, 12)}…) was found in the ${place}: …${text.slice(Math.max(0, at - 300), at + 60)}…`);
    }
  }
  // No token of any org in what these processes wrote or answered (the store and Redis are
  // shared with other test files, whose own tokens they check).
  for (const place of ['API log', 'worker log', 'HTTP answers']) expect(places[place]).not.toMatch(/seatsync_scim_[A-Za-z0-9_-]{20,}/);
}, 120_000);

/** Every document of every collection of the database, as JSON. */
async function dumpStore(): Promise<string> {
  const client = await MongoClient.connect(process.env.MONGODB_URI!);
  try {
    const db = client.db();
    const parts: string[] = [];
    for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
      parts.push(JSON.stringify(await db.collection(name).find({}).toArray()));
    }
    return parts.join('\n');
  } finally {
    await client.close();
  }
}

/** Every Redis key and its value, whatever its type. */
async function dumpRedis(): Promise<string> {
  const redis = new IORedis(process.env.REDIS_URL!);
  try {
    const parts: string[] = [];
    for (const key of await redis.keys('*')) {
      const type = await redis.type(key);
      const value =
        type === 'string' ? await redis.get(key)
        : type === 'hash' ? await redis.hgetall(key)
        : type === 'list' ? await redis.lrange(key, 0, -1)
        : type === 'set' ? await redis.smembers(key)
        : type === 'zset' ? await redis.zrange(key, 0, -1)
        : type === 'stream' ? await redis.xrange(key, '-', '+')
        : null;
      parts.push(`${key} ${JSON.stringify(value)}`);
    }
    return parts.join('\n');
  } finally {
    redis.disconnect();
  }
}
