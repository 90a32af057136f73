import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { buy, cards, roundHalfUp, subscribe, unitPrice } from './support/billing.js';

describe('checkout: quote and place order (worldwide, USD)', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await server.createTenant();
  });
  afterAll(() => server.close());

  it('quotes a base plan without storing anything', async () => {
    const unit = await unitPrice(server, tenant, 'm365-business-standard', 'annual', 'monthly');
    const res = await server.request('POST', '/api/checkout/quote', {
      token: tenant.token,
      body: { items: [{ productId: 'm365-business-standard', quantity: 7, commitment: 'annual', billingFrequency: 'monthly' }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(true);
    expect(res.body.lines[0]).toMatchObject({ unitAmount: unit, quantity: 7, amount: unit * 7, prorated: false, tax: 0 });
    expect(res.body.totalDueToday).toBe(unit * 7);
    expect(res.body.totalPerPeriod).toEqual({ monthly: unit * 7 });
    const subs = await server.request('GET', '/api/subscriptions', { token: tenant.token });
    expect(subs.body.subscriptions).toHaveLength(0);
  });

  it('explains why an add-on cannot be bought yet, naming the plans it needs', async () => {
    const res = await server.request('POST', '/api/checkout/quote', {
      token: tenant.token,
      body: { items: [{ productId: 'addon-customer-lockbox', quantity: 1 }] },
    });
    expect(res.body.valid).toBe(false);
    expect(res.body.problems[0].code).toBe('no_eligible_base_subscription');
    expect(res.body.problems[0].message).toContain('Office 365 E3');
    const fr = await server.request('POST', '/api/checkout/quote', {
      token: tenant.token,
      headers: { 'accept-language': 'fr-FR' },
      body: { items: [{ productId: 'addon-customer-lockbox', quantity: 1 }] },
    });
    expect(fr.body.problems[0].message).toContain('Office 365 Entreprise E3');
    const order = await buy(server, tenant, 'addon-customer-lockbox', { quantity: 1 });
    expect(order.status).toBe(422);
    expect(order.contentType).toContain('application/problem+json');
    expect(order.body.code).toBe('no_eligible_base_subscription');
  });

  it('buys a base plan, then a traditional add-on prorated to the base term end', async () => {
    const t = await server.createTenant();
    const baseId = await subscribe(server, t, 'o365-e3', { quantity: 10, commitment: 'annual', billingFrequency: 'annual' });
    server.clock.advanceDays(100);
    const unit = await unitPrice(server, t, 'addon-customer-lockbox', 'annual', 'annual');
    const quote = await server.request('POST', '/api/checkout/quote', {
      token: t.token,
      body: { items: [{ productId: 'addon-customer-lockbox', quantity: 5 }] },
    });
    expect(quote.body.valid).toBe(true);
    const line = quote.body.lines[0];
    // 2026-03-02 + 100 days = 2026-06-10; 265 of the term's 365 days remain.
    expect(line).toMatchObject({ kind: 'traditional_addon', baseSubscriptionId: baseId, proratedDays: 265, periodDays: 365, prorated: true });
    expect(line.amount).toBe(roundHalfUp(unit * 5 * 265, 365));
    const base = await server.request('GET', `/api/subscriptions/${baseId}`, { token: t.token });
    expect(line.termEnd).toBe(base.body.termEnd);

    const order = await buy(server, t, 'addon-customer-lockbox', { quantity: 5 });
    expect(order.status).toBe(201);
    expect(order.body.totalDueToday).toBe(line.amount);
    const after = await server.request('GET', `/api/subscriptions/${baseId}`, { token: t.token });
    expect(after.body.addOns).toHaveLength(1);
    expect(after.body.addOns[0]).toMatchObject({ kind: 'traditional_addon', quantity: 5, termEnd: base.body.termEnd });
    server.clock.advanceDays(-100);
  });

  it('never sells a per-user traditional add-on beyond the base quantity', async () => {
    const t = await server.createTenant();
    await subscribe(server, t, 'o365-e1', { quantity: 3 });
    const res = await buy(server, t, 'addon-customer-lockbox', { quantity: 4 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('quantity_exceeds_base');
    expect(res.body.maxQuantity).toBe(3);
  });

  it('asks which base subscription when several qualify, and accepts the chosen one', async () => {
    const t = await server.createTenant();
    const e1 = await subscribe(server, t, 'o365-e1', { quantity: 5 });
    const e3 = await subscribe(server, t, 'o365-e3', { quantity: 5 });
    const res = await buy(server, t, 'addon-customer-lockbox', { quantity: 2 });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('base_subscription_required');
    expect(res.body.eligibleBaseSubscriptions.map((s: { id: string }) => s.id).sort()).toEqual([e1, e3].sort());
    const ok = await buy(server, t, 'addon-customer-lockbox', { quantity: 2, baseSubscriptionId: e3 });
    expect(ok.status).toBe(201);
    expect(ok.body.lines[0].baseSubscriptionId).toBe(e3);
    const again = await buy(server, t, 'addon-customer-lockbox', { quantity: 1, baseSubscriptionId: e3 });
    expect(again.body.code).toBe('addon_already_on_base');
  });

  it('sells a standalone add-on as its own subscription with its own term', async () => {
    const t = await server.createTenant();
    await subscribe(server, t, 'o365-e5', { quantity: 5 });
    server.clock.advanceDays(10);
    const res = await buy(server, t, 'addon-phone-system', { quantity: 2, commitment: 'annual', billingFrequency: 'annual' });
    expect(res.status).toBe(201);
    expect(res.body.lines[0]).toMatchObject({ kind: 'standalone_addon', prorated: false, baseSubscriptionId: null });
    const subs = await server.request('GET', '/api/subscriptions', { token: t.token });
    const standalone = subs.body.subscriptions.find((s: { productId: string }) => s.productId === 'addon-phone-system');
    expect(standalone.kind).toBe('standalone_addon');
    expect(new Date(standalone.termEnd).toISOString()).toBe('2027-03-12T10:00:00.000Z');
    server.clock.advanceDays(-10);
  });

  it('a declined card stores only the failed attempt and says why', async () => {
    const t = await server.createTenant();
    const res = await buy(server, t, 'o365-e3', { payment: { method: 'card', paymentMethodId: cards.declined } });
    expect(res.status).toBe(402);
    expect(res.body.code).toBe('payment_declined');
    expect(res.body.hint).toBeTruthy();
    const noFunds = await buy(server, t, 'o365-e3', { payment: { method: 'card', paymentMethodId: cards.noFunds } });
    expect(noFunds.status).toBe(402);
    expect(noFunds.body.code).toBe('insufficient_funds');
    expect((await server.request('GET', '/api/subscriptions', { token: t.token })).body.subscriptions).toHaveLength(0);
    expect((await server.request('GET', '/api/invoices', { token: t.token })).body.invoices).toHaveLength(0);
    expect((await server.request('GET', '/api/payment-methods', { token: t.token })).body.paymentMethods).toHaveLength(0);
    const orders = await server.request('GET', '/api/orders', { token: t.token });
    expect(orders.body.orders.map((o: { status: string }) => o.status)).toEqual(['failed', 'failed']);
    expect(orders.body.orders[0].payment.declineCode).toBe('insufficient_funds');
    // The failed order keeps what was asked of the card.
    const unit = await unitPrice(server, t, 'o365-e3', 'monthly', 'monthly');
    expect(orders.body.orders[0].totalDueToday).toBe(unit * 10);
    const attempts = await server.ctx.db.selectFrom('payments').selectAll().where('tenant_id', '=', t.id).execute();
    expect(attempts.map((a) => [a.status, a.amount])).toEqual([
      ['declined', unit * 10],
      ['declined', unit * 10],
    ]);
  });

  it('refuses a payment method the gateway does not know before charging anything', async () => {
    const t = await server.createTenant();
    const res = await buy(server, t, 'o365-e3', { payment: { method: 'card', paymentMethodId: 'pm_doesnotexist' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('card_invalid');
    expect((await server.request('GET', '/api/orders', { token: t.token })).body.orders).toHaveLength(0);
  });

  it('never accepts a card number: the browser hands it to the gateway', async () => {
    const t = await server.createTenant();
    const res = await buy(server, t, 'o365-e3', {
      payment: { method: 'card', card: { number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect((await server.request('GET', '/api/orders', { token: t.token })).body.orders).toHaveLength(0);
  });

  it('pays by invoice: the order completes with an open invoice due in 30 days', async () => {
    const t = await server.createTenant();
    const res = await buy(server, t, 'm365-business-basic', { quantity: 3, payment: { method: 'invoice' } });
    expect(res.status).toBe(201);
    expect(res.body.invoice.status).toBe('open');
    expect(res.body.payment).toMatchObject({ method: 'invoice', status: 'pending' });
    const invoice = await server.request('GET', `/api/invoices/${res.body.invoice.id}`, { token: t.token });
    expect(new Date(invoice.body.dueAt).getTime() - new Date(invoice.body.issuedAt).getTime()).toBe(30 * 86_400_000);
  });

  it('asks for a payment method when something is due', async () => {
    const res = await server.request('POST', '/api/orders', {
      token: tenant.token,
      body: { items: [{ productId: 'o365-e1', quantity: 1 }] },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('payment_method_required');
  });

  it('reuses a saved card, never showing its number', async () => {
    const t = await server.createTenant();
    await subscribe(server, t, 'o365-e1', { quantity: 1 });
    const methods = await server.request('GET', '/api/payment-methods', { token: t.token });
    expect(methods.body.paymentMethods).toHaveLength(1);
    expect(methods.body.paymentMethods[0]).toMatchObject({ type: 'card', brand: 'visa', last4: '4242' });
    expect(JSON.stringify(methods.body)).not.toContain('4242424242424242');
    const rows = await server.ctx.db.selectFrom('payment_methods').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('4242424242424242');
    const res = await buy(server, t, 'o365-e3', {
      quantity: 1,
      payment: { method: 'saved', paymentMethodId: methods.body.paymentMethods[0].id },
    });
    expect(res.status).toBe(201);
    // Invoice numbers run per tenant, without gaps.
    const invoices = await server.request('GET', '/api/invoices', { token: t.token });
    expect(invoices.body.invoices.map((i: { number: string }) => i.number)).toEqual(['INV-000002', 'INV-000001']);
  });

  it('replays an order with the same Idempotency-Key and refuses the key with another body', async () => {
    const t = await server.createTenant();
    const first = await buy(server, t, 'o365-e1', { quantity: 2, idempotencyKey: 'order-42' });
    const replay = await buy(server, t, 'o365-e1', { quantity: 2, idempotencyKey: 'order-42' });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    const other = await buy(server, t, 'o365-e1', { quantity: 3, idempotencyKey: 'order-42' });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    expect((await server.request('GET', '/api/subscriptions', { token: t.token })).body.subscriptions).toHaveLength(1);
    // Concurrent retries of one key still buy once.
    const racing = await Promise.all(
      Array.from({ length: 5 }, () => buy(server, t, 'o365-e3', { quantity: 1, idempotencyKey: 'race-1' })),
    );
    // Retries racing the first request wait for it and replay its answer.
    expect(racing.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(racing.map((r) => r.body.id)).size).toBe(1);
    const e3 = (await server.request('GET', '/api/subscriptions', { token: t.token })).body.subscriptions.filter(
      (s: { productId: string }) => s.productId === 'o365-e3',
    );
    expect(e3).toHaveLength(1);
  });

  it('replays a declined payment under its key, and releases a key refused before any attempt', async () => {
    const t = await server.createTenant();
    const declined = await buy(server, t, 'o365-e1', { idempotencyKey: 'k-declined', payment: { method: 'card', paymentMethodId: cards.declined } });
    const again = await buy(server, t, 'o365-e1', { idempotencyKey: 'k-declined', payment: { method: 'card', paymentMethodId: cards.declined } });
    expect(again.status).toBe(402);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(declined.body);
    const refused = await buy(server, t, 'o365-e1', { quantity: 0, idempotencyKey: 'k-fix' });
    expect(refused.status).toBe(400);
    const noPlan = await buy(server, t, 'addon-customer-lockbox', { quantity: 1, idempotencyKey: 'k-fix' });
    expect(noPlan.status).toBe(422);
    const fixed = await buy(server, t, 'o365-e1', { quantity: 1, idempotencyKey: 'k-fix' });
    expect(fixed.status).toBe(201);
  });

  it('validates input strictly: whole quantities in bounds, known products, no unknown fields', async () => {
    const bad = [
      { items: [{ productId: 'o365-e1', quantity: 1.5 }] },
      { items: [{ productId: 'o365-e1', quantity: 0 }] },
      { items: [] },
      { items: [{ productId: 'o365-e1', quantity: 1, colour: 'red' }] },
    ];
    for (const body of bad) {
      const res = await server.request('POST', '/api/checkout/quote', { token: tenant.token, body });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
    const over = await server.request('POST', '/api/checkout/quote', {
      token: tenant.token,
      body: { items: [{ productId: 'm365-business-basic', quantity: 301 }, { productId: 'nope', quantity: 1 }] },
    });
    expect(over.body.problems.map((p: { code: string; field: string }) => [p.code, p.field])).toEqual([
      ['quantity_out_of_bounds', 'quantity'],
      ['product_not_found', 'productId'],
    ]);
    const dup = await server.request('POST', '/api/checkout/quote', {
      token: tenant.token,
      body: { items: [{ productId: 'o365-e1', quantity: 1 }, { productId: 'o365-e1', quantity: 2 }] },
    });
    expect(dup.body.problems[0]).toMatchObject({ itemIndex: 1, code: 'duplicate_item' });
    const offer = await server.request('POST', '/api/checkout/quote', {
      token: tenant.token,
      body: { items: [{ productId: 'o365-e1', quantity: 1, commitment: 'monthly', billingFrequency: 'annual' }] },
    });
    expect(offer.body.problems[0].code).toBe('offer_not_available');
  });

  it('auto-assigns licenses to users without one, oldest first, and reports who did not get one', async () => {
    const t = await server.createTenant();
    const users = [];
    for (let i = 0; i < 4; i++) {
      server.clock.advanceHours(1);
      users.push(await t.addUser('user', { email: `u${i}@example.com` }));
    }
    const res = await buy(server, t, 'm365-business-basic', { quantity: 3, autoAssign: true });
    expect(res.status).toBe(201);
    const report = res.body.autoAssign[0];
    // The Global admin is the oldest user, then u0, u1.
    expect(report.assigned.map((u: { userId: string }) => u.userId)).toEqual([t.adminUserId, users[0]!.id, users[1]!.id]);
    expect(report.notAssigned.map((u: { userId: string; reason: string }) => [u.userId, u.reason])).toEqual([
      [users[2]!.id, 'no_license_left'],
      [users[3]!.id, 'no_license_left'],
    ]);
    const summary = await server.request('GET', '/api/licenses', { token: t.token });
    expect(summary.body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ productId: 'm365-business-basic', purchased: 3, assigned: 3, available: 0 })]),
    );
    // An add-on's auto-assign only reaches users holding an eligible base license.
    const archiving = await buy(server, t, 'addon-exchange-online-archiving', { quantity: 5, autoAssign: true });
    expect(archiving.status).toBe(201);
    const r2 = archiving.body.autoAssign[0];
    expect(r2.assigned).toHaveLength(3);
    expect(r2.notAssigned.map((u: { reason: string }) => u.reason)).toEqual(['no_eligible_base_license', 'no_eligible_base_license']);
    server.clock.advanceHours(-4);
  });
});

describe('checkout with tax and in other clouds', () => {
  it('adds the billing country tax per line (FR, 20 %)', async () => {
    const server = await startTestServer();
    try {
      const t = await server.createTenant({ country: 'FR' });
      const unit = await unitPrice(server, t, 'o365-e1', 'annual', 'monthly', 'EUR');
      const quote = await server.request('POST', '/api/checkout/quote', {
        token: t.token,
        body: { items: [{ productId: 'o365-e1', quantity: 3, commitment: 'annual', billingFrequency: 'monthly' }] },
      });
      expect(quote.body.currency).toBe('EUR');
      expect(quote.body.lines[0].taxRateBasisPoints).toBe(2000);
      expect(quote.body.tax).toBe(roundHalfUp(unit * 3 * 2000, 10_000));
      expect(quote.body.totalDueToday).toBe(unit * 3 + quote.body.tax);
    } finally {
      await server.close();
    }
  });

  it('germany sells in EUR; 21vianet does not sell what its catalog excludes', async () => {
    const de = await startTestServer({ cloud: 'germany' });
    try {
      const t = await de.createTenant({ country: 'DE' });
      const res = await buy(de, t, 'o365-e3', { quantity: 2 });
      expect(res.status).toBe(201);
      expect(res.body.currency).toBe('EUR');
      expect(res.body.tax).toBeGreaterThan(0);
    } finally {
      await de.close();
    }
    const cn = await startTestServer({ cloud: '21vianet' });
    try {
      const t = await cn.createTenant({ country: 'CN' });
      await subscribe(cn, t, 'o365-e5', { quantity: 2 });
      const res = await buy(cn, t, 'addon-communications-credits', { quantity: 50 });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('product_not_available_in_cloud');
    } finally {
      await cn.close();
    }
  });
});
