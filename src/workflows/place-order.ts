import type { AppContext } from '../app-context.js';
import type { PaymentMethod, SubscriptionKind, Tenant } from '../db/schema.js';
import { AppError } from '../shared/app-error.js';
import { addDays } from '../shared/dates.js';
import { newId } from '../shared/ids.js';
import {
  recordAudit,
  recordAudits,
  type Actor,
  type AuditInput,
  type Executor,
} from '../modules/audit/index.js';
import { insertInvoice } from '../modules/billing/invoices.repository.js';
import {
  claimIdempotencyKey,
  recordIdempotentResponse,
  storeIdempotentResponse,
  type IdempotencyClaim,
} from '../modules/idempotency/index.js';
import { autoAssignLicenses } from '../modules/licensing/index.js';
import {
  findOrder,
  insertOrder,
  insertOrderLines,
  listOrderLines,
  type CheckoutItem,
  type OrderView,
  type PaymentChoice,
} from '../modules/orders/index.js';
import {
  chargePaymentMethod,
  ensureInvoiceMethod,
  requirePaymentMethod,
  saveTokenizedCard,
  tokenizeCard,
  type ChargeOutcome,
} from '../modules/payments/index.js';
import { insertSubscription } from '../modules/subscriptions/index.js';
import { findTenant } from '../modules/tenants/index.js';
import { emitEvent, emitInvoiceIssued, emitLicensesAssigned } from '../modules/notifications/index.js';
import { fieldOf, priceCheckout, type ItemProblem } from './price-checkout.js';

export interface PlaceOrderInput {
  tenantId: string;
  /** The tenant when the caller already read it (the HTTP layer does, with the credential). */
  tenant?: Tenant | undefined;
  actor: Actor;
  items: CheckoutItem[];
  payment?: PaymentChoice | undefined;
  lang?: 'en' | 'fr';
  /** Claimed in the order's own transaction; the 201 or 402 response is stored with it. */
  idempotency?: IdempotencyClaim | undefined;
  /** Renders a refusal as the client will see it, to store it under the idempotency key. */
  renderProblem?: (error: AppError) => { status: number; body: unknown };
}

class Declined extends Error {
  constructor(
    readonly outcome: Extract<ChargeOutcome, { status: 'declined' }>,
    /** What was asked of the card, kept on the failed order and its payment attempt. */
    readonly attempted: { subtotal: number; tax: number; total: number },
  ) {
    super('declined');
  }
}

/** Turns a list of item problems into the one error an order refusal carries. */
export function problemsError(problems: ItemProblem[]): AppError {
  const first = problems[0]!.error;
  const errors = problems.map((p) => ({
    itemIndex: p.itemIndex,
    field: fieldOf(p.error.code),
    code: p.error.code,
    message: p.error.message,
    ...(p.error.hint ? { hint: p.error.hint } : {}),
    ...(p.error.details ? { details: p.error.details } : {}),
  }));
  return new AppError(first.code, first.message, {
    ...(first.messageFr ? { messageFr: first.messageFr } : {}),
    ...(first.hint ? { hint: first.hint } : {}),
    ...(first.hintFr ? { hintFr: first.hintFr } : {}),
    details: { ...first.details, errors },
  });
}

/**
 * *Place order* (source: « Passer la commande »). One transaction creates the order, its
 * subscriptions, the invoice, the payment and the license assignments, or nothing at all.
 * A declined card leaves only the failed order and its payment attempt behind. A charge that
 * succeeded is refunded if anything after it fails (the undo of the charge step).
 */
export async function placeOrder(ctx: AppContext, input: PlaceOrderInput): Promise<OrderView> {
  const tenant =
    input.tenant?.id === input.tenantId ? input.tenant : await findTenant(ctx.db, input.tenantId);
  if (!tenant) throw new AppError('not_found', `Tenant ${input.tenantId} not found.`);
  const now = ctx.clock.now();
  const payment = input.payment;
  // Tokenise before the transaction: a bad card number is a validation error, not a decline.
  const tokenized = payment?.method === 'card' ? tokenizeCard(ctx, payment.card) : null;
  // Filled by the charge step so the catch below can undo it.
  const charged: { token: string; amount: number }[] = [];

  try {
    return await ctx.db.transaction().execute(async (trx) => {
      if (input.idempotency) await claimIdempotencyKey(trx, input.idempotency, now);
      const priced = await priceCheckout(ctx, trx, {
        tenant,
        items: input.items,
        now,
        lockBases: true,
        lang: input.lang ?? 'en',
      });
      if (priced.problems.length) throw problemsError(priced.problems);

      let method: PaymentMethod | null = null;
      if (payment?.method === 'saved')
        method = await requirePaymentMethod(trx, tenant.id, payment.paymentMethodId);
      else if (payment?.method === 'invoice') {
        method = await ensureInvoiceMethod(ctx, trx, {
          tenantId: tenant.id,
          makeDefault: false,
          actor: input.actor,
        });
      } else if (payment?.method === 'card' && tokenized) {
        method = await saveTokenizedCard(ctx, trx, {
          tenantId: tenant.id,
          card: payment.card,
          tokenized,
          makeDefault: payment.save ?? true,
          actor: input.actor,
        });
      }
      if (priced.totalDueToday > 0 && !method) {
        throw new AppError('payment_method_required', 'Something is due today: choose how to pay.', {
          messageFr: 'Un montant est dû aujourd’hui : choisissez un moyen de paiement.',
          hint: 'Send payment: {method: "saved", paymentMethodId} or {method: "card", card} or {method: "invoice"}.',
        });
      }

      const orderId = newId('order', now.getTime());
      const invoiceId = newId('invoice', now.getTime());
      let outcome: ChargeOutcome | null = null;
      if (priced.totalDueToday > 0 && method) {
        outcome = await chargePaymentMethod(ctx, trx, {
          tenantId: tenant.id,
          paymentMethod: method,
          amount: priced.totalDueToday,
          currency: priced.currency,
          description: `Order ${orderId}`,
          orderId,
          invoiceId,
        });
        if (outcome.status === 'declined') {
          throw new Declined(outcome, {
            subtotal: priced.subtotal,
            tax: priced.tax,
            total: priced.totalDueToday,
          });
        }
        if (outcome.status === 'succeeded' && method.gateway_token) {
          charged.push({ token: method.gateway_token, amount: priced.totalDueToday });
        }
      }

      await insertOrder(trx, {
        id: orderId,
        tenant_id: tenant.id,
        created_by: input.actor.id,
        status: 'completed',
        currency: priced.currency,
        subtotal: priced.subtotal,
        tax: priced.tax,
        total_due_today: priced.totalDueToday,
        total_per_period: JSON.stringify(priced.totalPerPeriod),
        payment_method_id: method?.id ?? null,
        payment_id: outcome?.paymentId ?? null,
        failure_code: null,
        failure_message: null,
        auto_assign_report: '[]',
        created_at: now,
      });

      const subscriptionIds: string[] = [];
      const audits: AuditInput[] = [];
      for (const item of priced.items) {
        const id = newId('subscription', now.getTime());
        subscriptionIds.push(id);
        const kind: SubscriptionKind = item.line.kind;
        const row = {
          id,
          tenant_id: tenant.id,
          product_id: item.product.id,
          price_id: item.priceId,
          kind,
          base_subscription_id: item.base?.id ?? null,
          quantity: item.line.quantity,
          pending_quantity: null,
          commitment: item.line.commitment,
          billing_frequency: item.line.billingFrequency,
          currency: priced.currency,
          unit_amount: item.line.unitAmount,
          status: 'active' as const,
          recurring_billing: item.base ? item.base.recurring_billing : true,
          term_start: item.termStart,
          term_end: item.termEnd,
          period_start: item.base ? item.base.period_start : item.line.periodStart,
          period_end: item.line.periodEnd,
          window_start: now,
          status_changed_at: now,
          next_action_at: null,
          renewal_attempts: 0,
          order_id: orderId,
          created_at: now,
          updated_at: now,
          ended_at: null,
          version: 1,
        };
        await insertSubscription(trx, row);
        audits.push({
          tenantId: tenant.id,
          actor: input.actor,
          action: 'subscription.created',
          entityType: 'subscription',
          entityId: id,
          after: row,
          at: now,
        });
      }

      await insertOrderLines(
        trx,
        priced.items.map((item, i) => ({
          id: newId('orderLine', now.getTime()),
          tenant_id: tenant.id,
          order_id: orderId,
          line_no: i + 1,
          product_id: item.product.id,
          subscription_id: subscriptionIds[i]!,
          base_subscription_id: item.base?.id ?? null,
          commitment: item.line.commitment,
          billing_frequency: item.line.billingFrequency,
          quantity: item.line.quantity,
          unit_amount: item.line.unitAmount,
          period_amount: item.line.periodAmount,
          prorated_days: item.line.proratedDays,
          period_days: item.line.periodDays,
          amount: item.line.amount,
          tax_rate_basis_points: item.line.taxRateBasisPoints,
          tax: item.line.tax,
          total: item.line.total,
          period_tax: item.line.periodTax,
          period_start: item.line.periodStart,
          period_end: item.line.periodEnd,
          term_end: item.line.termEnd,
        })),
      );

      const paidNow = !outcome || outcome.status === 'succeeded';
      const invoice = await insertInvoice(trx, {
        id: invoiceId,
        tenantId: tenant.id,
        kind: 'order',
        status: paidNow ? 'paid' : 'open',
        orderId,
        subscriptionId: null,
        currency: priced.currency,
        lines: priced.items.map((item, i) => ({
          description: item.line.productName,
          productId: item.product.id,
          subscriptionId: subscriptionIds[i]!,
          quantity: item.line.quantity,
          unitAmount: item.line.unitAmount,
          amount: item.line.amount,
          tax: item.line.tax,
          periodStart: item.line.periodStart.toISOString(),
          periodEnd: item.line.periodEnd.toISOString(),
          proratedDays: item.line.proratedDays,
          periodDays: item.line.periodDays,
        })),
        paymentMethodId: method?.id ?? null,
        issuedAt: now,
        dueAt: paidNow ? now : addDays(now, ctx.config.policy.invoicePaymentTermDays),
        paidAt: paidNow ? now : null,
      });

      const autoAssign: OrderView['autoAssign'] = [];
      for (const item of priced.items) {
        if (!item.autoAssign || item.product.unit !== 'user') continue;
        const report = await autoAssignLicenses(trx, {
          tenantId: tenant.id,
          productId: item.product.id,
          eligibleBaseProductIds:
            item.product.kind === 'addon' ? item.product.eligible_base_product_ids : null,
          now,
          actor: input.actor,
        });
        autoAssign.push({ productId: item.product.id, ...report });
      }
      if (autoAssign.length) {
        await trx
          .updateTable('orders')
          .set({ auto_assign_report: JSON.stringify(autoAssign) })
          .where('tenant_id', '=', tenant.id)
          .where('id', '=', orderId)
          .execute();
      }
      audits.push({
        tenantId: tenant.id,
        actor: input.actor,
        action: 'order.placed',
        entityType: 'order',
        entityId: orderId,
        after: { totalDueToday: priced.totalDueToday, currency: priced.currency, subscriptionIds },
        at: now,
      });
      await recordAudits(trx, audits);
      await emitEvent(ctx, trx, {
        tenantId: tenant.id,
        type: 'order.placed',
        data: {
          orderId,
          currency: priced.currency,
          subtotal: priced.subtotal,
          tax: priced.tax,
          totalDueToday: priced.totalDueToday,
          paymentMethod: method?.type ?? 'none',
          invoiceId,
          invoiceNumber: invoice.number,
          lines: priced.items.map((item, i) => ({
            productId: item.product.id,
            subscriptionId: subscriptionIds[i]!,
            quantity: item.line.quantity,
            amount: item.line.amount,
          })),
        },
      });
      await emitInvoiceIssued(ctx, trx, tenant.id, invoiceId);
      for (const a of autoAssign)
        await emitLicensesAssigned(ctx, trx, {
          tenantId: tenant.id,
          productId: a.productId,
          userIds: a.assigned.map((u) => u.userId),
        });
      // Built from what was just written rather than read back: an order is the hot path.
      const view: OrderView = {
        id: orderId,
        status: 'completed' as const,
        createdAt: now,
        currency: priced.currency,
        subtotal: priced.subtotal,
        tax: priced.tax,
        totalDueToday: priced.totalDueToday,
        totalPerPeriod: priced.totalPerPeriod,
        lines: priced.items.map((item, i) => {
          const { itemIndex: _itemIndex, ...line } = item.line;
          return { ...line, lineNo: i + 1, subscriptionId: subscriptionIds[i]! };
        }),
        payment: {
          id: outcome?.paymentId ?? null,
          method: method?.type ?? 'none',
          status: outcome?.status ?? 'not_required',
          paymentMethodId: method?.id ?? null,
          declineCode: null,
          message: null,
        },
        invoice: { id: invoiceId, number: invoice.number, status: invoice.status },
        subscriptionIds,
        autoAssign,
      };
      if (input.idempotency)
        await storeIdempotentResponse(trx, input.idempotency, { status: 201, body: view });
      return view;
    });
  } catch (error) {
    if (error instanceof Declined) {
      const insufficient = error.outcome.code === 'insufficient_funds';
      const refusal = new AppError(
        insufficient ? 'insufficient_funds' : 'payment_declined',
        error.outcome.message,
        {
          messageFr: insufficient
            ? 'La carte ne dispose pas de fonds suffisants pour ce montant.'
            : 'La carte a été refusée par la banque émettrice.',
          hint: 'Nothing was bought. Use another card or pay by invoice, then place the order again.',
          hintFr:
            'Rien n’a été acheté. Utilisez une autre carte ou payez par facture, puis repassez la commande.',
          details: { declineCode: error.outcome.code },
        },
      );
      await recordFailedOrder(ctx, {
        tenant,
        actor: input.actor,
        payment,
        outcome: error.outcome,
        attempted: error.attempted,
        idempotency: input.idempotency,
        response: input.renderProblem?.(refusal),
      });
      throw refusal;
    }
    for (const c of charged) {
      // The money was taken but the order did not commit: give it back.
      await ctx.gateway.refund({ token: c.token, amount: c.amount, currency: tenant.currency });
    }
    throw error;
  }
}

async function recordFailedOrder(
  ctx: AppContext,
  input: {
    tenant: Tenant;
    actor: Actor;
    payment: PaymentChoice | undefined;
    outcome: Extract<ChargeOutcome, { status: 'declined' }>;
    attempted: { subtotal: number; tax: number; total: number };
    idempotency: IdempotencyClaim | undefined;
    response: { status: number; body: unknown } | undefined;
  },
) {
  const now = ctx.clock.now();
  const tenant = input.tenant;
  await ctx.db.transaction().execute(async (trx) => {
    const orderId = newId('order', now.getTime());
    const savedMethodId = input.payment?.method === 'saved' ? input.payment.paymentMethodId : null;
    await insertOrder(trx, {
      id: orderId,
      tenant_id: tenant.id,
      created_by: input.actor.id,
      status: 'failed',
      currency: tenant.currency,
      subtotal: input.attempted.subtotal,
      tax: input.attempted.tax,
      total_due_today: input.attempted.total,
      total_per_period: '{}',
      payment_method_id: savedMethodId,
      payment_id: input.outcome.paymentId,
      failure_code: input.outcome.code,
      failure_message: input.outcome.message,
      auto_assign_report: '[]',
      created_at: now,
    });
    await trx
      .insertInto('payments')
      .values({
        id: input.outcome.paymentId,
        tenant_id: tenant.id,
        payment_method_id: savedMethodId,
        order_id: orderId,
        invoice_id: null,
        kind: 'charge',
        amount: input.attempted.total,
        currency: tenant.currency,
        status: 'declined',
        decline_code: input.outcome.code,
        message: input.outcome.message,
        gateway_reference: null,
        created_at: now,
      })
      .execute();
    if (input.idempotency && input.response) {
      // A decline is an answer, not a failure to answer: a retry with the key replays it.
      await recordIdempotentResponse(trx, input.idempotency, input.response, now);
    }
    await recordAudit(trx, {
      tenantId: tenant.id,
      actor: input.actor,
      action: 'order.payment_declined',
      entityType: 'order',
      entityId: orderId,
      after: { declineCode: input.outcome.code },
      at: now,
    });
  });
}

export async function loadOrderView(db: Executor, tenantId: string, orderId: string): Promise<OrderView> {
  const order = await findOrder(db, tenantId, orderId);
  if (!order)
    throw new AppError('not_found', `Order ${orderId} not found.`, {
      messageFr: `Commande ${orderId} introuvable.`,
    });
  const lines = await listOrderLines(db, tenantId, orderId);
  const products = lines.length
    ? await db
        .selectFrom('products')
        .select(['id', 'names', 'unit', 'kind', 'addon_kind'])
        .where(
          'id',
          'in',
          lines.map((l) => l.product_id),
        )
        .execute()
    : [];
  const payment = order.payment_id
    ? await db
        .selectFrom('payments')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', order.payment_id)
        .executeTakeFirst()
    : undefined;
  const method = order.payment_method_id
    ? await db
        .selectFrom('payment_methods')
        .select(['type'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', order.payment_method_id)
        .executeTakeFirst()
    : undefined;
  const invoice = await db
    .selectFrom('invoices')
    .select(['id', 'number', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
  return {
    id: order.id,
    status: order.status,
    createdAt: order.created_at,
    currency: order.currency,
    subtotal: order.subtotal,
    tax: order.tax,
    totalDueToday: order.total_due_today,
    totalPerPeriod: order.total_per_period,
    lines: lines.map((l) => {
      const p = products.find((x) => x.id === l.product_id);
      const kind =
        p?.kind === 'base'
          ? 'base'
          : p?.addon_kind === 'traditional'
            ? 'traditional_addon'
            : 'standalone_addon';
      return {
        lineNo: l.line_no,
        productId: l.product_id,
        productName: p?.names['en-US'] ?? l.product_id,
        kind,
        unit: p?.unit ?? 'user',
        quantity: l.quantity,
        commitment: l.commitment as 'monthly' | 'annual',
        billingFrequency: l.billing_frequency as 'monthly' | 'annual',
        baseSubscriptionId: l.base_subscription_id,
        subscriptionId: l.subscription_id,
        unitAmount: l.unit_amount,
        periodAmount: l.period_amount,
        periodStart: l.period_start,
        periodEnd: l.period_end,
        termEnd: l.term_end,
        proratedDays: l.prorated_days,
        periodDays: l.period_days,
        prorated: l.prorated_days !== l.period_days,
        amount: l.amount,
        taxRateBasisPoints: l.tax_rate_basis_points,
        tax: l.tax,
        total: l.total,
        periodTax: l.period_tax,
      };
    }),
    payment: {
      id: payment?.id ?? null,
      method: method?.type ?? (payment ? 'card' : 'none'),
      status: payment?.status ?? (order.status === 'completed' ? 'not_required' : 'declined'),
      paymentMethodId: order.payment_method_id,
      declineCode: payment?.decline_code ?? order.failure_code,
      message: payment?.message ?? order.failure_message,
    },
    invoice: invoice ?? null,
    subscriptionIds: lines.map((l) => l.subscription_id).filter((x): x is string => !!x),
    autoAssign: order.auto_assign_report as OrderView['autoAssign'],
  };
}
