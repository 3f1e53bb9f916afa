import { setTimeout as sleep } from 'node:timers/promises';
import { startWorkerProcess, type NodeProcess } from './node-processes';

export interface ShutdownFigure {
  ms: number;
  /** Null when the worker had not exited by the limit (it is then SIGKILLed so the run goes on). */
  code: number | null;
  /** The worker's last output, for a shutdown that went wrong. */
  outputTail: string;
}

/**
 * The worker processes of a run. A process that exits without being told to is a violation
 * (a worker must survive Redis and store outages); the pool replaces it so the run goes on.
 */
export class WorkerPool {
  readonly unexpectedExits: string[] = [];
  readonly shutdowns: ShutdownFigure[] = [];
  readonly startTimesMs: number[] = [];
  private readonly processes: NodeProcess[] = [];
  private readonly expected = new Set<NodeProcess>();

  constructor(
    private readonly env: Record<string, string>,
    readonly size: number,
    /** How long a SIGTERMed worker may take to exit before the run records it as hung. */
    private readonly shutdownLimitMs = 30_000,
  ) {}

  async start(): Promise<void> {
    for (let i = 0; i < this.size; i++) this.processes.push(await this.spawn());
  }

  /** SIGKILL worker `index` at once, then a fresh process in its place. */
  async kill(index: number): Promise<void> {
    const victim = this.processes[index];
    this.expected.add(victim);
    await victim.kill('SIGKILL');
    this.processes[index] = await this.spawn();
  }

  /**
   * A rolling restart under load: each worker in turn gets a successor, then SIGTERM; it must
   * finish its running jobs and exit 0 within the grace period.
   */
  async rollingRestart(): Promise<void> {
    for (let i = 0; i < this.processes.length; i++) {
      const old = this.processes[i];
      this.processes[i] = await this.spawn();
      this.expected.add(old);
      const started = Date.now();
      const code = await Promise.race([old.kill('SIGTERM'), sleep(this.shutdownLimitMs).then(() => 'hung' as const)]);
      const outputTail = old.output().slice(-3000);
      if (code === 'hung') old.child.kill('SIGKILL');
      this.shutdowns.push({ ms: Date.now() - started, code: code === 'hung' ? null : code, outputTail });
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.processes.map(async (p) => {
        this.expected.add(p);
        const timer = setTimeout(() => p.child.kill('SIGKILL'), 15_000);
        await p.kill('SIGTERM');
        clearTimeout(timer);
      }),
    );
  }

  private async spawn(): Promise<NodeProcess> {
    const started = Date.now();
    const p = await startWorkerProcess(this.env);
    this.startTimesMs.push(Date.now() - started);
    void p.exited.then((code) => {
      if (this.expected.has(p)) return;
      this.unexpectedExits.push(`worker pid ${p.child.pid} exited by itself (code ${code}, signal ${p.child.signalCode}): ${p.output().slice(-1500)}`);
      const index = this.processes.indexOf(p);
      if (index >= 0) {
        this.expected.add(p);
        void this.spawn().then(
          (next) => {
            this.processes[index] = next;
          },
          (error: Error) => this.unexpectedExits.push(`a replacement worker did not start: ${error.message}`),
        );
      }
    });
    return p;
  }
}
