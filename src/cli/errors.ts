/**
 * What the CLI reports on failure: a stable code (the admin API's own code when the API
 * answered, else one of ours) and a message. Exit codes: 1 for a failed operation, 2 for a
 * usage mistake, 130 when interrupted (the shell's convention for SIGINT).
 */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number = EXIT_FAILED,
    /** HTTP status when the admin API answered with an error. */
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function usageError(message: string): CliError {
  return new CliError('USAGE', message, EXIT_USAGE);
}

export function interrupted(message = 'Interrupted.'): CliError {
  return new CliError('INTERRUPTED', message, EXIT_INTERRUPTED);
}
