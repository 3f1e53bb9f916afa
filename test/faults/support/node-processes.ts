import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** How long a process may take to start on a busy 2-core machine. */
const START_DEADLINE_MS = 60_000;

export interface NodeProcess {
  child: ChildProcess;
  /** Its stdout and stderr (the last 400 chunks unless `keepAllOutput`). */
  output: () => string;
  /** Resolves with the exit code (null when killed by a signal) once the process is gone. */
  exited: Promise<number | null>;
  /** Sends the signal (unless the process is gone) and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** A line its log prints once it is ready, or a probe that says so. */
export type Readiness = string | (() => Promise<boolean>);

export interface NodeProcessOptions {
  /** Keep the whole output (e.g. to search the logs afterwards) rather than its tail. */
  keepAllOutput?: boolean;
}

/**
 * Runs a compiled entry point (dist/, built by `npm run build`) with only the given environment
 * and resolves once it is ready.
 */
export async function startNodeProcess(script: string, env: Record<string, string>, ready: Readiness, options: NodeProcessOptions = {}): Promise<NodeProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, script)], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  let seenReady = false;
  // FAULTS_LOG_DIR keeps every process's whole log, for the post-mortem of a failed run.
  const logDir = process.env.FAULTS_LOG_DIR;
  const logFile = logDir ? path.join(logDir, `${script.replace(/^dist\//, '').replace(/\W+/g, '-')}-${child.pid}.log`) : undefined;
  if (logDir) fs.mkdirSync(logDir, { recursive: true });
  const keep = (c: Buffer) => {
    const text = c.toString();
    if (logFile) fs.appendFileSync(logFile, text);
    if (!seenReady && typeof ready === 'string' && text.includes(ready)) seenReady = true;
    chunks.push(text);
    if (!options.keepAllOutput && chunks.length > 400) chunks.splice(0, chunks.length - 400);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const output = () => chunks.join('');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  if (typeof ready === 'function') {
    void (async () => {
      while (!seenReady && !gone()) {
        seenReady = await ready().catch(() => false);
        if (!seenReady) await new Promise((r) => setTimeout(r, 100));
      }
    })();
  }
  // The ready line may be split across chunks: the joined tail is checked too.
  const isReady = () => seenReady || (typeof ready === 'string' && output().includes(ready));
  await waitFor(() => isReady() || gone(), START_DEADLINE_MS);
  if (!isReady() || gone()) {
    child.kill('SIGKILL');
    throw new Error(`${script} ${gone() ? 'exited' : 'did not start in time'}: ${output().slice(-2000)}`);
  }
  return {
    child,
    output,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export function startWorkerProcess(env: Record<string, string>, options: NodeProcessOptions = {}): Promise<NodeProcess> {
  return startNodeProcess('dist/workers/main.js', env, 'workers started', options);
}

/** The API process; ready once `/healthz` answers on `PORT`. */
export function startApiProcess(env: Record<string, string> & { PORT: string }, options: NodeProcessOptions = {}): Promise<NodeProcess> {
  const healthz = `http://127.0.0.1:${env.PORT}/healthz`;
  return startNodeProcess('dist/src/main.js', env, async () => (await fetch(healthz, { signal: AbortSignal.timeout(2000) })).ok, options);
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}
