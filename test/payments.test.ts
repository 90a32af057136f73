import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';
import { buy, cards, subscribe, unitPrice, roundHalfUp } from './support/billing.js';
import { testGatewayKeys } from '../src/config.js';
import { ownTestGateway } from './support/gateway.js';

/**
 * Payments over the HTTP API with the Stripe adapter and the run's test gateway: what reaches
 * the gateway, what is kept, and what an admin sees.
 */
let server: TestServer;
const START = '2026-03-02T10:00:00Z';

/** Reads the test gateway's own records, as an operator would from Stripe's API. */
async function gatewayGet(path: string) {
  const res = await fetch(`${inject('gatewayUrl')}${path}`, {
    headers: { authorization: `Bearer ${testGatewayKeys.secretKey}` },
  });
  return (await res.json()) as { data: Record<string, any>[] } & Record<string, any>;
}

beforeAll(async () => {
  server = await startTestServer({ now: START });
});
afterAll(async () => server.close());

describe('payments through the gateway', () => {
  it('tells the browser where to hand card details', async () => {
    const res = await server.request('GET', '/api/instance');
    expect(res.body.payments).toEqual({
      gateway: 'test',
      publishableKey: testGatewayKeys.publishableKey,
      apiBase: inject('gatewayUrl'),
    });
  });

  it('charges the card at the gateway and keeps only its id, brand and last four digits', async () => {
    const t = await server.createTenant();
    const res = await buy(server, t, 'o365-e1', { quantity: 2 });
    expect(res.status).toBe(201);
    const payment = await server.ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', res.body.payment.id)
      .executeTakeFirstOrThrow();
    expect(payment.gateway_reference).toMatch(/^pi_/);
    const intent = await gatewayGet(`/v1/payment_intents/${payment.gateway_reference}`);
    expect(intent).toMatchObject({ status: 'succeeded', amount: res.body.totalDueToday, currency: 'usd' });
    // The gateway names the payment attempt that was committed before the call.
    expect(intent.metadata).toMatchObject({ attempt_id: payment.attempt_id, tenant_id: t.id });
    const customer = await server.ctx.db
      .selectFrom('tenant_gateway_customers')
      .selectAll()
      .where('tenant_id', '=', t.id)
      .executeTakeFirstOrThrow();
    expect(intent.customer).toBe(customer.customer_id);
    const methods = await server.request('GET', '/api/payment-methods', { token: t.token });
    expect(methods.body.paymentMethods).toEqual([
      expect.objectContaining({ type: 'card', brand: 'visa', last4: '4242', isDefault: false }),
    ]);
    const row = await server.ctx.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('tenant_id', '=', t.id)
      .executeTakeFirstOrThrow();
    expect(intent.payment_method).toBe(row.gateway_token);
    // A second order with the saved card charges the same gateway customer and method.
    const again = await buy(server, t, 'o365-e3', {
      quantity: 1,
      payment: { method: 'saved', paymentMethodId: row.id },
    });
    expect(again.status).toBe(201);
    const list = await gatewayGet(`/v1/payment_intents?customer=${customer.customer_id}`);
    expect(list.data).toHaveLength(2);
    expect(new Set(list.data.map((i) => i.payment_method))).toEqual(new Set([row.gateway_token]));
  });

  it('saving a card does not make it the default unless asked', async () => {
    const t = await server.createTenant();
    await buy(server, t, 'o365-e1', { quantity: 1 });
    const chosen = await buy(server, t, 'o365-e3', {
      quantity: 1,
      payment: { method: 'card', paymentMethodId: 'pm_card_mastercard', save: true, makeDefault: true },
    });
    expect(chosen.status).toBe(201);
    const methods = (await server.request('GET', '/api/payment-methods', { token: t.token })).body
      .paymentMethods;
    expect(methods.map((m: any) => [m.brand, m.isDefault])).toEqual([
      ['visa', false],
      ['mastercard', true],
    ]);
    const added = await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: 'pm_card_amex' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ brand: 'amex', last4: '0005', isDefault: false });
    // Removing it detaches it from the tenant's gateway customer.
    const row = await server.ctx.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('id', '=', added.body.id)
      .executeTakeFirstOrThrow();
    expect((await gatewayGet(`/v1/payment_methods/${row.gateway_token}`)).customer).toMatch(/^cus_/);
    expect(
      (await server.request('DELETE', `/api/payment-methods/${added.body.id}`, { token: t.token })).status,
    ).toBe(204);
    expect((await gatewayGet(`/v1/payment_methods/${row.gateway_token}`)).customer).toBeNull();
  });

  it('save: false pays once and keeps nothing to charge later', async () => {
    const t = await server.createTenant();
    const res = await buy(server, t, 'o365-e1', {
      quantity: 1,
      payment: { method: 'card', paymentMethodId: 'pm_card_visa', save: false },
    });
    expect(res.status).toBe(201);
    expect(
      (await server.request('GET', '/api/payment-methods', { token: t.token })).body.paymentMethods,
    ).toEqual([]);
    const payment = await server.ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('id', '=', res.body.payment.id)
      .executeTakeFirstOrThrow();
    const intent = await gatewayGet(`/v1/payment_intents/${payment.gateway_reference}`);
    expect(intent).toMatchObject({ status: 'succeeded', customer: null });
    const pm = await gatewayGet(`/v1/payment_methods/${intent.payment_method}`);
    expect(pm.customer).toBeNull();
    const row = await server.ctx.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('tenant_id', '=', t.id)
      .executeTakeFirstOrThrow();
    expect(row.removed_at).not.toBeNull();
    expect(row.is_default).toBe(false);
  });

  it('refunds a cancellation to the charge that paid, at the gateway', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', {
      quantity: 4,
      commitment: 'annual',
      billingFrequency: 'annual',
    });
    const unit = await unitPrice(server, t, 'o365-e1', 'annual', 'annual');
    server.clock.advanceDays(1);
    const res = await server.request('POST', `/api/subscriptions/${id}/cancel`, { token: t.token, body: {} });
    expect(res.status).toBe(200);
    // The refund leaves through the outbox once the cancellation is committed.
    await server.drainJobs();
    const rows = await server.ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('tenant_id', '=', t.id)
      .orderBy('created_at')
      .execute();
    const charge = rows.find((r) => r.kind === 'charge')!;
    const refund = rows.find((r) => r.kind === 'refund')!;
    expect(refund.refund_of).toBe(charge.id);
    expect(refund.amount).toBeGreaterThanOrEqual(roundHalfUp(unit * 4 * 364, 365));
    expect(refund.amount).toBeLessThanOrEqual(charge.amount);
    const refunds = await gatewayGet(`/v1/refunds?payment_intent=${charge.gateway_reference}`);
    expect(refunds.data.map((r) => [r.id, r.amount, r.metadata.attempt_id])).toEqual([
      [refund.gateway_reference, refund.amount, refund.attempt_id],
    ]);
  });

  it('an unknown payment method is a 422 and creates nothing', async () => {
    const t = await server.createTenant();
    const res = await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: 'pm_unknown123' },
    });
    expect(res.status).toBe(422);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('card_invalid');
    expect(
      (await server.request('GET', '/api/payment-methods', { token: t.token })).body.paymentMethods,
    ).toEqual([]);
  });

  it('a declined card is a 402 with the decline code', async () => {
    const t = await server.createTenant();
    const res = await buy(server, t, 'o365-e1', {
      payment: { method: 'card', paymentMethodId: cards.noFunds },
    });
    expect(res.status).toBe(402);
    expect(res.body).toMatchObject({ code: 'insufficient_funds', declineCode: 'insufficient_funds' });
  });
});

describe('when the gateway does not answer', () => {
  let down: TestServer;
  beforeAll(async () => {
    down = await startTestServer({
      now: START,
      env: { BILLING_CENTER_STRIPE_API_BASE: 'http://127.0.0.1:9' },
    });
  });
  afterAll(async () => down.close());

  it('answers 503 payment_gateway_unavailable, never a 500, and buys nothing', async () => {
    const t = await down.createTenant();
    const res = await buy(down, t, 'o365-e1', { quantity: 1 });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('payment_gateway_unavailable');
    expect((await down.request('GET', '/api/orders', { token: t.token })).body.orders).toEqual([]);
    const saved = await down.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: 'pm_card_visa' },
    });
    expect(saved.status).toBe(503);
    // Paying by invoice does not need the gateway.
    expect((await buy(down, t, 'o365-e1', { quantity: 1, payment: { method: 'invoice' } })).status).toBe(201);
  });
});

describe('a gateway restart', () => {
  it('keeps the saved card and its customer: the next charge goes through', async () => {
    const gw = await ownTestGateway();
    const own = await startTestServer({ now: START, env: gw.env });
    try {
      const t = await own.createTenant();
      expect((await buy(own, t, 'o365-e1', { quantity: 1 })).status).toBe(201);
      const saved = (await own.request('GET', '/api/payment-methods', { token: t.token })).body
        .paymentMethods[0];
      await gw.restart();
      const res = await buy(own, t, 'o365-e3', {
        quantity: 1,
        payment: { method: 'saved', paymentMethodId: saved.id },
      });
      expect(res.status).toBe(201);
      expect(res.body.payment.status).toBe('succeeded');
    } finally {
      await own.close();
      await gw.close();
    }
  });
});

describe('the gateway’s minimum charge (Stripe: 0.50 USD or its equivalent)', () => {
  it('the test gateway refuses a smaller PaymentIntent as Stripe does (amount_too_small)', async () => {
    const refused = await server.ctx.gateway
      .charge({
        amount: 49,
        currency: 'USD',
        customerId: null,
        paymentMethodId: cards.ok,
        offSession: false,
        description: 'below the minimum',
        idempotencyKey: `min-${Date.now()}`,
        metadata: {},
      })
      .then(
        () => null,
        (error: { code?: string }) => error,
      );
    expect(refused?.code).toBe('amount_too_small');
  });

  it('a card charge below the minimum is refused before anything is charged or changed', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', {
      quantity: 2,
      payment: { method: 'card', paymentMethodId: cards.ok },
    });
    const attempts = async () =>
      server.ctx.db.selectFrom('payment_attempts').select('id').where('tenant_id', '=', t.id).execute();
    const before = (await attempts()).length;
    // One more license on the last day of the month: a few cents, prorated.
    server.clock.set('2026-04-01T12:00:00Z');
    const res = await server.request('POST', `/api/subscriptions/${id}/quantity`, {
      token: t.token,
      headers: { 'accept-language': 'fr-FR' },
      body: { delta: 1 },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('amount_below_minimum');
    expect(res.body.title).toBe('Montant inférieur au plus petit paiement par carte');
    expect(res.body).toMatchObject({ minimum: 50, currency: 'USD' });
    expect(res.body.amount).toBeGreaterThan(0);
    expect(res.body.amount).toBeLessThan(50);
    expect(res.body.hint).toMatch(/facture/);
    expect((await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body.quantity).toBe(
      2,
    );
    expect(await attempts()).toHaveLength(before);
    // Enough licenses at once reach the minimum and are charged.
    const more = await server.request('POST', `/api/subscriptions/${id}/quantity`, {
      token: t.token,
      body: { delta: 3 },
    });
    expect(more.status).toBe(200);
    expect(more.body.change.total).toBeGreaterThanOrEqual(50);
  });
});
