import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Spawned {
  name: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts a compiled script and resolves when `ready` matches its output. */
export async function spawnUntil(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  { timeoutMs = 30_000, nodeArgs = [] }: { timeoutMs?: number; nodeArgs?: string[] } = {},
): Promise<Spawned> {
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, script), ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  // Only the tail is kept: a long run must not grow the benchmark's own memory.
  const keep = (c: Buffer) => {
    chunks.push(c.toString());
    if (chunks.length > 200) chunks.splice(0, chunks.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const output = () => chunks.join('');
  const deadline = Date.now() + timeoutMs;
  while (!ready.test(output())) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${output().slice(-2000)}`);
    if (Date.now() > deadline) throw new Error(`${name} did not start in time: ${output().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    name,
    child,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}
