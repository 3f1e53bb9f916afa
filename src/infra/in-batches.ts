/**
 * Maps `items` through `fn` with at most `concurrency` calls in flight: enough to keep the
 * store's connection pool busy with `_id` reads without queueing thousands of them at once.
 */
export async function mapInBatches<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += concurrency) {
    results.push(...(await Promise.all(items.slice(i, i + concurrency).map(fn))));
  }
  return results;
}
