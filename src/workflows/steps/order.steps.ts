import type { Transaction } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { Database, PaymentMethod, SubscriptionKind, Tenant } from '../../db/schema.js';
import type { Executor } from '../../db/executor.js';
import { writeTogether } from '../../db/together.js';
import { AppError, msg } from '../../shared/app-error.js';
import { addDays } from '../../shared/dates.js';
import { newId } from '../../shared/ids.js';
import { recordAudit, recordAudits, type Actor, type AuditInput } from '../../modules/audit/index.js';
import { insertInvoice, lockMoneyPath } from '../../modules/billing/index.js';
import {
  recordIdempotentResponse,
  storedProblem,
  type IdempotencyClaim,
} from '../../modules/idempotency/index.js';
import { autoAssignLicenses } from '../../modules/licensing/index.js';
import { emitEvents, emitLicensesAssigned, invoiceIssuedEvent } from '../../modules/notifications/index.js';
import {
  collectionOf,
  insertOrder,
  insertOrderLines,
  setOrderAutoAssignReport,
  type CheckoutItem,
  type OrderView,
} from '../../modules/orders/index.js';
import { insertSubscription } from '../../modules/subscriptions/index.js';
import type { Language } from '../../modules/catalog/index.js';
import { fieldOf, priceCheckout, type ItemProblem, type PricedCheckout } from '../price-checkout.js';
import { describedRecord, namesOf, record } from '../../modules/records/index.js';

/** Turns a list of item problems into the one error an order refusal carries. */
export function problemsError(problems: ItemProblem[]): AppError {
  const first = problems[0]!.error;
  // Messages stay messages here: the problem renders them in its reader's language.
  const errors = problems.map((p) => ({
    itemIndex: p.itemIndex,
    ...(p.error.field ? { path: p.error.field } : {}),
    field: fieldOf(p.error),
    code: p.error.code,
    message: p.error.detailMessage,
    ...(p.error.hintMessage ? { hint: p.error.hintMessage } : {}),
    ...(p.error.details ? { details: p.error.details } : {}),
  }));
  return new AppError(first.code, first.detailMessage, {
    ...(first.hintMessage ? { hint: first.hintMessage } : {}),
    details: { ...first.details, errors },
  });
}

/**
 * Locks what the order touches (the one money lock order: tenant, then the bases its add-ons
 * go on) and prices it under those locks. Run in the first transaction and again in the one
 * that writes the order: between the two, the gateway was called without any lock held.
 */
export async function lockAndPrice(
  ctx: AppContext,
  trx: Transaction<Database>,
  input: { tenant: Tenant; items: CheckoutItem[]; now: Date; lang: Language },
  /** Runs once the locks are held, before pricing (claiming the Idempotency-Key). */
  locked?: () => Promise<void>,
): Promise<PricedCheckout> {
  const baseIds = input.items.map((i) => i.baseSubscriptionId).filter((id): id is string => !!id);
  await lockMoneyPath(trx, input.tenant.id, { subscriptionIds: baseIds, family: false });
  if (locked) await locked();
  const priced = await priceCheckout(ctx, trx, { ...input, lockBases: false });
  if (priced.problems.length) throw problemsError(priced.problems);
  return priced;
}

/**
 * The order's business records: order, subscriptions, lines, invoice, license assignments,
 * audit, and the answer stored under the Idempotency-Key. Called once the money is settled
 * (taken, owed on an invoice, or nothing due).
 */
export async function writeOrder(
  ctx: AppContext,
  trx: Transaction<Database>,
  input: OrderRows,
): Promise<OrderView> {
  let view: OrderView | undefined;
  await writeTogether(trx, async (batch) => {
    view = await writeOrderRows(ctx, trx, batch, input);
  });
  return view!;
}

interface OrderRows {
  tenant: Tenant;
  actor: Actor;
  orderId: string;
  invoiceId: string;
  priced: PricedCheckout;
  method: PaymentMethod | null;
  paymentId: string | null;
  paymentStatus: OrderView['payment']['status'];
  paid: boolean;
  now: Date;
  idempotency: IdempotencyClaim | undefined;
}

/**
 * The writes go out as one statement at the end (`batch`), except what must be read back: the
 * invoice number, and, when licenses are auto-assigned, the subscriptions they are counted
 * from (then written at once on `trx`).
 */
async function writeOrderRows(
  ctx: AppContext,
  trx: Transaction<Database>,
  batch: Executor,
  input: OrderRows,
): Promise<OrderView> {
  const { tenant, priced, method, orderId, invoiceId, now } = input;
  const autoAssigning = priced.items.some((item) => item.autoAssign && item.product.unit === 'user');
  const early = autoAssigning ? trx : batch;
  await insertOrder(early, {
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
    payment_id: input.paymentId,
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
    await insertSubscription(early, row);
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
    early,
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

  const paidNow = input.paid;
  const invoice = await insertInvoice(batch, {
    id: invoiceId,
    tenantId: tenant.id,
    kind: 'order',
    status: paidNow ? 'paid' : 'open',
    orderId,
    subscriptionId: null,
    currency: priced.currency,
    lines: priced.items.map((item, i) => ({
      ...describedRecord(
        record('line.order', {
          productId: item.product.id,
          unit: item.product.unit,
          quantity: item.line.quantity,
        }),
        namesOf(item.product),
      ),
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
      eligibleBaseProductIds: item.product.kind === 'addon' ? item.product.eligible_base_product_ids : null,
      now,
      actor: input.actor,
    });
    autoAssign.push({ productId: item.product.id, ...report });
  }
  if (autoAssign.length) await setOrderAutoAssignReport(trx, tenant.id, orderId, autoAssign);
  audits.push({
    tenantId: tenant.id,
    actor: input.actor,
    action: 'order.placed',
    entityType: 'order',
    entityId: orderId,
    after: { totalDueToday: priced.totalDueToday, currency: priced.currency, subscriptionIds },
    at: now,
  });
  await recordAudits(batch, audits);
  // One statement for the events and one for their jobs: this is the checkout's hot path.
  await emitEvents(ctx, batch, [
    {
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
    },
    invoiceIssuedEvent(invoice),
  ]);
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
      const { itemIndex: _itemIndex, coTerm: _coTerm, ...line } = item.line;
      return { ...line, lineNo: i + 1, subscriptionId: subscriptionIds[i]! };
    }),
    payment: {
      id: input.paymentId,
      method: method?.type ?? 'none',
      status: input.paymentStatus,
      paymentMethodId: method?.id ?? null,
      declineCode: null,
      message: null,
    },
    collection: collectionOf(method?.type ?? 'none', priced.totalDueToday),
    invoice: { id: invoiceId, number: invoice.number, status: invoice.status },
    subscriptionIds,
    autoAssign,
  };
  if (input.idempotency)
    await recordIdempotentResponse(batch, input.idempotency, { status: 201, body: view }, now);
  return view;
}

/** A declined (or refused) payment leaves a failed order, its payment and the stored answer. */
export async function writeFailedOrder(
  trx: Transaction<Database>,
  input: {
    tenant: Tenant;
    actor: Actor;
    orderId: string;
    amounts: { subtotal: number; tax: number; total: number };
    paymentMethodId: string | null;
    paymentId: string | null;
    failure: AppError;
    declineCode: string;
    now: Date;
    idempotency: IdempotencyClaim | undefined;
  },
): Promise<void> {
  const { tenant, now } = input;
  await insertOrder(trx, {
    id: input.orderId,
    tenant_id: tenant.id,
    created_by: input.actor.id,
    status: 'failed',
    currency: tenant.currency,
    subtotal: input.amounts.subtotal,
    tax: input.amounts.tax,
    total_due_today: input.amounts.total,
    total_per_period: '{}',
    payment_method_id: input.paymentMethodId,
    payment_id: input.paymentId,
    failure_code: input.declineCode,
    failure_message: input.failure.message,
    auto_assign_report: '[]',
    created_at: now,
  });
  // A refusal is an answer, not a failure to answer: a retry with the key replays it.
  if (input.idempotency)
    await recordIdempotentResponse(trx, input.idempotency, storedProblem(input.failure), now);
  await recordAudit(trx, {
    tenantId: tenant.id,
    actor: input.actor,
    action: 'order.payment_declined',
    entityType: 'order',
    entityId: input.orderId,
    after: { declineCode: input.declineCode },
    at: now,
  });
}

/** The refusal a client sees for a declined card (402). */
export function declinedError(code: string): AppError {
  const insufficient = code === 'insufficient_funds';
  return new AppError(
    insufficient ? 'insufficient_funds' : 'payment_declined',
    insufficient ? msg.cardFundsShort() : msg.cardDeclinedByIssuer(),
    { hint: msg.nothingBoughtUseAnotherCard(), details: { declineCode: code } },
  );
}
