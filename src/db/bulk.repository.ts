import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { Database } from './schema.js';

/**
 * Inserts many rows of one table in one statement whose only parameter is a JSON array: far
 * cheaper to build and to parse than a VALUES list of thousands of parameters (the billing
 * cycle's batches). Every row has the keys of the first; values are what JSON carries (a Date
 * becomes its ISO string, a jsonb column takes the value itself, not its text). With
 * `skipConflicts`, rows refused by a unique index are left out; returns the ids inserted.
 */
export async function insertJsonRows(
  db: Executor,
  table: keyof Database & string,
  rows: Record<string, unknown>[],
  /**
   * `ids: false` returns nothing: without RETURNING the insert can be held and sent with the
   * other writes of a `writeTogether` (one round trip for all of them).
   */
  options: { skipConflicts?: boolean; ids?: boolean } = {},
): Promise<string[]> {
  const ids: string[] = [];
  const first = rows[0];
  if (!first) return ids;
  const columns = sql.join(Object.keys(first).map((c) => sql.ref(c)));
  for (let i = 0; i < rows.length; i += 5000) {
    const payload = JSON.stringify(rows.slice(i, i + 5000));
    const result = await sql<{ id: string }>`
      INSERT INTO ${sql.table(table)} (${columns})
      SELECT ${columns} FROM jsonb_populate_recordset(null::${sql.table(table)}, ${payload}::jsonb)
      ${options.skipConflicts ? sql`ON CONFLICT DO NOTHING` : sql``}
      ${options.ids === false ? sql`` : sql`RETURNING id`}
    `.execute(db);
    for (const r of result.rows) ids.push(String(r.id));
  }
  return ids;
}
