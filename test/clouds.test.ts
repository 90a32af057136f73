import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cloud } from '../src/config.js';
import { operatorToken, startTestServer, type TestServer } from './support/harness.js';
import { subscribe } from './support/billing.js';

const clouds: [Cloud, string, string][] = [
  ['worldwide', 'US', 'USD'],
  ['germany', 'DE', 'EUR'],
  ['21vianet', 'CN', 'CNY'],
];

describe.each(clouds)('the whole source document in the %s cloud', (cloud, country, currency) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ cloud });
  });
  afterAll(() => server.close());

  it('buys, updates and removes add-ons of both kinds', async () => {
    const t = await server.createTenant({ country });
    const instance = await server.request('GET', '/api/instance');
    expect(instance.body).toMatchObject({ cloud, navigation: cloud === 'worldwide' ? 'purchase-services' : 'subscriptions' });

    // Acheter un module complémentaire: base first, then the add-ons list says what is buyable.
    const base = await subscribe(server, t, 'o365-e3', { quantity: 10, commitment: 'annual', billingFrequency: 'annual' });
    const addons = await server.request('GET', '/api/catalog/addons', { token: t.token });
    const lockbox = addons.body.addons.find((a: { productId: string }) => a.productId === 'addon-customer-lockbox');
    expect(lockbox.canBuy).toBe(true);
    const traditional = await subscribe(server, t, 'addon-customer-lockbox', { quantity: 4 });
    const standalone = await subscribe(server, t, 'addon-advanced-threat-protection', { quantity: 3 });
    const sub = await server.request('GET', `/api/subscriptions/${base}`, { token: t.token });
    expect(sub.body.currency).toBe(currency);

    // Mettre à jour: a traditional add-on through its base's add-ons, a standalone one directly.
    const listed = await server.request('GET', `/api/subscriptions/${base}/add-ons`, { token: t.token });
    expect(listed.body.addOns.map((a: { id: string }) => a.id)).toEqual([traditional]);
    expect((await server.request('POST', `/api/subscriptions/${traditional}/quantity`, { token: t.token, body: { quantity: 6 } })).status).toBe(200);
    expect((await server.request('POST', `/api/subscriptions/${standalone}/quantity`, { token: t.token, body: { quantity: 5 } })).status).toBe(200);

    // Supprimer: the standalone add-on by turning off recurring billing, the traditional one only via support.
    const off = await server.request('PATCH', `/api/subscriptions/${standalone}`, { token: t.token, body: { recurringBilling: false } });
    expect(off.body.expiresAt).toBe(off.body.termEnd);
    const refused = await server.request('POST', `/api/subscriptions/${traditional}/cancel`, { token: t.token, body: {} });
    expect(refused.body.code).toBe('traditional_addon_not_removable');
    const request = await server.request('POST', '/api/support-requests', {
      token: t.token,
      body: { type: 'remove_traditional_addon', subscriptionId: traditional },
    });
    const resolved = await server.request('POST', `/api/operator/support-requests/${request.body.id}/resolve`, {
      token: operatorToken,
      body: { action: 'remove_addon', resolution: 'done' },
    });
    expect(resolved.body.status).toBe('resolved');
    const after = await server.request('GET', `/api/subscriptions/${base}`, { token: t.token });
    expect(after.body.addOns[0].status).toBe('cancelled');
    expect(after.body.status).toBe('active');
  });
});

describe('add-on eligibility after buying', () => {
  it('stops offering a base that already carries the traditional add-on', async () => {
    const server = await startTestServer();
    try {
      const t = await server.createTenant();
      const e1 = await subscribe(server, t, 'o365-e1', { quantity: 2 });
      const e3 = await subscribe(server, t, 'o365-e3', { quantity: 2 });
      await subscribe(server, t, 'addon-customer-lockbox', { quantity: 1, baseSubscriptionId: e1 });
      const lockbox = async () =>
        (await server.request('GET', '/api/catalog/addons', { token: t.token })).body.addons.find(
          (a: { productId: string }) => a.productId === 'addon-customer-lockbox',
        );
      expect((await lockbox()).eligibleBaseSubscriptions.map((s: { id: string }) => s.id)).toEqual([e3]);
      await subscribe(server, t, 'addon-customer-lockbox', { quantity: 1, baseSubscriptionId: e3 });
      const after = await lockbox();
      expect(after).toMatchObject({ canBuy: false, eligibleBaseSubscriptions: [] });
      expect(after.reason.code).toBe('addon_already_on_base');
    } finally {
      await server.close();
    }
  });
});
