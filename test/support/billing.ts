import type { TestServer, TestTenant } from './harness.js';

/** Stripe's test payment-method ids, as the browser would send after tokenising a card. */
export const cards = {
  ok: 'pm_card_visa',
  declined: 'pm_card_chargeDeclined',
  noFunds: 'pm_card_chargeDeclinedInsufficientFunds',
};

export interface BuyOptions {
  quantity?: number;
  billingFrequency?: 'monthly' | 'annual';
  commitment?: 'monthly' | 'annual';
  baseSubscriptionId?: string;
  autoAssign?: boolean;
  payment?: unknown;
  idempotencyKey?: string;
}

/** Places an order for one product through the HTTP API, paying by card unless told otherwise. */
export async function buy(server: TestServer, tenant: TestTenant, productId: string, o: BuyOptions = {}) {
  const item: Record<string, unknown> = { productId, quantity: o.quantity ?? 10 };
  if (o.billingFrequency) item.billingFrequency = o.billingFrequency;
  if (o.commitment) item.commitment = o.commitment;
  if (o.baseSubscriptionId) item.baseSubscriptionId = o.baseSubscriptionId;
  if (o.autoAssign !== undefined) item.autoAssign = o.autoAssign;
  return server.request('POST', '/api/orders', {
    token: tenant.token,
    body: { items: [item], payment: o.payment ?? { method: 'card', paymentMethodId: cards.ok } },
    ...(o.idempotencyKey ? { headers: { 'idempotency-key': o.idempotencyKey } } : {}),
  });
}

/** Buys and returns the new subscription id, failing loudly if the order did not go through. */
export async function subscribe(
  server: TestServer,
  tenant: TestTenant,
  productId: string,
  o: BuyOptions = {},
) {
  const res = await buy(server, tenant, productId, o);
  if (res.status !== 201)
    throw new Error(`buy ${productId} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.subscriptionIds[0] as string;
}

export async function unitPrice(
  server: TestServer,
  tenant: TestTenant,
  productId: string,
  commitment: string,
  billingFrequency: string,
  currency = 'USD',
): Promise<number> {
  const res = await server.request('GET', `/api/catalog/products/${productId}`, { token: tenant.token });
  const offer = (
    res.body.offers as {
      commitment: string;
      billingFrequency: string;
      prices: { currency: string; unitAmount: number }[];
    }[]
  ).find((o) => o.commitment === commitment && o.billingFrequency === billingFrequency);
  const price = offer?.prices.find((p) => p.currency === currency)?.unitAmount;
  if (price === undefined)
    throw new Error(`no ${commitment}/${billingFrequency} ${currency} price for ${productId}`);
  return price;
}

/** Half-up rounding of a/b for non-negative integers, written independently of src/shared/money. */
export function roundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}
