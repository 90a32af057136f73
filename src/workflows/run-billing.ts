import type { AppContext } from '../app-context.js';
import type { Transaction } from 'kysely';
import type {
  Database,
  PaymentAttempt,
  PaymentMethod,
  Subscription,
  SubscriptionStatus,
  Tenant,
} from '../db/schema.js';
import { inTransaction, isUniqueViolation } from '../db/transaction.js';
import { AppError, msg } from '../shared/app-error.js';
import { addDays } from '../shared/dates.js';
import { newId } from '../shared/ids.js';
import { extend, taxOn } from '../shared/money.js';
import { recordAudit, systemActor, type Executor } from '../modules/audit/index.js';
import { emitEvent, emitInvoiceIssued, emitSubscriptionStatus } from '../modules/notifications/index.js';
import { getProduct, getTaxRate } from '../modules/catalog/index.js';
import {
  firstPeriodEnd,
  insertInvoice,
  lockMoneyPath,
  nextPeriodEnd,
  termEndFor,
  type InvoiceLine,
} from '../modules/billing/index.js';
import { countAssigned, purchasedQuantity } from '../modules/licensing/index.js';
import { recordInvoicePayment } from '../modules/payments/index.js';
import {
  registerChargeFinisher,
  reserveCharge,
  sendCharge,
  settleCharge,
  type ChargeFinisher,
} from './steps/charge.step.js';
import {
  findSubscription,
  listAddonsOfBase,
  listDueSubscriptions,
  liveStatuses,
  updateSubscription,
} from '../modules/subscriptions/index.js';
import { findTenant } from '../modules/tenants/index.js';
import { endSubscription } from './end-subscription.js';
import { runDunning, type DunningReport } from './run-dunning.js';
import { paymentMethodFor } from './subscription-helpers.js';

export interface BillingRunReport extends DunningReport {
  renewed: number;
  charged: number;
  failed: number;
  expired: number;
  disabled: number;
  deleted: number;
}

/**
 * The billing clock's tick (PRODUCT.md §5 "Term end"): bills new periods, renews terms with
 * recurring billing on, retries failed renewals (warning), and walks the lifecycle of those
 * with it off: expired → disabled → deleted. Each subscription moves in its own transaction
 * together with its traditional add-ons, which always follow their base. Safe to run often
 * and from several processes (rows are locked; a step already taken is not due any more).
 */
export async function runBilling(ctx: AppContext): Promise<BillingRunReport> {
  const report: BillingRunReport = {
    renewed: 0,
    charged: 0,
    failed: 0,
    expired: 0,
    disabled: 0,
    deleted: 0,
    reminded: 0,
    warned: 0,
    suspended: 0,
  };
  // A subscription that could not move (declined, not yet due for retry) is not tried again in
  // this run; one far behind (clock moved by a year) takes several steps: loop until quiet.
  const stuck = new Set<string>();
  for (let pass = 0; pass < 10_000; pass++) {
    const now = ctx.clock.now();
    const due = (await listDueSubscriptions(ctx.db, now, 100 + stuck.size)).filter((d) => !stuck.has(d.id));
    if (due.length === 0) break;
    for (const { id, tenant_id } of due) {
      const moved = await advance(ctx, tenant_id, id, now, report);
      if (!moved) stuck.add(id);
    }
  }
  // Overdue invoices after the subscriptions have moved: reminders, warning, suspension.
  Object.assign(report, await runDunning(ctx));
  return report;
}

/** The periodic job (`billing.run`): one billing run; it is keyed so runs never overlap. */
export async function runBillingJob(ctx: AppContext): Promise<void> {
  await runBilling(ctx);
}

/**
 * Moves one subscription one step. A step that charges a card is split around the gateway
 * call: the attempt is written under the locks (transaction 1), the card is charged with no
 * transaction open, and the outcome is settled under the locks again (transaction 2, the
 * `period` finisher below), or later by reconciliation if this process dies in between.
 */
async function advance(
  ctx: AppContext,
  tenantId: string,
  id: string,
  now: Date,
  report: BillingRunReport,
): Promise<boolean> {
  let reserved: { attempt: PaymentAttempt; method: PaymentMethod } | boolean;
  try {
    reserved = await inTransaction(ctx.db, (trx) => step(ctx, trx, tenantId, id, now, report));
  } catch (error) {
    // Another run is paying this very period (the database refused a second attempt).
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  if (typeof reserved === 'boolean') return reserved;
  const outcome = await sendCharge(ctx, reserved.attempt, reserved.method, {
    offSession: true,
    description: `${(reserved.attempt.request as PeriodRequest).renewal ? 'Renewal' : 'Billing period'} of ${id}`,
  });
  if (!outcome) return false;
  const settled = await settleCharge(ctx, reserved.attempt, outcome);
  const paid = settled.kind === 'finished' && (settled.result as { paid: boolean }).paid;
  if (paid) {
    if ((reserved.attempt.request as PeriodRequest).renewal) report.renewed++;
    else report.charged++;
  } else report.failed++;
  return paid;
}

async function step(
  ctx: AppContext,
  trx: Transaction<Database>,
  tenantId: string,
  id: string,
  now: Date,
  report: BillingRunReport,
): Promise<boolean | { attempt: PaymentAttempt; method: PaymentMethod }> {
  await lockMoneyPath(trx, tenantId, { subscriptionIds: [id] });
  const sub = await findSubscription(trx, tenantId, id);
  const tenant = await findTenant(trx, tenantId);
  if (!sub || !tenant) return false;
  const policy = ctx.config.policy;

  if (sub.status === 'active' && sub.period_end.getTime() <= now.getTime()) {
    if (sub.period_end.getTime() >= sub.term_end.getTime() && !sub.recurring_billing) {
      await moveWithAddons(trx, sub, 'expired', sub.term_end, addDays(sub.term_end, policy.expiredDays), now);
      await emitSubscriptionStatus(ctx, trx, sub, 'expired', addDays(sub.term_end, policy.expiredDays));
      report.expired++;
      return true;
    }
    return collect(ctx, trx, tenant, sub, now, report);
  }
  if (!sub.next_action_at || sub.next_action_at.getTime() > now.getTime()) return false;
  if (sub.status === 'warning') {
    // The warning ends warningDays after the period's end whether or not a retry is due.
    const deadline = addDays(sub.period_end, policy.warningDays);
    if (now.getTime() >= deadline.getTime()) {
      await moveWithAddons(trx, sub, 'expired', deadline, addDays(deadline, policy.expiredDays), now);
      await emitSubscriptionStatus(ctx, trx, sub, 'expired', addDays(deadline, policy.expiredDays));
      report.expired++;
      return true;
    }
    return collect(ctx, trx, tenant, sub, now, report);
  }
  if (sub.status === 'expired') {
    await moveWithAddons(
      trx,
      sub,
      'disabled',
      sub.next_action_at,
      addDays(sub.next_action_at, policy.disabledDays),
      now,
    );
    await emitSubscriptionStatus(ctx, trx, sub, 'disabled', addDays(sub.next_action_at, policy.disabledDays));
    report.disabled++;
    return true;
  }
  if (sub.status === 'disabled') {
    await endSubscription(ctx, trx, {
      tenant,
      subscription: sub,
      status: 'deleted',
      refund: false,
      actor: systemActor,
      action: 'subscription.deleted',
      now,
    });
    report.deleted++;
    return true;
  }
  return false;
}

async function moveWithAddons(
  trx: Executor,
  sub: Subscription,
  status: SubscriptionStatus,
  changedAt: Date,
  nextActionAt: Date | null,
  now: Date,
) {
  const addons =
    sub.kind === 'base' ? await listAddonsOfBase(trx, sub.tenant_id, sub.id, { forUpdate: true }) : [];
  for (const s of [sub, ...addons.filter((a) => a.status === sub.status)]) {
    await updateSubscription(trx, s.tenant_id, s.id, {
      status,
      status_changed_at: changedAt,
      next_action_at: s.id === sub.id ? nextActionAt : null,
      updated_at: now,
    });
    await recordAudit(trx, {
      tenantId: s.tenant_id,
      actor: systemActor,
      action: `subscription.${status}`,
      entityType: 'subscription',
      entityId: s.id,
      before: { status: s.status },
      after: { status, nextStatusChangeAt: s.id === sub.id ? nextActionAt : null },
      at: now,
    });
  }
}

/** The quantity a renewal bills: the scheduled reduction, but never below what is assigned. */
async function renewalQuantity(trx: Executor, sub: Subscription): Promise<number> {
  const wanted = sub.pending_quantity ?? sub.quantity;
  if (wanted === sub.quantity) return wanted;
  const product = await getProduct(trx, sub.product_id);
  if (product?.unit !== 'user') return wanted;
  const assigned = await countAssigned(trx, sub.tenant_id, sub.product_id);
  const others = (await purchasedQuantity(trx, sub.tenant_id, sub.product_id)) - sub.quantity;
  return Math.max(wanted, assigned - others);
}

/**
 * Charges the next billing period of a subscription and its traditional add-ons (a renewal
 * when the term has ended). Paid, or owed on an open invoice: the period starts. Declined:
 * the subscription goes to warning and is retried.
 */
async function collect(
  ctx: AppContext,
  trx: Transaction<Database>,
  tenant: Tenant,
  sub: Subscription,
  now: Date,
  report: BillingRunReport,
): Promise<boolean | { attempt: PaymentAttempt; method: PaymentMethod }> {
  const renewal = sub.period_end.getTime() >= sub.term_end.getTime();
  const anchor = sub.created_at.getUTCDate();
  const termStart = renewal ? sub.term_end : sub.term_start;
  const termEnd = renewal ? termEndFor(sub.term_end, sub.commitment, anchor) : sub.term_end;
  const periodStart = sub.period_end;
  const periodEnd = renewal
    ? firstPeriodEnd(periodStart, sub.billing_frequency, termEnd)
    : nextPeriodEnd(sub.period_end, sub.billing_frequency, sub.term_end, anchor);
  const addons =
    sub.kind === 'base' ? await listAddonsOfBase(trx, tenant.id, sub.id, { statuses: liveStatuses }) : [];
  const taxRate = await getTaxRate(trx, tenant.billing_country);
  const plan: { s: Subscription; quantity: number; line: InvoiceLine }[] = [];
  for (const s of [sub, ...addons]) {
    const quantity = renewal ? await renewalQuantity(trx, s) : s.quantity;
    const amount = extend(s.unit_amount, quantity);
    const product = await getProduct(trx, s.product_id);
    plan.push({
      s,
      quantity,
      line: {
        description: `${product?.names['en-US'] ?? s.product_id} — ${renewal ? 'renewal' : 'billing period'}`,
        productId: s.product_id,
        subscriptionId: s.id,
        quantity,
        unitAmount: s.unit_amount,
        amount,
        tax: taxOn(amount, taxRate),
        periodStart: periodStart.toISOString(),
        periodEnd: periodEnd.toISOString(),
      },
    });
  }
  const total = plan.reduce((t, p) => t + p.line.amount + p.line.tax, 0);
  const method = await paymentMethodFor(trx, sub);
  const invoiceId = newId('invoice', now.getTime());
  const request: PeriodRequest = {
    subscriptionId: sub.id,
    renewal,
    invoiceId,
    periodStart: periodStart.toISOString(),
    periodEnd: periodEnd.toISOString(),
    termStart: termStart.toISOString(),
    termEnd: termEnd.toISOString(),
    plan: plan.map((p) => ({ subscriptionId: p.s.id, quantity: p.quantity, line: p.line })),
  };
  if (total > 0 && method?.type === 'card') {
    const attempt = await reserveCharge(ctx, trx, {
      tenantId: tenant.id,
      purpose: renewal ? 'renewal' : 'period',
      operationType: 'subscription_period',
      operationId: `${sub.id}@${periodStart.toISOString()}`,
      amount: total,
      currency: sub.currency,
      paymentMethod: method,
      request,
    });
    return { attempt, method };
  }
  if (total > 0 && !method) {
    await markCollectionFailed(ctx, trx, tenant.id, [sub, ...addons], renewal, null, total, now);
    report.failed++;
    return false;
  }
  let paymentId: string | null = null;
  if (total > 0 && method) {
    paymentId = newId('payment', now.getTime());
    await recordInvoicePayment(trx, {
      id: paymentId,
      tenantId: tenant.id,
      paymentMethodId: method.id,
      orderId: null,
      invoiceId,
      amount: total,
      currency: sub.currency,
      now,
    });
  }
  await applyPeriod(
    ctx,
    trx,
    tenant.id,
    [sub, ...addons],
    request,
    method?.id ?? null,
    paymentId === null,
    now,
  );
  if (renewal) report.renewed++;
  else report.charged++;
  return true;
}

/** What a period's charge attempt carries, so reconciliation can apply the period alone. */
interface PeriodRequest extends Record<string, unknown> {
  subscriptionId: string;
  renewal: boolean;
  invoiceId: string;
  periodStart: string;
  periodEnd: string;
  termStart: string;
  termEnd: string;
  plan: { subscriptionId: string; quantity: number; line: InvoiceLine }[];
}

/** The period starts: its invoice (paid, or open for bank transfer) and the new dates. */
async function applyPeriod(
  ctx: AppContext,
  trx: Transaction<Database>,
  tenantId: string,
  subs: Subscription[],
  request: PeriodRequest,
  paymentMethodId: string | null,
  paid: boolean,
  now: Date,
): Promise<void> {
  const policy = ctx.config.policy;
  const [sub] = subs;
  if (!sub) return;
  const periodStart = new Date(request.periodStart);
  const termStart = new Date(request.termStart);
  const termEnd = new Date(request.termEnd);
  const periodEnd = new Date(request.periodEnd);
  await insertInvoice(trx, {
    id: request.invoiceId,
    tenantId,
    kind: request.renewal ? 'renewal' : 'period',
    status: paid ? 'paid' : 'open',
    orderId: null,
    subscriptionId: sub.id,
    currency: sub.currency,
    lines: request.plan.map((p) => p.line),
    paymentMethodId,
    issuedAt: now,
    dueAt: paid ? now : addDays(now, policy.invoicePaymentTermDays),
    paidAt: paid ? now : null,
    billedPeriodStart: periodStart,
  });
  for (const p of request.plan) {
    const s = subs.find((x) => x.id === p.subscriptionId);
    if (!s) continue;
    await updateSubscription(trx, tenantId, s.id, {
      status: 'active',
      status_changed_at: s.status === 'active' ? s.status_changed_at : now,
      quantity: p.quantity,
      pending_quantity: null,
      term_start: request.renewal ? termStart : s.term_start,
      term_end: termEnd,
      period_start: periodStart,
      period_end: periodEnd,
      window_start: request.renewal ? termStart : s.window_start,
      renewal_attempts: 0,
      next_action_at: null,
      updated_at: now,
    });
    await recordAudit(trx, {
      tenantId,
      actor: systemActor,
      action: request.renewal ? 'subscription.renewed' : 'subscription.period_billed',
      entityType: 'subscription',
      entityId: s.id,
      before: { quantity: s.quantity, termEnd: s.term_end, periodEnd: s.period_end },
      after: { quantity: p.quantity, termEnd, periodEnd, invoiceId: request.invoiceId },
      at: now,
    });
  }
  if (request.renewal) {
    await emitEvent(ctx, trx, {
      tenantId,
      type: 'subscription.renewed',
      data: {
        subscriptionId: sub.id,
        productId: sub.product_id,
        quantity: request.plan.find((p) => p.subscriptionId === sub.id)?.quantity ?? sub.quantity,
        termStart: request.termStart,
        termEnd: request.termEnd,
        invoiceId: request.invoiceId,
        currency: sub.currency,
        total: request.plan.reduce((t, p) => t + p.line.amount + p.line.tax, 0),
      },
    });
  }
  await emitInvoiceIssued(ctx, trx, tenantId, request.invoiceId);
}

/**
 * A period that could not be collected: warning, retried every renewalRetryIntervalDays, but
 * never later than the warning's end (warningDays after the period's end), when it expires.
 */
async function markCollectionFailed(
  ctx: AppContext,
  trx: Transaction<Database>,
  tenantId: string,
  subs: Subscription[],
  renewal: boolean,
  paymentMethodId: string | null,
  amount: number,
  now: Date,
): Promise<void> {
  const policy = ctx.config.policy;
  const [sub] = subs;
  if (!sub) return;
  const retryAt = addDays(now, policy.renewalRetryIntervalDays);
  const deadline = addDays(sub.period_end, policy.warningDays);
  const next = retryAt.getTime() < deadline.getTime() ? retryAt : deadline;
  for (const s of subs) {
    await updateSubscription(trx, tenantId, s.id, {
      status: 'warning',
      status_changed_at: s.status === 'warning' ? s.status_changed_at : now,
      renewal_attempts: s.renewal_attempts + 1,
      next_action_at: s.id === sub.id ? next : null,
      updated_at: now,
    });
  }
  await recordAudit(trx, {
    tenantId,
    actor: systemActor,
    action: renewal ? 'subscription.renewal_failed' : 'subscription.period_charge_failed',
    entityType: 'subscription',
    entityId: sub.id,
    after: { attempt: sub.renewal_attempts + 1, paymentMethodId, amount },
    at: now,
  });
  await emitEvent(ctx, trx, {
    tenantId,
    type: 'payment.failed',
    data: {
      subscriptionId: sub.id,
      productId: sub.product_id,
      attempt: sub.renewal_attempts + 1,
      currency: sub.currency,
      amount,
      paymentMethodId,
      nextAttemptAt: next.toISOString(),
      expiresAt: deadline.toISOString(),
    },
  });
}

/** The subscriptions of a period attempt, locked, if the period is still the one it pays. */
async function lockPeriod(
  trx: Transaction<Database>,
  attempt: PaymentAttempt,
): Promise<Subscription[] | null> {
  const req = attempt.request as PeriodRequest;
  const locked = await lockMoneyPath(trx, attempt.tenant_id, { subscriptionIds: [req.subscriptionId] });
  const sub = locked.get(req.subscriptionId);
  if (!sub || !liveStatuses.includes(sub.status) || sub.period_end.toISOString() !== req.periodStart)
    return null;
  return [sub, ...[...locked.values()].filter((s) => s.id !== sub.id && liveStatuses.includes(s.status))];
}

const periodFinisher: ChargeFinisher = {
  async finish(ctx, trx, attempt, outcome) {
    const req = attempt.request as PeriodRequest;
    const subs = await lockPeriod(trx, attempt);
    if (!subs) {
      throw new AppError('conflict', msg.subscriptionChangedWhilePaid({ id: req.subscriptionId }));
    }
    const now = ctx.clock.now();
    if (outcome.status === 'succeeded') {
      await applyPeriod(ctx, trx, attempt.tenant_id, subs, req, attempt.payment_method_id, true, now);
      return { paid: true };
    }
    await markCollectionFailed(
      ctx,
      trx,
      attempt.tenant_id,
      subs,
      req.renewal,
      attempt.payment_method_id,
      attempt.amount,
      now,
    );
    return { paid: false };
  },
  async undone(ctx, trx, attempt, error) {
    await recordAudit(trx, {
      tenantId: attempt.tenant_id,
      actor: systemActor,
      action: 'subscription.period_charge_refunded',
      entityType: 'subscription',
      entityId: (attempt.request as PeriodRequest).subscriptionId,
      after: { amount: attempt.amount, reason: error.message },
      at: ctx.clock.now(),
    });
  },
};
registerChargeFinisher('renewal', periodFinisher);
registerChargeFinisher('period', periodFinisher);
