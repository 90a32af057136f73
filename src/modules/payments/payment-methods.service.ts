import type { AppContext } from '../../app-context.js';
import type { PaymentMethod } from '../../db/schema.js';
import { AppError } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { recordAudit, type Actor, type Executor } from '../audit/index.js';
import { InvalidCardError, type CardDetails } from './payment-gateway.js';
import {
  findDefaultPaymentMethod,
  findPaymentMethod,
  insertPayment,
  insertPaymentMethod,
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

const cardMessagesFr: Record<InvalidCardError['reason'], string> = {
  invalid_number: 'Le numéro de carte n’est pas valide.',
  expired: 'La carte a expiré.',
  invalid_cvc: 'Le code de sécurité doit comporter 3 ou 4 chiffres.',
};

/** Hands the number to the gateway and keeps only its token, brand and last four digits. */
export function tokenizeCard(ctx: AppContext, card: CardDetails) {
  try {
    return ctx.gateway.tokenizeCard(card, ctx.clock.now());
  } catch (error) {
    if (error instanceof InvalidCardError) {
      throw new AppError('card_invalid', error.message, {
        messageFr: cardMessagesFr[error.reason],
        details: { reason: error.reason, errors: [{ path: 'card', message: error.message }] },
      });
    }
    throw error;
  }
}

/** Stores a payment method (only a gateway token for a card) and audits it. */
async function addPaymentMethod(
  db: Executor,
  row: Omit<PaymentMethod, 'removed_at'>,
  actor: Actor,
): Promise<PaymentMethod> {
  await insertPaymentMethod(db, row);
  const method = { ...row, removed_at: null };
  await recordAudit(db, {
    tenantId: row.tenant_id,
    actor,
    action: 'payment_method.added',
    entityType: 'payment_method',
    entityId: row.id,
    after: toPaymentMethodView(method),
    at: row.created_at,
  });
  return method;
}

export async function saveCard(
  ctx: AppContext,
  db: Executor,
  input: { tenantId: string; card: CardDetails; makeDefault: boolean; actor: Actor },
): Promise<PaymentMethod> {
  const tokenized = tokenizeCard(ctx, input.card);
  return saveTokenizedCard(ctx, db, { ...input, tokenized });
}

export async function saveTokenizedCard(
  ctx: AppContext,
  db: Executor,
  input: {
    tenantId: string;
    card: CardDetails;
    tokenized: ReturnType<typeof tokenizeCard>;
    makeDefault: boolean;
    actor: Actor;
  },
): Promise<PaymentMethod> {
  const now = ctx.clock.now();
  const row: Omit<PaymentMethod, 'removed_at'> = {
    id: newId('paymentMethod', now.getTime()),
    tenant_id: input.tenantId,
    type: 'card',
    gateway_token: input.tokenized.token,
    card_brand: input.tokenized.brand,
    card_last4: input.tokenized.last4,
    card_exp_month: input.tokenized.expMonth,
    card_exp_year: input.tokenized.expYear,
    holder_name: input.card.holderName ?? null,
    is_default: input.makeDefault,
    created_at: now,
  };
  return addPaymentMethod(db, row, input.actor);
}

export async function ensureInvoiceMethod(
  ctx: AppContext,
  db: Executor,
  input: { tenantId: string; makeDefault: boolean; actor: Actor },
): Promise<PaymentMethod> {
  const existing = await db
    .selectFrom('payment_methods')
    .selectAll()
    .where('tenant_id', '=', input.tenantId)
    .where('type', '=', 'invoice')
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  if (existing) return existing;
  const now = ctx.clock.now();
  const row: Omit<PaymentMethod, 'removed_at'> = {
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
  };
  return addPaymentMethod(db, row, input.actor);
}

export async function requirePaymentMethod(db: Executor, tenantId: string, id: string): Promise<PaymentMethod> {
  const pm = await findPaymentMethod(db, tenantId, id);
  if (!pm) {
    throw new AppError('not_found', `Payment method ${id} not found.`, {
      messageFr: `Moyen de paiement ${id} introuvable.`,
    });
  }
  return pm;
}

export type ChargeOutcome =
  | { status: 'succeeded' | 'pending'; paymentId: string; reference: string | null }
  | { status: 'declined'; paymentId: string; code: 'card_declined' | 'insufficient_funds' | 'expired_card'; message: string };

/**
 * Charges a saved method and records the attempt. A card goes to the gateway; "invoice"
 * (bank transfer) records a pending payment that the open invoice will collect.
 */
export async function chargePaymentMethod(
  ctx: AppContext,
  db: Executor,
  input: {
    tenantId: string;
    paymentMethod: PaymentMethod;
    amount: number;
    currency: string;
    description: string;
    orderId: string | null;
    invoiceId: string | null;
  },
): Promise<ChargeOutcome> {
  const now = ctx.clock.now();
  const paymentId = newId('payment', now.getTime());
  const base = {
    id: paymentId,
    tenant_id: input.tenantId,
    payment_method_id: input.paymentMethod.id,
    order_id: input.orderId,
    invoice_id: input.invoiceId,
    kind: 'charge' as const,
    amount: input.amount,
    currency: input.currency,
    created_at: now,
  };
  if (input.paymentMethod.type === 'invoice') {
    await insertPayment(db, { ...base, status: 'pending', decline_code: null, message: null, gateway_reference: null });
    return { status: 'pending', paymentId, reference: null };
  }
  const result = await ctx.gateway.charge({
    token: input.paymentMethod.gateway_token ?? '',
    amount: input.amount,
    currency: input.currency,
    description: input.description,
  });
  if (result.status === 'declined') {
    await insertPayment(db, {
      ...base,
      status: 'declined',
      decline_code: result.code,
      message: result.message,
      gateway_reference: null,
    });
    return { status: 'declined', paymentId, code: result.code, message: result.message };
  }
  await insertPayment(db, {
    ...base,
    status: 'succeeded',
    decline_code: null,
    message: null,
    gateway_reference: result.reference,
  });
  return { status: 'succeeded', paymentId, reference: result.reference };
}

/** Returns money to the method that paid; for bank transfer it is a credit on the account. */
export async function refundToPaymentMethod(
  ctx: AppContext,
  db: Executor,
  input: {
    tenantId: string;
    paymentMethod: PaymentMethod | undefined;
    amount: number;
    currency: string;
    invoiceId: string | null;
  },
): Promise<string> {
  const now = ctx.clock.now();
  const paymentId = newId('payment', now.getTime());
  let reference: string | null = null;
  if (input.paymentMethod?.type === 'card' && input.paymentMethod.gateway_token && input.amount > 0) {
    reference = (
      await ctx.gateway.refund({
        token: input.paymentMethod.gateway_token,
        amount: input.amount,
        currency: input.currency,
      })
    ).reference;
  }
  await insertPayment(db, {
    id: paymentId,
    tenant_id: input.tenantId,
    payment_method_id: input.paymentMethod?.id ?? null,
    order_id: null,
    invoice_id: input.invoiceId,
    kind: 'refund',
    amount: input.amount,
    currency: input.currency,
    status: 'succeeded',
    decline_code: null,
    message: null,
    gateway_reference: reference,
    created_at: now,
  });
  return paymentId;
}

export { findDefaultPaymentMethod };
