import type { AppContext } from '../app-context.js';
import { AppError, localized, msg } from '../shared/app-error.js';
import type { Actor } from '../modules/audit/index.js';
import { findTenant } from '../modules/tenants/index.js';
import { inTransaction } from '../db/transaction.js';
import { lockMoneyPath } from '../modules/billing/index.js';
import { endSubscription, type EndedSubscription } from './end-subscription.js';
import { requireProduct, requireSubscription, windowEnd, withinWindow } from './subscription-helpers.js';

/**
 * *Cancel subscription*: within the refund window after purchase or renewal, the
 * subscription (and its traditional add-ons) ends now with a prorated refund. After it, the
 * way out is to turn recurring billing off. A traditional add-on cannot be cancelled by the
 * tenant at all (source: « vous ne pouvez pas supprimer un module complémentaire traditionnel »).
 */
export async function cancelSubscription(
  ctx: AppContext,
  input: {
    tenantId: string;
    subscriptionId: string;
    actor: Actor;
    expectedVersion?: number | undefined;
    /** Check and work out the refunds without cancelling: the preview in the Cancel dialog. */
    dryRun?: boolean | undefined;
  },
): Promise<{ ended: EndedSubscription[] }> {
  const tenant = await findTenant(ctx.db, input.tenantId);
  if (!tenant) throw new AppError('not_found', msg.tenantNotFound());
  return inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now();
    await lockMoneyPath(trx, tenant.id, { subscriptionIds: [input.subscriptionId], licenses: !input.dryRun });
    const sub = await requireSubscription(trx, tenant.id, input.subscriptionId, {
      forUpdate: true,
      expectedVersion: input.expectedVersion,
    });
    const product = await requireProduct(trx, sub.product_id);
    const name = localized(product.names, product.id);
    if (sub.kind === 'traditional_addon') {
      throw new AppError(
        'traditional_addon_not_removable',
        msg.traditionalAddonNotRemovable({ product: name }),
        {
          hint: msg.openSupportRequestToRemove({ subscriptionId: sub.id }),
          details: { supportRequest: { type: 'remove_traditional_addon', subscriptionId: sub.id } },
        },
      );
    }
    if (sub.status === 'cancelled' || sub.status === 'deleted') {
      throw new AppError('already_cancelled', msg.subscriptionAlreadyEnded({ id: sub.id }));
    }
    const live = sub.status === 'active' || sub.status === 'warning';
    if (live && !withinWindow(ctx, sub, now)) {
      const until = windowEnd(ctx, sub).toISOString();
      throw new AppError(
        'cancellation_window_closed',
        msg.cancellationWindowClosed({
          product: name,
          until: String(until),
          hours: ctx.config.policy.cancellationWindowHours,
        }),
        {
          hint: msg.turnOffRecurringInstead({ termEnd: sub.term_end.toISOString(), subscriptionId: sub.id }),
          details: { windowEnd: until, termEnd: sub.term_end.toISOString() },
        },
      );
    }
    const ended = await endSubscription(ctx, trx, {
      tenant,
      subscription: sub,
      status: 'cancelled',
      refund: live,
      actor: input.actor,
      action: 'subscription.cancelled',
      now,
      dryRun: input.dryRun ?? false,
    });
    return { ended };
  });
}
