import fs from 'node:fs';

/**
 * CPU time and memory of the processes under test, from /proc (Linux). CPU seconds per
 * process over a workload show where the time goes (connector, workers or the store) without a
 * profiler attached; VmHWM is the kernel's own peak resident set size.
 */

const CLOCK_TICKS_PER_SECOND = 100;

export interface WatchedProcess {
  name: string;
  pid: number;
}

export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

function statusKb(pid: number, field: 'VmHWM'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

export function peakRssMb(pid: number): number {
  return statusKb(pid, 'VmHWM') / 1024;
}

/** CPU seconds each watched process spent between `start` and `stop`. */
export class CpuWindow {
  private readonly before: Map<number, number>;

  constructor(private readonly watched: WatchedProcess[]) {
    this.before = new Map(watched.map((p) => [p.pid, cpuSeconds(p.pid)]));
  }

  stop(): Record<string, number> {
    const spent: Record<string, number> = {};
    for (const p of this.watched) {
      spent[p.name] = (spent[p.name] ?? 0) + cpuSeconds(p.pid) - (this.before.get(p.pid) ?? 0);
    }
    return spent;
  }
}

/**
 * Starts a new peak: writing 5 to clear_refs resets VmHWM to the current resident set
 * (Linux 4.0+, proc(5)). False where that is not allowed; the peak then keeps growing.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Peak resident set of each process, by name and pid (MB). */
export function peakRssOf(processes: { name: string; pid: number }[]): Record<string, number> {
  const peaks: Record<string, number> = {};
  for (const p of processes) peaks[`${p.name} ${p.pid}`] = Math.round(peakRssMb(p.pid) * 10) / 10;
  return peaks;
}
