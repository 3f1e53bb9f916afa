import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

export interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** A real worker process (dist/workers/main.js, built by `npm test`) on the given services. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/workers/main.js')], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout!.on('data', (c: Buffer) => chunks.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => chunks.push(c.toString()));
  const output = () => chunks.join('');
  const deadline = Date.now() + 20_000;
  while (!output().includes('workers started')) {
    if (child.exitCode !== null) throw new Error(`worker exited: ${output().slice(-1500)}`);
    if (Date.now() > deadline) throw new Error(`worker did not start: ${output().slice(-1500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    output,
    kill: (signal) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
