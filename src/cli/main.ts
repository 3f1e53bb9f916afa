import { CommanderError } from 'commander';
import { CliError, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from './errors';
import { processIo, type CliIo } from './io';
import { buildProgram } from './program';

/**
 * `npx seatsync …` (bin/seatsync.js loads the compiled form of this file). runCli never exits
 * the process, so tests run it in-process against a real server.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    // Help, version and usage mistakes: commander has already written its message.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    const wantsJson = argv.includes('--json');
    if (error instanceof CliError) {
      io.err(formatError(error, wantsJson));
      return error.exitCode;
    }
    io.err(formatError(new CliError('INTERNAL', (error as Error)?.message ?? String(error)), wantsJson));
    return EXIT_FAILED;
  }
}

export function formatError(error: CliError, asJson: boolean): string {
  if (asJson) {
    return `${JSON.stringify({ error: { code: error.code, message: error.message, ...(error.status !== null ? { status: error.status } : {}) } })}\n`;
  }
  const status = error.status !== null ? ` (HTTP ${error.status})` : '';
  return `seatsync: ${error.code}: ${error.message}${status}\n`;
}

/** Entry point of the real process: Ctrl-C aborts polling and requests, then exits 130. */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  // `seatsync … | head` closes stdout early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
  });
  runCli(argv, processIo(controller.signal)).then(
    (code) => {
      process.off('SIGINT', onInterrupt);
      process.exitCode = controller.signal.aborted && code === EXIT_OK ? EXIT_INTERRUPTED : code;
    },
    (error: unknown) => {
      process.stderr.write(`seatsync: ${(error as Error)?.message ?? String(error)}\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}
