import { isAppError } from '../shared/app-error.js';

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

/**
 * The `conflict` of `inTransaction` (a deadlock, serialization failure or lock timeout) from
 * a command whose transaction is its own: nothing was changed and the same command can simply
 * run again. The API's sentence speaks of a subscription, which the tenant and user commands
 * never touch. Any other error is returned as it is.
 */
export function asRerunnable(error: unknown): unknown {
  if (!isAppError(error) || error.code !== 'conflict') return error;
  return new CliError('Another change ran at the same time; nothing was changed.', {
    hint: 'Run the command again.',
  });
}
