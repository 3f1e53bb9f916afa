/** `_id` reads in flight at once: enough to keep the store's connection pool busy without queueing thousands. */
const READS_IN_FLIGHT = 50;

/** Maps `items` through `fn` with at most READS_IN_FLIGHT calls in flight, in order. */
export async function mapInBatches<T, R>(items: readonly T[], fn: (item: T) => Promise<R>, concurrency = READS_IN_FLIGHT): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += concurrency) {
    results.push(...(await Promise.all(items.slice(i, i + concurrency).map(fn))));
  }
  return results;
}
