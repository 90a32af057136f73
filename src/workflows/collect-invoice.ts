import type { AppContext } from '../app-context.js';
import type { Invoice, InvoiceBankTransfer } from '../db/schema.js';
import { AppError } from '../shared/app-error.js';
import { newId } from '../shared/ids.js';
import { recordAudit, type Actor, type Executor } from '../modules/audit/index.js';
import {
  addInvoicePayment,
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
  findPendingCardCharge,
  insertPendingInvoiceCharge,
  requirePaymentMethod,
  saveTokenizedCard,
  settleInvoiceCharge,
  tokenizeCard,
  type CardDetails,
} from '../modules/payments/index.js';
import { findSubscription, updateSubscription } from '../modules/subscriptions/index.js';

function invoiceNotFound(id: string) {
  return new AppError('not_found', `Invoice ${id} not found.`, { messageFr: `Facture ${id} introuvable.` });
}

/** Only an open bill (not a credit note, not paid, void…) can still receive money. */
function requireOpen(invoice: Invoice): void {
  if (invoice.status !== 'open' || invoice.kind === 'credit' || invoice.total <= 0) {
    throw new AppError('invoice_not_open', `Invoice ${invoice.number} is ${invoice.status}: nothing is owed on it.`, {
      messageFr: `La facture ${invoice.number} n’est pas ouverte : rien n’y est dû.`,
      details: { invoiceStatus: invoice.status, kind: invoice.kind },
    });
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
  return ctx.db.transaction().execute(async (trx) => {
    const invoice = await lockInvoice(trx, null, input.invoiceId);
    if (!invoice) throw invoiceNotFound(input.invoiceId);
    const existing = await findBankTransfer(trx, invoice.tenant_id, invoice.id, input.reference);
    if (existing) {
      if (existing.amount !== input.amount || existing.received_on !== input.receivedOn) {
        throw new AppError(
          'bank_transfer_reference_reused',
          `Transfer ${input.reference} was already recorded on ${invoice.number} with ${existing.amount} received on ${existing.received_on}.`,
          {
            messageFr: `Le virement ${input.reference} est déjà enregistré sur ${invoice.number} avec d’autres valeurs.`,
            details: { amount: existing.amount, receivedOn: existing.received_on },
          },
        );
      }
      return { invoice: toInvoiceView(invoice, now), transfer: existing, replayed: true };
    }
    requireOpen(invoice);
    const due = invoice.total - invoice.amount_paid;
    if (input.amount > due) {
      throw new AppError('amount_exceeds_amount_due', `Invoice ${invoice.number} owes ${due}, less than ${input.amount}.`, {
        messageFr: `La facture ${invoice.number} ne doit plus que ${due}, moins que ${input.amount}.`,
        hint: 'Record at most the amount due; refund or credit the rest outside Billing Center.',
        hintFr: 'Enregistrez au plus le reste à payer ; remboursez le surplus hors de Billing Center.',
        details: { amountDue: due },
      });
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
  | { tenantId: string; invoiceId: string; actor: Actor; card: CardDetails };

/**
 * Pays what is left on an open invoice by card, from the admin center or the API.
 * 1. One transaction: lock the invoice, check it is owed, record a `pending` charge; commit.
 * 2. The gateway call, outside any transaction and lock.
 * 3. One transaction: settle the charge and, if it succeeded, the invoice.
 * A pending charge of the same invoice refuses a second one, so two clicks never charge twice.
 */
export async function payInvoice(ctx: AppContext, input: PayInvoiceInput): Promise<InvoiceView> {
  const now = ctx.clock.now();
  // The card number goes to the gateway before anything is written (it is never stored).
  const tokenized = 'card' in input ? tokenizeCard(ctx, input.card) : null;
  const attempt = await ctx.db.transaction().execute(async (trx) => {
    const invoice = await lockInvoice(trx, input.tenantId, input.invoiceId);
    if (!invoice) throw invoiceNotFound(input.invoiceId);
    requireOpen(invoice);
    if (await findPendingCardCharge(trx, input.tenantId, invoice.id)) {
      throw new AppError('payment_in_progress', `A payment of ${invoice.number} is already in progress.`, {
        messageFr: `Un paiement de ${invoice.number} est déjà en cours.`,
        hint: 'Wait for it to finish, then reload the invoice.',
        hintFr: 'Attendez qu’il se termine, puis rechargez la facture.',
      });
    }
    const method =
      'card' in input && tokenized
        ? await saveTokenizedCard(ctx, trx, {
            tenantId: input.tenantId,
            card: input.card,
            tokenized,
            makeDefault: false,
            actor: input.actor,
          })
        : await requirePaymentMethod(trx, input.tenantId, 'paymentMethodId' in input ? input.paymentMethodId : '');
    if (method.type !== 'card' || !method.gateway_token) {
      throw new AppError('payment_method_required', 'Pay an invoice with a card; bank transfers are recorded when they arrive.', {
        messageFr: 'Payez une facture par carte ; les virements sont enregistrés à leur arrivée.',
      });
    }
    const paymentId = newId('payment', now.getTime());
    const amount = invoice.total - invoice.amount_paid;
    await insertPendingInvoiceCharge(trx, {
      id: paymentId,
      tenantId: input.tenantId,
      paymentMethodId: method.id,
      invoiceId: invoice.id,
      amount,
      currency: invoice.currency,
      at: now,
    });
    return { paymentId, amount, token: method.gateway_token, methodId: method.id, invoice };
  });

  let result;
  try {
    result = await ctx.gateway.charge({
      token: attempt.token,
      amount: attempt.amount,
      currency: attempt.invoice.currency,
      description: `Invoice ${attempt.invoice.number}`,
    });
  } catch {
    // The outcome is unknown: the pending charge stays as the record, and blocks a second try.
    throw new AppError('payment_in_progress', `The payment of ${attempt.invoice.number} could not be confirmed.`, {
      messageFr: `Le paiement de ${attempt.invoice.number} n’a pas pu être confirmé.`,
      hint: 'It is recorded as pending; check the invoice later before trying again.',
      hintFr: 'Il est enregistré comme en attente ; vérifiez la facture plus tard avant de réessayer.',
      details: { paymentId: attempt.paymentId },
    });
  }

  const settled = await ctx.db.transaction().execute(async (trx) => {
    const invoice = await lockInvoice(trx, input.tenantId, input.invoiceId);
    if (!invoice) throw invoiceNotFound(input.invoiceId);
    if (result.status === 'declined') {
      await settleInvoiceCharge(trx, input.tenantId, attempt.paymentId, result);
      await recordAudit(trx, {
        tenantId: input.tenantId,
        actor: input.actor,
        action: 'invoice.payment_declined',
        entityType: 'invoice',
        entityId: invoice.id,
        after: { paymentId: attempt.paymentId, paymentMethodId: attempt.methodId, code: result.code },
        at: now,
      });
      return { invoice, declined: result };
    }
    await settleInvoiceCharge(trx, input.tenantId, attempt.paymentId, result);
    const updated = await applyPayment(trx, invoice, {
      amount: attempt.amount,
      actor: input.actor,
      now,
      via: { paymentId: attempt.paymentId, paymentMethodId: attempt.methodId },
    });
    return { invoice: updated, declined: null };
  });
  if (settled.declined) {
    const insufficient = settled.declined.code === 'insufficient_funds';
    throw new AppError(insufficient ? 'insufficient_funds' : 'payment_declined', settled.declined.message, {
      messageFr: insufficient ? 'Fonds insuffisants sur la carte.' : 'La carte a été refusée.',
      hint: 'The invoice is still open. Pay with another card.',
      hintFr: 'La facture reste ouverte. Payez avec une autre carte.',
      details: { declineCode: settled.declined.code, paymentId: attempt.paymentId },
    });
  }
  return toInvoiceView(settled.invoice, ctx.clock.now());
}
