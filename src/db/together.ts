import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type Transaction,
} from 'kysely';
import type { Database } from './schema.js';

/**
 * Runs the writes `work` makes on `batch` as ONE statement on `trx` (each write a CTE of
 * `WITH w0 AS (…), w1 AS (…) SELECT 1`): one round trip instead of one per write, which is
 * what a hot path such as checkout pays most for. Repository functions run unchanged on
 * `batch`:
 * - a plain INSERT, UPDATE or DELETE without RETURNING is held and sent at the end;
 * - anything else (a SELECT, RETURNING, a statement with its own WITH) runs at once on `trx`
 *   and gets its real rows.
 * PostgreSQL runs the held writes in one snapshot: they must not depend on each other's rows
 * (foreign keys are fine: they are checked at the end of the statement), and nothing read
 * inside `work` sees them before the end. A failed write fails the whole statement, so the
 * transaction fails as it would have.
 */
export async function writeTogether(
  trx: Transaction<Database>,
  work: (batch: Kysely<Database>) => Promise<void>,
): Promise<void> {
  const held: CompiledQuery[] = [];
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      if (holdable(query.sql)) {
        held.push(query);
        return { rows: [] };
      }
      return trx.executeQuery<R>(query);
    },
    // eslint-disable-next-line require-yield
    async *streamQuery() {
      throw new Error('writeTogether: streaming is not supported');
    },
  };
  const driver: Driver = {
    async init() {},
    async acquireConnection() {
      return connection;
    },
    async beginTransaction() {
      throw new Error('writeTogether: already inside a transaction');
    },
    async commitTransaction() {},
    async rollbackTransaction() {},
    async releaseConnection() {},
    async destroy() {},
  };
  const batch = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  await work(batch);
  if (held.length === 0) return;
  if (held.length === 1) {
    await trx.executeQuery(held[0]!);
    return;
  }
  await trx.executeQuery(combine(held));
}

function holdable(text: string): boolean {
  const head = text.trimStart().slice(0, 7).toLowerCase();
  return (
    (head.startsWith('insert') || head.startsWith('update') || head.startsWith('delete')) &&
    !/\breturning\b/i.test(text)
  );
}

/** One statement of several: each becomes a CTE, its `$n` parameters renumbered. */
export function combine(queries: readonly CompiledQuery[]): CompiledQuery {
  const parameters: unknown[] = [];
  const parts = queries.map((q, i) => {
    const offset = parameters.length;
    parameters.push(...q.parameters);
    return `w${i} AS (${renumber(q.sql, offset)})`;
  });
  return CompiledQuery.raw(`WITH ${parts.join(', ')} SELECT 1`, parameters);
}

// A hot path combines the same statements at the same offsets every time: remember the
// renumbered text (bounded: cleared when full) instead of scanning it again.
const renumbered = new Map<string, string>();

/** Shifts `$n` placeholders by `offset`, leaving quoted literals and identifiers alone. */
function renumber(text: string, offset: number): string {
  if (offset === 0) return text;
  const key = `${offset}:${text}`;
  const known = renumbered.get(key);
  if (known !== undefined) return known;
  const out = shift(text, offset);
  if (renumbered.size >= 1000) renumbered.clear();
  renumbered.set(key, out);
  return out;
}

function shift(text: string, offset: number): string {
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      out += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      out += c;
      continue;
    }
    if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && /[0-9]/.test(text[j]!)) j++;
      out += `$${Number(text.slice(i + 1, j)) + offset}`;
      i = j - 1;
      continue;
    }
    out += c;
  }
  return out;
}
