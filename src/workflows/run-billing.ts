import type { AppContext } from '../app-context.js';
import type { Subscription, SubscriptionStatus, Tenant } from '../db/schema.js';
import { addDays } from '../shared/dates.js';
import { newId } from '../shared/ids.js';
import { extend, taxOn } from '../shared/money.js';
import { recordAudit, systemActor, type Executor } from '../modules/audit/index.js';
import { getProduct, getTaxRate } from '../modules/catalog/index.js';
import { insertInvoice, type InvoiceLine } from '../modules/billing/invoices.repository.js';
import { firstPeriodEnd, nextPeriodEnd, termEndFor } from '../modules/billing/terms.js';
import { countAssigned, purchasedQuantity } from '../modules/licensing/index.js';
import { chargePaymentMethod } from '../modules/payments/index.js';
import {
  findSubscription,
  listAddonsOfBase,
  listDueSubscriptions,
  liveStatuses,
  updateSubscription,
} from '../modules/subscriptions/index.js';
import { findTenant } from '../modules/tenants/index.js';
import { emitEvent, emitInvoiceIssued, emitSubscriptionStatus } from '../modules/notifications/index.js';
import { endSubscription } from './end-subscription.js';
import { paymentMethodFor } from './subscription-helpers.js';

export interface BillingRunReport {
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
  const report: BillingRunReport = { renewed: 0, charged: 0, failed: 0, expired: 0, disabled: 0, deleted: 0 };
  // A subscription that could not move (declined, not yet due for retry) is not tried again in
  // this run; one far behind (clock moved by a year) takes several steps: loop until quiet.
  const stuck = new Set<string>();
  for (let pass = 0; pass < 10_000; pass++) {
    const now = ctx.clock.now();
    const due = (await listDueSubscriptions(ctx.db, now, 100 + stuck.size)).filter((d) => !stuck.has(d.id));
    if (due.length === 0) break;
    for (const { id, tenant_id } of due) {
      const moved = await ctx.db.transaction().execute((trx) => step(ctx, trx, tenant_id, id, now, report));
      if (!moved) stuck.add(id);
    }
  }
  return report;
}

/** The periodic job (`billing.run`): one billing run; it is keyed so runs never overlap. */
export async function runBillingJob(ctx: AppContext): Promise<void> {
  await runBilling(ctx);
}

async function step(
  ctx: AppContext,
  trx: Executor,
  tenantId: string,
  id: string,
  now: Date,
  report: BillingRunReport,
): Promise<boolean> {
  const sub = await findSubscription(trx, tenantId, id, { forUpdate: true });
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
    const paid = await collect(ctx, trx, tenant, sub, now, report);
    if (!paid && now.getTime() >= addDays(sub.period_end, policy.warningDays).getTime()) {
      await moveWithAddons(trx, sub, 'expired', now, addDays(now, policy.expiredDays), now);
      await emitSubscriptionStatus(ctx, trx, sub, 'expired', addDays(now, policy.expiredDays));
      report.expired++;
    }
    return paid;
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
  trx: Executor,
  tenant: Tenant,
  sub: Subscription,
  now: Date,
  report: BillingRunReport,
): Promise<boolean> {
  const policy = ctx.config.policy;
  const renewal = sub.period_end.getTime() >= sub.term_end.getTime();
  const anchor = sub.created_at.getUTCDate();
  const termStart = renewal ? sub.term_end : sub.term_start;
  const termEnd = renewal ? termEndFor(sub.term_end, sub.commitment, anchor) : sub.term_end;
  const periodStart = sub.period_end;
  const periodEnd = renewal
    ? firstPeriodEnd(periodStart, sub.billing_frequency, termEnd)
    : nextPeriodEnd(sub.period_end, sub.billing_frequency, sub.term_end, anchor);
  const addons =
    sub.kind === 'base'
      ? await listAddonsOfBase(trx, tenant.id, sub.id, { forUpdate: true, statuses: liveStatuses })
      : [];
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
  let status: 'succeeded' | 'pending' | 'declined' = 'succeeded';
  if (total > 0) {
    if (!method) status = 'declined';
    else {
      const outcome = await chargePaymentMethod(ctx, trx, {
        tenantId: tenant.id,
        paymentMethod: method,
        amount: total,
        currency: sub.currency,
        description: `${renewal ? 'Renewal' : 'Billing period'} of ${sub.id}`,
        orderId: null,
        invoiceId,
      });
      status = outcome.status;
    }
  }
  if (status === 'declined') {
    for (const s of [sub, ...addons]) {
      await updateSubscription(trx, tenant.id, s.id, {
        status: 'warning',
        status_changed_at: s.status === 'warning' ? s.status_changed_at : now,
        renewal_attempts: s.renewal_attempts + 1,
        next_action_at: s.id === sub.id ? addDays(now, policy.renewalRetryIntervalDays) : null,
        updated_at: now,
      });
    }
    await recordAudit(trx, {
      tenantId: tenant.id,
      actor: systemActor,
      action: renewal ? 'subscription.renewal_failed' : 'subscription.period_charge_failed',
      entityType: 'subscription',
      entityId: sub.id,
      after: { attempt: sub.renewal_attempts + 1, paymentMethodId: method?.id ?? null, amount: total },
      at: now,
    });
    await emitEvent(ctx, trx, {
      tenantId: tenant.id,
      type: 'payment.failed',
      data: {
        subscriptionId: sub.id,
        productId: sub.product_id,
        attempt: sub.renewal_attempts + 1,
        currency: sub.currency,
        amount: total,
        paymentMethodId: method?.id ?? null,
        nextAttemptAt: addDays(now, policy.renewalRetryIntervalDays).toISOString(),
        expiresAt: addDays(sub.period_end, policy.warningDays).toISOString(),
      },
    });
    report.failed++;
    return false;
  }
  await insertInvoice(trx, {
    id: invoiceId,
    tenantId: tenant.id,
    kind: renewal ? 'renewal' : 'period',
    status: status === 'succeeded' ? 'paid' : 'open',
    orderId: null,
    subscriptionId: sub.id,
    currency: sub.currency,
    lines: plan.map((p) => p.line),
    paymentMethodId: method?.id ?? null,
    issuedAt: now,
    dueAt: status === 'succeeded' ? now : addDays(now, policy.invoicePaymentTermDays),
    paidAt: status === 'succeeded' ? now : null,
  });
  for (const p of plan) {
    await updateSubscription(trx, tenant.id, p.s.id, {
      status: 'active',
      status_changed_at: p.s.status === 'active' ? p.s.status_changed_at : now,
      quantity: p.quantity,
      pending_quantity: null,
      term_start: renewal ? termStart : p.s.term_start,
      term_end: termEnd,
      period_start: periodStart,
      period_end: periodEnd,
      window_start: renewal ? termStart : p.s.window_start,
      renewal_attempts: 0,
      next_action_at: null,
      updated_at: now,
    });
    await recordAudit(trx, {
      tenantId: tenant.id,
      actor: systemActor,
      action: renewal ? 'subscription.renewed' : 'subscription.period_billed',
      entityType: 'subscription',
      entityId: p.s.id,
      before: { quantity: p.s.quantity, termEnd: p.s.term_end, periodEnd: p.s.period_end },
      after: { quantity: p.quantity, termEnd, periodEnd, invoiceId },
      at: now,
    });
  }
  if (renewal) {
    await emitEvent(ctx, trx, {
      tenantId: tenant.id,
      type: 'subscription.renewed',
      data: {
        subscriptionId: sub.id,
        productId: sub.product_id,
        quantity: plan[0]!.quantity,
        termStart: termStart.toISOString(),
        termEnd: termEnd.toISOString(),
        invoiceId,
        currency: sub.currency,
        total,
      },
    });
  }
  await emitInvoiceIssued(ctx, trx, tenant.id, invoiceId);
  if (renewal) report.renewed++;
  else report.charged++;
  return true;
}
