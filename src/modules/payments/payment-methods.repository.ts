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

export async function insertPaymentMethod(db: Executor, row: PaymentMethod) {
  if (row.is_default) {
    await db
      .updateTable('payment_methods')
      .set({ is_default: false })
      .where('tenant_id', '=', row.tenant_id)
      .execute();
  }
  await db.insertInto('payment_methods').values(row).execute();
}

export async function setDefaultPaymentMethod(db: Executor, tenantId: string, id: string) {
  await db
    .updateTable('payment_methods')
    .set({ is_default: false })
    .where('tenant_id', '=', tenantId)
    .execute();
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

export async function findTenantGatewayCustomer(db: Executor, tenantId: string): Promise<string | null> {
  const row = await db
    .selectFrom('tenant_gateway_customers')
    .select('customer_id')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return row?.customer_id ?? null;
}

/**
 * Keeps the first customer id stored (a concurrent save may have won) and returns it. No
 * conflict target: concurrent first saves of one tenant store the same customer id (the gateway
 * call is idempotent per tenant), and with `ON CONFLICT (tenant_id)` PostgreSQL could still raise
 * the unique violation of `customer_id` when the two inserts overlap (a 500 seen by CI when 20
 * identical first orders with a new card raced).
 */
export async function setTenantGatewayCustomer(
  db: Executor,
  tenantId: string,
  customerId: string,
): Promise<string> {
  await db
    .insertInto('tenant_gateway_customers')
    .values({ tenant_id: tenantId, customer_id: customerId })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return (await findTenantGatewayCustomer(db, tenantId)) ?? customerId;
}

/** The tenant's bank-transfer method, if it has one. */
export async function findInvoiceMethod(db: Executor, tenantId: string) {
  return db
    .selectFrom('payment_methods')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('type', '=', 'invoice')
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

/** Usable payment methods of several tenants, each tenant's default first, then newest. */
export async function listUsablePaymentMethodsOfTenants(db: Executor, tenantIds: string[]) {
  if (tenantIds.length === 0) return [];
  return db
    .selectFrom('payment_methods')
    .selectAll()
    .where('tenant_id', 'in', tenantIds)
    .where('removed_at', 'is', null)
    .orderBy('tenant_id')
    .orderBy('is_default', 'desc')
    .orderBy('created_at', 'desc')
    .execute();
}
