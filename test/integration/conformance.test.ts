/**
 * External conformance: the python-scim project's scim2-tester runs every check it has against a
 * live seatsync HTTP server (real Redis/FerretDB from the global setup) and must pass, apart from
 * the failures listed, with the RFC section that shows the checker wrong, in
 * test/conformance/known-deviations.json.
 *
 * The checker lives in a project-local virtualenv made by test/conformance/ensure-scim2-tester.sh
 * (CI runs it before the tests). Without it this test fails and says so: it never skips.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { findFreePort } from '../../src/infra/local-services/free-port';
import { createHarness, createOrg, type Harness, type TestOrg } from '../support/harness';

const ROOT = path.resolve(__dirname, '../..');
const ENSURE = 'test/conformance/ensure-scim2-tester.sh';
const RUNNER = path.join(ROOT, 'test/conformance/scim2_tester_run.py');
const REQUIREMENTS = path.join(ROOT, 'test/conformance/requirements.txt');
const VENV = process.env.SCIM2_TESTER_VENV ?? path.join(ROOT, '.tools/venv');
const PYTHON = path.join(VENV, 'bin', 'python');
const TRACE = path.join(ROOT, 'test-artifacts', 'scim2-tester-http-trace.log');
const RUN_TIMEOUT_MS = 8 * 60_000;

let h: Harness | undefined;
let server: http.Server | undefined;
let org: TestOrg;

beforeAll(async () => {
  const port = await findFreePort();
  // meta.location must be reachable: the checker follows it (group members' $ref).
  h = await createHarness({ PUBLIC_URL: `http://127.0.0.1:${port}` });
  const s = http.createServer(h.app);
  server = s;
  await new Promise<void>((resolve, reject) => {
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve());
  });
  expect((s.address() as AddressInfo).port).toBe(port);
  // Enough seats that the checker's throw-away users never wait for a license.
  org = await createOrg(h, { name: 'scim2-tester conformance', licenses: 1000 });
}, 60_000);

afterAll(async () => {
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server!.close(() => resolve()));
  }
  await h?.close();
});

function checkerInstalled(): string | null {
  if (!fs.existsSync(PYTHON)) return `there is no virtualenv python at ${PYTHON}`;
  // The ensure script stamps the venv with the hash of the pins it installed.
  const pins = crypto.createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex');
  const stamp = path.join(VENV, '.seatsync-scim2-tester.sha256');
  const installed = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
  if (installed !== pins) return `${VENV} does not hold the versions pinned in test/conformance/requirements.txt`;
  const probe = spawnSync(PYTHON, ['-c', 'import scim2_tester, scim2_client.engines.httpx2'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${PYTHON} cannot import scim2_tester: ${(probe.stderr || probe.error?.message || '').trim()}`;
  return null;
}

interface RunOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Asynchronous on purpose: the server answering the checker runs in this very process. */
function runChecker(baseUrl: string, token: string): Promise<RunOutcome> {
  fs.mkdirSync(path.dirname(TRACE), { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [RUNNER, baseUrl, '--trace', TRACE], {
      cwd: ROOT,
      env: { ...process.env, SCIM_TOKEN: token, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

test(
  'scim2-tester passes against a live server (apart from documented checker deviations)',
  async () => {
    const missing = checkerInstalled();
    if (missing) {
      throw new Error(
        `The scim2-tester conformance checker is not installed (${missing}).\n` +
          `Run \`bash ${ENSURE}\` (it installs the versions pinned in test/conformance/requirements.txt into ${path.relative(ROOT, VENV) || VENV}).`,
      );
    }

    const outcome = await runChecker(org.baseUrl, org.token);
    const lastLine = outcome.stdout.trim().split('\n').pop() ?? '';
    let summary: { passed: number; failed: number; skipped: number } | undefined;
    try {
      summary = JSON.parse(lastLine);
    } catch {
      summary = undefined;
    }

    if (outcome.code !== 0 || !summary) {
      const how = outcome.signal ? `was killed by ${outcome.signal}` : `exited ${outcome.code}`;
      throw new Error(
        `scim2-tester ${how} against ${org.baseUrl}. Every HTTP exchange is in ${path.relative(ROOT, TRACE)}.\n\n` +
          `${outcome.stdout}${outcome.stderr ? `\n--- stderr ---\n${outcome.stderr}` : ''}`,
      );
    }
    expect(summary.failed).toBe(0);
    expect(summary.passed).toBeGreaterThan(0);
  },
  RUN_TIMEOUT_MS + 30_000,
);
