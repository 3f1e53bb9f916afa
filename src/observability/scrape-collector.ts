/**
 * A value read from Redis or the store when Prometheus scrapes. Three guards keep a scrape
 * cheap and bounded whatever the state of those services:
 *  - a timeout: a scrape waits at most `timeoutMs` for the value (a Redis outage, a slow
 *    store), then reports the collector as failed;
 *  - single flight: while a read runs, later scrapes join it rather than start another, so a
 *    hung service is asked once, not once per scrape, until it answers or fails;
 *  - a short cache: the several gauges of one scrape share one read.
 */
export type Collected<T> = { ok: true; value: T; seconds: number } | { ok: false; error: string; seconds: number };

export class ScrapeCollector<T> {
  private reading: { promise: Promise<T>; started: number } | null = null;
  private last: { result: Collected<T>; at: number } | null = null;

  constructor(
    readonly name: string,
    private readonly read: () => Promise<T>,
    private readonly timeoutMs: number,
    private readonly cacheMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<Collected<T>> {
    if (this.last && this.now() - this.last.at < this.cacheMs) return this.last.result;
    const reading = this.startOrJoin();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    let result: Collected<T>;
    try {
      const value = await Promise.race([reading.promise, timeout]);
      result = { ok: true, value, seconds: (this.now() - reading.started) / 1000 };
    } catch (error) {
      result = { ok: false, error: (error as Error)?.message ?? String(error), seconds: (this.now() - reading.started) / 1000 };
    } finally {
      clearTimeout(timer);
    }
    this.last = { result, at: this.now() };
    return result;
  }

  private startOrJoin(): { promise: Promise<T>; started: number } {
    if (this.reading) return this.reading;
    let promise: Promise<T>;
    try {
      promise = this.read();
    } catch (error) {
      promise = Promise.reject(error);
    }
    const reading = { promise, started: this.now() };
    this.reading = reading;
    const clear = () => {
      if (this.reading === reading) this.reading = null;
    };
    promise.then(clear, clear);
    return reading;
  }
}
