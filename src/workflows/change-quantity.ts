import type { AppContext } from '../app-context.js';
import type { Subscription } from '../db/schema.js';
import { AppError } from '../shared/app-error.js';
import { addDays } from '../shared/dates.js';
import { newId } from '../shared/ids.js';
import { prorate, taxOn } from '../shared/money.js';
import { recordAudit, type Actor } from '../modules/audit/index.js';
import { emitEvent, emitInvoiceIssued } from '../modules/notifications/index.js';
import { getTaxRate } from '../modules/catalog/index.js';
import { insertInvoice } from '../modules/billing/invoices.repository.js';
import { prorationDays } from '../modules/billing/terms.js';
import { countAssigned, lockTenantLicenses, purchasedQuantity } from '../modules/licensing/index.js';
import { chargePaymentMethod } from '../modules/payments/index.js';
import { issueCredit } from './issue-credit.js';
import { listAddonsOfBase, liveStatuses, updateSubscription } from '../modules/subscriptions/index.js';
import { findTenant } from '../modules/tenants/index.js';
import {
  describe,
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

class Declined extends Error {
  constructor(
    readonly code: string,
    readonly reason: string,
    readonly paymentMethodId: string,
    readonly amount: number,
  ) {
    super(reason);
  }
}

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
    quantity: number;
    actor: Actor;
    paymentMethodId?: string | undefined;
    expectedVersion?: number | undefined;
    /** Check and price the change, charge and write nothing: the preview before *Submit*. */
    dryRun?: boolean | undefined;
  },
): Promise<{ subscription: Subscription; change: QuantityChange }> {
  const tenant = await findTenant(ctx.db, input.tenantId);
  if (!tenant) throw new AppError('not_found', 'Tenant not found.');
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      const sub = await requireSubscription(trx, tenant.id, input.subscriptionId, {
        forUpdate: true,
        expectedVersion: input.expectedVersion,
      });
      const product = await requireProduct(trx, sub.product_id);
      const names = describe(product);
      if (!liveStatuses.includes(sub.status)) {
        throw new AppError(
          'subscription_not_active',
          `${names.en} is ${sub.status}; its quantity cannot change.`,
          {
            messageFr: `${names.fr} n’est pas actif (${sub.status}) ; sa quantité ne peut pas changer.`,
          },
        );
      }
      const to = input.quantity;
      const from = sub.quantity;
      if (to < product.min_quantity || to > product.max_quantity) {
        throw new AppError(
          'quantity_out_of_bounds',
          `${names.en} is sold in quantities from ${product.min_quantity} to ${product.max_quantity}.`,
          {
            messageFr: `${names.fr} se vend par quantités de ${product.min_quantity} à ${product.max_quantity}.`,
            details: { min: product.min_quantity, max: product.max_quantity },
          },
        );
      }
      if (to === from && sub.pending_quantity === null) {
        throw new AppError('quantity_unchanged', `${names.en} already has ${from}.`, {
          messageFr: `${names.fr} a déjà ${from}.`,
        });
      }
      if (sub.kind === 'traditional_addon' && product.unit === 'user' && to > from) {
        const base = await requireSubscription(trx, tenant.id, sub.base_subscription_id!, {
          forUpdate: true,
        });
        if (to > base.quantity) {
          throw new AppError(
            'quantity_exceeds_base',
            `${names.en} can have at most ${base.quantity} licenses, the quantity of its base subscription.`,
            {
              messageFr: `${names.fr} peut avoir au plus ${base.quantity} licences, la quantité de son abonnement de base.`,
              hint: 'Add licenses to the base subscription first.',
              details: { maxQuantity: base.quantity },
            },
          );
        }
      }
      if (sub.kind === 'base' && to < from) {
        const addons = await listAddonsOfBase(trx, tenant.id, sub.id, { statuses: liveStatuses });
        const perUser = [];
        for (const a of addons) {
          const p = await requireProduct(trx, a.product_id);
          if (p.unit === 'user') perUser.push({ a, names: describe(p) });
        }
        const largest = perUser.sort((x, y) => y.a.quantity - x.a.quantity)[0];
        if (largest && largest.a.quantity > to) {
          throw new AppError(
            'quantity_below_addons',
            `${largest.names.en} on this subscription has ${largest.a.quantity} licenses; the base cannot go below that.`,
            {
              messageFr: `${largest.names.fr} sur cet abonnement a ${largest.a.quantity} licences ; la base ne peut pas descendre en dessous.`,
              hint: 'Reduce the add-on first.',
              details: { addOnSubscriptionId: largest.a.id, addOnQuantity: largest.a.quantity },
            },
          );
        }
      }
      if (to < from && product.unit === 'user') {
        // Hold the tenant's license lock so no assignment slips in between count and commit.
        await lockTenantLicenses(trx, tenant.id);
        const assigned = await countAssigned(trx, tenant.id, product.id);
        const purchasedAfter = (await purchasedQuantity(trx, tenant.id, product.id)) - from + to;
        if (assigned > purchasedAfter) {
          const toUnassign = assigned - purchasedAfter;
          throw new AppError(
            'quantity_below_assigned',
            `${assigned} ${names.en} licenses are assigned; unassign ${toUnassign} before reducing to ${to}.`,
            {
              messageFr: `${assigned} licences ${names.fr} sont attribuées ; retirez-en ${toUnassign} avant de passer à ${to}.`,
              hint: `Unassign ${toUnassign} license(s): POST /api/licenses/${product.id}/unassign.`,
              hintFr: `Retirez ${toUnassign} licence(s) : POST /api/licenses/${product.id}/unassign.`,
              details: { assigned, toUnassign },
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
            throw new AppError(
              'payment_method_required',
              'Adding licenses is charged now: add a payment method first.',
              {
                messageFr:
                  'L’ajout de licences est facturé immédiatement : ajoutez d’abord un moyen de paiement.',
              },
            );
          }
          invoiceId = newId('invoice', now.getTime());
          const outcome = await chargePaymentMethod(ctx, trx, {
            tenantId: tenant.id,
            paymentMethod: method,
            amount: amount + tax,
            currency: sub.currency,
            description: `${to - from} more ${sub.product_id} on ${sub.id}`,
            orderId: null,
            invoiceId,
          });
          if (outcome.status === 'declined')
            throw new Declined(outcome.code, outcome.message, method.id, amount + tax);
          await insertInvoice(trx, {
            id: invoiceId,
            tenantId: tenant.id,
            kind: 'quantity_change',
            status: outcome.status === 'succeeded' ? 'paid' : 'open',
            orderId: null,
            subscriptionId: sub.id,
            currency: sub.currency,
            lines: [
              {
                description: `${names.en}: ${from} → ${to}, ${days.remaining} of ${days.total} days`,
                productId: sub.product_id,
                subscriptionId: sub.id,
                quantity: to - from,
                unitAmount: sub.unit_amount,
                amount,
                tax,
                periodStart: now.toISOString(),
                periodEnd: sub.period_end.toISOString(),
                proratedDays: days.remaining,
                periodDays: days.total,
              },
            ],
            paymentMethodId: method.id,
            issuedAt: now,
            dueAt:
              outcome.status === 'succeeded' ? now : addDays(now, ctx.config.policy.invoicePaymentTermDays),
            paidAt: outcome.status === 'succeeded' ? now : null,
          });
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
            description: `${names.en}: ${from} → ${to}, credit for ${days.remaining} of ${days.total} days`,
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

      if (input.dryRun) return { subscription: { ...sub, ...patch }, change };
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
      await emitEvent(ctx, trx, {
        tenantId: tenant.id,
        type: 'subscription.quantity_changed',
        data: {
          subscriptionId: sub.id,
          productId: sub.product_id,
          change: change.type,
          from,
          to,
          effectiveAt: change.effectiveAt.toISOString(),
          currency: sub.currency,
          total: change.total,
          invoiceId: change.invoiceId,
        },
      });
      await emitInvoiceIssued(ctx, trx, tenant.id, change.invoiceId);
      return { subscription: updated, change };
    });
  } catch (error) {
    if (error instanceof Declined) {
      await ctx.db
        .insertInto('payments')
        .values({
          id: newId('payment'),
          tenant_id: tenant.id,
          payment_method_id: error.paymentMethodId,
          order_id: null,
          invoice_id: null,
          kind: 'charge',
          amount: error.amount,
          currency: tenant.currency,
          status: 'declined',
          decline_code: error.code,
          message: error.reason,
          gateway_reference: null,
          created_at: ctx.clock.now(),
        })
        .execute();
      const insufficient = error.code === 'insufficient_funds';
      throw new AppError(insufficient ? 'insufficient_funds' : 'payment_declined', error.reason, {
        messageFr: insufficient ? 'Fonds insuffisants sur la carte.' : 'La carte a été refusée.',
        hint: 'The quantity was not changed. Pay with another method (paymentMethodId) and submit again.',
        hintFr: 'La quantité n’a pas changé. Utilisez un autre moyen de paiement et soumettez à nouveau.',
        details: { declineCode: error.code },
      });
    }
    throw error;
  }
}
