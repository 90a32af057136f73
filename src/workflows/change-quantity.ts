import type { AppContext } from '../app-context.js';
import type { Transaction } from 'kysely';
import type { Database, Subscription, Tenant } from '../db/schema.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import { AppError, localized, msg } from '../shared/app-error.js';
import { addDays } from '../shared/dates.js';
import { newId } from '../shared/ids.js';
import { prorate, taxOn } from '../shared/money.js';
import { recordAudit, type Actor } from '../modules/audit/index.js';
import { emitEvent, emitInvoiceIssued } from '../modules/notifications/index.js';
import { getTaxRate } from '../modules/catalog/index.js';
import { insertInvoice, lockMoneyPath, prorationDays } from '../modules/billing/index.js';
import { countAssigned, purchasedQuantity } from '../modules/licensing/index.js';
import {
  findAttemptOfOperation,
  recordInvoicePayment,
  requireChargeableAmount,
} from '../modules/payments/index.js';
import { chargeStep, registerChargeFinisher, reserveCharge } from './steps/charge.step.js';
import { runWorkflow } from './steps/runner.js';
import { issueCredit } from './issue-credit.js';
import { listAddonsOfBase, liveStatuses, updateSubscription } from '../modules/subscriptions/index.js';
import { findTenant } from '../modules/tenants/index.js';
import {
  describedRecord,
  namesOf,
  record,
  type ProductNames,
  type StoredRecord,
} from '../modules/records/index.js';
import {
  paymentMethodFor,
  requireProduct,
  requireSubscription,
  windowEnd,
  withinWindow,
} from './subscription-helpers.js';

export interface QuantityChange {
  type: 'increase' | 'decrease' | 'scheduled_decrease' | 'scheduled_decrease_withdrawn';
  from: number;
  to: number;
  /** Charged (increase) or credited (decrease) now, before tax; 0 when scheduled. */
  amount: number;
  tax: number;
  total: number;
  proratedDays: number;
  periodDays: number;
  effectiveAt: Date;
  invoiceId: string | null;
}

/** What an increase's charge attempt carries, so reconciliation can apply it alone. */
interface IncreaseRequest extends Record<string, unknown> {
  subscriptionId: string;
  /** The version the change was priced on: if it moved meanwhile, the charge is undone. */
  version: number;
  change: QuantityChange;
  periodEnd: string;
  actor: Actor;
  /** The line's English text (older attempts have only this) and its record. */
  line: string;
  record?: StoredRecord;
}

function lineText(rec: StoredRecord, names: ProductNames): Pick<IncreaseRequest, 'line' | 'record'> {
  const { record: r, description } = describedRecord(rec, names);
  return { line: description, record: r };
}

/** The increase itself: its invoice (paid by card, or open for bank transfer) and the quantity. */
async function applyIncrease(
  ctx: AppContext,
  trx: Transaction<Database>,
  sub: Subscription,
  request: IncreaseRequest,
  paymentMethodId: string,
  paid: boolean,
  now: Date,
): Promise<Subscription> {
  const c = request.change;
  await insertInvoice(trx, {
    id: c.invoiceId!,
    tenantId: sub.tenant_id,
    kind: 'quantity_change',
    status: paid ? 'paid' : 'open',
    orderId: null,
    subscriptionId: sub.id,
    currency: sub.currency,
    lines: [
      {
        description: request.line,
        ...(request.record ? { record: request.record } : {}),
        productId: sub.product_id,
        subscriptionId: sub.id,
        quantity: c.to - c.from,
        unitAmount: sub.unit_amount,
        amount: c.amount,
        tax: c.tax,
        periodStart: new Date(c.effectiveAt).toISOString(),
        periodEnd: request.periodEnd,
        proratedDays: c.proratedDays,
        periodDays: c.periodDays,
      },
    ],
    paymentMethodId,
    issuedAt: now,
    dueAt: paid ? now : addDays(now, ctx.config.policy.invoicePaymentTermDays),
    paidAt: paid ? now : null,
  });
  const updated = await updateSubscription(trx, sub.tenant_id, sub.id, {
    quantity: c.to,
    pending_quantity: null,
    updated_at: now,
  });
  await recordAudit(trx, {
    tenantId: sub.tenant_id,
    actor: request.actor,
    action: 'subscription.quantity.increase',
    entityType: 'subscription',
    entityId: sub.id,
    before: { quantity: c.from, pendingQuantity: sub.pending_quantity },
    after: { quantity: updated.quantity, pendingQuantity: null, amount: c.amount, tax: c.tax },
    at: now,
  });
  return updated;
}

/** `subscription.quantity_changed` (and the invoice or credit note it made), once the change holds. */
async function notifyQuantityChange(
  ctx: AppContext,
  trx: Transaction<Database>,
  sub: Subscription,
  change: QuantityChange,
): Promise<void> {
  await emitEvent(ctx, trx, {
    tenantId: sub.tenant_id,
    type: 'subscription.quantity_changed',
    data: {
      subscriptionId: sub.id,
      productId: sub.product_id,
      change: change.type,
      from: change.from,
      to: change.to,
      // A change read back from a payment attempt's request carries its date as text.
      effectiveAt: new Date(change.effectiveAt).toISOString(),
      currency: sub.currency,
      total: change.total,
      invoiceId: change.invoiceId,
    },
  });
  await emitInvoiceIssued(ctx, trx, sub.tenant_id, change.invoiceId);
}

registerChargeFinisher('quantity_increase', {
  async lock(_ctx, trx, attempt) {
    const req = attempt.request as unknown as IncreaseRequest;
    await lockMoneyPath(trx, attempt.tenant_id, { subscriptionIds: [req.subscriptionId], licenses: true });
  },
  async finish(ctx, trx, attempt, outcome) {
    const req = attempt.request as unknown as IncreaseRequest & { invoiceId: string };
    const now = ctx.clock.now();
    if (outcome.status === 'succeeded') {
      // The card paid: the increase takes effect now, under the same locks as any other change
      // (taken by `lock`; taking them again is free), if the subscription is still what was
      // priced (else the charge is refunded: `undone`).
      const locked = await lockMoneyPath(trx, attempt.tenant_id, {
        subscriptionIds: [req.subscriptionId],
        licenses: true,
      });
      const sub = locked.get(req.subscriptionId);
      if (!sub || sub.version !== req.version || !liveStatuses.includes(sub.status)) {
        throw new AppError('conflict', msg.subscriptionChangedDuringPayment(), {
          hint: msg.readSubscriptionSubmitAgain(),
        });
      }
      if (sub.kind === 'traditional_addon' && sub.base_subscription_id) {
        // Its base may have been reduced meanwhile: a per-user add-on never exceeds it.
        const product = await requireProduct(trx, sub.product_id);
        const base = await requireSubscription(trx, sub.tenant_id, sub.base_subscription_id);
        if (product.unit === 'user' && req.change.to > base.quantity) {
          throw new AppError('quantity_exceeds_base', msg.baseNowHasLicenses({ quantity: base.quantity }), {
            details: { maxQuantity: base.quantity },
          });
        }
      }
      const updated = await applyIncrease(ctx, trx, sub, req, attempt.payment_method_id!, true, now);
      await notifyQuantityChange(ctx, trx, sub, req.change);
      return { subscription: updated };
    }
    // Declined or failed: nothing was applied, nothing to undo.
    const code = outcome.status === 'declined' ? outcome.code : 'processing_error';
    const insufficient = code === 'insufficient_funds';
    return {
      refusal: new AppError(
        insufficient ? 'insufficient_funds' : 'payment_declined',
        insufficient ? msg.cardInsufficientFunds() : msg.cardDeclined(),
        { hint: msg.quantityNotChangedPayOther(), details: { declineCode: code } },
      ),
    };
  },
  async undone(_ctx, _trx, attempt, error) {
    return new AppError(error.code, msg.paymentRefundedAfter({ reason: error.detailMessage }), {
      ...(error.hintMessage ? { hint: error.hintMessage } : {}),
      details: { ...error.details, refunded: attempt.amount },
    });
  },
});

/**
 * *Change quantity* / *Add/Remove licenses* (source §« Mettre à jour un module
 * complémentaire »), for base subscriptions and both kinds of add-on. Increases are charged
 * now, prorated to the end of the current billing period. Decreases are credited now within
 * the refund window, otherwise scheduled for the next renewal. The quantity never goes below
 * the assigned licenses, and a traditional per-user add-on never above its base.
 */
export async function changeQuantity(
  ctx: AppContext,
  input: {
    tenantId: string;
    subscriptionId: string;
    /** The new quantity, or `delta` (+1, -2): computed from the row as locked, never from a stale read. */
    quantity?: number | undefined;
    delta?: number | undefined;
    actor: Actor;
    paymentMethodId?: string | undefined;
    expectedVersion?: number | undefined;
    /** Check and price the change, charge and write nothing: the preview before *Submit*. */
    dryRun?: boolean | undefined;
  },
): Promise<{ subscription: Subscription; change: QuantityChange }> {
  const tenant = await findTenant(ctx.db, input.tenantId);
  if (!tenant) throw new AppError('not_found', msg.tenantNotFound());
  // An increase whose card is being charged holds its subscription version (one pending charge
  // per version): a concurrent change waits for that payment's outcome, then runs on the row as
  // it is then (with If-Match: 412 if the increase was applied). Waits at most `increaseWaitMs`.
  const deadline = Date.now() + increaseWaitMs;
  for (;;) {
    try {
      return await changeQuantityOnce(ctx, tenant, input);
    } catch (error) {
      if (!(error instanceof IncreaseInFlight)) throw error;
      if (Date.now() > deadline) {
        throw new AppError('conflict', msg.otherChangePaymentRunning(), { hint: msg.readAgainAndRetry() });
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

const increaseWaitMs = 15_000;

/** Another increase of the same subscription version is being charged. */
class IncreaseInFlight extends Error {}

async function changeQuantityOnce(
  ctx: AppContext,
  tenant: Tenant,
  input: Parameters<typeof changeQuantity>[1],
): Promise<{ subscription: Subscription; change: QuantityChange }> {
  const reserved = await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now();
    await lockMoneyPath(trx, tenant.id, { subscriptionIds: [input.subscriptionId], licenses: !input.dryRun });
    const sub = await requireSubscription(trx, tenant.id, input.subscriptionId, {
      expectedVersion: input.expectedVersion,
    });
    // An increase of this version is being charged: any other change (a decrease too) waits for
    // its outcome, or the paid increase would find its subscription changed and be refunded.
    if (!input.dryRun) {
      const charging = await findAttemptOfOperation(
        trx,
        tenant.id,
        'quantity_change',
        `${sub.id}@v${sub.version}`,
      );
      if (charging?.status === 'pending') throw new IncreaseInFlight();
    }
    const product = await requireProduct(trx, sub.product_id);
    const name = localized(product.names, product.id);
    const quantityField = input.delta !== undefined ? 'body.delta' : 'body.quantity';
    if (!liveStatuses.includes(sub.status)) {
      throw new AppError(
        'subscription_not_active',
        msg.subscriptionNotActiveQuantity({ product: name, status: sub.status }),
      );
    }
    const to = input.delta !== undefined ? sub.quantity + input.delta : (input.quantity ?? sub.quantity);
    const from = sub.quantity;
    if (to < product.min_quantity || to > product.max_quantity) {
      throw new AppError(
        'quantity_out_of_bounds',
        msg.quantityOutOfBounds({ product: name, min: product.min_quantity, max: product.max_quantity }),
        { details: { min: product.min_quantity, max: product.max_quantity }, field: quantityField },
      );
    }
    if (to === from && sub.pending_quantity === null) {
      throw new AppError('quantity_unchanged', msg.alreadyHasQuantity({ product: name, quantity: from }), {
        field: quantityField,
      });
    }
    if (sub.kind === 'traditional_addon' && product.unit === 'user' && to > from) {
      const base = await requireSubscription(trx, tenant.id, sub.base_subscription_id!);
      if (to > base.quantity) {
        throw new AppError(
          'quantity_exceeds_base',
          msg.addonAtMostBase({ product: name, max: base.quantity }),
          {
            hint: msg.addToBaseFirst(),
            details: { maxQuantity: base.quantity },
            field: quantityField,
          },
        );
      }
    }
    if (sub.kind === 'base' && to < from) {
      const addons = await listAddonsOfBase(trx, tenant.id, sub.id, { statuses: liveStatuses });
      const perUser = [];
      for (const a of addons) {
        const p = await requireProduct(trx, a.product_id);
        if (p.unit === 'user') perUser.push({ a, name: localized(p.names, p.id) });
      }
      const largest = perUser.sort((x, y) => y.a.quantity - x.a.quantity)[0];
      if (largest && largest.a.quantity > to) {
        throw new AppError(
          'quantity_below_addons',
          msg.addonHasMoreLicenses({ addon: largest.name, quantity: largest.a.quantity }),
          {
            hint: msg.reduceAddonFirst(),
            details: { addOnSubscriptionId: largest.a.id, addOnQuantity: largest.a.quantity },
            field: quantityField,
          },
        );
      }
    }
    if (to < from && product.unit === 'user') {
      const assigned = await countAssigned(trx, tenant.id, product.id);
      const purchasedAfter = (await purchasedQuantity(trx, tenant.id, product.id)) - from + to;
      if (assigned > purchasedAfter) {
        const toUnassign = assigned - purchasedAfter;
        throw new AppError(
          'quantity_below_assigned',
          msg.licensesAssignedUnassignFirst({ assigned, product: name, toUnassign, to }),
          {
            hint: msg.unassignLicenses({ count: toUnassign, productId: product.id }),
            details: { assigned, toUnassign },
            field: quantityField,
          },
        );
      }
    }

    const days = prorationDays(now, sub.period_start, sub.period_end);
    const taxRate = await getTaxRate(trx, tenant.billing_country);
    let change: QuantityChange;
    let patch: Partial<Subscription> = {};

    if (to === from) {
      // Same as today's quantity while a reduction is scheduled: withdraw the reduction.
      change = {
        type: 'scheduled_decrease_withdrawn',
        from,
        to,
        amount: 0,
        tax: 0,
        total: 0,
        proratedDays: 0,
        periodDays: days.total,
        effectiveAt: now,
        invoiceId: null,
      };
      patch = { pending_quantity: null };
    } else if (to > from) {
      const amount = prorate(sub.unit_amount, to - from, days.remaining, days.total);
      const tax = taxOn(amount, taxRate);
      let invoiceId: string | null = null;
      if (amount + tax > 0 && !input.dryRun) {
        const method = await paymentMethodFor(trx, sub, input.paymentMethodId);
        if (!method) {
          throw new AppError('payment_method_required', msg.addingLicensesChargedNow(), {
            field: 'body.paymentMethodId',
          });
        }
        invoiceId = newId('invoice', now.getTime());
        const change: QuantityChange = {
          type: 'increase',
          from,
          to,
          amount,
          tax,
          total: amount + tax,
          proratedDays: days.remaining,
          periodDays: days.total,
          effectiveAt: now,
          invoiceId,
        };
        const request: IncreaseRequest = {
          subscriptionId: sub.id,
          version: sub.version,
          change,
          periodEnd: sub.period_end.toISOString(),
          actor: input.actor,
          ...lineText(
            record('line.quantity_increase', {
              productId: product.id,
              unit: product.unit,
              from,
              to,
              delta: to - from,
              days: days.remaining,
              periodDays: days.total,
            }),
            namesOf(product),
          ),
        };
        if (method.type === 'card') {
          requireChargeableAmount(amount + tax, sub.currency);
          // Reserve → charge → apply: nothing changes before the card pays. Until then the
          // quantity (and so the licenses that can be assigned) stays as it was; the charge
          // attempt (one per subscription version) keeps a second increase out meanwhile.
          const attempt = await reserveCharge(ctx, trx, {
            tenantId: tenant.id,
            purpose: 'quantity_increase',
            operationType: 'quantity_change',
            operationId: `${sub.id}@v${sub.version}`,
            amount: amount + tax,
            currency: sub.currency,
            paymentMethod: method,
            request: { ...request, invoiceId },
          });
          return { kind: 'charge' as const, attempt, method, result: { subscription: sub, change } };
        }
        // Paid later by bank transfer: applied now, owed on an open invoice.
        const updated = await applyIncrease(ctx, trx, sub, request, method.id, false, now);
        await recordInvoicePayment(trx, {
          id: newId('payment', now.getTime()),
          tenantId: tenant.id,
          paymentMethodId: method.id,
          orderId: null,
          invoiceId,
          amount: amount + tax,
          currency: sub.currency,
          now,
        });
        await notifyQuantityChange(ctx, trx, sub, change);
        return { kind: 'done' as const, result: { subscription: updated, change } };
      }
      change = {
        type: 'increase',
        from,
        to,
        amount,
        tax,
        total: amount + tax,
        proratedDays: days.remaining,
        periodDays: days.total,
        effectiveAt: now,
        invoiceId,
      };
      patch = { quantity: to, pending_quantity: null };
    } else if (withinWindow(ctx, sub, now)) {
      const amount = prorate(sub.unit_amount, from - to, days.remaining, days.total);
      const tax = taxOn(amount, taxRate);
      let invoiceId: string | null = null;
      if (amount > 0 && !input.dryRun) {
        invoiceId = await issueCredit(ctx, trx, {
          sub,
          quantity: from - to,
          amount,
          tax,
          ...describedRecord(
            record('line.quantity_decrease', {
              productId: product.id,
              unit: product.unit,
              from,
              to,
              delta: to - from,
              days: days.remaining,
              periodDays: days.total,
            }),
            namesOf(product),
          ),
          days,
          now,
        });
      }
      change = {
        type: 'decrease',
        from,
        to,
        amount: -amount,
        tax: -tax,
        total: -(amount + tax),
        proratedDays: days.remaining,
        periodDays: days.total,
        effectiveAt: now,
        invoiceId,
      };
      patch = { quantity: to, pending_quantity: null };
    } else {
      change = {
        type: 'scheduled_decrease',
        from,
        to,
        amount: 0,
        tax: 0,
        total: 0,
        proratedDays: 0,
        periodDays: days.total,
        effectiveAt: sub.term_end,
        invoiceId: null,
      };
      patch = { pending_quantity: to };
    }

    if (input.dryRun)
      return { kind: 'done' as const, result: { subscription: { ...sub, ...patch }, change } };
    const updated = await updateSubscription(trx, tenant.id, sub.id, { ...patch, updated_at: now });
    await recordAudit(trx, {
      tenantId: tenant.id,
      actor: input.actor,
      action: `subscription.quantity.${change.type}`,
      entityType: 'subscription',
      entityId: sub.id,
      before: { quantity: from, pendingQuantity: sub.pending_quantity },
      after: {
        quantity: updated.quantity,
        pendingQuantity: updated.pending_quantity,
        amount: change.amount,
        tax: change.tax,
        windowEnd: windowEnd(ctx, sub).toISOString(),
      },
      at: now,
    });
    await notifyQuantityChange(ctx, trx, sub, change);
    return { kind: 'done' as const, result: { subscription: updated, change } };
  }).catch((error: unknown) => {
    if (isUniqueViolation(error, 'payment_attempts_one_charge')) throw new IncreaseInFlight();
    throw error;
  });
  if (reserved.kind === 'done') return reserved.result;
  return runWorkflow(ctx, 'change-quantity', async (run) => {
    const { outcome, settlement } = await run.step(chargeStep, {
      attempt: reserved.attempt,
      method: reserved.method,
      offSession: false,
      description: `More ${reserved.attempt.operation_id}`,
    });
    if (!outcome || !settlement) {
      throw new AppError('payment_gateway_unavailable', msg.gatewaySilentQuantity(), {
        hint: msg.readSubscriptionInAMinute(),
      });
    }
    if (settlement.kind === 'undone') throw settlement.error;
    if (settlement.kind === 'finished') {
      const result = settlement.result as { subscription: Subscription } | { refusal: AppError };
      if ('refusal' in result) throw result.refusal;
      return { subscription: result.subscription, change: reserved.result.change };
    }
    // Reconciliation settled it first: answer with the subscription as it is now.
    const sub = await requireSubscription(ctx.db, tenant.id, input.subscriptionId);
    return { subscription: sub, change: reserved.result.change };
  });
}
