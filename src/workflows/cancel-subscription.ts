import type { AppContext } from '../app-context.js';
import { AppError } from '../shared/app-error.js';
import type { Actor } from '../modules/audit/index.js';
import { findTenant } from '../modules/tenants/index.js';
import { inTransaction } from '../db/transaction.js';
import { lockMoneyPath } from '../modules/billing/index.js';
import { endSubscription, type EndedSubscription } from './end-subscription.js';
import {
  requireProduct,
  requireSubscription,
  windowEnd,
  withinWindow,
  describe,
} from './subscription-helpers.js';

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
  if (!tenant) throw new AppError('not_found', 'Tenant not found.');
  return inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now();
    await lockMoneyPath(trx, tenant.id, { subscriptionIds: [input.subscriptionId], licenses: !input.dryRun });
    const sub = await requireSubscription(trx, tenant.id, input.subscriptionId, {
      forUpdate: true,
      expectedVersion: input.expectedVersion,
    });
    const names = describe(await requireProduct(trx, sub.product_id));
    if (sub.kind === 'traditional_addon') {
      throw new AppError(
        'traditional_addon_not_removable',
        `${names.en} is a traditional add-on: once bought it cannot be removed by an administrator.`,
        {
          messageFr: `${names.fr} est un module complémentaire traditionnel : une fois acheté, il ne peut pas être supprimé par un administrateur.`,
          hint: `Open a support request to have it removed: POST /api/support-requests {"type": "remove_traditional_addon", "subscriptionId": "${sub.id}"}.`,
          hintFr: `Ouvrez une demande de support pour le faire supprimer : POST /api/support-requests {"type": "remove_traditional_addon", "subscriptionId": "${sub.id}"}.`,
          details: { supportRequest: { type: 'remove_traditional_addon', subscriptionId: sub.id } },
        },
      );
    }
    if (sub.status === 'cancelled' || sub.status === 'deleted') {
      throw new AppError('already_cancelled', `Subscription ${sub.id} has already ended.`, {
        messageFr: `L’abonnement ${sub.id} est déjà terminé.`,
      });
    }
    const live = sub.status === 'active' || sub.status === 'warning';
    if (live && !withinWindow(ctx, sub, now)) {
      const until = windowEnd(ctx, sub).toISOString();
      throw new AppError(
        'cancellation_window_closed',
        `${names.en} can be cancelled with a refund only until ${until}, ${ctx.config.policy.cancellationWindowHours} hours after purchase or renewal.`,
        {
          messageFr: `${names.fr} ne pouvait être annulé avec remboursement que jusqu’au ${until}, ${ctx.config.policy.cancellationWindowHours} heures après l’achat ou le renouvellement.`,
          hint: `Turn off recurring billing instead; the subscription then ends on ${sub.term_end.toISOString()}: PATCH /api/subscriptions/${sub.id} {"recurringBilling": false}.`,
          hintFr: `Désactivez plutôt la facturation périodique ; l’abonnement prendra fin le ${sub.term_end.toISOString()}.`,
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
