import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { buy, cards, subscribe } from './support/billing.js';

interface Base {
  id: string;
  productName: string;
  eligible: boolean;
  reason: string | null;
  coTerm: {
    baseSubscriptionId: string;
    termEndsAt: string;
    billingFrequency: string;
    commitment: string;
  } | null;
}

/**
 * The rules a checkout form used to rewrite, said by the API: where a traditional add-on can go
 * and what it takes from its base (co-term), and how an amount will be collected (charged now or
 * due by invoice), from the payment method the server would really use.
 */
describe('checkout: co-term and collection come from the API', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const lockbox = async (t: TestTenant, lang = 'en-US') => {
    const res = await server.request('GET', '/api/catalog/addons', {
      token: t.token,
      headers: { 'accept-language': lang },
    });
    expect(res.status).toBe(200);
    return res.body.addons.find((a: { productId: string }) => a.productId === 'addon-customer-lockbox');
  };

  it('lists every base with whether it can take a traditional add-on, why not, and its co-term', async () => {
    const t = await server.createTenant();
    const e1 = await subscribe(server, t, 'o365-e1', {
      quantity: 5,
      commitment: 'monthly',
      billingFrequency: 'monthly',
    });
    const e3 = await subscribe(server, t, 'o365-e3', {
      quantity: 5,
      commitment: 'annual',
      billingFrequency: 'annual',
    });
    const subs = (await server.request('GET', '/api/subscriptions', { token: t.token })).body.subscriptions;
    const termOf = (id: string) => subs.find((s: { id: string }) => s.id === id).termEnd;

    const before = await lockbox(t);
    expect(before.defaultBaseSubscriptionId).toBeNull();
    const bases = new Map<string, Base>(before.bases.map((b: Base) => [b.id, b]));
    expect(bases.get(e1)).toMatchObject({
      productName: 'Office 365 E1',
      eligible: true,
      reason: null,
      coTerm: {
        baseSubscriptionId: e1,
        termEndsAt: termOf(e1),
        billingFrequency: 'monthly',
        commitment: 'monthly',
      },
    });
    expect(bases.get(e3)?.coTerm).toMatchObject({
      billingFrequency: 'annual',
      commitment: 'annual',
      termEndsAt: termOf(e3),
    });

    // The quote states the co-term of the line: the base, its term end and its billing.
    const quote = await server.request('POST', '/api/checkout/quote', {
      token: t.token,
      body: { items: [{ productId: 'addon-customer-lockbox', quantity: 2, baseSubscriptionId: e3 }] },
    });
    expect(quote.body.valid).toBe(true);
    expect(quote.body.lines[0]).toMatchObject({
      billingFrequency: 'annual',
      commitment: 'annual',
      coTerm: {
        baseSubscriptionId: e3,
        termEndsAt: termOf(e3),
        billingFrequency: 'annual',
        commitment: 'annual',
      },
    });
    expect(
      (await buy(server, t, 'addon-customer-lockbox', { quantity: 2, baseSubscriptionId: e3 })).status,
    ).toBe(201);

    // E3 has it now: still listed, not eligible, with the reason; E1 is the only place left.
    const after = await lockbox(t, 'fr-FR');
    const e3After = after.bases.find((b: Base) => b.id === e3);
    expect(e3After).toMatchObject({
      eligible: false,
      reason: 'addon_already_on_base',
      productName: 'Office 365 Entreprise E3',
    });
    expect(after.defaultBaseSubscriptionId).toBe(e1);
  });

  it('gives no co-term to a base plan or a standalone add-on', async () => {
    const t = await server.createTenant();
    await subscribe(server, t, 'o365-e5', { quantity: 5 });
    const quote = await server.request('POST', '/api/checkout/quote', {
      token: t.token,
      body: {
        items: [
          { productId: 'addon-phone-system', quantity: 2, commitment: 'annual', billingFrequency: 'annual' },
          { productId: 'o365-e1', quantity: 1 },
        ],
      },
    });
    expect(quote.body.valid).toBe(true);
    expect(quote.body.lines.map((l: { coTerm: unknown }) => l.coTerm)).toEqual([null, null]);
    const phone = (await server.request('GET', '/api/catalog/addons', { token: t.token })).body.addons.find(
      (a: { productId: string }) => a.productId === 'addon-phone-system',
    );
    expect(phone.bases.every((b: Base) => b.coTerm === null && b.eligible)).toBe(true);
    expect(phone.defaultBaseSubscriptionId).toBeNull();
  });

  it('a tenant paying by invoice is told "invoice" on the quote, the order and every quantity change', async () => {
    const t = await server.createTenant();
    const method = await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'invoice', makeDefault: true },
    });
    expect(method.status).toBe(201);
    const quote = await server.request('POST', '/api/checkout/quote', {
      token: t.token,
      body: { items: [{ productId: 'o365-e3', quantity: 4 }] },
    });
    expect(quote.body).toMatchObject({ collection: 'invoice', defaultPaymentMethodId: method.body.id });
    const order = await buy(server, t, 'o365-e3', {
      quantity: 4,
      payment: { method: 'saved', paymentMethodId: method.body.id },
    });
    expect(order.status).toBe(201);
    expect(order.body.collection).toBe('invoice');
    const id = order.body.subscriptionIds[0];
    const read = await server.request('GET', `/api/orders/${order.body.id}`, { token: t.token });
    expect(read.body.collection).toBe('invoice');

    server.clock.advanceDays(10);
    const preview = await server.request('POST', `/api/subscriptions/${id}/quantity?dryRun=true`, {
      token: t.token,
      body: { quantity: 6 },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.change).toMatchObject({ type: 'increase', collection: 'invoice' });
    expect(preview.body.change.total).toBeGreaterThan(0);
    const done = await server.request('POST', `/api/subscriptions/${id}/quantity`, {
      token: t.token,
      body: { quantity: 6 },
    });
    expect(done.body.change.collection).toBe('invoice');
    const invoice = await server.request('GET', `/api/invoices/${done.body.change.invoiceId}`, {
      token: t.token,
    });
    expect(invoice.body.status).toBe('open');
    const down = await server.request('POST', `/api/subscriptions/${id}/quantity?dryRun=true`, {
      token: t.token,
      body: { quantity: 5 },
    });
    expect(down.body.change.collection).not.toBe('invoice');
    server.clock.advanceDays(-10);
  });

  it('a change is invoiced when the order was, even after a card is saved (not made default)', async () => {
    const t = await server.createTenant();
    const order = await buy(server, t, 'o365-e1', { quantity: 3, payment: { method: 'invoice' } });
    expect(order.body.collection).toBe('invoice');
    const card = await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: cards.ok, makeDefault: false },
    });
    expect(card.status).toBe(201);
    const methods = (await server.request('GET', '/api/payment-methods', { token: t.token })).body
      .paymentMethods;
    expect(methods.some((m: { isDefault: boolean }) => m.isDefault)).toBe(false);
    const preview = await server.request(
      'POST',
      `/api/subscriptions/${order.body.subscriptionIds[0]}/quantity?dryRun=true`,
      { token: t.token, body: { quantity: 4 } },
    );
    expect(preview.body.change.collection).toBe('invoice');
    // Its renewal is billed to the same method: the subscription says so.
    const sub = await server.request('GET', `/api/subscriptions/${order.body.subscriptionIds[0]}`, {
      token: t.token,
    });
    expect(sub.body.renewalCollection).toBe('invoice');
    // Recurring billing off: nothing will renew, nothing to say.
    const off = await server.request('PATCH', `/api/subscriptions/${order.body.subscriptionIds[0]}`, {
      token: t.token,
      body: { recurringBilling: false },
    });
    expect(off.status).toBe(200);
    expect(off.body.renewalCollection).toBeNull();
  });

  it('a tenant paying by card is told "charge_now", and one without a method gets no default', async () => {
    const t = await server.createTenant();
    const empty = await server.request('POST', '/api/checkout/quote', {
      token: t.token,
      body: { items: [{ productId: 'o365-e1', quantity: 1 }] },
    });
    expect(empty.body).toMatchObject({ collection: 'charge_now', defaultPaymentMethodId: null });
    const order = await buy(server, t, 'o365-e1', {
      quantity: 2,
      payment: { method: 'card', paymentMethodId: cards.ok, save: true, makeDefault: true },
    });
    expect(order.status).toBe(201);
    expect(order.body.collection).toBe('charge_now');
    const quote = await server.request('POST', '/api/checkout/quote', {
      token: t.token,
      body: { items: [{ productId: 'o365-e3', quantity: 1 }] },
    });
    expect(quote.body.collection).toBe('charge_now');
    expect(quote.body.defaultPaymentMethodId).toMatch(/^pm/);
    const preview = await server.request(
      'POST',
      `/api/subscriptions/${order.body.subscriptionIds[0]}/quantity?dryRun=true`,
      { token: t.token, body: { quantity: 3 } },
    );
    expect(preview.body.change.collection).toBe('charge_now');
    const list = await server.request('GET', '/api/subscriptions', { token: t.token });
    expect(list.body.subscriptions[0].renewalCollection).toBe('charge_now');
  });
});
