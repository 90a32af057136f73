import type { Invoice } from '../../db/schema.js';

/** What is still owed on an invoice: its total less credit notes set against it and money received. */
export function amountDueOf(invoice: Pick<Invoice, 'total' | 'amount_credited' | 'amount_paid'>): number {
  return Math.max(0, invoice.total - invoice.amount_credited - invoice.amount_paid);
}

export type InvoicePaymentStatus = Invoice['status'] | 'overdue';

/**
 * What a person should read about an invoice now: an open one past its due date is overdue.
 * Derived from the clock rather than stored, so it is never a run of the billing cycle late.
 */
export function paymentStatusOf(
  invoice: Pick<Invoice, 'status' | 'due_at'>,
  now: Date,
): InvoicePaymentStatus {
  if (invoice.status === 'open' && invoice.due_at.getTime() < now.getTime()) return 'overdue';
  return invoice.status;
}
