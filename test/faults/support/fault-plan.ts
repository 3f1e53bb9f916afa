import type { WorkloadShape } from './lifecycle-workload';
import { Random } from './random';

export type Fault =
  | { kind: 'kill-worker'; worker: number }
  | { kind: 'restart-redis' }
  | { kind: 'pause-redis'; ms: number }
  | { kind: 'store-outage'; ms: number }
  | { kind: 'store-pause'; ms: number }
  | { kind: 'rolling-sigterm' };

export interface PlannedFault {
  /** Workload time before this fault. */
  gapMs: number;
  fault: Fault;
}

export interface SuiteSize {
  name: 'ci' | 'full';
  seed: number;
  orgs: number;
  purchased: number;
  shape: WorkloadShape;
  workers: number;
  plan: PlannedFault[];
  /** The jest timeout of the run. */
  timeoutMs: number;
}

/**
 * `FAULTS_SIZE=ci` (default): a fixed plan from a fixed seed, about three minutes on two
 * cores — 5 worker SIGKILLs, 1 Redis restart, an 8 s Redis pause, a 6 s store outage (killed)
 * and a 6 s store pause (SIGSTOP), 1 rolling SIGTERM. `FAULTS_SIZE=full`: issue 6's figures —
 * 20 SIGKILLs, 3 Redis restarts, a 20 s Redis pause, two 20 s store outages and a 20 s store
 * pause, 2 rolling SIGTERMs — shuffled by a random seed that the run prints (`FAULTS_SEED`
 * replays one).
 */
export function suiteSize(env: NodeJS.ProcessEnv = process.env): SuiteSize {
  const name = env.FAULTS_SIZE ?? 'ci';
  if (name !== 'ci' && name !== 'full') throw new Error(`FAULTS_SIZE must be "ci" or "full", not "${name}"`);
  const seed = env.FAULTS_SEED !== undefined ? Number(env.FAULTS_SEED) : name === 'ci' ? 20240611 : Math.floor(Math.random() * 2 ** 31);
  if (!Number.isInteger(seed)) throw new Error(`FAULTS_SEED must be an integer, not "${env.FAULTS_SEED}"`);
  const random = new Random(seed);
  if (name === 'ci') {
    const workers = 2;
    const kill = (): Fault => ({ kind: 'kill-worker', worker: random.int(0, workers - 1) });
    // A fixed order. The Redis restart comes last: it also drops the org locks that killed
    // workers held (60 s TTL), which the full size, in random order, leaves to expire.
    const faults: Fault[] = [
      kill(),
      kill(),
      { kind: 'rolling-sigterm' },
      kill(),
      { kind: 'store-outage', ms: 6000 },
      kill(),
      { kind: 'pause-redis', ms: 8000 },
      { kind: 'store-pause', ms: 6000 },
      kill(),
      { kind: 'restart-redis' },
    ];
    return {
      name,
      seed,
      orgs: 3,
      purchased: 8,
      shape: { users: 20, groups: 2, lanes: 2 },
      workers,
      plan: faults.map((fault) => ({ gapMs: random.int(4000, 8000), fault })),
      timeoutMs: 10 * 60_000,
    };
  }
  const workers = 3;
  const faults: Fault[] = [
    ...Array.from({ length: 20 }, (): Fault => ({ kind: 'kill-worker', worker: random.int(0, workers - 1) })),
    ...Array.from({ length: 3 }, (): Fault => ({ kind: 'restart-redis' })),
    { kind: 'pause-redis', ms: 20_000 },
    { kind: 'store-outage', ms: 20_000 },
    { kind: 'store-outage', ms: 20_000 },
    { kind: 'store-pause', ms: 20_000 },
    { kind: 'rolling-sigterm' },
    { kind: 'rolling-sigterm' },
  ];
  return {
    name,
    seed,
    orgs: 5,
    purchased: 12,
    shape: { users: 30, groups: 3, lanes: 2 },
    workers,
    plan: random.shuffle(faults).map((fault) => ({ gapMs: random.int(3000, 9000), fault })),
    timeoutMs: 40 * 60_000,
  };
}

export function describeFault(fault: Fault): string {
  switch (fault.kind) {
    case 'kill-worker':
      return `SIGKILL worker ${fault.worker}`;
    case 'restart-redis':
      return 'restart Redis empty';
    case 'pause-redis':
      return `pause Redis ${fault.ms / 1000} s`;
    case 'store-outage':
      return `kill the store for ${fault.ms / 1000} s`;
    case 'store-pause':
      return `pause the store ${fault.ms / 1000} s`;
    case 'rolling-sigterm':
      return 'rolling SIGTERM of every worker';
  }
}
