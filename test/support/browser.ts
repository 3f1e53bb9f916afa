import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { findFreePort } from '../../src/infra/local-services/free-port';
import { createHarness, type Harness } from './harness';

/**
 * Browser tests: Debian's headless Chromium driven by playwright-core (no browser download),
 * against a real HTTP server serving the harness app on a free port.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-artifacts/screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface LiveServer {
  h: Harness;
  url: string;
  close(): Promise<void>;
}

/**
 * The harness app on a real socket. PUBLIC_URL is the server's own address, so the SCIM base
 * URLs the dashboard shows are the ones the test calls. Queues get a prefix of their own: no
 * worker of another test file (they share one Redis) takes this file's jobs.
 */
export async function startLiveServer(env: Record<string, string> = {}, serve: (h: Harness) => http.RequestListener = (h) => h.app): Promise<LiveServer> {
  const port = await findFreePort();
  const url = `http://127.0.0.1:${port}`;
  const h = await createHarness({ PUBLIC_URL: url, QUEUE_PREFIX: `browser-${randomBytes(4).toString('hex')}`, ...env });
  const server = http.createServer(serve(h));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  } catch (error) {
    await h.close();
    throw error;
  }
  return {
    h,
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await h.close();
    },
  };
}

export interface TestBrowser {
  context: BrowserContext;
  /** Console errors and CSP violations seen on any page. */
  problems: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Chromium with a fresh profile in a temporary folder, removed on close. */
export async function launchBrowser(): Promise<TestBrowser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM_PATH).`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'seatsync-chromium-'));
  // playwright adds --user-data-dir itself from the first argument of launchPersistentContext.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: DESKTOP,
    timeout: 30_000,
  });
  context.setDefaultTimeout(15_000);
  const problems: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      // The browser logs every HTTP error status of a fetch; the API's answers are the tests'
      // business, and failed page resources are caught below.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`${page.url()}: ${message.text()}`);
      }
    });
    page.on('response', (response) => {
      const url = new URL(response.url());
      const pageResource = !url.pathname.startsWith('/admin/v1/') && !url.pathname.startsWith('/scim/') && url.pathname !== '/admin/session';
      if (pageResource && response.status() >= 400) problems.push(`${page.url()}: ${response.status()} for ${url.pathname}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  };
  context.on('page', watch);
  for (const page of context.pages()) watch(page);
  return {
    context,
    problems,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Retries `check` (which throws while its expectation is not met) until it passes or time runs out. */
export async function eventually<T>(check: () => Promise<T>, options: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let lastError: unknown;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? lastError.message : String(lastError);
      throw new Error(`${options.what ? `${options.what}: ` : ''}still failing after ${options.timeoutMs ?? 20_000} ms: ${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}

/** Horizontal overflow of the page at its current viewport, in CSS pixels (0 when none). */
export async function horizontalOverflow(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    // Runs in the page (this project compiles without the DOM lib).
    const document = (globalThis as any).document;
    const width = document.documentElement.clientWidth;
    const overflow = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - width;
    const culprits: string[] = [];
    if (overflow > 0) {
      for (const el of Array.from(document.body.querySelectorAll('*') as ArrayLike<any>)) {
        const rect = el.getBoundingClientRect();
        if (rect.right > width + 0.5 && rect.width > 0) {
          culprits.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${String(el.className).replace(/\s+/g, '.')} right=${Math.round(rect.right)}`);
          if (culprits.length >= 8) break;
        }
      }
    }
    return { overflow, culprits };
  });
}

/** Plain HTTP against the live server, for SCIM calls with an org token. */
export async function scimCall(
  baseUrl: string,
  token: string,
  method: string,
  resourcePath: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}${resourcePath}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/scim+json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/scim+json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}
