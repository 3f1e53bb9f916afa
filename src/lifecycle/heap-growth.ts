import v8 from 'node:v8';

/**
 * Bounds how far the heap grows between full garbage collections: after each one V8 sets the
 * next limit at `live × (1 + percent / 100)`. Left to itself V8 picks a factor of up to 4 when
 * collections are cheap, so a process whose live set is 80 MB could hold 300 MB of garbage
 * (BENCHMARKS.md: 287 and 328 MB peaks in the initial cycle; 165 and 209 MB at 50%). Unlike a
 * fixed `--max-old-space-size`, this never stops a process that needs more for a large org: it
 * only collects sooner. V8 reads the flag at every collection, so setting it at start works
 * (it is not one of the flags NODE_OPTIONS accepts). 0 keeps V8's own choice.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}

/**
 * The growth a process runs with when HEAP_GROWTH_PERCENT is unset. An API process holds
 * requests, whose garbage is short-lived: 50% keeps its collections rare. A worker's peak is a
 * pass over a whole org, tens of megabytes live at once for 10,000 members, on top of its
 * baseline: at 20% it collects sooner within that pass (`npm run bench -- --workloads
 * group-push,initial-cycle`: the worker's peak in the initial cycle 253 MB at 50%, 205 and 245 MB
 * at 20% in two runs, settled in the same time). `local` runs both.
 */
export function defaultHeapGrowthPercent(role: string): number {
  return role === 'api' ? 50 : 20;
}
