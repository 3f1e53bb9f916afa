import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitForPort } from './free-port';

/** A server we started as a child process and must stop on exit. */
export interface ServiceProcess {
  name: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  port: number;
  logFile: string;
  pidFile: string;
  readyTimeoutMs?: number;
}

/**
 * Starts a server, waits until it accepts connections, and records its pid so that a later
 * start can clean up after a parent that was killed without running its exit handlers.
 */
export async function startServiceProcess(options: StartOptions): Promise<ServiceProcess> {
  killStale(options.pidFile);
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.openSync(options.logFile, 'a');
  const child: ChildProcess = spawn(options.command, options.args, {
    stdio: ['ignore', log, log],
    detached: false,
  });
  fs.closeSync(log);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  if (child.pid === undefined) throw new Error(`could not start ${options.name} (${options.command})`);
  fs.writeFileSync(options.pidFile, String(child.pid));
  try {
    await waitForPort(options.port, options.readyTimeoutMs ?? 30_000, () => !exited);
  } catch (error) {
    child.kill('SIGKILL');
    const tail = readTail(options.logFile);
    throw new Error(`${options.name} did not start: ${(error as Error).message}\n${tail}`);
  }
  const pid = child.pid;
  return {
    name: options.name,
    port: options.port,
    pid,
    stop: () =>
      new Promise<void>((resolve) => {
        fs.rmSync(options.pidFile, { force: true });
        if (exited) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

function killStale(pidFile: string): void {
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  fs.rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 1) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function readTail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
  }
}
