import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorToken, startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { cards, subscribe, unitPrice } from './support/billing.js';

const START = '2026-03-02T10:00:00Z';

describe('renewals and the subscription lifecycle (PRODUCT.md §5 Term end)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  const run = async () => (await server.request('POST', '/api/operator/billing/run', { token: operatorToken })).body;
  const get = async (t: TestTenant, id: string) =>
    (await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body;

  it('renews at term end, charging the new term and reopening the refund window', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e3', { quantity: 4, commitment: 'annual', billingFrequency: 'annual' });
    const unit = await unitPrice(server, t, 'o365-e3', 'annual', 'annual');
    server.clock.set('2027-03-02T10:00:01Z');
    const report = await run();
    expect(report.renewed).toBeGreaterThanOrEqual(1);
    const sub = await get(t, id);
    expect(sub).toMatchObject({ status: 'active', termStart: '2027-03-02T10:00:00.000Z', termEnd: '2028-03-02T10:00:00.000Z' });
    expect(sub.actions.cancel).toBe(true);
    const invoices = (await server.request('GET', `/api/invoices?subscriptionId=${id}`, { token: t.token })).body.invoices;
    expect(invoices[0]).toMatchObject({ kind: 'renewal', status: 'paid', subtotal: unit * 4 });
    // The order that bought it is among its bills too.
    expect(invoices.map((i: { kind: string }) => i.kind)).toEqual(['renewal', 'order']);
    expect((await run()).renewed).toBe(0);
  });

  it('bills each month of an annual commitment billed monthly, without renewing', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 2, commitment: 'annual', billingFrequency: 'monthly' });
    const unit = await unitPrice(server, t, 'o365-e1', 'annual', 'monthly');
    server.clock.set('2026-05-02T10:00:00Z');
    await run();
    const sub = await get(t, id);
    expect(sub).toMatchObject({ periodStart: '2026-05-02T10:00:00.000Z', periodEnd: '2026-06-02T10:00:00.000Z', termEnd: '2027-03-02T10:00:00.000Z' });
    const invoices = (await server.request('GET', `/api/invoices?subscriptionId=${id}`, { token: t.token })).body.invoices;
    expect(invoices.filter((i: { kind: string }) => i.kind === 'period').map((i: { subtotal: number }) => i.subtotal)).toEqual([unit * 2, unit * 2]);
  });

  it('applies a scheduled reduction at renewal, with its traditional add-ons renewed alongside', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const base = await subscribe(server, t, 'o365-e3', { quantity: 10, commitment: 'annual', billingFrequency: 'annual' });
    const addon = await subscribe(server, t, 'addon-customer-lockbox', { quantity: 4 });
    server.clock.advanceDays(30);
    const scheduled = await server.request('POST', `/api/subscriptions/${base}/quantity`, { token: t.token, body: { quantity: 6 } });
    expect(scheduled.body.change.type).toBe('scheduled_decrease');
    server.clock.set('2027-03-03T00:00:00Z');
    await run();
    expect(await get(t, base)).toMatchObject({ quantity: 6, pendingQuantity: null, termEnd: '2028-03-02T10:00:00.000Z' });
    expect(await get(t, addon)).toMatchObject({ status: 'active', quantity: 4, termEnd: '2028-03-02T10:00:00.000Z' });
  });

  it('with recurring billing off: expired at term end, disabled 30 days later, deleted 90 days after that', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    await t.addUser('user');
    const base = await subscribe(server, t, 'o365-e3', { quantity: 5, commitment: 'annual', billingFrequency: 'annual', autoAssign: true });
    const addon = await subscribe(server, t, 'addon-customer-lockbox', { quantity: 2 });
    await server.request('PATCH', `/api/subscriptions/${base}`, { token: t.token, body: { recurringBilling: false } });
    server.clock.set('2027-03-02T11:00:00Z');
    await run();
    expect((await get(t, base)).status).toBe('expired');
    expect((await get(t, addon)).status).toBe('expired');
    let licenses = (await server.request('GET', '/api/licenses', { token: t.token })).body.items;
    expect(licenses.find((l: { productId: string }) => l.productId === 'o365-e3').assigned).toBe(2);
    server.clock.set('2027-04-01T11:00:00Z');
    await run();
    expect((await get(t, base)).status).toBe('disabled');
    expect((await get(t, addon)).status).toBe('disabled');
    server.clock.set('2027-06-30T11:00:00Z');
    await run();
    expect((await get(t, base)).status).toBe('deleted');
    expect((await get(t, addon)).status).toBe('deleted');
    licenses = (await server.request('GET', '/api/licenses', { token: t.token })).body.items;
    const e3 = licenses.find((l: { productId: string }) => l.productId === 'o365-e3');
    expect(e3?.assigned ?? 0).toBe(0);
  });

  it('a declined renewal goes to warning, is retried, and renews once a card works', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 1, commitment: 'annual', billingFrequency: 'annual' });
    const declined = await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: cards.declined, makeDefault: true },
    });
    server.clock.set('2027-03-02T12:00:00Z');
    expect((await run()).failed).toBe(1);
    expect(await get(t, id)).toMatchObject({ status: 'warning', nextStatusChangeAt: '2027-03-05T12:00:00.000Z' });
    server.clock.set('2027-03-05T13:00:00Z');
    expect((await run()).failed).toBe(1);
    const good = await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: cards.ok, makeDefault: true },
    });
    expect(good.body.isDefault).toBe(true);
    void declined;
    server.clock.set('2027-03-08T14:00:00Z');
    expect((await run()).renewed).toBe(1);
    expect(await get(t, id)).toMatchObject({ status: 'active', termStart: '2027-03-02T10:00:00.000Z', termEnd: '2028-03-02T10:00:00.000Z' });
  });

  it('a renewal still failing after the warning days expires the subscription', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 1, commitment: 'monthly', billingFrequency: 'monthly' });
    await server.request('POST', '/api/payment-methods', { token: t.token, body: { type: 'card', paymentMethodId: cards.noFunds, makeDefault: true } });
    server.clock.set('2026-04-02T10:00:00Z');
    await run();
    for (let day = 3; day <= 36; day += 3) {
      server.clock.set(new Date(Date.parse('2026-04-02T10:00:00Z') + day * 86_400_000).toISOString());
      await run();
    }
    expect((await get(t, id)).status).toBe('expired');
  });
});
