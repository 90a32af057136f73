import type { Executor } from '../audit/index.js';
import type { OrderLineTable, OrderTable } from '../../db/schema.js';
import type { Insertable } from 'kysely';

export async function insertOrder(db: Executor, row: Insertable<OrderTable>) {
  await db.insertInto('orders').values(row).execute();
}

export async function insertOrderLines(db: Executor, rows: Insertable<OrderLineTable>[]) {
  if (rows.length) await db.insertInto('order_lines').values(rows).execute();
}

export async function findOrder(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function listOrderLines(db: Executor, tenantId: string, orderId: string) {
  return db
    .selectFrom('order_lines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .orderBy('line_no')
    .execute();
}

export async function listOrders(
  db: Executor,
  tenantId: string,
  options: { limit: number; before?: string },
) {
  let q = db.selectFrom('orders').selectAll().where('tenant_id', '=', tenantId);
  if (options.before) q = q.where('id', '<', options.before);
  return q.orderBy('id', 'desc').limit(options.limit).execute();
}

export async function setOrderAutoAssignReport(
  db: Executor,
  tenantId: string,
  orderId: string,
  report: unknown,
) {
  await db
    .updateTable('orders')
    .set({ auto_assign_report: JSON.stringify(report) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', orderId)
    .execute();
}
