import type { AppContext } from '../../app-context.js';
import type { Invoice, Subscription } from '../../db/schema.js';
import type { Executor } from '../audit/index.js';
import { emitEvent, type AnyEmitInput, type EmitInput } from './emit.js';
import { findInvoiceForEvent, usersByIds } from './notifications.repository.js';

/**
 * Helpers for workflows that emit an event from what they already hold (an id, a row), so
 * each insertion point in a workflow stays one line inside its transaction.
 */

/** `invoice.issued` for an invoice written in this transaction (`credit_note.issued` for a credit note). */
export async function emitInvoiceIssued(
  ctx: AppContext,
  db: Executor,
  tenantId: string,
  invoiceId: string | null | undefined,
): Promise<void> {
  if (!invoiceId) return;
  const invoice = await findInvoiceForEvent(db, tenantId, invoiceId);
  if (!invoice) return;
  if (invoice.kind === 'credit') {
    // A credit note is money given back, not a bill: integrators must not book it as one.
    await emitEvent(ctx, db, {
      tenantId,
      type: 'credit_note.issued',
      data: {
        creditNoteId: invoice.id,
        number: invoice.number,
        currency: invoice.currency,
        total: invoice.total,
        creditedInvoiceId: invoice.credited_invoice_id,
        subscriptionId: invoice.subscription_id,
        orderId: invoice.order_id,
      },
      orderingKey: invoice.subscription_id ?? invoice.order_id ?? invoice.id,
    });
    return;
  }
  await emitEvent(ctx, db, invoiceIssuedEvent(invoice));
}

/** The `invoice.issued` event of an invoice row the caller holds (for `emitEvents`). */
export function invoiceIssuedEvent(
  invoice: Pick<
    Invoice,
    | 'id'
    | 'tenant_id'
    | 'number'
    | 'kind'
    | 'status'
    | 'currency'
    | 'total'
    | 'due_at'
    | 'subscription_id'
    | 'order_id'
  >,
): EmitInput<'invoice.issued'> {
  return {
    tenantId: invoice.tenant_id,
    type: 'invoice.issued',
    data: {
      invoiceId: invoice.id,
      number: invoice.number,
      kind: invoice.kind,
      status: invoice.status,
      currency: invoice.currency,
      total: invoice.total,
      dueAt: invoice.due_at.toISOString(),
      subscriptionId: invoice.subscription_id,
      orderId: invoice.order_id,
    },
    orderingKey: invoice.subscription_id ?? invoice.order_id ?? invoice.id,
  };
}

/** `license.assigned`, one per user who just received `productId`. */
export async function emitLicensesAssigned(
  ctx: AppContext,
  db: Executor,
  input: { tenantId: string; productId: string; userIds: readonly string[] },
): Promise<void> {
  for (const user of await usersByIds(db, input.tenantId, input.userIds)) {
    await emitEvent(ctx, db, {
      tenantId: input.tenantId,
      type: 'license.assigned',
      data: {
        userId: user.id,
        email: user.email,
        displayName: user.display_name,
        productId: input.productId,
      },
    });
  }
}

/** A subscription the billing cycle moved to expired or disabled (its traditional add-ons follow it). */
export async function emitSubscriptionStatus(
  ctx: AppContext,
  db: Executor,
  sub: Subscription,
  status: 'expired' | 'disabled',
  nextActionAt: Date | null,
): Promise<void> {
  await emitEvent(ctx, db, subscriptionStatusEvent(sub, status, nextActionAt));
}

/** The event `emitSubscriptionStatus` emits, for callers that emit in bulk. */
export function subscriptionStatusEvent(
  sub: Pick<Subscription, 'id' | 'tenant_id' | 'product_id'>,
  status: 'expired' | 'disabled',
  nextActionAt: Date | null,
): AnyEmitInput {
  const next = nextActionAt?.toISOString() ?? null;
  return status === 'expired'
    ? {
        tenantId: sub.tenant_id,
        type: 'subscription.expired',
        data: { subscriptionId: sub.id, productId: sub.product_id, disabledAt: next },
      }
    : {
        tenantId: sub.tenant_id,
        type: 'subscription.disabled',
        data: { subscriptionId: sub.id, productId: sub.product_id, deletedAt: next },
      };
}
