import type { AppContext } from '../app-context.js';
import type { PaymentAttempt, PaymentMethod, Tenant } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { writeTogether } from '../db/together.js';
import { AppError, msg } from '../shared/app-error.js';
import type { Language } from '../modules/catalog/index.js';
import { newId } from '../shared/ids.js';
import type { Actor } from '../modules/audit/index.js';
import {
  attachAttemptToKey,
  claimIdempotencyKey,
  findIdempotentResponse,
  IdempotentInFlight,
  IdempotentReplay,
  type IdempotencyClaim,
} from '../modules/idempotency/index.js';
import type { CheckoutItem, OrderView, PaymentChoice } from '../modules/orders/index.js';
import {
  ensureInvoiceMethod,
  findPaymentAttempt,
  findPaymentMethodEvenRemoved,
  prepareCard,
  recordInvoicePayment,
  removePaymentMethod,
  requireChargeableAmount,
  requirePaymentMethod,
  saveCard,
  type PreparedCard,
} from '../modules/payments/index.js';
import { findTenant } from '../modules/tenants/index.js';
import { reconcileAttempt } from './reconcile-payments.js';
import {
  registerChargeFinisher,
  reserveCharge,
  sendCharge,
  settleCharge,
  type Settlement,
} from './steps/charge.step.js';
import { declinedError, lockAndPrice, writeFailedOrder, writeOrder } from './steps/order.steps.js';
import { runWorkflow, type Step } from './steps/runner.js';
import { loadOrderView } from './order-view.js';

export { problemsError } from './steps/order.steps.js';
export { loadOrderView } from './order-view.js';

export interface PlaceOrderInput {
  tenantId: string;
  /** The tenant when the caller already read it (the HTTP layer does, with the credential). */
  tenant?: Tenant | undefined;
  actor: Actor;
  items: CheckoutItem[];
  payment?: PaymentChoice | undefined;
  lang?: Language;
  /** Claimed in the order's first transaction; the outcome is stored with it. */
  idempotency?: IdempotencyClaim | undefined;
}

/** What the order's charge attempt carries, so reconciliation can finish the order alone. */
interface OrderRequest extends Record<string, unknown> {
  orderId: string;
  invoiceId: string;
  items: CheckoutItem[];
  lang: Language;
  actor: Actor;
  subtotal: number;
  tax: number;
  idempotency: IdempotencyClaim | null;
  /** A card this order added: it is not kept when the order fails. */
  newCardId: string | null;
}

/** How long a retry waits for the answer of the same key's first request. */
const inFlightWaitMs = 15_000;

/**
 * *Place order* (source: « Passer la commande »), as steps:
 * 1. reserve — one transaction: claim the Idempotency-Key, lock (tenant, bases), price, choose the
 *    payment method and write the charge attempt (or, with nothing to charge at a gateway, the
 *    whole order at once);
 * 2. charge — the gateway call, outside any transaction, with the attempt's idempotency key;
 * 3. settle — one transaction: the outcome and the order (or the failed order), priced again
 *    under the locks; if the order can no longer be made, the charge is undone by a refund job.
 * A crash between 1 and 3 leaves a pending attempt that reconciliation finishes the same way.
 */
export async function placeOrder(ctx: AppContext, input: PlaceOrderInput): Promise<OrderView> {
  const tenant =
    input.tenant?.id === input.tenantId ? input.tenant : await findTenant(ctx.db, input.tenantId);
  if (!tenant) throw new AppError('not_found', msg.tenantNotFound());
  try {
    return await runWorkflow(ctx, 'place-order', async (run) => {
      const card = await run.step(prepareCardStep, { tenant, payment: input.payment });
      const reserved = await run.step(reserveOrderStep, { tenant, input, card });
      if (reserved.kind === 'done') return reserved.order;
      const settlement = await run.step(chargeOrderStep, { ...reserved, tenant });
      return orderFromSettlement(ctx, tenant.id, reserved.attempt, settlement, input.idempotency);
    });
  } catch (error) {
    if (error instanceof IdempotentInFlight && input.idempotency) {
      return waitForFirstRequest(ctx, input.idempotency, error.attemptId);
    }
    throw error;
  }
}

/** Asks the gateway about a new card before any transaction (an unknown card is a 422, not a decline). */
const prepareCardStep: Step<{ tenant: Tenant; payment: PaymentChoice | undefined }, PreparedCard | null> = {
  name: 'prepare-card',
  async action(ctx, { tenant, payment }) {
    if (payment?.method !== 'card') return null;
    return prepareCard(ctx, { tenant, paymentMethodId: payment.paymentMethodId, keep: payment.save ?? true });
  },
};

type Reserved =
  | { kind: 'done'; order: OrderView }
  | { kind: 'charge'; attempt: PaymentAttempt; method: PaymentMethod; orderId: string };

const reserveOrderStep: Step<
  { tenant: Tenant; input: PlaceOrderInput; card: PreparedCard | null },
  Reserved
> = {
  name: 'reserve',
  async action(ctx, { tenant, input, card }) {
    const now = ctx.clock.now();
    const payment = input.payment;
    return inTransaction(ctx.db, async (trx) => {
      const lang = input.lang ?? 'en';
      // The key is claimed under the tenant's billing lock, before pricing: a twin waits on the
      // lock, then finds the claim (and waits for its answer), and a replay is answered as it
      // was even if prices changed since. The lock, parameterless, travels with BEGIN.
      const idempotency = input.idempotency;
      const priced = await lockAndPrice(
        ctx,
        trx,
        { tenant, items: input.items, now, lang },
        idempotency && (() => claimIdempotencyKey(trx, idempotency, now)),
      );
      let method: PaymentMethod | null = null;
      if (payment?.method === 'saved')
        method = await requirePaymentMethod(trx, tenant.id, payment.paymentMethodId);
      else if (payment?.method === 'invoice')
        method = await ensureInvoiceMethod(ctx, trx, {
          tenantId: tenant.id,
          makeDefault: false,
          actor: input.actor,
        });
      else if (payment?.method === 'card' && card)
        method = await saveCard(ctx, trx, {
          tenantId: tenant.id,
          card,
          makeDefault: payment.makeDefault ?? false,
          actor: input.actor,
        });
      if (priced.totalDueToday > 0 && !method) {
        throw new AppError('payment_method_required', msg.somethingDueChoosePayment(), {
          hint: msg.sendPaymentShape(),
          field: 'body.payment',
        });
      }
      const orderId = newId('order', now.getTime());
      const invoiceId = newId('invoice', now.getTime());
      if (priced.totalDueToday === 0 || !method || method.type === 'invoice') {
        // Nothing goes to a gateway: the order is written now, owed on an open invoice if any.
        let paymentId: string | null = null;
        if (priced.totalDueToday > 0 && method) {
          paymentId = newId('payment', now.getTime());
          await recordInvoicePayment(trx, {
            id: paymentId,
            tenantId: tenant.id,
            paymentMethodId: method.id,
            orderId,
            invoiceId,
            amount: priced.totalDueToday,
            currency: priced.currency,
            now,
          });
        }
        const order = await writeOrder(ctx, trx, {
          tenant,
          actor: input.actor,
          orderId,
          invoiceId,
          priced,
          method,
          paymentId,
          paymentStatus: paymentId ? 'pending' : 'not_required',
          paid: paymentId === null,
          now,
          idempotency: input.idempotency,
        });
        return { kind: 'done' as const, order };
      }
      const request: OrderRequest = {
        orderId,
        invoiceId,
        items: input.items,
        lang,
        actor: input.actor,
        subtotal: priced.subtotal,
        tax: priced.tax,
        idempotency: input.idempotency ?? null,
        newCardId: payment?.method === 'card' ? method.id : null,
      };
      requireChargeableAmount(priced.totalDueToday, priced.currency);
      const chosen = method;
      let attempt!: PaymentAttempt;
      // The attempt and the key pointing at it: one statement.
      await writeTogether(trx, async (batch) => {
        attempt = await reserveCharge(ctx, batch, {
          tenantId: tenant.id,
          purpose: 'order',
          operationType: 'order',
          operationId: orderId,
          amount: priced.totalDueToday,
          currency: priced.currency,
          paymentMethod: chosen,
          request,
        });
        if (input.idempotency) await attachAttemptToKey(batch, input.idempotency, attempt.id);
      });
      return { kind: 'charge' as const, attempt, method, orderId };
    });
  },
};

const chargeOrderStep: Step<Extract<Reserved, { kind: 'charge' }> & { tenant: Tenant }, Settlement> = {
  name: 'charge',
  async action(ctx, { attempt, method, orderId, tenant }) {
    const outcome = await sendCharge(ctx, attempt, method, {
      offSession: false,
      description: `Order ${orderId}`,
    });
    if (!outcome) throw gatewayInDoubt();
    return settleCharge(ctx, attempt, outcome, { tenant, method });
  },
};

function gatewayInDoubt(): AppError {
  return new AppError('payment_gateway_unavailable', msg.gatewaySilentOrder(), {
    hint: msg.retrySameIdempotencyKey(),
  });
}

async function orderFromSettlement(
  ctx: AppContext,
  tenantId: string,
  attempt: PaymentAttempt,
  settlement: Settlement,
  idempotency: IdempotencyClaim | undefined,
): Promise<OrderView> {
  if (settlement.kind === 'undone') throw settlement.error;
  if (settlement.kind === 'finished') {
    const result = settlement.result as OrderView | { refusal: AppError };
    if ('refusal' in result) throw result.refusal;
    return result;
  }
  // Reconciliation settled it first: answer what it wrote.
  if (idempotency) {
    const stored = await findIdempotentResponse(ctx.db, idempotency.tenantId, idempotency.key);
    if (stored) throw new IdempotentReplay(stored);
  }
  return loadOrderView(ctx.db, tenantId, (attempt.request as OrderRequest).orderId);
}

/**
 * A retry (or a concurrent twin) of a request whose work is still running: wait for its
 * answer. An attempt left in doubt longer than the reconciliation delay (its process died) is
 * reconciled here and now, so the retry gets the answer without waiting for the periodic run.
 */
async function waitForFirstRequest(
  ctx: AppContext,
  claim: IdempotencyClaim,
  attemptId: string | null,
): Promise<OrderView> {
  const deadline = Date.now() + inFlightWaitMs;
  for (;;) {
    const stored = await findIdempotentResponse(ctx.db, claim.tenantId, claim.key);
    if (stored) throw new IdempotentReplay(stored);
    if (attemptId) {
      const attempt = await findPaymentAttempt(ctx.db, attemptId);
      const age = attempt ? ctx.clock.now().getTime() - attempt.created_at.getTime() : 0;
      if (attempt?.status === 'pending' && age >= ctx.config.reconcileAfterSeconds * 1000) {
        await reconcileAttempt(ctx, attempt);
        continue;
      }
    }
    if (Date.now() > deadline) {
      throw new AppError('idempotency_key_in_flight', msg.firstRequestStillRunning(), {
        hint: msg.retryLaterSameKey(),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

registerChargeFinisher('order', {
  async finish(ctx, trx, attempt, outcome, paymentId, known) {
    const req = attempt.request as OrderRequest;
    // The request that made the call read these in its first transaction; the order is
    // written under the locks taken again below, which is what keeps it consistent.
    const tenant =
      known.tenant?.id === attempt.tenant_id ? known.tenant : await findTenant(trx, attempt.tenant_id);
    if (!tenant) throw new Error(`Tenant ${attempt.tenant_id} of attempt ${attempt.id} is gone`);
    const method = !attempt.payment_method_id
      ? null
      : known.method?.id === attempt.payment_method_id
        ? known.method
        : ((await findPaymentMethodEvenRemoved(trx, tenant.id, attempt.payment_method_id)) ?? null);
    const idempotency = req.idempotency ?? undefined;
    // The order is priced and dated as when it was asked for, even when reconciliation finishes it.
    const now = attempt.created_at;
    if (outcome.status === 'succeeded') {
      const priced = await lockAndPrice(ctx, trx, { tenant, items: req.items, now, lang: req.lang });
      if (priced.totalDueToday !== attempt.amount) {
        throw new AppError('conflict', msg.orderCostChanged());
      }
      return writeOrder(ctx, trx, {
        tenant,
        actor: req.actor,
        orderId: req.orderId,
        invoiceId: req.invoiceId,
        priced,
        method,
        paymentId,
        paymentStatus: 'succeeded',
        paid: true,
        now,
        idempotency,
      });
    }
    const refusal =
      outcome.status === 'declined'
        ? declinedError(outcome.code)
        : new AppError('payment_declined', msg.paymentFailed(), {
            hint: msg.nothingBoughtUseAnotherCard(),
            details: { declineCode: 'processing_error' },
          });
    if (req.newCardId) await removePaymentMethod(trx, tenant.id, req.newCardId, now);
    await writeFailedOrder(trx, {
      tenant,
      actor: req.actor,
      orderId: req.orderId,
      amounts: { subtotal: req.subtotal, tax: req.tax, total: attempt.amount },
      paymentMethodId: attempt.payment_method_id,
      paymentId,
      failure: refusal,
      declineCode: outcome.status === 'declined' ? outcome.code : 'processing_error',
      now,
      idempotency,
    });
    return { refusal };
  },
  async undone(ctx, trx, attempt, error, paymentId) {
    const req = attempt.request as OrderRequest;
    const tenant = await findTenant(trx, attempt.tenant_id);
    if (!tenant) return;
    const refusal = new AppError(error.code, msg.paymentRefunded({ reason: error.detailMessage }), {
      ...(error.hintMessage ? { hint: error.hintMessage } : {}),
      ...(error.field ? { field: error.field } : {}),
      details: { ...error.details, refunded: attempt.amount },
    });
    await writeFailedOrder(trx, {
      tenant,
      actor: req.actor,
      orderId: req.orderId,
      amounts: { subtotal: req.subtotal, tax: req.tax, total: attempt.amount },
      paymentMethodId: attempt.payment_method_id,
      paymentId,
      failure: refusal,
      declineCode: 'refunded',
      now: attempt.created_at,
      idempotency: req.idempotency ?? undefined,
    });
    return refusal;
  },
});
