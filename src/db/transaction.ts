import type { Transaction } from 'kysely';
import { AppError, msg } from '../shared/app-error.js';
import type { Db } from './connection.js';
import type { Database } from './schema.js';

/** PostgreSQL's answers that mean "another change got there first", not "the server broke". */
const conflictCodes = new Set(['40P01', '40001', '55P03']);

export function isConflictError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && conflictCodes.has(code);
}

export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/**
 * One transaction; a deadlock, serialization failure or lock timeout becomes a 409 `conflict`
 * (nothing was changed, the client may retry) instead of a 500.
 */
export async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (isConflictError(error)) {
      throw new AppError('conflict', msg.concurrentChange(), { hint: msg.readSubscriptionAndRetry() });
    }
    throw error;
  }
}
