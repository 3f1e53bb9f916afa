/**
 * Everything the CLI touches outside itself, so tests can run it in-process: output streams,
 * environment, working folder, clock, sleep, HTTP and the interrupt signal.
 */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Whether stderr is a terminal: the progress bar redraws one line only there. */
  stderrIsTTY: boolean;
  now(): number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  fetch: typeof fetch;
  /** Aborted on Ctrl-C: ends `--follow`, stops polling, cancels the request in flight. */
  signal?: AbortSignal;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The real process's io. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    out: (text) => {
      process.stdout.write(text);
    },
    err: (text) => {
      process.stderr.write(text);
    },
    env: process.env,
    cwd: process.cwd(),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    now: () => Date.now(),
    sleep,
    fetch: (input, init) => fetch(input, init),
    signal,
  };
}
