import { LogTail, formatLogLine } from '../../../src/cli/commands/log';
import { waitUntilSettled } from '../../../src/cli/commands/reconcile';
import type { SyncLogEntry, SyncStatus } from '../../../src/cli/api-types';
import { CliError } from '../../../src/cli/errors';
import { captureIo, fakeFetch, run } from './fake-io';

const KEY = 'unit-admin-key-0123456789abcdef';
const base = ['--url', 'http://seatsync.test', '--key', KEY];

const ORG = {
  id: 'org123abc',
  name: 'Acme',
  settings: { invitationMode: 'auto', defaultTeam: null },
  createdAt: '2030-01-01T00:00:00.000Z',
  exhausted: false,
  exhaustedSince: null,
  awaiting: 0,
  scim: { baseUrl: 'http://seatsync.test/scim/v2/org123abc' },
};

describe('requests the CLI sends', () => {
  test('orgs create posts name, licenses and settings with the bearer key', async () => {
    const api = fakeFetch(() => ({ status: 201, body: { ...ORG, scim: { ...ORG.scim, token: 'seatsync_scim_secret', tokenId: 'tok_0123456789abcdef' } } }));
    const result = await run([...base, 'orgs', 'create', '--name', 'Acme', '--licenses', '10', '--settings', '{"invitationMode":"invite"}'], { fetch: api.fetch });
    expect(result.code).toBe(0);
    expect(api.requests).toHaveLength(1);
    const [req] = api.requests;
    expect(req.method).toBe('POST');
    expect(req.url.href).toBe('http://seatsync.test/admin/v1/orgs');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body).toEqual({ name: 'Acme', licenses: 10, settings: { invitationMode: 'invite' } });
    expect(result.stdout).toContain('seatsync_scim_secret');
    expect(result.stdout).toMatch(/SCIM base URL:\s+http:\/\/seatsync\.test\/scim\/v2\/org123abc/);
    expect(result.stderr).toMatch(/shown only now/);
  });

  test('orgs list follows nextCursor and passes --exhausted', async () => {
    const api = fakeFetch((req) =>
      req.url.searchParams.get('cursor') === 'c1'
        ? { body: { items: [{ ...ORG, id: 'org2bbbbb', name: 'Beta' }], total: 2, nextCursor: null } }
        : { body: { items: [ORG], total: 2, nextCursor: 'c1' } },
    );
    const result = await run([...base, 'orgs', 'list', '--exhausted', '--json'], { fetch: api.fetch });
    expect(result.code).toBe(0);
    expect(api.requests.map((r) => r.url.search)).toEqual(['?exhausted=true', '?exhausted=true&cursor=c1']);
    expect(JSON.parse(result.stdout)).toEqual({ items: [ORG, expect.objectContaining({ id: 'org2bbbbb' })], total: 2 });
  });

  test('orgs list prints a table', async () => {
    const api = fakeFetch(() => ({ body: { items: [ORG], total: 1, nextCursor: null } }));
    const result = await run([...base, 'orgs', 'list'], { fetch: api.fetch });
    const [header, row] = result.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+NAME\s+EXHAUSTED\s+AWAITING\s+CREATED$/);
    expect(row).toMatch(/^org123abc\s+Acme\s+no\s+0\s+2030-01-01T00:00:00.000Z$/);
  });

  test('tokens rotate sends expiresAt; tokens revoke sends DELETE; ids are URL-encoded', async () => {
    const api = fakeFetch((req) =>
      req.method === 'DELETE' ? { status: 204 } : { status: 201, body: { tokenId: 'tok_1111111111111111', token: 'seatsync_scim_new', expiresAt: '2030-02-01T00:00:00.000Z' } },
    );
    const rotated = await run([...base, 'tokens', 'rotate', 'org123abc', '--expires-at', '2030-02-01T00:00:00Z'], { fetch: api.fetch });
    expect(rotated.code).toBe(0);
    expect(api.requests[0]).toMatchObject({ method: 'POST', body: { expiresAt: '2030-02-01T00:00:00.000Z' } });
    expect(api.requests[0].url.pathname).toBe('/admin/v1/orgs/org123abc/tokens');
    expect(rotated.stdout).toMatch(/Token:\s+seatsync_scim_new/);

    const revoked = await run([...base, 'tokens', 'revoke', 'org/../x', 'tok_1111111111111111'], { fetch: api.fetch });
    expect(revoked.code).toBe(0);
    expect(api.requests[1].method).toBe('DELETE');
    expect(api.requests[1].url.pathname).toBe('/admin/v1/orgs/org%2F..%2Fx/tokens/tok_1111111111111111');
    expect(revoked.stdout).toBe('Revoked token tok_1111111111111111 of org org/../x.\n');
  });

  test('licenses add posts the quantity to purchases and prints the summary', async () => {
    const summary = { purchased: 15, active: 3, pending: 0, unassigned: 1, available: 11, awaiting: 0, suspended: 0, exhausted: false, teams: [{ id: 'g1', name: 'Eng', members: 3, licensed: 3 }] };
    const api = fakeFetch(() => ({ status: 201, body: summary }));
    const result = await run([...base, 'licenses', 'add', 'org123abc', '--quantity', '5'], { fetch: api.fetch });
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({ method: 'POST', body: { quantity: 5 } });
    expect(api.requests[0].url.pathname).toBe('/admin/v1/orgs/org123abc/licenses/purchases');
    expect(result.stdout).toMatch(/Purchased:\s+15/);
    expect(result.stdout).toMatch(/g1\s+Eng\s+3\s+3/);
  });

  test('members list passes its filters and follows pages', async () => {
    const member = { id: 'u1', userName: 'ada@example.com', externalId: null, active: true, state: 'awaiting_license', teams: [{ id: 'g1', name: 'Eng' }], heldSince: null, queuePosition: 1 };
    const api = fakeFetch((req) =>
      req.url.searchParams.has('cursor') ? { body: { items: [{ ...member, id: 'u2', queuePosition: 2 }], total: 2, nextCursor: null } } : { body: { items: [member], total: 2, nextCursor: 'u1' } },
    );
    const result = await run([...base, 'members', 'list', 'org123abc', '--state', 'awaiting_license', '--team', 'g1', '--q', 'ada'], { fetch: api.fetch });
    expect(result.code).toBe(0);
    expect(Object.fromEntries(api.requests[0].url.searchParams)).toEqual({ state: 'awaiting_license', team: 'g1', q: 'ada' });
    expect(api.requests[1].url.searchParams.get('cursor')).toBe('u1');
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(3);
  });
});

describe('errors and exit codes', () => {
  test('an API error exits 1 with its code and message on stderr, nothing on stdout', async () => {
    const api = fakeFetch(() => ({ status: 404, body: { error: { code: 'NOT_FOUND', message: 'Organisation nope does not exist.' } } }));
    const result = await run([...base, 'orgs', 'show', 'nope'], { fetch: api.fetch });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('seatsync: NOT_FOUND: Organisation nope does not exist. (HTTP 404)\n');
  });

  test('with --json the error is JSON', async () => {
    const api = fakeFetch(() => ({ status: 409, body: { error: { code: 'CONFLICT', message: 'busy' } } }));
    const result = await run([...base, '--json', 'orgs', 'show', 'x'], { fetch: api.fetch });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stderr)).toEqual({ error: { code: 'CONFLICT', message: 'busy', status: 409 } });
  });

  test('a non-JSON error page keeps the HTTP status as the code', async () => {
    const fetchImpl = (async () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })) as typeof fetch;
    const result = await run([...base, 'orgs', 'list'], { fetch: fetchImpl });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('seatsync: HTTP_502: Bad Gateway (HTTP 502)\n');
  });

  test('an unreachable server is CONNECTION_FAILED', async () => {
    const fetchImpl = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as typeof fetch;
    const result = await run([...base, 'orgs', 'list'], { fetch: fetchImpl });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^seatsync: CONNECTION_FAILED: Cannot reach seatsync at http:\/\/seatsync\.test \(ECONNREFUSED\)/);
  });

  test.each([
    [['orgs', 'create', '--name', 'x'], /required option '--licenses <n>'/],
    [['orgs', 'create', '--name', 'x', '--licenses', '-1'], /must be between 0/],
    [['orgs', 'create', '--name', 'x', '--licenses', '1', '--settings', '[]'], /must be a JSON object/],
    [['licenses', 'add', 'org123abc', '--quantity', '0'], /must be between 1/],
    [['members', 'list', 'org123abc', '--state', 'happy'], /Allowed choices are provisioned/],
    [['tokens', 'rotate', 'org123abc', '--expires-at', 'soon'], /not an ISO date-time/],
    [['orgs', 'frobnicate'], /unknown command 'frobnicate'/],
    [['--url', 'nope', 'orgs', 'list'], /--url: "nope" is not a URL/],
  ])('usage mistake %j exits 2 without a request', async (argv, message) => {
    const api = fakeFetch(() => ({ body: {} }));
    const result = await run(['--key', KEY, ...argv], { fetch: api.fetch });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(api.requests).toHaveLength(0);
  });

  test('--help exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: seatsync/);
    expect(result.stdout).toMatch(/Exit codes/);
  });

  test('the admin key is never printed, whatever happens', async () => {
    const outputs: string[] = [];
    for (const answer of [{ status: 401, body: { error: { code: 'UNAUTHORIZED', message: 'A valid admin API key is required.' } } }, { status: 200, body: ORG }]) {
      const api = fakeFetch(() => answer);
      const result = await run(['orgs', 'show', 'org123abc'], { fetch: api.fetch, env: { ADMIN_API_KEY: KEY, SEATSYNC_URL: 'http://seatsync.test' } });
      expect(api.requests[0].headers.authorization).toBe(`Bearer ${KEY}`);
      outputs.push(result.stdout, result.stderr);
    }
    const help = await run(['--help'], { env: { ADMIN_API_KEY: KEY } });
    outputs.push(help.stdout, help.stderr);
    for (const text of outputs) expect(text).not.toContain(KEY);
  });
});

describe('log tail', () => {
  const entry = (id: string, at: string, summary = id): SyncLogEntry => ({ id, at, kind: 'job', status: 'ok', summary, correlationId: `req-${id}` });

  test('formatLogLine', () => {
    expect(formatLogLine(entry('e1', '2030-01-01T00:00:00.000Z', 'applied 3 changes'))).toBe(
      '2030-01-01T00:00:00.000Z  job           ok       applied 3 changes  [req-e1]\n',
    );
  });

  test('hands out each entry once, oldest first, and asks again from a little before the newest', async () => {
    const pages: SyncLogEntry[][] = [
      [entry('b', '2030-01-01T00:00:02.000Z'), entry('a', '2030-01-01T00:00:01.000Z')],
      // The same two again, plus a late entry dated between them, plus a new one.
      [entry('a', '2030-01-01T00:00:01.000Z'), entry('late', '2030-01-01T00:00:01.500Z'), entry('b', '2030-01-01T00:00:02.000Z'), entry('c', '2030-01-01T00:00:03.000Z')],
      [entry('c', '2030-01-01T00:00:03.000Z')],
    ];
    const queries: Array<Record<string, unknown>> = [];
    const api = {
      collect: async <T>(_path: string, query: Record<string, unknown> = {}) => {
        queries.push(query);
        return { items: pages[queries.length - 1] as unknown as T[], total: null };
      },
    };
    const tail = new LogTail(api, 'org123abc', { kind: 'job' });
    expect((await tail.poll('2030-01-01T00:00:00.000Z')).map((e) => e.id)).toEqual(['a', 'b']);
    expect((await tail.poll()).map((e) => e.id)).toEqual(['late', 'c']);
    expect(await tail.poll()).toEqual([]);
    expect(queries[0]).toEqual({ kind: 'job', since: '2030-01-01T00:00:00.000Z' });
    expect(queries[1]).toEqual({ kind: 'job', since: '2029-12-31T23:55:02.000Z' });
  });

  test('--follow polls until interrupted; --json prints one object per line', async () => {
    const controller = new AbortController();
    let calls = 0;
    const api = fakeFetch((req) => {
      calls += 1;
      if (calls === 3) controller.abort();
      const items = calls === 1 ? [entry('a', '2030-01-01T00:00:00.000Z')] : [entry('a', '2030-01-01T00:00:00.000Z'), entry(`n${calls}`, `2030-01-01T00:00:0${calls}.000Z`)];
      expect(req.url.pathname).toBe('/admin/v1/orgs/org123abc/sync-log');
      return { body: { items, nextCursor: null } };
    });
    const result = await run([...base, '--json', 'log', 'tail', 'org123abc', '--follow', '--interval', '500'], { fetch: api.fetch, signal: controller.signal });
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line).id)).toEqual(['a', 'n2', 'n3']);
    expect(result.io.slept).toBe(1000);
  });

  test('--lines keeps only the newest entries of the first read', async () => {
    const api = fakeFetch(() => ({ body: { items: ['1', '2', '3'].map((n) => entry(n, `2030-01-01T00:00:0${n}.000Z`)), nextCursor: null } }));
    const result = await run([...base, 'log', 'tail', 'org123abc', '-n', '2', '--since', '1h'], { fetch: api.fetch });
    expect(result.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[3])).toEqual(['2', '3']);
    expect(api.requests[0].url.searchParams.get('since')).toBe('2029-12-31T23:00:00.000Z');
  });
});

describe('reconcile', () => {
  test('queues the re-check, polls sync-status until settled and draws progress on stderr', async () => {
    const statuses: SyncStatus[] = [
      { settled: false, pending: 4, oldestPendingAt: '2030-01-01T00:00:00.000Z' },
      { settled: false, pending: 1, oldestPendingAt: '2030-01-01T00:00:00.000Z' },
      { settled: true, pending: 0, oldestPendingAt: null },
    ];
    let polls = 0;
    const api = fakeFetch((req) => {
      if (req.method === 'POST') return { status: 202, body: { queued: 12 } };
      return { body: statuses[polls++] };
    });
    const result = await run([...base, 'reconcile', '--org', 'org123abc', '--interval', '250'], { fetch: api.fetch });
    expect(result.code).toBe(0);
    expect(api.requests[0]).toMatchObject({ method: 'POST' });
    expect(api.requests[0].url.pathname).toBe('/admin/v1/orgs/org123abc/reconcile');
    expect(api.requests.slice(1).map((r) => r.url.pathname)).toEqual(Array(3).fill('/admin/v1/orgs/org123abc/sync-status'));
    expect(result.stderr).toMatch(/Re-checking 12 members of org org123abc/);
    expect(result.stderr).toMatch(/\[-+\]\s+0%\s+4 changes pending/);
    expect(result.stderr).toMatch(/75%\s+1 change pending/);
    expect(result.stderr).toMatch(/100%\s+0 changes pending/);
    expect(result.stdout).toMatch(/^Org org123abc settled: 12 members re-checked in 0\.5 s\.\n$/);
    expect(result.io.slept).toBe(500);
  });

  test('--no-wait only queues', async () => {
    const api = fakeFetch(() => ({ status: 202, body: { queued: 3 } }));
    const result = await run([...base, '--json', 'reconcile', '--org', 'org123abc', '--no-wait'], { fetch: api.fetch });
    expect(result.code).toBe(0);
    expect(api.requests).toHaveLength(1);
    expect(JSON.parse(result.stdout)).toEqual({ orgId: 'org123abc', queued: 3 });
  });

  test('gives up after --wait-timeout with NOT_SETTLED (exit 1)', async () => {
    const api = fakeFetch((req) => (req.method === 'POST' ? { status: 202, body: { queued: 1 } } : { body: { settled: false, pending: 2, oldestPendingAt: '2030-01-01T00:00:00.000Z' } }));
    const result = await run([...base, 'reconcile', '--org', 'org123abc', '--wait-timeout', '3'], { fetch: api.fetch });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/NOT_SETTLED: Org org123abc did not settle within 3 s; 2 changes still pending/);
  });

  test('waitUntilSettled waits out a 503 but not a 404', async () => {
    const io = captureIo();
    const unavailable = new CliError('UNAVAILABLE', 'store down', 1, 503);
    const answers: Array<SyncStatus | CliError> = [unavailable, { settled: true, pending: 0, oldestPendingAt: null }];
    const flaky = { get: async <T>() => { const next = answers.shift()!; if (next instanceof CliError) throw next; return next as T; } };
    await expect(waitUntilSettled(flaky, 'org123abc', io, { intervalMs: 100, timeoutMs: 10_000 })).resolves.toMatchObject({ settled: true });

    const missing = { get: async () => { throw new CliError('NOT_FOUND', 'no such org', 1, 404); } };
    await expect(waitUntilSettled(missing, 'org123abc', io, { intervalMs: 100, timeoutMs: 10_000 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
