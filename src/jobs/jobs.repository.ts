import { CompiledQuery, sql } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Executor } from '../db/executor.js';

/** pg-boss's schema: its tables live beside ours, in the same database and transactions. */
export const jobSchema = 'pgboss';

/**
 * pg-boss runs its SQL through this adapter, on our pool or on an open Kysely transaction:
 * a job sent with the transaction's adapter exists if and only if the transaction commits.
 */
export function bossDb(db: Executor): PgBoss.Db {
  return {
    // pg-boss passes loosely typed parameter arrays; they go to pg unchanged.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async executeSql(text: string, values: any[]) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}

/**
 * Jobs without options (each with its own unique singleton key) in one plain INSERT, the
 * queue's settings applied as pg-boss 10's `insert` applies them (`test/jobs.test.ts` compares
 * the rows both write). Why not pg-boss's own statement: it opens with a `WITH`, so it cannot be
 * held and sent with the other writes of a `writeTogether` (src/db/together.ts); this one can,
 * and costs PostgreSQL about a third of it (measured with pg_stat_statements on the checkout).
 */
export async function insertJobRows(
  db: Executor,
  jobs: { name: string; data: Record<string, unknown>; singletonKey: string }[],
): Promise<void> {
  if (jobs.length === 0) return;
  const payload = JSON.stringify(
    jobs.map((j) => ({ name: j.name, data: j.data, singleton_key: j.singletonKey })),
  );
  await sql`
    INSERT INTO ${sql.table(`${jobSchema}.job`)}
      (name, data, singleton_key, dead_letter, expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
    SELECT j.name, j.data, j.singleton_key, q.dead_letter,
      COALESCE(q.expire_seconds * interval '1 second', interval '15 minutes'),
      now() + COALESCE(q.retention_minutes * interval '1 minute', interval '14 days'),
      COALESCE(q.retry_limit, 2),
      CASE WHEN COALESCE(q.retry_backoff, false) THEN GREATEST(COALESCE(q.retry_delay, 0), 1)
           ELSE COALESCE(q.retry_delay, 0) END,
      COALESCE(q.retry_backoff, false),
      q.policy
    FROM jsonb_to_recordset(${payload}::jsonb) AS j(name text, data jsonb, singleton_key text)
    JOIN ${sql.table(`${jobSchema}.queue`)} q ON q.name = j.name
    ON CONFLICT DO NOTHING
  `.execute(db);
}

export interface PendingJob {
  name: string;
  state: string;
  count: number;
}

/** Jobs of the given queues that are due now and not finished (tests drain until none). */
export async function countDueJobs(db: Executor, names: string[]): Promise<PendingJob[]> {
  if (names.length === 0) return [];
  const rows = await sql<PendingJob>`
    SELECT name, state::text AS state, count(*)::int AS count
    FROM ${sql.table(`${jobSchema}.job`)}
    WHERE name IN (${sql.join(names)})
      AND state IN ('created', 'retry', 'active')
      AND (state = 'active' OR start_after <= now())
    GROUP BY name, state
  `.execute(db);
  return rows.rows;
}

/** Jobs that used up their retries, newest first: what an operator looks at. */
export async function listFailedJobs(db: Executor, names: string[], limit = 20) {
  if (names.length === 0) return [];
  const rows = await sql<{ id: string; name: string; data: unknown; output: unknown }>`
    SELECT id, name, data, output FROM ${sql.table(`${jobSchema}.job`)}
    WHERE name IN (${sql.join(names)}) AND state = 'failed'
    ORDER BY completed_on DESC LIMIT ${limit}
  `.execute(db);
  return rows.rows;
}

/** pg-boss's schema version and queues, or null when its schema is not installed yet. */
export async function readInstalledQueues(
  db: Executor,
): Promise<{ version: number; queues: Set<string> } | null> {
  const exists = await sql<{ present: boolean }>`
    SELECT to_regclass(${`${jobSchema}.queue`}) IS NOT NULL AND to_regclass(${`${jobSchema}.version`}) IS NOT NULL AS present
  `.execute(db);
  if (!exists.rows[0]?.present) return null;
  const version = await sql<{
    version: number;
  }>`SELECT version FROM ${sql.table(`${jobSchema}.version`)}`.execute(db);
  const queues = await sql<{ name: string }>`SELECT name FROM ${sql.table(`${jobSchema}.queue`)}`.execute(db);
  return { version: Number(version.rows[0]?.version ?? 0), queues: new Set(queues.rows.map((q) => q.name)) };
}
