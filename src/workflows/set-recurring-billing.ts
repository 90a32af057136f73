import type { AppContext } from '../app-context.js';
import type { Subscription } from '../db/schema.js';
import { AppError, localized, msg } from '../shared/app-error.js';
import { addDays } from '../shared/dates.js';
import { recordAudit, type Actor } from '../modules/audit/index.js';
import { emitEvent } from '../modules/notifications/index.js';
import { inTransaction } from '../db/transaction.js';
import { lockMoneyPath } from '../modules/billing/index.js';
import { listAddonsOfBase, liveStatuses, updateSubscription } from '../modules/subscriptions/index.js';
import { requireProduct, requireSubscription } from './subscription-helpers.js';

/**
 * *Recurring billing* on or off (« facturation périodique »). Off: the subscription runs to its
 * term end, then expires. A traditional add-on follows its base subscription, so the switch
 * on the base carries its traditional add-ons with it.
 */
export async function setRecurringBilling(
  ctx: AppContext,
  input: {
    tenantId: string;
    subscriptionId: string;
    enabled: boolean;
    actor: Actor;
    expectedVersion?: number | undefined;
  },
): Promise<Subscription> {
  return inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now();
    await lockMoneyPath(trx, input.tenantId, { subscriptionIds: [input.subscriptionId] });
    const sub = await requireSubscription(trx, input.tenantId, input.subscriptionId, {
      forUpdate: true,
      expectedVersion: input.expectedVersion,
    });
    const product = await requireProduct(trx, sub.product_id);
    const name = localized(product.names, product.id);
    if (sub.kind === 'traditional_addon') {
      throw new AppError('follows_base_subscription', msg.addonFollowsBase({ product: name }), {
        hint: msg.changeRecurringOnBase({ baseSubscriptionId: String(sub.base_subscription_id) }),
        details: { baseSubscriptionId: sub.base_subscription_id },
      });
    }
    if (!liveStatuses.includes(sub.status)) {
      throw new AppError(
        'subscription_not_active',
        msg.subscriptionNotActiveRecurring({ product: name, status: sub.status }),
      );
    }
    if (sub.recurring_billing === input.enabled) return sub;
    const updated = await updateSubscription(trx, input.tenantId, sub.id, {
      recurring_billing: input.enabled,
      updated_at: now,
    });
    for (const addon of await listAddonsOfBase(trx, input.tenantId, sub.id, { statuses: liveStatuses })) {
      await updateSubscription(trx, input.tenantId, addon.id, {
        recurring_billing: input.enabled,
        updated_at: now,
      });
    }
    await recordAudit(trx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: input.enabled ? 'subscription.recurring_billing.on' : 'subscription.recurring_billing.off',
      entityType: 'subscription',
      entityId: sub.id,
      before: { recurringBilling: sub.recurring_billing },
      after: {
        recurringBilling: input.enabled,
        expiresAt: input.enabled ? null : sub.term_end.toISOString(),
        disabledAt: input.enabled ? null : addDays(sub.term_end, ctx.config.policy.expiredDays).toISOString(),
      },
      at: now,
    });
    await emitEvent(ctx, trx, {
      tenantId: input.tenantId,
      type: 'subscription.recurring_billing_changed',
      data: {
        subscriptionId: sub.id,
        productId: sub.product_id,
        recurringBilling: input.enabled,
        termEnd: sub.term_end.toISOString(),
        expiresAt: input.enabled ? null : sub.term_end.toISOString(),
      },
    });
    return updated;
  });
}
