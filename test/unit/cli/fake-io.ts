import os from 'node:os';
import type { CliIo } from '../../../src/cli/io';
import { runCli } from '../../../src/cli/main';

/** An in-memory io for runCli: captured output, a controllable clock, sleep that advances it. */
export interface CapturedIo extends CliIo {
  stdout: string;
  stderr: string;
  /** Milliseconds the fake clock has been advanced by sleeps. */
  slept: number;
}

export function captureIo(overrides: Partial<CliIo> = {}): CapturedIo {
  let clock = Date.parse('2030-01-01T00:00:00Z');
  const io: CapturedIo = {
    stdout: '',
    stderr: '',
    slept: 0,
    out: (text) => {
      io.stdout += text;
    },
    err: (text) => {
      io.stderr += text;
    },
    env: {},
    cwd: os.tmpdir(),
    stderrIsTTY: false,
    now: () => clock,
    sleep: async (ms) => {
      clock += ms;
      io.slept += ms;
    },
    fetch: (input, init) => fetch(input, init),
    ...overrides,
  };
  return io;
}

export async function run(argv: string[], overrides: Partial<CliIo> = {}): Promise<{ code: number; stdout: string; stderr: string; io: CapturedIo }> {
  const io = captureIo(overrides);
  const code = await runCli(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr, io };
}

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
}

/** A fetch that answers from a handler and records what the CLI sent. */
export function fakeFetch(
  handler: (req: RecordedRequest) => { status?: number; body?: unknown } | Promise<{ status?: number; body?: unknown }>,
): { fetch: typeof fetch; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const impl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries((init?.headers ?? {}) as Record<string, string>)) headers[name.toLowerCase()] = value;
    const req: RecordedRequest = {
      method: init?.method ?? 'GET',
      url: new URL(String(input)),
      headers,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    requests.push(req);
    const answer = await handler(req);
    const status = answer.status ?? 200;
    if (status === 204) return new Response(null, { status });
    return new Response(JSON.stringify(answer.body ?? {}), { status, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch: impl as typeof fetch, requests };
}
