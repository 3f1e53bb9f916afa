/**
 * The admin dashboard (/admin) and queue view (/admin/queues) in a real browser: Debian's
 * headless Chromium driven by playwright-core against a live HTTP server, with the license
 * workers running in this process. One org is walked through the whole flow, test by test:
 * sign in, create an org, provision through SCIM, watch the license bar and the team details,
 * buy licenses and watch the waiting list drain, members, the sync log drill-down, token
 * rotation, the queue view, the phone layout, and user-supplied markup shown as text.
 *
 * Screenshots go to test-artifacts/screenshots/ (kept by CI).
 */
import express from 'express';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { adminPageRouter } from '../../src/http/admin-page/router';
import { SESSION_COOKIE } from '../../src/http/admin-page/session';
import { createLogger } from '../../src/observability/logger';
import { requireAdminEndpoint, requireWorkers, startLicenseWorkers, type WorkersOutcome } from '../browser/license-workers';
import {
  DESKTOP,
  eventually,
  horizontalOverflow,
  launchBrowser,
  PHONE,
  scimCall,
  screenshot,
  startLiveServer,
  type LiveServer,
  type TestBrowser,
} from '../support/browser';
import { TEST_ADMIN_KEY } from '../support/harness';

jest.setTimeout(120_000);

// Globals of the page, for the functions that run inside the browser (this project has no DOM lib).
declare const document: any, window: any, sessionStorage: any, localStorage: any;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const MARKUP = '<img src=x onerror=alert(1)>';
/** Blocked on purpose by the queue view's CSP; everything else in the console is a failure. */
const EXPECTED_CONSOLE = /fonts\.googleapis\.com/;

let live: LiveServer;
let browser: TestBrowser;
let workers: WorkersOutcome;
let page: Page;

/** What the flow has built so far; later tests need what earlier ones made. */
const flow: {
  orgId?: string;
  baseUrl?: string;
  token?: string;
  users: Record<string, string>;
  groups: Record<string, string>;
} = { users: {}, groups: {} };

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`an earlier test of this file did not get as far as ${what}`);
  return value;
}

beforeAll(async () => {
  live = await startLiveServer({ SWEEP_INTERVAL_MS: '3600000' });
  workers = startLicenseWorkers(live.h.runtime);
  browser = await launchBrowser();
  page = await browser.newPage();
  page.on('dialog', (dialog) => {
    browser.problems.push(`unexpected ${dialog.type()} dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await workers?.host?.close();
  await live?.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers

async function signIn(p: Page): Promise<void> {
  await p.goto(`${live.url}/admin/`);
  await p.fill('#login-key', TEST_ADMIN_KEY);
  await p.click('#login-form button[type=submit]');
  await p.waitForSelector('[data-testid=orgs-table]');
}

async function openOrgTab(p: Page, tab: 'overview' | 'members' | 'sync-log' | 'scim'): Promise<void> {
  const orgId = need(flow.orgId, 'creating the org');
  await p.goto(`${live.url}/admin/#/org/${orgId}/${tab}`);
  if (!(await p.locator('#app-view').isVisible())) {
    await p.fill('#login-key', TEST_ADMIN_KEY);
    await p.click('#login-form button[type=submit]');
  }
  await p.waitForSelector(`[data-tab="${tab}"][aria-current="page"]`);
}

async function text(p: Page, selector: string): Promise<string> {
  return ((await p.locator(selector).first().textContent()) ?? '').trim();
}

async function scim(method: string, path: string, body?: unknown): Promise<any> {
  const res = await scimCall(need(flow.baseUrl, 'the SCIM base URL'), need(flow.token, 'the SCIM token'), method, path, body);
  if (res.status >= 300) throw new Error(`SCIM ${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

async function createUser(userName: string, given: string): Promise<string> {
  const user = await scim('POST', '/Users', {
    schemas: [USER],
    userName,
    active: true,
    name: { givenName: given, familyName: 'Tester' },
    emails: [{ value: `${given.toLowerCase()}@example.test`, primary: true }],
  });
  return user.id;
}

async function waitingNames(p: Page): Promise<string[]> {
  return p.locator('[data-testid=waiting-items] li .who').allTextContents();
}

async function licensesSummary(): Promise<Record<string, any>> {
  const res = await live.h.admin().get(`/orgs/${need(flow.orgId, 'creating the org')}/licenses`);
  if (res.status !== 200) throw new Error(`GET licenses answered ${res.status}: ${res.text}`);
  return res.body;
}

async function requireLicenseEngine(): Promise<void> {
  const orgId = need(flow.orgId, 'creating the org');
  requireWorkers(workers);
  await requireAdminEndpoint(live.h, 'get', `/orgs/${orgId}/licenses`, 'license summary: the consumption bar and Details');
  await requireAdminEndpoint(live.h, 'get', `/orgs/${orgId}/members`, 'members list: the waiting list and the members table');
}

function consoleProblems(): string[] {
  return browser.problems.filter((line) => !EXPECTED_CONSOLE.test(line));
}

// ---------------------------------------------------------------------------------------------
// Server side: headers, routing, the session cookie

describe('admin page: headers, routes and the browser session', () => {
  test('static files carry a strict CSP, nosniff and no-referrer; /admin redirects to /admin/', async () => {
    const redirect = await request(live.h.app).get('/admin');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/admin/');

    for (const path of ['/admin/', '/admin/js/app.js', '/admin/admin.css', '/admin/login.html']) {
      const res = await request(live.h.app).get(path);
      expect(res.status).toBe(200);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
    }
    const js = await request(live.h.app).get('/admin/js/app.js');
    expect(js.headers['content-type']).toMatch(/^(text|application)\/javascript/);

    const page = await request(live.h.app).get('/admin/');
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/); // no inline script
    expect(page.text).not.toMatch(/\son[a-z]+=/i); // no inline handler
  });

  test('the page never shadows the admin API, which stays Bearer-only', async () => {
    const noAuth = await request(live.h.app).get('/admin/v1/orgs');
    expect(noAuth.status).toBe(401);
    expect(noAuth.body.error.code).toBe('UNAUTHORIZED');
    const unknown = await request(live.h.app).get('/admin/v1/no-such-thing').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^No admin endpoint/);

    // A session cookie is no substitute for the key on the API.
    const login = await request(live.h.app).post('/admin/session').send({ key: TEST_ADMIN_KEY });
    const cookie = (login.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
    const withCookie = await request(live.h.app).get('/admin/v1/orgs').set('Cookie', cookie);
    expect(withCookie.status).toBe(401);
  });

  test('POST /admin/session sets an HttpOnly SameSite=Strict cookie that opens the queue view; logout clears it', async () => {
    const anonymous = await request(live.h.app).get('/admin/queues/').set('Accept', 'application/json');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('UNAUTHORIZED');
    const anonymousPage = await request(live.h.app).get('/admin/queues/').set('Accept', 'text/html');
    expect(anonymousPage.status).toBe(303);
    expect(anonymousPage.headers.location).toBe('/admin/login.html');

    const wrong = await request(live.h.app).post('/admin/session').send({ key: 'not-the-admin-key-0000000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const wrongForm = await request(live.h.app).post('/admin/session').type('form').send({ key: 'nope' });
    expect(wrongForm.status).toBe(303);
    expect(wrongForm.headers.location).toBe('/admin/login.html?failed=1');

    const form = await request(live.h.app).post('/admin/session').type('form').send({ key: TEST_ADMIN_KEY });
    expect(form.status).toBe(303);
    expect(form.headers.location).toBe('/admin/queues/');
    const setCookie = (form.headers['set-cookie'] as unknown as string[])[0];
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=v1\\.`));
    expect(setCookie).toMatch(/; HttpOnly/);
    expect(setCookie).toMatch(/; SameSite=Strict/);
    expect(setCookie).toMatch(/; Path=\/admin(;|$)/);
    expect(setCookie).not.toMatch(/; Secure/); // plain http here; see the https case below
    expect(setCookie).not.toContain(TEST_ADMIN_KEY);
    expect(setCookie).not.toContain(encodeURIComponent(TEST_ADMIN_KEY));
    const cookie = setCookie.split(';')[0];

    const board = await request(live.h.app).get('/admin/queues/').set('Cookie', cookie);
    expect(board.status).toBe(200);
    expect(board.text).toContain('<base href="/admin/queues/"');
    expect(board.headers['content-security-policy']).toContain("script-src 'self'");
    expect(board.headers['x-powered-by']).toBeUndefined();
    const api = await request(live.h.app).get('/admin/queues/api/queues').set('Cookie', cookie);
    expect(api.status).toBe(200);
    expect(JSON.stringify(api.body)).toContain('reconcile');

    const bearer = await request(live.h.app).get('/admin/queues/api/queues').set('Authorization', `Bearer ${TEST_ADMIN_KEY}`);
    expect(bearer.status).toBe(200);

    // A tampered or foreign value is refused.
    const [name, value] = cookie.split('=');
    const tampered = `${name}=${value.slice(0, -2)}${value.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await request(live.h.app).get('/admin/queues/api/queues').set('Cookie', tampered)).status).toBe(401);

    // A state-changing request from another site is refused even with the cookie.
    const crossSite = await request(live.h.app)
      .put('/admin/queues/api/queues/pause')
      .set('Cookie', cookie)
      .set('Sec-Fetch-Site', 'cross-site')
      .set('Origin', 'https://evil.example');
    expect(crossSite.status).toBe(403);

    const logout = await request(live.h.app).delete('/admin/session').set('Cookie', cookie);
    expect(logout.status).toBe(204);
    const cleared = (logout.headers['set-cookie'] as unknown as string[])[0];
    expect(cleared).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
  });

  test('the cookie is Secure when the request came over https, and expires', async () => {
    const app = express();
    app.set('trust proxy', true);
    const clock = { now: Date.now() };
    app.use('/admin', adminPageRouter({ adminApiKey: TEST_ADMIN_KEY, logger: createLogger('silent', 'test'), sessionTtlSeconds: 60 }));
    const res = await request(app).post('/admin/session').set('X-Forwarded-Proto', 'https').send({ key: TEST_ADMIN_KEY });
    expect(res.status).toBe(204);
    const setCookie = (res.headers['set-cookie'] as unknown as string[])[0];
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; Max-Age=60/);

    // Another process with the same admin key accepts it; one with another key does not.
    const cookie = setCookie.split(';')[0];
    const { AdminSessions } = await import('../../src/http/admin-page/session');
    const value = cookie.split('=')[1];
    expect(new AdminSessions({ adminApiKey: TEST_ADMIN_KEY }).verify(value)).toBe(true);
    expect(new AdminSessions({ adminApiKey: `${TEST_ADMIN_KEY}-rotated` }).verify(value)).toBe(false);
    const later = new AdminSessions({ adminApiKey: TEST_ADMIN_KEY, ttlSeconds: 60, now: () => new Date(clock.now + 61_000) });
    expect(later.verify(value)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// The dashboard, in the browser

describe('dashboard flow', () => {
  test('signing in keeps the key in sessionStorage only and opens the browser session', async () => {
    await page.goto(`${live.url}/admin`);
    expect(page.url()).toBe(`${live.url}/admin/`);
    await page.waitForSelector('#login-form');

    await page.fill('#login-key', 'not-the-admin-key-0000000000');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#login-error:not([hidden])');
    expect(await text(page, '#login-error')).toMatch(/not the admin key/);

    await page.fill('#login-key', TEST_ADMIN_KEY);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('[data-testid=orgs-table]');
    expect(page.url()).not.toContain(TEST_ADMIN_KEY);
    expect(await page.evaluate(() => sessionStorage.getItem('seatsync.adminKey'))).toBe(TEST_ADMIN_KEY);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(await page.inputValue('#login-key')).toBe('');

    const cookies = await browser.context.cookies(`${live.url}/admin/`);
    const session = cookies.find((c) => c.name === SESSION_COOKIE);
    expect(session).toBeDefined();
    expect(session!.httpOnly).toBe(true);
    expect(session!.sameSite).toBe('Strict');
    expect(session!.path).toBe('/admin');
    expect(session!.value).not.toContain(TEST_ADMIN_KEY);
    for (const c of cookies) expect(c.value).not.toContain(TEST_ADMIN_KEY);
    expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly: no script sees it
  });

  test('creating an org shows its SCIM base URL and token once, and lists it', async () => {
    await page.fill('#org-name', 'Browser Co');
    await page.fill('#org-licenses', '2');
    await page.click('[data-testid=create-org-form] button[type=submit]');
    await page.waitForSelector('[data-testid=created-token]');
    flow.token = await page.inputValue('[data-testid=created-token]');
    flow.baseUrl = await page.inputValue('[data-testid=created-base-url]');
    expect(flow.token).toMatch(/^seatsync_scim_/);
    expect(flow.baseUrl).toMatch(new RegExp(`^${live.url}/scim/v2/[a-z0-9]+$`));
    flow.orgId = flow.baseUrl.split('/').pop();

    await page.waitForSelector(`[data-testid=orgs-table] tr[data-org-id="${flow.orgId}"]`);
    await screenshot(page, 'dashboard-desktop-orgs');

    await page.click('[data-testid=created-org-link]');
    await page.waitForSelector('[data-testid=org-name]');
    await eventually(async () => expect(await text(page, '[data-testid=org-name]')).toBe('Browser Co'));
    expect(page.url()).toContain(`#/org/${flow.orgId}`);
  });

  test('provisioning through SCIM fills the consumption bar, the team details and the waiting list', async () => {
    await requireLicenseEngine();
    await openOrgTab(page, 'overview');

    // Two licenses; Engineering needs three, Design one more: alice and bob get licenses,
    // carol then dave wait (order of first need, then of creation).
    for (const [key, given] of [['alice', 'Alice'], ['bob', 'Bob'], ['carol', 'Carol'], ['dave', 'Dave']] as const) {
      flow.users[key] = await createUser(`${key}@browser.test`, given);
    }
    const eng = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Engineering', members: ['alice', 'bob', 'carol'].map((k) => ({ value: flow.users[k] })) });
    flow.groups.engineering = eng.id;
    const design = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Design', members: ['carol', 'dave'].map((k) => ({ value: flow.users[k] })) });
    flow.groups.design = design.id;

    await eventually(async () => {
      expect(await text(page, '[data-testid=count-purchased]')).toBe('2');
      expect(await text(page, '[data-testid=count-active]')).toBe('2');
      expect(await text(page, '[data-testid=count-available]')).toBe('0');
      expect(await text(page, '[data-testid=license-bar-box] .awaiting')).toBe('2 awaiting a license');
      expect(await waitingNames(page)).toEqual(['carol@browser.test', 'dave@browser.test']);
    }, { timeoutMs: 30_000, what: 'the bar and waiting list after provisioning' });
    expect(await page.locator('[data-testid=waiting-items] li .pos').allTextContents()).toEqual(['#1', '#2']);
    expect(await page.locator('[data-testid=bar-active]').getAttribute('data-count')).toBe('2');
    expect(await page.locator('[data-testid=bar-available]').count()).toBe(0);
    await eventually(async () => expect(await text(page, '[data-testid=org-flags]')).toMatch(/Exhausted/));

    // Details: the distribution by team.
    await page.click('[data-testid=details-toggle]');
    await eventually(async () => {
      const rows = await page.locator('[data-testid=teams-table] tbody tr').evaluateAll((trs: any[]) =>
        trs.map((tr) => Array.from(tr.querySelectorAll('td') as ArrayLike<any>).map((td) => (td.textContent ?? '').trim())),
      );
      expect(rows).toEqual([
        ['Design', '2', '0'],
        ['Engineering', '3', '2'],
      ]);
    }, { what: 'the Details table' });
    await screenshot(page, 'dashboard-desktop-overview-exhausted');

    // The orgs list: exhausted orgs first, with how many members wait.
    await page.click('.crumbs a');
    await eventually(async () => {
      const row = page.locator(`[data-testid=orgs-table] tr[data-org-id="${flow.orgId}"]`);
      expect(await row.locator('.badge').textContent()).toBe('Exhausted');
      expect(((await row.locator('td[data-label=Waiting]').textContent()) ?? '').trim()).toBe('2');
    }, { what: 'the org row in the list' });
    const flags = await page.locator('[data-testid=orgs-table] tbody tr').evaluateAll((trs: any[]) => trs.map((tr) => tr.classList.contains('row-exhausted')));
    expect(flags.indexOf(false) === -1 || flags.lastIndexOf(true) < flags.indexOf(false)).toBe(true);
  });

  test('+ Add licenses drains the waiting list in order', async () => {
    await requireLicenseEngine();
    await openOrgTab(page, 'overview');
    await eventually(async () => expect(await waitingNames(page)).toEqual(['carol@browser.test', 'dave@browser.test']));

    await page.click('[data-testid=add-licenses]');
    await page.fill('#purchase-quantity', '1');
    await page.click('[data-testid=add-licenses-form] button[type=submit]');
    await eventually(async () => {
      expect(await text(page, '[data-testid=count-purchased]')).toBe('3');
      expect(await waitingNames(page)).toEqual(['dave@browser.test']);
      expect(await page.locator('[data-testid=waiting-items] li .pos').allTextContents()).toEqual(['#1']);
      expect(await text(page, '[data-testid=count-active]')).toBe('3');
    }, { timeoutMs: 30_000, what: 'the first in line served after buying one license' });

    await page.click('[data-testid=add-licenses]');
    await page.fill('#purchase-quantity', '3');
    await page.click('[data-testid=add-licenses-form] button[type=submit]');
    await eventually(async () => {
      expect(await text(page, '[data-testid=count-purchased]')).toBe('6');
      expect(await page.locator('[data-testid=waiting-empty]').count()).toBe(1);
      expect(await text(page, '[data-testid=count-active]')).toBe('4');
      expect(await text(page, '[data-testid=count-available]')).toBe('2');
    }, { timeoutMs: 30_000, what: 'the waiting list drained after buying three more' });
    await eventually(async () => expect(await text(page, '[data-testid=org-flags]')).toMatch(/Licenses available/));
    await screenshot(page, 'dashboard-desktop-overview');
  });

  test('members: search, state and team filters, accept an invitation, delete with a confirm', async () => {
    await requireLicenseEngine();
    const orgId = need(flow.orgId, 'creating the org');
    const res = await live.h.admin().patch(`/orgs/${orgId}`, { settings: { invitationMode: 'invite' } });
    expect(res.status).toBe(200);
    flow.users.erin = await createUser('erin@browser.test', 'Erin');
    await scim('PATCH', `/Groups/${need(flow.groups.engineering, 'the Engineering group')}`, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: flow.users.erin }] }],
    });

    await openOrgTab(page, 'members');
    const rows = page.locator('[data-testid=members-table] tbody tr[data-member-id]');
    await eventually(async () => expect(await rows.count()).toBe(5), { what: 'five members listed' });

    await page.fill('#member-search', 'DAV');
    await eventually(async () => expect(await rows.locator('.who').allTextContents()).toEqual(['dave@browser.test']), { what: 'search' });
    await page.fill('#member-search', '');
    await page.selectOption('#member-team', flow.groups.design);
    await eventually(async () => expect((await rows.locator('.who').allTextContents()).sort()).toEqual(['carol@browser.test', 'dave@browser.test']), { what: 'team filter' });
    await page.selectOption('#member-team', '');

    // erin joined a team in invite mode: pending until accepted.
    await page.selectOption('#member-state', 'pending');
    const erin = page.locator(`tr[data-member-id="${flow.users.erin}"]`);
    await eventually(async () => {
      expect(await rows.count()).toBe(1);
      expect(await erin.getAttribute('data-state')).toBe('pending');
    }, { timeoutMs: 30_000, what: 'erin pending' });
    await screenshot(page, 'dashboard-desktop-members');
    await erin.locator('[data-action=accept]').click();
    await page.selectOption('#member-state', '');
    await eventually(async () => expect(await erin.getAttribute('data-state')).toBe('active'), { timeoutMs: 30_000, what: 'erin active after accept' });

    // Delete asks first; Cancel keeps the member.
    const alice = page.locator(`tr[data-member-id="${flow.users.alice}"]`);
    await alice.locator('[data-action=delete]').click();
    await page.waitForSelector('#confirm-dialog[open]');
    expect(await text(page, '#confirm-text')).toContain('alice@browser.test');
    await page.click('#confirm-cancel');
    expect(await alice.getAttribute('data-state')).toBe('active');
    expect((await licensesSummary()).active).toBe(5);

    await alice.locator('[data-action=delete]').click();
    await page.waitForSelector('#confirm-dialog[open]');
    await page.click('#confirm-ok');
    await eventually(async () => {
      const state = (await alice.count()) === 0 ? 'gone' : await alice.getAttribute('data-state');
      expect(['gone', 'deleted']).toContain(state);
      const summary = await licensesSummary();
      expect(summary.active).toBe(4);
      expect(summary.available).toBe(2);
    }, { timeoutMs: 30_000, what: 'alice deleted and her license back in the pool' });
  });

  test('sync log: filter, then open a SCIM request and see the jobs with its correlation id', async () => {
    const orgId = need(flow.orgId, 'creating the org');
    requireWorkers(workers);
    await requireAdminEndpoint(live.h, 'get', `/orgs/${orgId}/sync-log`, 'the sync log');

    // A SCIM request that the workers have applied: it has job entries with its correlation id.
    const target = await eventually(async () => {
      const requests = await live.h.admin().get(`/orgs/${orgId}/sync-log?kind=scim-request`);
      expect(requests.status).toBe(200);
      const jobs = await live.h.admin().get(`/orgs/${orgId}/sync-log?kind=job`);
      expect(jobs.status).toBe(200);
      for (const entry of requests.body.items as any[]) {
        expect(entry.kind).toBe('scim-request');
        const related = (jobs.body.items as any[]).filter((j) => j.correlationId && j.correlationId === entry.correlationId);
        if (related.length > 0) return { entry, jobIds: related.map((j) => String(j.id)) };
      }
      throw new Error(`no SCIM request entry of ${requests.body.items.length} has a job entry with its correlation id`);
    }, { timeoutMs: 30_000, what: 'a SCIM request entry with jobs' });

    await openOrgTab(page, 'sync-log');
    await page.selectOption('#log-kind', 'scim-request');
    const row = page.locator(`[data-testid=sync-log-table] tr[data-entry-id="${target.entry.id}"]`);
    await eventually(async () => {
      expect(await row.count()).toBe(1);
      const kinds = await page.locator('[data-testid=sync-log-table] tbody tr[data-entry-id]').evaluateAll((trs: any[]) => trs.map((tr) => tr.getAttribute('data-kind')));
      expect(new Set(kinds)).toEqual(new Set(['scim-request']));
    }, { what: 'the SCIM request in the filtered log' });

    await row.locator('[data-action=open-entry]').click();
    await page.waitForSelector('[data-testid=entry-detail]');
    expect(await page.locator('[data-testid=entry-detail]').textContent()).toContain(String(target.entry.correlationId));
    await eventually(async () => {
      const shown = await page.locator('[data-testid=related-entries] [data-kind=job]').evaluateAll((els: any[]) => els.map((e) => e.getAttribute('data-entry-id')));
      for (const id of target.jobIds) expect(shown).toContain(id);
    }, { what: 'the jobs of the request in the drill-down' });
    await screenshot(page, 'dashboard-desktop-sync-log');

    // The other filters narrow the list (the server applies them; the page sends them).
    // A valid status that no entry has (an unknown word is a 400 from the API).
    await page.fill('#log-status', '418');
    await page.click('form.filters button[type=submit]');
    await eventually(async () => expect(await page.locator('[data-testid=sync-log-table] tbody tr[data-entry-id]').count()).toBe(0), { what: 'status filter' });
    await page.click('form.filters button:has-text("Clear")');
    await eventually(async () => expect(await page.locator('[data-testid=sync-log-table] tbody tr[data-entry-id]').count()).toBeGreaterThan(0));
  });

  test('SCIM setup: base URL, rotate (new token shown once), revoke the old token', async () => {
    const orgId = need(flow.orgId, 'creating the org');
    const oldToken = need(flow.token, 'the first token');
    const baseUrl = need(flow.baseUrl, 'the base URL');
    const before = await live.h.admin().get(`/orgs/${orgId}/tokens`);
    const oldTokenId: string = before.body.items[0].tokenId;

    await openOrgTab(page, 'scim');
    await eventually(async () => expect(await page.inputValue('[data-testid=scim-base-url-value]')).toBe(baseUrl));
    const tokenRows = page.locator('[data-testid=tokens-table] tbody tr[data-token-id]');
    await eventually(async () => expect(await tokenRows.count()).toBe(1));

    await page.click('[data-testid=rotate-token]');
    await page.waitForSelector('[data-testid=new-token-value]');
    const newToken = await page.inputValue('[data-testid=new-token-value]');
    expect(newToken).toMatch(/^seatsync_scim_/);
    expect(newToken).not.toBe(oldToken);
    await eventually(async () => expect(await tokenRows.count()).toBe(2));
    await page.click('[data-testid=new-token] .copy-field button');
    await eventually(async () => expect(await text(page, '[data-testid=new-token] .copy-status')).not.toBe(''));
    await screenshot(page, 'dashboard-desktop-scim');

    // Rotation: both work until the old one is revoked.
    expect((await scimCall(baseUrl, oldToken, 'GET', '/Users?count=1')).status).toBe(200);
    expect((await scimCall(baseUrl, newToken, 'GET', '/Users?count=1')).status).toBe(200);

    await page.locator(`tr[data-token-id="${oldTokenId}"] [data-action=revoke]`).click();
    await page.waitForSelector('#confirm-dialog[open]');
    await page.click('#confirm-ok');
    await eventually(async () => expect(await page.locator(`tr[data-token-id="${oldTokenId}"]`).count()).toBe(0));
    expect(await tokenRows.count()).toBe(1);
    await eventually(async () => expect((await scimCall(baseUrl, oldToken, 'GET', '/Users?count=1')).status).toBe(401));
    expect((await scimCall(baseUrl, newToken, 'GET', '/Users?count=1')).status).toBe(200);
    flow.token = newToken;

    // Once dismissed, the token is gone from the page.
    await page.click('[data-testid=new-token] button:has-text("I have copied it")');
    expect(await page.locator('[data-testid=new-token-value]').count()).toBe(0);
    expect(await page.content()).not.toContain(newToken);
  });

  test('queue view: Bull Board behind the session cookie, with its own sign-in page', async () => {
    await page.goto(`${live.url}/admin/queues/`);
    await page.waitForSelector('text=reconcile', { timeout: 20_000 });
    await page.waitForSelector('text=maintenance');
    await page.click('text=reconcile');
    await page.waitForSelector('text=Latest', { timeout: 20_000 });
    await screenshot(page, 'queues-desktop');

    // Signing out of the dashboard ends the browser session too.
    await page.goto(`${live.url}/admin/`);
    await page.waitForSelector('#sign-out');
    await page.click('#sign-out');
    await page.waitForSelector('#login-form');
    expect(await page.evaluate(() => sessionStorage.getItem('seatsync.adminKey'))).toBeNull();
    expect((await browser.context.cookies(`${live.url}/admin/`)).find((c) => c.name === SESSION_COOKIE)).toBeUndefined();

    await page.goto(`${live.url}/admin/queues/`);
    expect(page.url()).toBe(`${live.url}/admin/login.html`);
    await page.fill('#key', 'wrong-key-00000000000000000000');
    await page.click('form[action=session] button[type=submit]');
    await page.waitForSelector('#login-message:not([hidden])');
    expect(page.url()).toBe(`${live.url}/admin/login.html?failed=1`);
    await page.fill('#key', TEST_ADMIN_KEY);
    await page.click('form[action=session] button[type=submit]');
    await page.waitForURL(`${live.url}/admin/queues/`);
    await page.waitForSelector('text=reconcile', { timeout: 20_000 });
    expect(page.url()).not.toContain(TEST_ADMIN_KEY);

    await page.goto(`${live.url}/admin/login.html`);
    await page.click('form[action="session/logout"] button');
    await page.waitForURL(`${live.url}/admin/login.html?signedOut=1`);
    await page.goto(`${live.url}/admin/queues/`);
    expect(page.url()).toBe(`${live.url}/admin/login.html`);
  });

  test('at 390 px (phone) no view overflows horizontally; screenshots of each', async () => {
    need(flow.orgId, 'creating the org');
    const phone = await browser.newPage();
    try {
      await phone.setViewportSize(PHONE);
      await signIn(phone);
      const checks: [string, () => Promise<void>][] = [
        ['orgs', async () => undefined],
        ['overview', async () => {
          await openOrgTab(phone, 'overview');
          await phone.waitForSelector('[data-testid=license-bar-box] .bar-head, [data-testid=license-bar-box] p');
          if (await phone.locator('[data-testid=details-toggle]').isVisible()) await phone.click('[data-testid=details-toggle]');
        }],
        ['members', async () => {
          await openOrgTab(phone, 'members');
        }],
        ['sync-log', async () => {
          await openOrgTab(phone, 'sync-log');
          const open = phone.locator('[data-action=open-entry]').first();
          if (await open.count()) await open.click();
        }],
        ['scim', async () => {
          await openOrgTab(phone, 'scim');
          await phone.waitForSelector('[data-testid=tokens-table]');
        }],
      ];
      const failures: string[] = [];
      for (const [name, go] of checks) {
        await go();
        await phone.waitForLoadState('networkidle');
        await phone.waitForTimeout(300);
        const { overflow, culprits } = await horizontalOverflow(phone);
        if (overflow > 0) failures.push(`${name}: ${overflow}px wider than the screen (${culprits.join(', ')})`);
        await screenshot(phone, `dashboard-phone-${name}`);
      }
      expect(failures).toEqual([]);
      expect(await phone.evaluate(() => window.innerWidth)).toBe(PHONE.width);
    } finally {
      await phone.close();
    }
    await page.setViewportSize(DESKTOP);
  });

  test('no console errors and no CSP violations on the dashboard', () => {
    expect(consoleProblems()).toEqual([]);
  });
});

describe('user-supplied text is shown as text', () => {
  let xss: Page;
  let markupOrg: { orgId: string; baseUrl: string; token: string } | undefined;
  const fired: string[] = [];

  beforeAll(async () => {
    xss = await browser.newPage();
    xss.on('dialog', (dialog) => {
      fired.push(dialog.message());
      void dialog.dismiss();
    });
    await signIn(xss);
  });
  afterAll(async () => {
    await xss?.close();
  });

  test('an org named with markup', async () => {
    await xss.fill('#org-name', MARKUP);
    await xss.fill('#org-licenses', '1');
    await xss.click('[data-testid=create-org-form] button[type=submit]');
    await xss.waitForSelector('[data-testid=created-org-link]');
    expect(await xss.textContent('[data-testid=created-org-link]')).toBe(MARKUP);
    const baseUrl = await xss.inputValue('[data-testid=created-base-url]');
    const token = await xss.inputValue('[data-testid=created-token]');
    const orgId = baseUrl.split('/').pop()!;
    await eventually(async () => expect(await xss.locator(`tr[data-org-id="${orgId}"] .org-link`).textContent()).toBe(MARKUP));

    await xss.click('[data-testid=created-org-link]');
    await eventually(async () => expect(await xss.textContent('[data-testid=org-name]')).toBe(MARKUP));
    expect(await xss.title()).toBe(`${MARKUP} — seatsync admin`);
    expect(await xss.locator('img').count()).toBe(0);
    expect(fired).toEqual([]);
    await screenshot(xss, 'dashboard-desktop-markup-org');
    markupOrg = { orgId, baseUrl, token };
  });

  test('a userName and a team name with markup', async () => {
    await requireLicenseEngine();
    const org = need(markupOrg, 'creating the org with markup in its name');
    const user = await scimCall(org.baseUrl, org.token, 'POST', '/Users', { schemas: [USER], userName: `${MARKUP}@x.test`, active: true });
    expect(user.status).toBe(201);
    const group = await scimCall(org.baseUrl, org.token, 'POST', '/Groups', { schemas: [GROUP], displayName: `Team ${MARKUP}`, members: [{ value: user.body.id }] });
    expect(group.status).toBe(201);

    await xss.goto(`${live.url}/admin/#/org/${org.orgId}/members`);
    await eventually(async () => expect(await xss.locator(`tr[data-member-id="${user.body.id}"] .who`).textContent()).toBe(`${MARKUP}@x.test`), {
      timeoutMs: 30_000,
      what: 'the member row',
    });
    await eventually(async () => expect(await xss.locator(`tr[data-member-id="${user.body.id}"] td[data-label=Teams]`).textContent()).toBe(`Team ${MARKUP}`));

    await xss.goto(`${live.url}/admin/#/org/${org.orgId}/overview`);
    await xss.click('[data-testid=details-toggle]');
    await eventually(async () => expect(await xss.locator('[data-testid=teams-table] tbody td').first().textContent()).toBe(`Team ${MARKUP}`));
    expect(await xss.locator('img').count()).toBe(0);
    expect(fired).toEqual([]);
  });
});
