import type { AppContext } from '../app-context.js';
import type { Invoice, InvoiceBankTransfer } from '../db/schema.js';
import { AppError, msg } from '../shared/app-error.js';
import { newId } from '../shared/ids.js';
import { recordAudit, type Actor, type Executor } from '../modules/audit/index.js';
import {
  addInvoicePayment,
  findInvoice,
  setInvoicePaymentMethod,
  amountDueOf,
  findBankTransfer,
  insertBankTransfer,
  isSuspendedByOtherInvoice,
  listActiveSuspensions,
  lockInvoice,
  markSuspensionLifted,
  toInvoiceView,
  type InvoiceView,
} from '../modules/billing/index.js';
import {
  findAttemptOfOperation,
  prepareCard,
  requirePaymentMethod,
  saveCard,
} from '../modules/payments/index.js';
import { findTenant } from '../modules/tenants/index.js';
import { inTransaction } from '../db/transaction.js';
import { registerChargeFinisher, reserveCharge, sendCharge, settleCharge } from './steps/charge.step.js';
import { findSubscription, updateSubscription } from '../modules/subscriptions/index.js';

function invoiceNotFound(id: string) {
  return new AppError('not_found', msg.invoiceNotFound({ id }));
}

/** Only an open bill (not a credit note, not paid, void…) can still receive money. */
function requireOpen(invoice: Invoice): void {
  if (invoice.status !== 'open' || invoice.kind === 'credit' || invoice.total <= 0) {
    throw new AppError(
      'invoice_not_open',
      msg.invoiceNotOpen({ number: invoice.number, status: invoice.status }),
      { details: { invoiceStatus: invoice.status, kind: invoice.kind } },
    );
  }
}

/**
 * Money arrived for an invoice: counts it, and once the invoice is settled gives back the
 * subscriptions its dunning suspended. Runs in the caller's transaction, invoice row locked.
 */
async function applyPayment(
  trx: Executor,
  invoice: Invoice,
  input: { amount: number; actor: Actor; now: Date; via: Record<string, unknown> },
): Promise<Invoice> {
  const updated = await addInvoicePayment(trx, invoice, input.amount, input.now);
  await recordAudit(trx, {
    tenantId: invoice.tenant_id,
    actor: input.actor,
    action: updated.status === 'paid' ? 'invoice.paid' : 'invoice.partially_paid',
    entityType: 'invoice',
    entityId: invoice.id,
    before: { status: invoice.status, amountPaid: invoice.amount_paid },
    after: { status: updated.status, amountPaid: updated.amount_paid, amount: input.amount, ...input.via },
    at: input.now,
  });
  if (updated.status === 'paid') await liftSuspensions(trx, updated, input.now);
  return updated;
}

/** Gives back what dunning took: each suspended subscription returns to its earlier state. */
export async function liftSuspensions(trx: Executor, invoice: Invoice, now: Date): Promise<number> {
  const suspensions = await listActiveSuspensions(trx, invoice.tenant_id, invoice.id);
  let lifted = 0;
  for (const s of suspensions) {
    await markSuspensionLifted(trx, invoice.tenant_id, invoice.id, s.subscription_id, now);
    // Another unpaid invoice may hold the same subscription: it stays suspended until that one is paid too.
    if (await isSuspendedByOtherInvoice(trx, invoice.tenant_id, s.subscription_id, invoice.id)) continue;
    const sub = await findSubscription(trx, invoice.tenant_id, s.subscription_id, { forUpdate: true });
    if (!sub || sub.status !== 'disabled') continue;
    await updateSubscription(trx, invoice.tenant_id, sub.id, {
      status: s.previous_status,
      status_changed_at: now,
      next_action_at: s.previous_next_action_at,
      updated_at: now,
    });
    await recordAudit(trx, {
      tenantId: invoice.tenant_id,
      actor: { type: 'system', id: null },
      action: 'subscription.suspension_lifted',
      entityType: 'subscription',
      entityId: sub.id,
      before: { status: sub.status },
      after: { status: s.previous_status, invoiceId: invoice.id },
      at: now,
    });
    lifted++;
  }
  return lifted;
}

export interface BankTransferInput {
  invoiceId: string;
  amount: number;
  receivedOn: string;
  reference: string;
}

/**
 * The operator saw a transfer on the bank statement. Recording the same reference on the same
 * invoice again answers the first recording (idempotent); with other values it is refused.
 * More than is left to pay is refused: an overpayment is the operator's to sort out.
 */
export async function recordBankTransfer(
  ctx: AppContext,
  input: BankTransferInput,
): Promise<{ invoice: InvoiceView; transfer: InvoiceBankTransfer; replayed: boolean }> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (trx) => {
    const invoice = await lockInvoice(trx, null, input.invoiceId);
    if (!invoice) throw invoiceNotFound(input.invoiceId);
    const existing = await findBankTransfer(trx, invoice.tenant_id, invoice.id, input.reference);
    if (existing) {
      if (existing.amount !== input.amount || existing.received_on !== input.receivedOn) {
        throw new AppError(
          'bank_transfer_reference_reused',
          msg.transferAlreadyRecorded({
            reference: input.reference,
            number: invoice.number,
            amount: existing.amount,
            currency: invoice.currency,
            receivedOn: String(existing.received_on),
          }),
          { details: { amount: existing.amount, receivedOn: existing.received_on }, field: 'body.reference' },
        );
      }
      return { invoice: toInvoiceView(invoice, now), transfer: existing, replayed: true };
    }
    requireOpen(invoice);
    const due = amountDueOf(invoice);
    if (input.amount > due) {
      throw new AppError(
        'amount_exceeds_amount_due',
        msg.invoiceOwesLess({
          number: invoice.number,
          due,
          amount: input.amount,
          currency: invoice.currency,
        }),
        { hint: msg.recordAtMostDue(), details: { amountDue: due }, field: 'body.amount' },
      );
    }
    const transfer: InvoiceBankTransfer = {
      id: newId('bankTransfer', now.getTime()),
      tenant_id: invoice.tenant_id,
      invoice_id: invoice.id,
      amount: input.amount,
      currency: invoice.currency,
      received_on: input.receivedOn,
      reference: input.reference,
      created_at: now,
    };
    await insertBankTransfer(trx, transfer);
    const updated = await applyPayment(trx, invoice, {
      amount: input.amount,
      actor: { type: 'operator', id: null },
      now,
      via: { bankTransferId: transfer.id, reference: input.reference, receivedOn: input.receivedOn },
    });
    return { invoice: toInvoiceView(updated, now), transfer, replayed: false };
  });
}

export type PayInvoiceInput =
  | { tenantId: string; invoiceId: string; actor: Actor; paymentMethodId: string }
  | {
      tenantId: string;
      invoiceId: string;
      actor: Actor;
      newCard: { paymentMethodId: string; save: boolean };
    };

interface InvoiceChargeRequest {
  invoiceId: string;
  actor: Actor;
}

/**
 * Pays what is left on an open invoice by card, on the money area's charge step:
 * 1. (new card) the gateway reads or attaches it, before any transaction;
 * 2. one transaction: lock the invoice, check what is owed, reserve the charge (a payment
 *    attempt, committed before the call; one in flight per invoice, by the attempts' unique index);
 * 3. the gateway call, outside any transaction and lock;
 * 4. `settleCharge`: the outcome and the invoice's payment in one transaction (the finisher
 *    below); a success the invoice can no longer take (paid by transfer meanwhile) is refunded
 *    through the outbox. Reconciliation finishes an attempt in doubt the same way.
 */
export async function payInvoice(ctx: AppContext, input: PayInvoiceInput): Promise<InvoiceView> {
  const tenant = await findTenant(ctx.db, input.tenantId);
  if (!tenant) throw invoiceNotFound(input.invoiceId);
  // Refuse early, before a new card is attached at the gateway, when nothing is owed.
  const before = await findInvoice(ctx.db, input.tenantId, input.invoiceId);
  if (!before) throw invoiceNotFound(input.invoiceId);
  requireOpen(before);
  const card =
    'newCard' in input
      ? await prepareCard(ctx, {
          tenant,
          paymentMethodId: input.newCard.paymentMethodId,
          keep: input.newCard.save,
        })
      : null;
  const reserved = await inTransaction(ctx.db, async (trx) => {
    const invoice = await lockInvoice(trx, input.tenantId, input.invoiceId);
    if (!invoice) throw invoiceNotFound(input.invoiceId);
    requireOpen(invoice);
    // One charge per invoice and state of what it owes: two clicks share one operation (the
    // attempts' unique index), while money received meanwhile makes the next try a new one.
    const operationId = `${invoice.id}@${invoice.amount_paid + invoice.amount_credited}`;
    const inFlight = await findAttemptOfOperation(trx, input.tenantId, 'invoice', operationId);
    if (inFlight?.status === 'pending') throw paymentInProgress(invoice.number, inFlight.id);
    const method = card
      ? await saveCard(ctx, trx, { tenantId: input.tenantId, card, makeDefault: false, actor: input.actor })
      : await requirePaymentMethod(
          trx,
          input.tenantId,
          'paymentMethodId' in input ? input.paymentMethodId : '',
        );
    if (method.type !== 'card' || !method.gateway_token) {
      throw new AppError('payment_method_required', msg.payInvoiceByCard(), {
        field: 'body.paymentMethodId',
      });
    }
    const request: InvoiceChargeRequest = { invoiceId: invoice.id, actor: input.actor };
    const attempt = await reserveCharge(ctx, trx, {
      tenantId: input.tenantId,
      purpose: 'invoice',
      operationType: 'invoice',
      operationId,
      amount: amountDueOf(invoice),
      currency: invoice.currency,
      paymentMethod: method,
      request: { ...request },
    });
    return { attempt, method, number: invoice.number };
  });
  const outcome = await sendCharge(ctx, reserved.attempt, reserved.method, {
    offSession: false,
    description: `Invoice ${reserved.number}`,
  });
  if (!outcome) throw paymentInProgress(reserved.number, reserved.attempt.id);
  const settlement = await settleCharge(ctx, reserved.attempt, outcome);
  if (settlement.kind === 'undone') throw settlement.error;
  if (settlement.kind === 'finished') {
    const result = settlement.result as InvoiceView | { refusal: AppError };
    if ('refusal' in result) throw result.refusal;
    return result;
  }
  const invoice = await findInvoice(ctx.db, input.tenantId, input.invoiceId);
  if (!invoice) throw invoiceNotFound(input.invoiceId);
  return toInvoiceView(invoice, ctx.clock.now());
}

function paymentInProgress(number: string, attemptId: string) {
  return new AppError('payment_in_progress', msg.invoicePaymentInProgress({ number }), {
    hint: msg.reloadInvoiceLater(),
    details: { attemptId },
  });
}

registerChargeFinisher('invoice', {
  async finish(ctx, trx, attempt, outcome, paymentId) {
    const req = attempt.request as unknown as InvoiceChargeRequest;
    const now = ctx.clock.now();
    const invoice = await lockInvoice(trx, attempt.tenant_id, req.invoiceId);
    if (!invoice) throw new Error(`Invoice ${req.invoiceId} of attempt ${attempt.id} is gone`);
    if (outcome.status !== 'succeeded') {
      await recordAudit(trx, {
        tenantId: attempt.tenant_id,
        actor: req.actor,
        action: 'invoice.payment_declined',
        entityType: 'invoice',
        entityId: invoice.id,
        after: {
          paymentId,
          paymentMethodId: attempt.payment_method_id,
          code: outcome.status === 'declined' ? outcome.code : 'processing_error',
        },
        at: now,
      });
      const insufficient = outcome.status === 'declined' && outcome.code === 'insufficient_funds';
      return {
        refusal: new AppError(
          insufficient ? 'insufficient_funds' : 'payment_declined',
          insufficient ? msg.cardInsufficientFunds() : msg.cardDeclined(),
          {
            hint: msg.invoiceStillOpenPayAnother(),
            details: {
              declineCode: outcome.status === 'declined' ? outcome.code : 'processing_error',
              paymentId,
            },
          },
        ),
      };
    }
    // Paid or credited meanwhile, or less is owed than was charged: the charge is undone (refunded).
    requireOpen(invoice);
    if (amountDueOf(invoice) !== attempt.amount) {
      throw new AppError('conflict', msg.invoiceNoLongerOwesRefunded({ number: invoice.number }));
    }
    const updated = await applyPayment(trx, invoice, {
      amount: attempt.amount,
      actor: req.actor,
      now,
      via: { paymentId, attemptId: attempt.id, paymentMethodId: attempt.payment_method_id },
    });
    await setInvoicePaymentMethod(trx, updated, attempt.payment_method_id);
    return toInvoiceView(updated, now);
  },
  async undone() {
    // The refund is scheduled by settleCharge; the error that refused the payment is what the payer sees.
  },
});
