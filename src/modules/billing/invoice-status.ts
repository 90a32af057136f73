import type { Invoice } from '../../db/schema.js';

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
