import type { AppContext } from '../app-context.js';
import type { Product, Subscription, Tenant } from '../db/schema.js';
import { AppError, localized, msg } from '../shared/app-error.js';
import { extend, prorate, sum, taxOn } from '../shared/money.js';
import type { Executor } from '../modules/audit/index.js';
import { isAvailableInCloud, productName, type Language } from '../modules/catalog/index.js';
import { firstPeriodEnd, prorationDays, termEndFor, validOffers } from '../modules/billing/index.js';
import type { CheckoutItem, QuoteLine } from '../modules/orders/index.js';
import { findSubscription, listSubscriptions, liveStatuses } from '../modules/subscriptions/index.js';

export interface PricedItem {
  line: QuoteLine;
  product: Product;
  priceId: string;
  base: Subscription | null;
  autoAssign: boolean;
  termStart: Date;
  termEnd: Date;
}

/** A problem with one item of a cart; `error.field` points at the item's field in the request. */
export interface ItemProblem {
  itemIndex: number | null;
  error: AppError;
}

const problemFields = ['productId', 'quantity', 'billingFrequency', 'baseSubscriptionId'] as const;
type ProblemField = (typeof problemFields)[number];

/** Which field of an item a refusal is about (the last step of its `field` path). */
export function fieldOf(error: AppError): ProblemField | null {
  const last = error.field?.split('.').pop();
  return (problemFields as readonly string[]).includes(last ?? '') ? (last as ProblemField) : null;
}

export interface PricedCheckout {
  currency: string;
  items: PricedItem[];
  problems: ItemProblem[];
  subtotal: number;
  tax: number;
  totalDueToday: number;
  totalPerPeriod: Record<string, number>;
}

/** Where an item sits in a checkout request, for problems about one of its fields. */
function itemPath(index: number): string {
  return `body.items.${index}`;
}

/**
 * Prices a cart for a tenant without writing anything: the quote shown before *Next*, and
 * the first step of placing the order (run again there, inside the transaction, under locks).
 * Every item is checked; all problems are returned, not just the first.
 */
export async function priceCheckout(
  ctx: AppContext,
  db: Executor,
  input: { tenant: Tenant; items: CheckoutItem[]; now: Date; lockBases?: boolean; lang?: Language },
): Promise<PricedCheckout> {
  const { tenant, now } = input;
  const taxRate = await ctx.catalog.taxRate(db, tenant.billing_country);
  const items: PricedItem[] = [];
  const problems: ItemProblem[] = [];
  const seen = new Map<string, number>();

  for (const [index, item] of input.items.entries()) {
    try {
      const key = `${item.productId}|${item.baseSubscriptionId ?? ''}`;
      const at = itemPath(index);
      if (seen.has(key)) {
        throw new AppError(
          'duplicate_item',
          msg.itemRepeatsItem({ item: index + 1, first: seen.get(key)! + 1 }),
          {
            hint: msg.putQuantityOnOneItem(),
            field: `${at}.productId`,
          },
        );
      }
      seen.set(key, index);
      items.push(
        await priceItem(ctx, db, {
          tenant,
          item,
          index,
          now,
          taxRate,
          lockBases: input.lockBases ?? false,
          lang: input.lang ?? 'en-US',
        }),
      );
    } catch (error) {
      if (error instanceof AppError) problems.push({ itemIndex: index, error });
      else throw error;
    }
  }

  const lines = items.map((i) => i.line);
  const totalPerPeriod: Record<string, number> = {};
  for (const line of lines) {
    totalPerPeriod[line.billingFrequency] = sum([
      totalPerPeriod[line.billingFrequency] ?? 0,
      line.periodAmount,
      line.periodTax,
    ]);
  }
  const subtotal = sum(lines.map((l) => l.amount));
  const tax = sum(lines.map((l) => l.tax));
  return {
    currency: tenant.currency,
    items,
    problems,
    subtotal,
    tax,
    totalDueToday: sum([subtotal, tax]),
    totalPerPeriod,
  };
}

async function priceItem(
  ctx: AppContext,
  db: Executor,
  args: {
    tenant: Tenant;
    item: CheckoutItem;
    index: number;
    now: Date;
    taxRate: number;
    lockBases: boolean;
    lang: Language;
  },
): Promise<PricedItem> {
  const { tenant, item, index, now, taxRate } = args;
  const at = itemPath(index);
  const product = await ctx.catalog.product(db, item.productId);
  if (!product || product.retired) {
    throw new AppError('product_not_found', msg.productNotSold({ productId: item.productId }), {
      hint: msg.listProductsToBuy(),
      field: `${at}.productId`,
    });
  }
  const name = localized(product.names, product.id);
  if (!isAvailableInCloud(product, ctx.config.cloud)) {
    throw new AppError(
      'product_not_available_in_cloud',
      msg.productNotSoldInCloud({ product: name, cloud: ctx.config.cloud }),
      { field: `${at}.productId` },
    );
  }
  if (item.quantity < product.min_quantity || item.quantity > product.max_quantity) {
    throw new AppError(
      'quantity_out_of_bounds',
      msg.quantityOutOfBoundsAsked({
        product: name,
        min: product.min_quantity,
        max: product.max_quantity,
        quantity: item.quantity,
      }),
      { details: { min: product.min_quantity, max: product.max_quantity }, field: `${at}.quantity` },
    );
  }

  let base: Subscription | null = null;
  let kind: QuoteLine['kind'] = 'base';
  if (product.kind === 'addon') {
    kind = product.addon_kind === 'traditional' ? 'traditional_addon' : 'standalone_addon';
    const eligibleIds = product.eligible_base_product_ids;
    const eligible = await listSubscriptions(db, tenant.id, {
      statuses: liveStatuses,
      kinds: ['base'],
      productIds: eligibleIds,
    });
    if (eligible.length === 0) {
      const required = await Promise.all(eligibleIds.map((id) => ctx.catalog.product(db, id)));
      const requiredProducts = required.filter((p): p is Product => !!p);
      throw new AppError(
        'no_eligible_base_subscription',
        msg.addonNeedsBasePlan({
          product: name,
          required: requiredProducts.map((p) => localized(p.names, p.id)),
        }),
        {
          hint: msg.buyBasePlanFirst(),
          details: { requiredBaseProductIds: eligibleIds },
          field: `${at}.productId`,
        },
      );
    }
    if (kind === 'traditional_addon') {
      const existing = await listSubscriptions(db, tenant.id, {
        statuses: liveStatuses,
        productIds: [product.id],
      });
      // Bases that already carry this add-on are not candidates (change its quantity instead).
      const free = eligible.filter((s) => !existing.some((a) => a.base_subscription_id === s.id));
      if (item.baseSubscriptionId) {
        base = eligible.find((s) => s.id === item.baseSubscriptionId) ?? null;
        if (!base) {
          const exists = await findSubscription(db, tenant.id, item.baseSubscriptionId);
          throw new AppError(
            'base_subscription_not_eligible',
            exists
              ? msg.subscriptionCannotCarry({ subscriptionId: item.baseSubscriptionId, product: name })
              : msg.noSuchSubscriptionInTenant({ subscriptionId: item.baseSubscriptionId }),
            {
              details: { eligibleBaseSubscriptionIds: eligible.map((s) => s.id) },
              field: `${at}.baseSubscriptionId`,
            },
          );
        }
      } else if (free.length <= 1) {
        base = free[0] ?? eligible[0]!;
      } else {
        throw new AppError(
          'base_subscription_required',
          msg.chooseOneBase({ product: name, count: free.length }),
          {
            hint: msg.sendBaseSubscriptionId(),
            field: `${at}.baseSubscriptionId`,
            details: {
              eligibleBaseSubscriptions: free.map((s) => ({
                id: s.id,
                productId: s.product_id,
                quantity: s.quantity,
                termEnd: s.term_end,
              })),
            },
          },
        );
      }
      if (args.lockBases)
        base = (await findSubscription(db, tenant.id, base.id, { forUpdate: true })) ?? base;
      if (existing.some((s) => s.base_subscription_id === base!.id)) {
        throw new AppError(
          'addon_already_on_base',
          msg.addonAlreadyOnSubscription({ product: name, subscriptionId: base.id }),
          {
            hint: msg.changeExistingAddonQuantity(),
            field: `${at}.baseSubscriptionId`,
          },
        );
      }
      if (product.unit === 'user' && item.quantity > base.quantity) {
        throw new AppError(
          'quantity_exceeds_base',
          msg.addonAtMostBase({ product: name, max: base.quantity }),
          { details: { maxQuantity: base.quantity }, field: `${at}.quantity` },
        );
      }
      const wantBilling = item.billingFrequency ?? base.billing_frequency;
      const wantCommitment = item.commitment ?? base.commitment;
      if (wantBilling !== base.billing_frequency || wantCommitment !== base.commitment) {
        throw new AppError(
          'billing_frequency_mismatch',
          msg.cotermedWithBase({
            product: name,
            billingFrequency: base.billing_frequency,
            commitment: base.commitment,
          }),
          {
            hint: msg.useBaseTerms({ billingFrequency: base.billing_frequency, commitment: base.commitment }),
            field: `${at}.billingFrequency`,
          },
        );
      }
    }
  }

  const billingFrequency =
    item.billingFrequency ?? (base ? base.billing_frequency : (item.commitment ?? 'monthly'));
  const commitment = item.commitment ?? (base ? base.commitment : billingFrequency);
  if (!validOffers.some((o) => o.commitment === commitment && o.billingFrequency === billingFrequency)) {
    throw new AppError('offer_not_available', msg.commitmentNotBilled({ commitment, billingFrequency }), {
      field: `${at}.billingFrequency`,
    });
  }
  const price = await ctx.catalog.activePrice(db, {
    productId: product.id,
    commitment,
    billingFrequency,
    currency: tenant.currency,
  });
  if (!price) {
    throw new AppError(
      'offer_not_available',
      msg.offerNotInCurrency({ product: name, commitment, billingFrequency, currency: tenant.currency }),
      { field: `${at}.billingFrequency` },
    );
  }

  // A traditional add-on is co-terminous with its base: it starts now and ends, and is billed,
  // with the base's current period, so its first charge is prorated to that period's end.
  const termStart = now;
  const termEnd = base ? base.term_end : termEndFor(now, commitment);
  const periodStart = base ? base.period_start : now;
  const periodEnd = base ? base.period_end : firstPeriodEnd(now, billingFrequency, termEnd);
  // A new base or standalone subscription starts now: all of its first period remains.
  const days = prorationDays(now, periodStart, periodEnd);
  const periodAmount = extend(price.unit_amount, item.quantity);
  const amount = base ? prorate(price.unit_amount, item.quantity, days.remaining, days.total) : periodAmount;
  const tax = taxOn(amount, taxRate);
  return {
    product,
    priceId: price.id,
    base,
    autoAssign: item.autoAssign ?? false,
    termStart,
    termEnd,
    line: {
      itemIndex: index,
      productId: product.id,
      productName: productName(product, args.lang),
      kind,
      unit: product.unit,
      quantity: item.quantity,
      commitment,
      billingFrequency,
      baseSubscriptionId: base?.id ?? null,
      unitAmount: price.unit_amount,
      periodAmount,
      periodStart: base ? now : periodStart,
      periodEnd,
      termEnd,
      proratedDays: days.remaining,
      periodDays: days.total,
      prorated: !!base && days.remaining !== days.total,
      amount,
      taxRateBasisPoints: taxRate,
      tax,
      total: amount + tax,
      periodTax: taxOn(periodAmount, taxRate),
      coTerm: base
        ? {
            baseSubscriptionId: base.id,
            termEndsAt: base.term_end,
            currentPeriodEndsAt: base.period_end,
            billingFrequency: base.billing_frequency,
            commitment: base.commitment,
          }
        : null,
    },
  };
}
