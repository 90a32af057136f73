import type { AppContext } from '../../app-context.js';
import type { PaymentMethod, Tenant } from '../../db/schema.js';
import { AppError, msg } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { recordAudit, type Actor, type Executor } from '../audit/index.js';
import {
  GatewayRequestError,
  GatewayUnavailableError,
  minimumChargeAmount,
  type GatewayPaymentMethod,
} from './gateway.js';
import {
  findDefaultPaymentMethod,
  findInvoiceMethod,
  findPaymentMethod,
  findTenantGatewayCustomer,
  insertPaymentMethod,
  setTenantGatewayCustomer,
} from './payment-methods.repository.js';

export interface PaymentMethodView {
  id: string;
  type: 'card' | 'invoice';
  brand: string | null;
  last4: string | null;
  expMonth: number | null;
  expYear: number | null;
  holderName: string | null;
  isDefault: boolean;
  createdAt: Date;
}

export function toPaymentMethodView(pm: PaymentMethod): PaymentMethodView {
  return {
    id: pm.id,
    type: pm.type,
    brand: pm.card_brand,
    last4: pm.card_last4,
    expMonth: pm.card_exp_month,
    expYear: pm.card_exp_year,
    holderName: pm.holder_name,
    isDefault: pm.is_default,
    createdAt: pm.created_at,
  };
}

const declinedAtGateway = new Set([
  'card_declined',
  'insufficient_funds',
  'expired_card',
  'incorrect_cvc',
  'processing_error',
]);

/**
 * Runs a gateway call made on behalf of an API request: "the gateway did not answer" is a 503
 * the client may retry, "the gateway refused" (unknown or unusable payment method) a 422.
 */
async function gatewayCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof GatewayUnavailableError) {
      throw new AppError('payment_gateway_unavailable', msg.gatewaySilentTryAgain());
    }
    if (error instanceof GatewayRequestError && declinedAtGateway.has(error.code)) {
      // Real Stripe already declines some cards when they are attached.
      const insufficient = error.code === 'insufficient_funds';
      throw new AppError(
        insufficient ? 'insufficient_funds' : 'payment_declined',
        insufficient ? msg.cardFundsShort() : msg.cardDeclinedByIssuer(),
        { hint: msg.useAnotherCardOrInvoice(), details: { declineCode: error.code } },
      );
    }
    if (error instanceof GatewayRequestError) {
      throw new AppError('card_invalid', msg.cardNotAccepted(), {
        hint: msg.sendPaymentMethodId(),
        details: { reason: error.code, gatewayMessage: error.message },
        field: 'body.paymentMethodId',
      });
    }
    throw error;
  }
}

/** The tenant's gateway customer, created the first time a card is saved. Never in a transaction. */
export async function ensureGatewayCustomer(ctx: AppContext, tenant: Tenant): Promise<string> {
  const existing = await findTenantGatewayCustomer(ctx.db, tenant.id);
  if (existing) return existing;
  // A key derived from the tenant makes concurrent first saves share one gateway customer.
  const created = await gatewayCall(() =>
    ctx.gateway.createCustomer({
      tenantId: tenant.id,
      name: tenant.name,
      idempotencyKey: `customer-${tenant.id}`,
    }),
  );
  return setTenantGatewayCustomer(ctx.db, tenant.id, created.id);
}

/** A card the browser handed to the gateway, ready to be recorded: attached when kept. */
export interface PreparedCard {
  method: GatewayPaymentMethod;
  /** Set when the card is kept (attached to the tenant's customer); null for one payment only. */
  customerId: string | null;
}

/**
 * Asks the gateway about a payment-method id from the browser, before any transaction: kept
 * cards are attached to the tenant's customer; a card for one payment is only read.
 */
export async function prepareCard(
  ctx: AppContext,
  input: { tenant: Tenant; paymentMethodId: string; keep: boolean },
): Promise<PreparedCard> {
  if (!input.keep) {
    const method = await gatewayCall(() =>
      ctx.gateway.retrievePaymentMethod({ paymentMethodId: input.paymentMethodId }),
    );
    // Charged by the id the browser sent: a test id (pm_card_visa) reads as a new object each time.
    return { method: { ...method, id: input.paymentMethodId }, customerId: null };
  }
  const customerId = await ensureGatewayCustomer(ctx, input.tenant);
  const method = await gatewayCall(() =>
    ctx.gateway.attachPaymentMethod({
      customerId,
      paymentMethodId: input.paymentMethodId,
      idempotencyKey: newId('paymentMethod'),
    }),
  );
  return { method, customerId };
}

/** Detaches a saved card from the tenant's gateway customer. Never in a transaction. */
export async function detachCard(ctx: AppContext, method: PaymentMethod): Promise<void> {
  if (method.type !== 'card' || !method.gateway_token) return;
  await gatewayCall(() => ctx.gateway.detachPaymentMethod({ paymentMethodId: method.gateway_token! }));
}

/** Stores a payment method (only a gateway id for a card) and audits it. */
async function addPaymentMethod(db: Executor, row: PaymentMethod, actor: Actor): Promise<PaymentMethod> {
  await insertPaymentMethod(db, row);
  await recordAudit(db, {
    tenantId: row.tenant_id,
    actor,
    action: 'payment_method.added',
    entityType: 'payment_method',
    entityId: row.id,
    after: toPaymentMethodView(row),
    at: row.created_at,
  });
  return row;
}

/**
 * Records a prepared card. A card for one payment is recorded already removed: payments can
 * name it, but it is never listed, made default or charged again.
 */
export async function saveCard(
  ctx: AppContext,
  db: Executor,
  input: { tenantId: string; card: PreparedCard; makeDefault: boolean; actor: Actor },
): Promise<PaymentMethod> {
  const now = ctx.clock.now();
  const kept = input.card.customerId !== null;
  const row: PaymentMethod = {
    id: newId('paymentMethod', now.getTime()),
    tenant_id: input.tenantId,
    type: 'card',
    gateway_token: input.card.method.id,
    card_brand: input.card.method.brand,
    card_last4: input.card.method.last4,
    card_exp_month: input.card.method.expMonth,
    card_exp_year: input.card.method.expYear,
    holder_name: input.card.method.holderName,
    is_default: kept && input.makeDefault,
    created_at: now,
    removed_at: kept ? null : now,
  };
  return addPaymentMethod(db, row, input.actor);
}

export async function ensureInvoiceMethod(
  ctx: AppContext,
  db: Executor,
  input: { tenantId: string; makeDefault: boolean; actor: Actor },
): Promise<PaymentMethod> {
  const existing = await findInvoiceMethod(db, input.tenantId);
  if (existing) return existing;
  const now = ctx.clock.now();
  const row: PaymentMethod = {
    id: newId('paymentMethod', now.getTime()),
    tenant_id: input.tenantId,
    type: 'invoice',
    gateway_token: null,
    card_brand: null,
    card_last4: null,
    card_exp_month: null,
    card_exp_year: null,
    holder_name: null,
    is_default: input.makeDefault,
    created_at: now,
    removed_at: null,
  };
  return addPaymentMethod(db, row, input.actor);
}

export async function requirePaymentMethod(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<PaymentMethod> {
  const pm = await findPaymentMethod(db, tenantId, id);
  if (!pm) {
    throw new AppError('not_found', msg.paymentMethodNotFound({ id }));
  }
  return pm;
}

export { findDefaultPaymentMethod };

/**
 * Refuses a card charge below the gateway's minimum before anything is written or sent: Stripe
 * would refuse it (`amount_too_small`) after the attempt was recorded. Such an amount can be
 * paid by invoice, or made larger by buying more at once (docs/payments.md).
 */
export function requireChargeableAmount(amount: number, currency: string): void {
  const minimum = minimumChargeAmount(currency);
  if (amount <= 0 || amount >= minimum) return;
  throw new AppError('amount_below_minimum', msg.amountBelowMinimum({ amount, minimum, currency }), {
    hint: msg.amountBelowMinimumHint(),
    details: { amount, minimum, currency },
  });
}
