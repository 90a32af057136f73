import { z } from 'zod';
import type { Policy } from '../../config.js';
import type { Product, Subscription } from '../../db/schema.js';
import { addDays, addHours } from '../../shared/dates.js';
import { extend } from '../../shared/money.js';
import { pickLocale, textIn, type UiLocale } from '../../shared/locale.js';

const subscriptionFields = z.object({
  id: z.string(),
  productId: z.string(),
  productName: z.string(),
  productNames: z.object({ en: z.string(), fr: z.string() }),
  kind: z.enum(['base', 'traditional_addon', 'standalone_addon']),
  unit: z.enum(['user', 'gb', 'credit']),
  status: z.enum(['active', 'warning', 'expired', 'disabled', 'deleted', 'cancelled']),
  quantity: z.number().int(),
  pendingQuantity: z.number().int().nullable().describe('A reduction scheduled for the next renewal'),
  assigned: z
    .number()
    .int()
    .nullable()
    .describe('Licenses of this product assigned in the tenant (per-user products)'),
  commitment: z.enum(['monthly', 'annual']),
  billingFrequency: z.enum(['monthly', 'annual']),
  currency: z.string(),
  unitAmount: z.number().int(),
  periodAmount: z.number().int(),
  recurringBilling: z.boolean(),
  termStart: z.date(),
  termEnd: z.date(),
  periodStart: z.date(),
  periodEnd: z.date(),
  renewsAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  statusChangedAt: z.date(),
  nextStatusChangeAt: z.date().nullable(),
  baseSubscriptionId: z.string().nullable(),
  refundWindowEndsAt: z.date().describe('Until then, reductions and cancellation are refunded pro rata'),
  actions: z.object({
    changeQuantity: z.boolean(),
    cancel: z.boolean(),
    toggleRecurringBilling: z.boolean(),
    requestRemoval: z.boolean().describe('Traditional add-ons: only through a support request'),
  }),
  createdAt: z.date(),
  version: z.number().int(),
});

/** A subscription; a base subscription carries its traditional add-ons (one level deep). */
export const subscriptionSchema = subscriptionFields.extend({
  addOns: z.array(subscriptionFields).optional(),
  renewalCollection: z
    .enum(['charge_now', 'invoice'])
    .nullable()
    .optional()
    .describe(
      'How the next renewal will be collected, by the payment method renewals use (the default, else ' +
        'the one that paid the order): charged to a card, or due on an invoice; null when it will not renew',
    ),
});
export type SubscriptionView = z.infer<typeof subscriptionSchema>;

export function toSubscriptionView(
  sub: Subscription,
  product: Product,
  context: {
    assigned: number | null;
    policy: Policy;
    now: Date;
    /** The reader's locale (or the former two-letter 'en' | 'fr'). */
    lang: UiLocale | 'en' | 'fr';
    addOns?: SubscriptionView[];
  },
): SubscriptionView {
  const live = sub.status === 'active' || sub.status === 'warning';
  const windowEnd = addHours(sub.window_start, context.policy.cancellationWindowHours);
  const names = {
    en: product.names['en-US'] ?? product.id,
    fr: product.names['fr-FR'] ?? product.names['en-US'] ?? product.id,
  };
  const traditional = sub.kind === 'traditional_addon';
  return {
    id: sub.id,
    productId: sub.product_id,
    productName: textIn(product.names, pickLocale(context.lang), product.id),
    productNames: names,
    kind: sub.kind,
    unit: product.unit,
    status: sub.status,
    quantity: sub.quantity,
    pendingQuantity: sub.pending_quantity,
    assigned: context.assigned,
    commitment: sub.commitment,
    billingFrequency: sub.billing_frequency,
    currency: sub.currency,
    unitAmount: sub.unit_amount,
    periodAmount: extend(sub.unit_amount, sub.quantity),
    recurringBilling: sub.recurring_billing,
    termStart: sub.term_start,
    termEnd: sub.term_end,
    periodStart: sub.period_start,
    periodEnd: sub.period_end,
    renewsAt: live && sub.recurring_billing ? sub.term_end : null,
    expiresAt:
      live && !sub.recurring_billing ? sub.term_end : sub.status === 'expired' ? sub.status_changed_at : null,
    statusChangedAt: sub.status_changed_at,
    nextStatusChangeAt: sub.next_action_at ?? (live && !sub.recurring_billing ? sub.term_end : null),
    baseSubscriptionId: sub.base_subscription_id,
    refundWindowEndsAt: windowEnd,
    actions: {
      changeQuantity: live,
      cancel: live && !traditional && context.now.getTime() < windowEnd.getTime(),
      toggleRecurringBilling: live && !traditional,
      requestRemoval: traditional && (live || sub.status === 'expired' || sub.status === 'disabled'),
    },
    createdAt: sub.created_at,
    version: sub.version,
    ...(context.addOns ? { addOns: context.addOns } : {}),
  };
}

export function expiryDates(sub: Subscription, policy: Policy) {
  return {
    disabledAt: addDays(sub.term_end, policy.expiredDays),
    deletedAt: addDays(sub.term_end, policy.expiredDays + policy.disabledDays),
  };
}
