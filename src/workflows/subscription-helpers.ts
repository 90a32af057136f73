import type { AppContext } from '../app-context.js';
import type { PaymentMethod, Product, Subscription } from '../db/schema.js';
import { AppError, msg } from '../shared/app-error.js';
import { addHours } from '../shared/dates.js';
import type { Executor } from '../modules/audit/index.js';
import { getProduct, productName } from '../modules/catalog/index.js';
import { findDefaultPaymentMethod, findPaymentMethod } from '../modules/payments/index.js';
import { findSubscription } from '../modules/subscriptions/index.js';
import { collectionOf, findOrder, type Collection } from '../modules/orders/index.js';

export function notFound(id: string): AppError {
  return new AppError('not_found', msg.subscriptionNotFound({ id }));
}

export async function requireSubscription(
  db: Executor,
  tenantId: string,
  id: string,
  options: { forUpdate?: boolean; expectedVersion?: number | undefined } = {},
): Promise<Subscription> {
  const sub = await findSubscription(db, tenantId, id, options);
  if (!sub) throw notFound(id);
  if (options.expectedVersion !== undefined && sub.version !== options.expectedVersion) {
    throw new AppError(
      'precondition_failed',
      msg.subscriptionChanged({ id, version: sub.version, sent: options.expectedVersion }),
      { hint: msg.readAgainCheckRetry(), details: { currentVersion: sub.version } },
    );
  }
  return sub;
}

export async function requireProduct(db: Executor, id: string): Promise<Product> {
  const product = await getProduct(db, id);
  if (!product) throw new AppError('product_not_found', msg.noProductId({ id }));
  return product;
}

/** The refund window (PRODUCT.md §5): a fixed number of hours after purchase or renewal. */
export function windowEnd(ctx: AppContext, sub: Subscription): Date {
  return addHours(sub.window_start, ctx.config.policy.cancellationWindowHours);
}

export function withinWindow(ctx: AppContext, sub: Subscription, now: Date): boolean {
  return now.getTime() < windowEnd(ctx, sub).getTime();
}

/** Renewals and changes are charged to the method that paid the order, else the default. */
export async function paymentMethodFor(
  db: Executor,
  sub: Subscription,
  preferredId?: string,
): Promise<PaymentMethod | undefined> {
  if (preferredId) {
    const pm = await findPaymentMethod(db, sub.tenant_id, preferredId);
    if (!pm) {
      throw new AppError('not_found', msg.paymentMethodNotFound({ id: preferredId }), {
        field: 'body.paymentMethodId',
      });
    }
    return pm;
  }
  const def = await findDefaultPaymentMethod(db, sub.tenant_id);
  if (def?.is_default) return def;
  if (sub.order_id) {
    const order = await findOrder(db, sub.tenant_id, sub.order_id);
    if (order?.payment_method_id) {
      const pm = await findPaymentMethod(db, sub.tenant_id, order.payment_method_id);
      if (pm) return pm;
    }
  }
  return def;
}

/**
 * How a quantity change's amount is (or, in a dry run, would be) collected: the method
 * `paymentMethodFor` picks says whether an increase is charged now or due on an invoice.
 */
export async function collectionOfChange(
  db: Executor,
  sub: Subscription,
  change: { type: string; total: number },
  preferredId?: string,
): Promise<Collection> {
  if (change.type !== 'increase' || change.total <= 0)
    return collectionOf(undefined, Math.min(change.total, 0));
  const method = await paymentMethodFor(db, sub, preferredId);
  return collectionOf(method?.type ?? 'none', change.total);
}

export function describe(product: Product) {
  return { en: productName(product, 'en'), fr: productName(product, 'fr') };
}
