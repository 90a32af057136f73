import { sql, type Transaction } from 'kysely';
import { AppError, msg } from '../shared/app-error.js';
import type { Db } from './connection.js';
import type { Executor } from './executor.js';
import type { Database } from './schema.js';
import { isStalePreparedStatement } from './prepared.js';

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

/** Socket errors that mean "PostgreSQL cannot be reached" (refused, reset, timed out, no route). */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * Whether an error means the database is down or unreachable rather than that the request or
 * the code is wrong: a refused or cut connection, PostgreSQL shutting down or starting
 * (57P01–57P03), a connection exception (class 08), too many connections (53300), or the
 * pool's connection timeout, or a prepared statement made stale by another process's schema
 * change. The client can retry later; nothing was committed by the failed statement.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const e = error as { code?: unknown; message?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (unreachableCodes.has(code)) return true;
  if (/^(08...|57P0[123]|53300)$/.test(code)) return true;
  // A prepared statement outlived a schema change made by another process (src/db/prepared.ts):
  // the connection prepares it afresh on the next try.
  if (isStalePreparedStatement(error)) return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (
    /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection terminated unexpectedly)/.test(
      message,
    )
  )
    return true;
  // Node reports a refused localhost connection tried over IPv4 and IPv6 as an AggregateError.
  return Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner));
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
      throw new AppError('conflict', msg.concurrentChange(), { hint: msg.readCurrentStateAndRetry() });
    }
    throw error;
  }
}

/**
 * Runs `work` inside a savepoint of an open transaction: if it throws, only its own changes are
 * undone and the transaction goes on (a CSV row whose email was taken meanwhile, an import
 * nested in a caller's transaction).
 */
export async function inSavepoint<T>(
  trx: Transaction<Database>,
  name: 'users_import' | 'users_import_row',
  work: () => Promise<T>,
): Promise<T> {
  await sql`SAVEPOINT ${sql.id(name)}`.execute(trx);
  try {
    const result = await work();
    await sql`RELEASE SAVEPOINT ${sql.id(name)}`.execute(trx);
    return result;
  } catch (error) {
    await sql`ROLLBACK TO SAVEPOINT ${sql.id(name)}`.execute(trx);
    throw error;
  }
}

/** `work` in the caller's transaction when `db` is one, else in a new one (`inTransaction`). */
export async function inOrJoinTransaction<T>(
  db: Executor,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<Database>);
  return inTransaction(db as Db, work);
}
