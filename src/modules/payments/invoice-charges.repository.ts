import type { Executor } from '../audit/index.js';

/**
 * A card charge of an open invoice is written as a `pending` payment and committed BEFORE the
 * gateway is called, then settled in a second transaction: a crash in between leaves a
 * visible pending attempt (never a charge nobody recorded), and it blocks a second attempt.
 */
export async function insertPendingInvoiceCharge(
  db: Executor,
  row: {
    id: string;
    tenantId: string;
    paymentMethodId: string;
    invoiceId: string;
    amount: number;
    currency: string;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('payments')
    .values({
      id: row.id,
      tenant_id: row.tenantId,
      payment_method_id: row.paymentMethodId,
      order_id: null,
      invoice_id: row.invoiceId,
      kind: 'charge',
      amount: row.amount,
      currency: row.currency,
      status: 'pending',
      decline_code: null,
      message: null,
      gateway_reference: null,
      created_at: row.at,
    })
    .execute();
}

/** A card charge of this invoice whose outcome is not written yet. */
export async function findPendingCardCharge(db: Executor, tenantId: string, invoiceId: string) {
  return db
    .selectFrom('payments')
    .innerJoin('payment_methods', 'payment_methods.id', 'payments.payment_method_id')
    .select(['payments.id', 'payments.created_at'])
    .where('payments.tenant_id', '=', tenantId)
    .where('payments.invoice_id', '=', invoiceId)
    .where('payments.kind', '=', 'charge')
    .where('payments.status', '=', 'pending')
    .where('payment_methods.type', '=', 'card')
    .executeTakeFirst();
}

export async function settleInvoiceCharge(
  db: Executor,
  tenantId: string,
  paymentId: string,
  outcome:
    | { status: 'succeeded'; reference: string }
    | { status: 'declined'; code: string; message: string },
): Promise<void> {
  await db
    .updateTable('payments')
    .set(
      outcome.status === 'succeeded'
        ? { status: 'succeeded', gateway_reference: outcome.reference }
        : { status: 'declined', decline_code: outcome.code, message: outcome.message },
    )
    .where('tenant_id', '=', tenantId)
    .where('id', '=', paymentId)
    .where('status', '=', 'pending')
    .execute();
}
