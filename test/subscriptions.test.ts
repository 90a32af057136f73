import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';
import { buy, cards, roundHalfUp, subscribe, unitPrice } from './support/billing.js';

const START = '2026-03-02T10:00:00Z';

describe('change quantity, recurring billing, cancel (source §Mettre à jour, §Supprimer)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('adds licenses mid-term, charged now prorated to the period end', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e3', { quantity: 10, commitment: 'annual', billingFrequency: 'annual' });
    const unit = await unitPrice(server, t, 'o365-e3', 'annual', 'annual');
    server.clock.advanceDays(65);
    const res = await server.request('POST', `/api/subscriptions/${id}/quantity`, { token: t.token, body: { quantity: 12 } });
    expect(res.status).toBe(200);
    expect(res.body.change).toMatchObject({ type: 'increase', from: 10, to: 12, proratedDays: 300, periodDays: 365 });
    expect(res.body.change.amount).toBe(roundHalfUp(unit * 2 * 300, 365));
    expect(res.body.subscription.quantity).toBe(12);
    const invoice = await server.request('GET', `/api/invoices/${res.body.change.invoiceId}`, { token: t.token });
    expect(invoice.body).toMatchObject({ kind: 'quantity_change', status: 'paid', total: res.body.change.total });
  });

  it('previews a quantity change and a cancellation without changing or charging anything', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e3', { quantity: 10, commitment: 'annual', billingFrequency: 'annual' });
    await subscribe(server, t, 'addon-customer-lockbox', { quantity: 2 });
    server.clock.advanceDays(2);
    const preview = await server.request('POST', `/api/subscriptions/${id}/quantity?dryRun=true`, { token: t.token, body: { quantity: 13 } });
    expect(preview.status).toBe(200);
    expect(preview.body.change).toMatchObject({ type: 'increase', from: 10, to: 13, invoiceId: null });
    expect(preview.body.change.amount).toBeGreaterThan(0);
    const real = await server.request('POST', `/api/subscriptions/${id}/quantity`, { token: t.token, body: { quantity: 13 } });
    expect(real.body.change.total).toBe(preview.body.change.total);
    const cancelPreview = await server.request('POST', `/api/subscriptions/${id}/cancel?dryRun=true`, { token: t.token, body: {} });
    expect(cancelPreview.status).toBe(200);
    expect(cancelPreview.body.ended).toHaveLength(2);
    expect(cancelPreview.body.ended.every((e: { refund: number; creditInvoiceId: null }) => e.refund > 0 && e.creditInvoiceId === null)).toBe(true);
    const after = await server.request('GET', `/api/subscriptions/${id}`, { token: t.token });
    expect(after.body).toMatchObject({ status: 'active', quantity: 13 });
    const invoices = await server.request('GET', '/api/invoices', { token: t.token });
    expect(invoices.body.invoices.filter((i: { kind: string }) => i.kind === 'credit')).toHaveLength(0);
    expect(invoices.body.invoices.filter((i: { kind: string }) => i.kind === 'quantity_change')).toHaveLength(1);
    const tooLow = await server.request('POST', `/api/subscriptions/${id}/quantity?dryRun=true`, { token: t.token, body: { quantity: 1 } });
    expect(tooLow.body.code).toBe('quantity_below_addons');
  });

  it('reduces with a prorated credit within 7 days, and schedules the reduction after that', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e3', { quantity: 10, commitment: 'annual', billingFrequency: 'annual' });
    const unit = await unitPrice(server, t, 'o365-e3', 'annual', 'annual');
    server.clock.advanceDays(3);
    const now = await server.request('POST', `/api/subscriptions/${id}/quantity`, { token: t.token, body: { quantity: 8 } });
    expect(now.status).toBe(200);
    expect(now.body.change.type).toBe('decrease');
    expect(now.body.change.amount).toBe(-roundHalfUp(unit * 2 * 362, 365));
    const credit = await server.request('GET', `/api/invoices/${now.body.change.invoiceId}`, { token: t.token });
    expect(credit.body).toMatchObject({ kind: 'credit', total: now.body.change.total });
    expect(credit.body.total).toBeLessThan(0);

    server.clock.advanceHours(24 * 4 + 1); // 7 days and 1 hour after purchase
    const later = await server.request('POST', `/api/subscriptions/${id}/quantity`, { token: t.token, body: { quantity: 6 } });
    expect(later.status).toBe(200);
    expect(later.body.change).toMatchObject({ type: 'scheduled_decrease', amount: 0 });
    expect(later.body.subscription).toMatchObject({ quantity: 8, pendingQuantity: 6 });
    expect(later.body.change.effectiveAt).toBe(later.body.subscription.termEnd);
    // Submitting today's quantity withdraws the scheduled reduction.
    const withdraw = await server.request('POST', `/api/subscriptions/${id}/quantity`, { token: t.token, body: { quantity: 8 } });
    expect(withdraw.body.change.type).toBe('scheduled_decrease_withdrawn');
    expect(withdraw.body.subscription.pendingQuantity).toBeNull();
  });

  it('never goes below the assigned licenses, and says how many to unassign', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    for (let i = 0; i < 3; i++) await t.addUser('user');
    const id = await subscribe(server, t, 'm365-business-basic', { quantity: 5, autoAssign: true });
    const res = await server.request('POST', `/api/subscriptions/${id}/quantity`, { token: t.token, body: { quantity: 2 } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'quantity_below_assigned', assigned: 4, toUnassign: 2 });
    expect(res.body.hint).toContain('2');
    const unchanged = await server.request('GET', `/api/subscriptions/${id}`, { token: t.token });
    expect(unchanged.body.quantity).toBe(5);
  });

  it('keeps a traditional add-on within its base, and the base above its add-ons', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const base = await subscribe(server, t, 'o365-e3', { quantity: 5 });
    const addon = await subscribe(server, t, 'addon-advanced-compliance', { quantity: 4 });
    const up = await server.request('POST', `/api/subscriptions/${addon}/quantity`, { token: t.token, body: { quantity: 6 } });
    expect(up.body.code).toBe('quantity_exceeds_base');
    const down = await server.request('POST', `/api/subscriptions/${base}/quantity`, { token: t.token, body: { quantity: 3 } });
    expect(down.body.code).toBe('quantity_below_addons');
    const ok = await server.request('POST', `/api/subscriptions/${addon}/quantity`, { token: t.token, body: { quantity: 5 } });
    expect(ok.status).toBe(200);
    const list = await server.request('GET', `/api/subscriptions/${base}/add-ons`, { token: t.token });
    expect(list.body.addOns.map((a: { id: string; quantity: number }) => [a.id, a.quantity])).toEqual([[addon, 5]]);
  });

  it('refuses a stale If-Match and never loses a concurrent update', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 10 });
    const read = await server.request('GET', `/api/subscriptions/${id}`, { token: t.token });
    const etag = read.headers.get('etag')!;
    expect(etag).toBe('"v1"');
    const results = await Promise.all(
      [11, 12, 13, 14].map((q) =>
        server.request('POST', `/api/subscriptions/${id}/quantity`, { token: t.token, headers: { 'if-match': etag }, body: { quantity: q } }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412).every((r) => r.body.code === 'precondition_failed')).toBe(true);
    const winner = results.find((r) => r.status === 200)!;
    const after = await server.request('GET', `/api/subscriptions/${id}`, { token: t.token });
    expect(after.body.quantity).toBe(winner.body.subscription.quantity);
    // Without If-Match, concurrent increases are serialised by a row lock and each is charged.
    const bumps = await Promise.all(
      [20, 21, 22].map((q) => server.request('POST', `/api/subscriptions/${id}/quantity`, { token: t.token, body: { quantity: q } })),
    );
    expect(bumps.every((b) => b.status === 200)).toBe(true);
    const invoices = await server.request('GET', `/api/invoices?subscriptionId=${id}`, { token: t.token });
    // Whatever order the three landed in, each one was billed or credited exactly once.
    const moves = invoices.body.invoices.filter((i: { kind: string }) => i.kind === 'quantity_change' || i.kind === 'credit');
    expect(moves).toHaveLength(4);
    const final = await server.request('GET', `/api/subscriptions/${id}`, { token: t.token });
    expect(final.body.version).toBe(5);
  });

  it('turns recurring billing off and on; a traditional add-on follows its base', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const base = await subscribe(server, t, 'o365-e3', { quantity: 5 });
    const addon = await subscribe(server, t, 'addon-customer-lockbox', { quantity: 2 });
    const off = await server.request('PATCH', `/api/subscriptions/${base}`, { token: t.token, body: { recurringBilling: false } });
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ recurringBilling: false, renewsAt: null, expiresAt: off.body.termEnd });
    expect(off.body.addOns[0].recurringBilling).toBe(false);
    const direct = await server.request('PATCH', `/api/subscriptions/${addon}`, { token: t.token, body: { recurringBilling: true } });
    expect(direct.status).toBe(409);
    expect(direct.body.code).toBe('follows_base_subscription');
    const on = await server.request('PATCH', `/api/subscriptions/${base}`, { token: t.token, body: { recurringBilling: true } });
    expect(on.body.recurringBilling).toBe(true);
  });

  it('cancels within the window with a prorated refund; its traditional add-ons go with it, standalone ones stay', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    for (let i = 0; i < 2; i++) await t.addUser('user');
    const base = await subscribe(server, t, 'o365-e1', { quantity: 5, commitment: 'annual', billingFrequency: 'annual', autoAssign: true });
    const traditional = await subscribe(server, t, 'addon-customer-lockbox', { quantity: 2 });
    const standalone = await subscribe(server, t, 'addon-exchange-online-archiving', { quantity: 2 });
    const unit = await unitPrice(server, t, 'o365-e1', 'annual', 'annual');
    server.clock.advanceDays(2);
    const res = await server.request('POST', `/api/subscriptions/${base}/cancel`, { token: t.token, body: {} });
    expect(res.status).toBe(200);
    expect(res.body.subscription.status).toBe('cancelled');
    const ended = Object.fromEntries(res.body.ended.map((e: { subscriptionId: string }) => [e.subscriptionId, e]));
    expect(Object.keys(ended).sort()).toEqual([base, traditional].sort());
    expect(ended[base].refund).toBe(roundHalfUp(unit * 5 * 363, 365));
    expect(ended[base].unassigned).toHaveLength(3);
    const subs = await server.request('GET', '/api/subscriptions?flat=true', { token: t.token });
    const status = Object.fromEntries(subs.body.subscriptions.map((s: { id: string; status: string }) => [s.id, s.status]));
    expect(status).toEqual({ [base]: 'cancelled', [traditional]: 'cancelled', [standalone]: 'active' });
    const again = await server.request('POST', `/api/subscriptions/${base}/cancel`, { token: t.token, body: {} });
    expect(again.body.code).toBe('already_cancelled');
  });

  it('after the window, cancelling says to turn off recurring billing instead', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 1 });
    server.clock.advanceHours(168);
    const res = await server.request('POST', `/api/subscriptions/${id}/cancel`, {
      token: t.token,
      body: {},
      headers: { 'accept-language': 'fr-FR' },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('cancellation_window_closed');
    expect(res.body.hint).toContain('facturation périodique');
    expect((await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body.status).toBe('active');
  });

  it('a traditional add-on cannot be removed by the tenant: support request, then the operator removes it', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    await subscribe(server, t, 'o365-e3', { quantity: 5, commitment: 'annual', billingFrequency: 'annual' });
    const addon = await subscribe(server, t, 'addon-customer-lockbox', { quantity: 3 });
    const refused = await server.request('POST', `/api/subscriptions/${addon}/cancel`, { token: t.token, body: {} });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('traditional_addon_not_removable');
    expect(refused.body.supportRequest).toEqual({ type: 'remove_traditional_addon', subscriptionId: addon });

    const opened = await server.request('POST', '/api/support-requests', {
      token: t.token,
      body: { type: 'remove_traditional_addon', subscriptionId: addon, description: 'Bought by mistake' },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.subject).toContain('Customer Lockbox');
    const twice = await server.request('POST', '/api/support-requests', {
      token: t.token,
      body: { type: 'remove_traditional_addon', subscriptionId: addon },
    });
    expect(twice.status).toBe(200);
    expect(twice.body.id).toBe(opened.body.id);

    const { operatorToken } = await import('./support/harness.js');
    const queue = await server.request('GET', '/api/operator/support-requests?status=open', { token: operatorToken });
    expect(queue.body.supportRequests.map((r: { id: string }) => r.id)).toContain(opened.body.id);
    await server.request('POST', `/api/operator/support-requests/${opened.body.id}/messages`, {
      token: operatorToken,
      body: { body: 'Removing it now.' },
    });
    server.clock.advanceDays(1);
    const unit = await unitPrice(server, t, 'addon-customer-lockbox', 'annual', 'annual');
    const resolved = await server.request('POST', `/api/operator/support-requests/${opened.body.id}/resolve`, {
      token: operatorToken,
      body: { action: 'remove_addon', resolution: 'Removed with a prorated credit.' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', creditAmount: roundHalfUp(unit * 3 * 364, 365) });
    const followed = await server.request('GET', `/api/support-requests/${opened.body.id}`, { token: t.token });
    expect(followed.body.status).toBe('resolved');
    expect(followed.body.messages.map((m: { authorType: string }) => m.authorType)).toEqual(['operator']);
    expect((await server.request('GET', `/api/subscriptions/${addon}`, { token: t.token })).body.status).toBe('cancelled');
    const closed = await server.request('POST', `/api/support-requests/${opened.body.id}/messages`, { token: t.token, body: { body: 'thanks' } });
    expect(closed.body.code).toBe('support_request_closed');
  });

  it('a declined card leaves the quantity unchanged', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 2, payment: { method: 'card', paymentMethodId: cards.ok } });
    const declined = await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: cards.declined, makeDefault: true },
    });
    expect(declined.status).toBe(201);
    const res = await server.request('POST', `/api/subscriptions/${id}/quantity`, { token: t.token, body: { quantity: 4 } });
    expect(res.status).toBe(402);
    expect((await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body.quantity).toBe(2);
  });

  it('writes every change to the audit log: who, what, before and after', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 2 });
    await server.request('POST', `/api/subscriptions/${id}/quantity`, { token: t.token, body: { quantity: 3 } });
    await server.request('PATCH', `/api/subscriptions/${id}`, { token: t.token, body: { recurringBilling: false } });
    const log = await server.request('GET', `/api/audit-log?entityId=${id}`, { token: t.token });
    expect(log.status).toBe(200);
    const actions = log.body.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['subscription.recurring_billing.off', 'subscription.quantity.increase', 'subscription.created']);
    const change = log.body.items[1];
    expect(change.before).toMatchObject({ quantity: 2 });
    expect(change.after).toMatchObject({ quantity: 3 });
    expect(change.actorType).toBe('api_token');
    const other = await server.createTenant();
    const foreign = await server.request('GET', `/api/audit-log?entityId=${id}`, { token: other.token });
    expect(foreign.body.items).toHaveLength(0);
  });

  it('buys the same product twice and keeps licenses across both subscriptions', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    await buy(server, t, 'o365-e1', { quantity: 1 });
    await buy(server, t, 'o365-e1', { quantity: 2 });
    const subs = await server.request('GET', '/api/subscriptions', { token: t.token });
    expect(subs.body.subscriptions).toHaveLength(2);
  });
});
