import { findActivePrice } from '../../src/modules/catalog/index.js';
import { addDays } from '../../src/shared/dates.js';
import { newId } from '../../src/shared/ids.js';
import type { TestServer } from './harness.js';

/**
 * Gives a tenant a base subscription by writing the row the way checkout does (price id and
 * amount copied from the catalog), so catalog tests do not depend on the checkout area.
 */
export async function insertBaseSubscription(
  server: TestServer,
  tenantId: string,
  productId: string,
  options: { quantity?: number; status?: 'active' | 'warning' | 'expired' | 'cancelled' } = {},
): Promise<{ id: string; priceId: string; unitAmount: number }> {
  const price = await findActivePrice(server.ctx.db, {
    productId,
    commitment: 'annual',
    billingFrequency: 'monthly',
    currency: 'USD',
  });
  if (!price) throw new Error(`no USD annual/monthly price for ${productId}`);
  const now = server.clock.now();
  const id = newId('subscription', now.getTime());
  await server.ctx.db
    .insertInto('subscriptions')
    .values({
      id,
      tenant_id: tenantId,
      product_id: productId,
      price_id: price.id,
      kind: 'base',
      base_subscription_id: null,
      quantity: options.quantity ?? 10,
      pending_quantity: null,
      commitment: 'annual',
      billing_frequency: 'monthly',
      currency: 'USD',
      unit_amount: price.unit_amount,
      status: options.status ?? 'active',
      recurring_billing: true,
      term_start: now,
      term_end: addDays(now, 365),
      period_start: now,
      period_end: addDays(now, 31),
      window_start: now,
      status_changed_at: now,
      next_action_at: null,
      renewal_attempts: 0,
      order_id: null,
      updated_at: now,
      ended_at: null,
      version: 1,
    })
    .execute();
  return { id, priceId: price.id, unitAmount: price.unit_amount };
}
