import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * A pool whose connections save PostgreSQL work and round trips on every transaction, with no
 * change in what any statement does:
 *
 * 1. Repeated statements run as named prepared statements.
 *
 * Why: an order's statements are the same text every time, only the parameters change. Sent
 * unnamed, PostgreSQL parses, analyses and plans each one on every execution; the checkout
 * benchmark measured that at about 40 % of PostgreSQL's CPU per order (the long CTE statements
 * of `writeTogether` and the auth join the most). Named, a connection parses a statement once
 * and, after five executions, may keep a generic plan (PostgreSQL's own `plan_cache_mode` rule).
 *
 * Limits, so that memory stays bounded and nothing changes behaviour:
 * - only statements with parameters (what Kysely and repositories send; a parameterless text
 *   may hold several statements, which the extended protocol refuses) that begin with
 *   SELECT/INSERT/UPDATE/DELETE/WITH (never DDL, transaction control or locks);
 * - a text is prepared from its second sighting on (one-off statements of migrations, imports
 *   and bulk inserts of a varying row count stay unnamed), and at most `maxStatements` texts
 *   per process are ever named (each connection holds at most that many);
 * - a prepared statement whose result columns changed under it (another process added a
 *   column to a table read with `SELECT *`, as a rolling upgrade's migration does) fails once
 *   with PostgreSQL's "cached plan must not change result type"; the connection then starts a
 *   new generation of names so the next execution prepares afresh, and the failed request is
 *   answered 503 with `Retry-After` (src/db/transaction.ts `isDatabaseUnavailable`).
 *
 * 2. A transaction's BEGIN travels with its first statement. node-postgres sends one statement
 *    per round trip, and every round trip costs both processes a socket write and a wake-up
 *    (the benchmark's API process spent a third of its CPU in those writes). BEGIN is held
 *    until the next statement: if that one has no parameters (the advisory locks that open
 *    every money transaction, src/modules/billing/money-locks.repository.ts), both go as one
 *    simple-protocol message; otherwise BEGIN is sent first, as before. A transaction that
 *    ends before any statement sends nothing at all. Semantics are the same: nothing runs on
 *    the connection between the held BEGIN and the statement it is sent with.
 */
export interface PreparingPoolOptions {
  /** false: every statement unnamed, as node-postgres sends it (BEGIN is still held). */
  prepare?: boolean;
  /** Distinct statement texts ever prepared by this process. */
  maxStatements?: number;
}

const preparable = /^\s*(with|select|insert|update|delete)\b/i;
// Only a statement that is nothing but BEGIN (pg-boss sends whole "BEGIN; …; COMMIT" scripts).
const begins = /^\s*(begin|start transaction)[a-z ,]*$/i;
const ends = /^\s*(commit|rollback)\s*$/i;

type Result = pg.QueryResult;
const emptyResult = (command: string): Result =>
  ({ command, rowCount: null, rows: [], fields: [], oid: 0 }) as unknown as Result;

/** PostgreSQL's error for a prepared statement whose result row type changed (SQLSTATE 0A000). */
export function isStalePreparedStatement(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return (
    !!e &&
    e.code === '0A000' &&
    typeof e.message === 'string' &&
    e.message.includes('cached plan must not change result type')
  );
}

export function preparingPool(pool: pg.Pool, options: PreparingPoolOptions = {}): PostgresPool {
  const maxStatements = options.prepare === false ? 0 : (options.maxStatements ?? 400);
  const names = new Map<string, string>();
  const sightings = new Map<string, number>();
  const generation = new WeakMap<pg.PoolClient, number>();
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known) return known;
    if (names.size >= maxStatements) return undefined;
    const seen = (sightings.get(text) ?? 0) + 1;
    if (seen < 2) {
      // Bounded: texts seen once are forgotten in bulk rather than tracked for ever.
      if (sightings.size >= 10_000) sightings.clear();
      sightings.set(text, seen);
      return undefined;
    }
    sightings.delete(text);
    const name = `bc${names.size.toString(36)}`;
    names.set(text, name);
    return name;
  };

  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let w = wrapped.get(client);
    if (w) return w;
    let heldBegin: string | null = null;
    const send = (text: string, values: unknown[] | undefined): Promise<Result> => {
      const name = values && values.length > 0 && preparable.test(text) ? nameOf(text) : undefined;
      if (!name) return client.query(text, values);
      return named(client, name, text, values!);
    };
    const query = async (text: string, values: unknown[] | undefined): Promise<Result> => {
      if (begins.test(text) && heldBegin === null) {
        heldBegin = text;
        return emptyResult('BEGIN');
      }
      if (heldBegin === null) return send(text, values);
      const begin = heldBegin;
      heldBegin = null;
      // COMMIT or ROLLBACK of a transaction that ran nothing: there is nothing to end.
      if (ends.test(text)) return emptyResult(text.trim().toUpperCase());
      if (values && values.length > 0) {
        await client.query(begin);
        return send(text, values);
      }
      const results = (await client.query(`${begin}; ${text}`)) as unknown as Result | Result[];
      if (!Array.isArray(results)) return results;
      const rest = results.slice(1);
      return (rest.length === 1 ? rest[0]! : rest) as Result;
    };
    w = {
      query: ((text: unknown, values?: readonly unknown[]) => {
        if (typeof text !== 'string') {
          // A cursor is submitted at once; node-postgres runs a connection's queries in the
          // order given, so a held BEGIN queued first still runs first.
          if (heldBegin !== null) void client.query(heldBegin).catch(() => {});
          heldBegin = null;
          return client.query(text as pg.Submittable);
        }
        return query(text, values as unknown[] | undefined);
      }) as unknown as PostgresPoolClient['query'],
      release: () => {
        heldBegin = null;
        client.release();
      },
    };
    wrapped.set(client, w);
    return w;
  };

  const named = async (client: pg.PoolClient, name: string, text: string, values: unknown[]) => {
    const g = generation.get(client) ?? 0;
    try {
      return await client.query({ name: g ? `${name}_${g}` : name, text, values });
    } catch (error) {
      if (isStalePreparedStatement(error)) generation.set(client, g + 1);
      throw error;
    }
  };

  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
