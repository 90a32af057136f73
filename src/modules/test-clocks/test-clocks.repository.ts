import { sql } from 'kysely';
import type { TestClock } from '../../db/schema.js';
import type { Executor } from '../../db/executor.js';

export async function insertTestClock(db: Executor, row: TestClock): Promise<TestClock | undefined> {
  return db
    .insertInto('test_clocks')
    .values(row)
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** `tenantId` set: only that tenant's clock (a tenant admin asking); unset: the operator. */
export async function findTestClock(
  db: Executor,
  id: string,
  options: { tenantId?: string; forUpdate?: boolean } = {},
): Promise<TestClock | undefined> {
  let q = db.selectFrom('test_clocks').selectAll().where('id', '=', id);
  if (options.tenantId !== undefined) q = q.where('tenant_id', '=', options.tenantId);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function findTestClockOfTenant(db: Executor, tenantId: string): Promise<TestClock | undefined> {
  return db.selectFrom('test_clocks').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
}

export async function listTestClocks(db: Executor, tenantId?: string): Promise<TestClock[]> {
  let q = db.selectFrom('test_clocks').selectAll();
  if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function updateTestClock(
  db: Executor,
  id: string,
  patch: Partial<
    Pick<TestClock, 'frozen_time' | 'status' | 'advancing_to' | 'advance_started_at' | 'updated_at'>
  >,
): Promise<void> {
  await db.updateTable('test_clocks').set(patch).where('id', '=', id).execute();
}

export async function deleteTestClock(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('test_clocks').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * The next instant after `after` (and no later than `until`) at which something of this tenant
 * is due: a period or term end, a lifecycle step, a renewal reminder (30 and 7 days before the
 * term ends) or a deletion notice. Advancing a clock stops at each one in order.
 */
export async function nextDueInstant(
  db: Executor,
  tenantId: string,
  after: Date,
  until: Date,
): Promise<Date | undefined> {
  const result = await sql<{ at: Date | null }>`
    SELECT min(t.at) AS at FROM subscriptions s
    CROSS JOIN LATERAL (VALUES
      (CASE WHEN s.status IN ('active', 'warning') THEN s.period_end END),
      (s.next_action_at),
      (CASE WHEN s.status IN ('active', 'warning') AND s.recurring_billing THEN s.term_end - interval '30 days' END),
      (CASE WHEN s.status IN ('active', 'warning') AND s.recurring_billing THEN s.term_end - interval '7 days' END),
      (CASE WHEN s.status = 'disabled' THEN s.next_action_at - interval '7 days' END)
    ) AS t(at)
    WHERE s.tenant_id = ${tenantId} AND s.kind <> 'traditional_addon'
      AND t.at > ${after} AND t.at <= ${until}`.execute(db);
  return result.rows[0]?.at ?? undefined;
}

/**
 * Dunning thresholds of the tenant's open invoices (days past due) after `after`: each is a
 * step of an advance too, so reminders, warning and suspension land on their own dates.
 */
export async function nextInvoiceInstant(
  db: Executor,
  tenantId: string,
  after: Date,
  until: Date,
  daysPastDue: readonly number[],
): Promise<Date | undefined> {
  const result = await sql<{ at: Date | null }>`
    SELECT min(i.due_at + make_interval(days => d.days)) AS at
    FROM invoices i
    CROSS JOIN unnest(${sql.val([0, ...daysPastDue])}::int[]) AS d(days)
    WHERE i.tenant_id = ${tenantId} AND i.status = 'open' AND i.kind <> 'credit'
      AND i.due_at + make_interval(days => d.days) > ${after}
      AND i.due_at + make_interval(days => d.days) <= ${until}`.execute(db);
  return result.rows[0]?.at ?? undefined;
}
