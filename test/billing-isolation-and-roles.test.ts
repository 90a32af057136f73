import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorToken, startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { cards, subscribe } from './support/billing.js';

describe('billing routes: tenant isolation and the role matrix', () => {
  let server: TestServer;
  let a: TestTenant;
  let b: TestTenant;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer();
    a = await server.createTenant({ name: 'A' });
    b = await server.createTenant({ name: 'B' });
    ids.base = await subscribe(server, a, 'o365-e3', { quantity: 5 });
    ids.addon = await subscribe(server, a, 'addon-customer-lockbox', { quantity: 2 });
    const orders = await server.request('GET', '/api/orders', { token: a.token });
    ids.order = orders.body.orders[0].id;
    ids.invoice = orders.body.orders[0].invoice.id;
    ids.paymentMethod = orders.body.orders[0].payment.paymentMethodId;
    const sr = await server.request('POST', '/api/support-requests', {
      token: a.token,
      body: { type: 'remove_traditional_addon', subscriptionId: ids.addon },
    });
    ids.supportRequest = sr.body.id;
    await subscribe(server, b, 'o365-e1', { quantity: 1 });
  });
  afterAll(() => server.close());

  it('answers 404 to another tenant on every route that takes an id, and changes nothing', async () => {
    const attempts: [string, string, unknown?][] = [
      ['GET', `/api/subscriptions/${ids.base}`],
      ['GET', `/api/subscriptions/${ids.base}/add-ons`],
      ['POST', `/api/subscriptions/${ids.base}/quantity`, { quantity: 6 }],
      ['PATCH', `/api/subscriptions/${ids.base}`, { recurringBilling: false }],
      ['POST', `/api/subscriptions/${ids.base}/cancel`, {}],
      ['GET', `/api/orders/${ids.order}`],
      ['GET', `/api/invoices/${ids.invoice}`],
      ['POST', `/api/payment-methods/${ids.paymentMethod}/default`],
      ['DELETE', `/api/payment-methods/${ids.paymentMethod}`],
      ['GET', `/api/support-requests/${ids.supportRequest}`],
      ['POST', `/api/support-requests/${ids.supportRequest}/messages`, { body: 'hello' }],
      ['POST', '/api/support-requests', { type: 'remove_traditional_addon', subscriptionId: ids.addon }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await server.request(method, path, { token: b.token, ...(body !== undefined ? { body } : {}) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    // An add-on of tenant A named as the base of tenant B's order is not found either.
    const order = await server.request('POST', '/api/checkout/quote', {
      token: b.token,
      body: { items: [{ productId: 'addon-customer-lockbox', quantity: 1, baseSubscriptionId: ids.base }] },
    });
    expect(order.body.problems[0].code).toBe('base_subscription_not_eligible');
    const base = await server.request('GET', `/api/subscriptions/${ids.base}`, { token: a.token });
    expect(base.body).toMatchObject({ quantity: 5, recurringBilling: true, status: 'active', version: 1 });
  });

  it('never lists another tenant’s data', async () => {
    for (const path of ['/api/subscriptions?flat=true', '/api/orders', '/api/invoices', '/api/payment-methods', '/api/support-requests']) {
      const res = await server.request('GET', path, { token: b.token });
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body);
      for (const id of Object.values(ids)) expect(text, path).not.toContain(id);
    }
  });

  it('lets Global and Billing admins use billing, and refuses License admins and Users', async () => {
    const billing = await a.addUser('billing_admin');
    const license = await a.addUser('license_admin');
    const user = await a.addUser('user');
    const routes: [string, string, unknown?][] = [
      ['GET', '/api/subscriptions'],
      ['GET', `/api/subscriptions/${ids.base}`],
      ['POST', '/api/checkout/quote', { items: [{ productId: 'o365-e1', quantity: 1 }] }],
      ['GET', '/api/orders'],
      ['GET', '/api/invoices'],
      ['GET', '/api/payment-methods'],
      ['GET', '/api/support-requests'],
    ];
    for (const [method, path, body] of routes) {
      const opts = body !== undefined ? { body } : {};
      expect((await server.request(method, path, { token: a.token, ...opts })).status, `global ${path}`).toBe(200);
      expect((await server.request(method, path, { token: billing.token, ...opts })).status, `billing ${path}`).toBe(200);
      for (const who of [license, user]) {
        const res = await server.request(method, path, { token: who.token, ...opts });
        expect(res.status, `${who.email} ${path}`).toBe(403);
        expect(res.body.code).toBe('forbidden');
      }
    }
    const buyAsLicenseAdmin = await server.request('POST', '/api/orders', {
      token: license.token,
      body: { items: [{ productId: 'o365-e1', quantity: 1 }], payment: { method: 'card', paymentMethodId: cards.ok } },
    });
    expect(buyAsLicenseAdmin.status).toBe(403);
    expect((await server.request('GET', '/api/subscriptions')).status).toBe(401);
  });

  it('keeps operator routes for the operator, and tenant routes for tenants', async () => {
    expect((await server.request('GET', '/api/operator/tenants', { token: a.token })).body.code).toBe('operator_only');
    expect((await server.request('GET', '/api/operator/tenants')).status).toBe(403);
    const tenants = await server.request('GET', '/api/operator/tenants', { token: operatorToken });
    expect(tenants.body.tenants.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect((await server.request('GET', '/api/subscriptions', { token: operatorToken })).status).toBe(403);
    const created = await server.request('POST', '/api/operator/tenants', {
      token: operatorToken,
      body: {
        name: 'Fabrikam',
        billingCountry: 'FR',
        admin: { email: 'admin@fabrikam.example', displayName: 'Fab Admin', password: 'long enough pw' },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.tenant).toMatchObject({ currency: 'EUR', billingCountry: 'FR' });
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: 'admin@fabrikam.example', password: 'long enough pw' },
    });
    expect(login.status).toBe(200);
  });
});
