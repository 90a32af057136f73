import type { Executor } from '../audit/index.js';
import type { PaymentMethod } from '../../db/schema.js';

export async function listPaymentMethods(db: Executor, tenantId: string) {
  return db
    .selectFrom('payment_methods')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

export async function findPaymentMethod(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('payment_methods')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function findDefaultPaymentMethod(db: Executor, tenantId: string) {
  return db
    .selectFrom('payment_methods')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('removed_at', 'is', null)
    .orderBy('is_default', 'desc')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertPaymentMethod(db: Executor, row: Omit<PaymentMethod, 'removed_at'>) {
  if (row.is_default) {
    await db.updateTable('payment_methods').set({ is_default: false }).where('tenant_id', '=', row.tenant_id).execute();
  }
  await db.insertInto('payment_methods').values(row).execute();
}

export async function setDefaultPaymentMethod(db: Executor, tenantId: string, id: string) {
  await db.updateTable('payment_methods').set({ is_default: false }).where('tenant_id', '=', tenantId).execute();
  await db
    .updateTable('payment_methods')
    .set({ is_default: true })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function removePaymentMethod(db: Executor, tenantId: string, id: string, at: Date) {
  await db
    .updateTable('payment_methods')
    .set({ removed_at: at, is_default: false, gateway_token: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function insertPayment(
  db: Executor,
  row: {
    id: string;
    tenant_id: string;
    payment_method_id: string | null;
    order_id: string | null;
    invoice_id: string | null;
    kind: 'charge' | 'refund';
    amount: number;
    currency: string;
    status: 'succeeded' | 'declined' | 'pending';
    decline_code: string | null;
    message: string | null;
    gateway_reference: string | null;
    created_at: Date;
  },
) {
  await db.insertInto('payments').values(row).execute();
}
