import type { AppContext } from '../app-context.js';
import type { Subscription } from '../db/schema.js';
import { newId } from '../shared/ids.js';
import type { Executor } from '../modules/audit/index.js';
import { insertInvoice } from '../modules/billing/invoices.repository.js';
import { refundToPaymentMethod } from '../modules/payments/index.js';
import { paymentMethodFor } from './subscription-helpers.js';

/**
 * Gives back money for part of a period already paid: a credit note (negative invoice) and a
 * refund to the method that paid (for bank transfer, a credit on the account). Used by
 * reductions within the refund window, cancellation and removal by support alike.
 */
export async function issueCredit(
  ctx: AppContext,
  trx: Executor,
  input: {
    sub: Subscription;
    quantity: number;
    amount: number;
    tax: number;
    description: string;
    days: { remaining: number; total: number };
    now: Date;
  },
): Promise<string> {
  const { sub, now } = input;
  const method = await paymentMethodFor(trx, sub);
  const invoiceId = newId('invoice', now.getTime());
  await insertInvoice(trx, {
    id: invoiceId,
    tenantId: sub.tenant_id,
    kind: 'credit',
    status: 'paid',
    orderId: null,
    subscriptionId: sub.id,
    currency: sub.currency,
    lines: [
      {
        description: input.description,
        productId: sub.product_id,
        subscriptionId: sub.id,
        quantity: -input.quantity,
        unitAmount: sub.unit_amount,
        amount: -input.amount,
        tax: -input.tax,
        periodStart: now.toISOString(),
        periodEnd: sub.period_end.toISOString(),
        proratedDays: input.days.remaining,
        periodDays: input.days.total,
      },
    ],
    paymentMethodId: method?.id ?? null,
    issuedAt: now,
    dueAt: now,
    paidAt: now,
  });
  await refundToPaymentMethod(ctx, trx, {
    tenantId: sub.tenant_id,
    paymentMethod: method,
    amount: input.amount + input.tax,
    currency: sub.currency,
    invoiceId,
  });
  return invoiceId;
}
