import type { Transaction } from 'kysely';
import type { StoredRecord } from '../modules/records/index.js';
import type { AppContext } from '../app-context.js';
import type { Database, Subscription } from '../db/schema.js';
import { newId } from '../shared/ids.js';
import {
  creditOpenInvoice,
  insertInvoice,
  listOpenInvoicesOfSubscription,
} from '../modules/billing/index.js';
import { listRefundableChargesOf, recordAccountCredit } from '../modules/payments/index.js';
import { scheduleRefund } from './steps/refund.step.js';
import { paymentMethodFor } from './subscription-helpers.js';

/**
 * Gives back money for part of a period (reductions within the refund window, cancellation,
 * removal by support), in this order (invariant 6):
 * 1. what the tenant still owes for this subscription is reduced: open invoices are credited,
 *    and voided when nothing is left to pay;
 * 2. only money actually collected goes back, to the method it was collected from: refund
 *    attempts drawn on the charges that paid for this subscription, sent by the outbox after
 *    the commit;
 * 3. what is left (paid by bank transfer) is a credit on the account.
 * The credit note (a negative invoice) records it all.
 */
export async function issueCredit(
  ctx: AppContext,
  trx: Transaction<Database>,
  input: {
    sub: Subscription;
    quantity: number;
    amount: number;
    tax: number;
    description: string;
    record: StoredRecord;
    days: { remaining: number; total: number };
    now: Date;
  },
): Promise<string> {
  const { sub, now } = input;
  const method = await paymentMethodFor(trx, sub);
  const invoiceId = newId('invoice', now.getTime());
  let left = input.amount + input.tax;
  let creditedInvoiceId: string | null = null;
  for (const open of await listOpenInvoicesOfSubscription(trx, sub.tenant_id, sub.id)) {
    if (left <= 0) break;
    // Bank transfers already collected on it (amount_paid) are not owed any more either.
    const take = Math.min(left, open.total - open.amount_credited - open.amount_paid);
    if (take <= 0) continue;
    await creditOpenInvoice(trx, sub.tenant_id, open.id, take);
    creditedInvoiceId ??= open.id;
    left -= take;
  }
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
        record: input.record,
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
    creditedInvoiceId,
  });
  if (left > 0) {
    for (const charge of await listRefundableChargesOf(trx, sub)) {
      if (left <= 0) break;
      const amount = Math.min(left, charge.refundable);
      await scheduleRefund(ctx, trx, {
        charge,
        amount,
        purpose: 'credit',
        operationType: 'credit',
        operationId: invoiceId,
        invoiceId,
      });
      left -= amount;
    }
  }
  if (left > 0) {
    await recordAccountCredit(trx, {
      id: newId('payment', now.getTime()),
      tenantId: sub.tenant_id,
      paymentMethodId: method?.id ?? null,
      invoiceId,
      amount: left,
      currency: sub.currency,
      now,
    });
  }
  return invoiceId;
}
