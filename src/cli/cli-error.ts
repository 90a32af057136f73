/**
 * A failure of the command line itself (bad arguments, a port already taken, a missing
 * file): printed as a message and a hint, never as a stack trace. Business refusals stay
 * `AppError`s and are printed with their stable code.
 *
 * @example
 * throw new CliError('No file named users.csv.', { hint: 'Give the path of a CSV file.' });
 */
export class CliError extends Error {
  readonly hint: string | undefined;
  /** 2 for a usage mistake (the conventional code), 1 for everything else. */
  readonly exitCode: number;

  constructor(message: string, options: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'CliError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }
}

export function usageError(message: string, usage: string): CliError {
  return new CliError(message, { hint: `Usage: ${usage}`, exitCode: 2 });
}
