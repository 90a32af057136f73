import type { AppContext } from '../app-context.js';
import type { Transaction } from 'kysely';
import type { Database, Subscription, SubscriptionStatus, Tenant } from '../db/schema.js';
import { prorate, taxOn } from '../shared/money.js';
import { recordAudit, type Actor } from '../modules/audit/index.js';
import { getProduct, getTaxRate } from '../modules/catalog/index.js';
import { prorationDays } from '../modules/billing/index.js';
import { releaseExcessLicenses } from '../modules/licensing/index.js';
import {
  listAddonsOfBase,
  licenseBearingStatuses,
  updateSubscription,
} from '../modules/subscriptions/index.js';
import { issueCredit } from './issue-credit.js';
import { describedRecord, namesOf, record } from '../modules/records/index.js';

export interface EndedSubscription {
  subscriptionId: string;
  productId: string;
  refund: number;
  refundTax: number;
  creditInvoiceId: string | null;
  unassigned: { userId: string; email: string; productId: string }[];
}

/**
 * Ends a subscription now, and with it the traditional add-ons attached to it (PRODUCT.md §5
 * cascade; standalone add-ons are untouched). With `refund`, each ended subscription is
 * credited for the whole days left in its current period — the same proration that charged
 * it — by a credit note and a refund to the method that paid. Licenses beyond what is still
 * purchased are released, newest first.
 */
export async function endSubscription(
  ctx: AppContext,
  trx: Transaction<Database>,
  input: {
    tenant: Tenant;
    subscription: Subscription;
    status: Extract<SubscriptionStatus, 'cancelled' | 'deleted'>;
    refund: boolean;
    actor: Actor;
    action: string;
    now: Date;
    /** Work out the refunds only: nothing is credited, ended or released. */
    dryRun?: boolean;
  },
): Promise<EndedSubscription[]> {
  const { tenant, now } = input;
  const addons =
    input.subscription.kind === 'base'
      ? await listAddonsOfBase(trx, tenant.id, input.subscription.id, {
          forUpdate: true,
          statuses: licenseBearingStatuses,
        })
      : [];
  const taxRate = await getTaxRate(trx, tenant.billing_country);
  const results: EndedSubscription[] = [];
  for (const sub of [input.subscription, ...addons]) {
    let refund = 0;
    let refundTax = 0;
    let creditInvoiceId: string | null = null;
    const live = sub.status === 'active' || sub.status === 'warning';
    if (input.refund && live) {
      const days = prorationDays(now, sub.period_start, sub.period_end);
      refund = prorate(sub.unit_amount, sub.quantity, days.remaining, days.total);
      refundTax = taxOn(refund, taxRate);
      if (refund > 0 && !input.dryRun) {
        const product = await getProduct(trx, sub.product_id);
        creditInvoiceId = await issueCredit(ctx, trx, {
          sub,
          quantity: sub.quantity,
          amount: refund,
          tax: refundTax,
          ...describedRecord(
            record('line.cancellation_credit', {
              productId: sub.product_id,
              unit: product?.unit ?? 'user',
              quantity: sub.quantity,
              days: days.remaining,
              periodDays: days.total,
            }),
            product ? namesOf(product) : new Map(),
          ),
          days,
          now,
        });
      }
    }
    if (input.dryRun) {
      results.push({
        subscriptionId: sub.id,
        productId: sub.product_id,
        refund,
        refundTax,
        creditInvoiceId,
        unassigned: [],
      });
      continue;
    }
    const updated = await updateSubscription(trx, tenant.id, sub.id, {
      status: input.status,
      recurring_billing: false,
      pending_quantity: null,
      ended_at: now,
      status_changed_at: now,
      next_action_at: null,
      updated_at: now,
    });
    await recordAudit(trx, {
      tenantId: tenant.id,
      actor: input.actor,
      action: sub.id === input.subscription.id ? input.action : `${input.action}.cascade`,
      entityType: 'subscription',
      entityId: sub.id,
      before: { status: sub.status, quantity: sub.quantity },
      after: { status: updated.status, refund, refundTax, creditInvoiceId },
      at: now,
    });
    results.push({
      subscriptionId: sub.id,
      productId: sub.product_id,
      refund,
      refundTax,
      creditInvoiceId,
      unassigned: [],
    });
  }
  if (input.dryRun) return results;
  // Release after every subscription is ended, so a product sold on both base and add-on
  // loses only what is really gone.
  const releasedByProduct = new Map<string, EndedSubscription['unassigned']>();
  for (const r of results) {
    if (releasedByProduct.has(r.productId)) continue;
    const released = await releaseExcessLicenses(trx, {
      tenantId: tenant.id,
      productId: r.productId,
      now,
      actor: input.actor,
    });
    releasedByProduct.set(r.productId, released);
    r.unassigned = released;
  }
  return results;
}
