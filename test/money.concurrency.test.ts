import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, operatorToken, type TestServer } from './support/harness.js';
import { buy, cards, subscribe } from './support/billing.js';

const START = '2026-03-02T10:00:00Z';
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ now: START });
});
afterAll(async () => server.close());

async function count(
  table: 'orders' | 'payment_attempts' | 'payments',
  tenantId: string,
  where: Record<string, string> = {},
) {
  let q = server.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId);
  for (const [k, v] of Object.entries(where)) q = q.where(k as 'tenant_id', '=', v);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

describe('money under concurrency (invariants 4, 5, 7)', () => {
  it('20 identical orders at once with one Idempotency-Key: one charge, one order, one answer', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        buy(server, t, 'o365-e3', { quantity: 3, idempotencyKey: 'same-order' }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await count('orders', t.id)).toBe(1);
    expect(await count('payment_attempts', t.id, { kind: 'charge' })).toBe(1);
    const subs = await server.request('GET', '/api/subscriptions', { token: t.token });
    expect(subs.body.subscriptions).toHaveLength(1);
  });

  it('20 identical declined orders at once: one card attempt, one failed order, the same 402 for all', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        buy(server, t, 'o365-e3', {
          quantity: 3,
          idempotencyKey: 'same-decline',
          payment: { method: 'card', paymentMethodId: cards.declined },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(402));
    expect(new Set(results.map((r) => r.body.code))).toEqual(new Set(['payment_declined']));
    expect(await count('payment_attempts', t.id)).toBe(1);
    expect(await count('orders', t.id, { status: 'failed' })).toBe(1);
  });

  it('cancelling one subscription while reducing another of the same tenant: both answer, no 500, each credited once', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const a = await subscribe(server, t, 'o365-e3', { quantity: 10 });
    const b = await subscribe(server, t, 'o365-e1', { quantity: 10 });
    server.clock.advanceHours(24);
    for (let round = 0; round < 3; round++) {
      const [cancel, reduce] = await Promise.all([
        round === 0
          ? server.request('POST', `/api/subscriptions/${a}/cancel`, { token: t.token, body: {} })
          : server.request('POST', `/api/subscriptions/${a}/quantity`, {
              token: t.token,
              body: { delta: -1 },
            }),
        server.request('POST', `/api/subscriptions/${b}/quantity`, { token: t.token, body: { delta: -1 } }),
      ]);
      expect(reduce.status).toBe(200);
      expect([200, 409]).toContain(cancel.status);
    }
    await server.drainJobs();
    const refunds = await server.ctx.db
      .selectFrom('payment_attempts')
      .select(['status', 'amount'])
      .where('tenant_id', '=', t.id)
      .where('kind', '=', 'refund')
      .execute();
    const credits = await server.ctx.db
      .selectFrom('invoices')
      .select(['total'])
      .where('tenant_id', '=', t.id)
      .where('kind', '=', 'credit')
      .execute();
    expect(refunds.every((r) => r.status === 'succeeded')).toBe(true);
    // Every credit note is paid back exactly once, to the card that paid.
    expect(refunds.reduce((s, r) => s + r.amount, 0)).toBe(-credits.reduce((s, c) => s + c.total, 0));
  });

  it('an add-on quantity change racing recurring billing on its base never deadlocks', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const base = await subscribe(server, t, 'o365-e3', { quantity: 20 });
    const addon = await subscribe(server, t, 'addon-customer-lockbox', {
      quantity: 5,
      baseSubscriptionId: base,
    });
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const [q, r] = await Promise.all([
          server.request('POST', `/api/subscriptions/${addon}/quantity`, {
            token: t.token,
            body: { delta: i % 2 ? -1 : 1 },
          }),
          server.request('PATCH', `/api/subscriptions/${base}`, {
            token: t.token,
            body: { recurringBilling: i % 2 === 0 },
          }),
        ]);
        statuses.push(q.status, r.status);
      }),
    );
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
  });

  it('50 parallel "+1" without If-Match: each applied to the quantity as locked, each charged once', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 10 });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        server.request('POST', `/api/subscriptions/${id}/quantity`, { token: t.token, body: { delta: 1 } }),
      ),
    );
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length + results.filter((r) => r.status === 409).length).toBe(50);
    const after = await server.request('GET', `/api/subscriptions/${id}`, { token: t.token });
    expect(after.body.quantity).toBe(10 + ok.length);
    // Each answer saw a different quantity: no two "+1" were computed from the same read.
    expect(new Set(ok.map((r) => r.body.change.to)).size).toBe(ok.length);
    const charges = await server.ctx.db
      .selectFrom('payment_attempts')
      .select(['status'])
      .where('tenant_id', '=', t.id)
      .where('purpose', '=', 'quantity_increase')
      .execute();
    expect(charges.filter((c) => c.status === 'succeeded')).toHaveLength(ok.length);
  });

  it('50 parallel "+1" with the same If-Match: exactly one wins, the others are told it changed', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 10 });
    const etag = (await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).headers.get(
      'etag',
    )!;
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        server.request('POST', `/api/subscriptions/${id}/quantity`, {
          token: t.token,
          headers: { 'if-match': etag },
          body: { quantity: 11 },
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(49);
    const after = await server.request('GET', `/api/subscriptions/${id}`, { token: t.token });
    expect(after.body.quantity).toBe(11);
  });
});

describe('credits and renewals (invariants 6 and 7)', () => {
  it('a credit for an item on an open invoice reduces that invoice instead of refunding the card', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    // A saved default card exists, but the subscription was bought on an invoice.
    await subscribe(server, t, 'o365-e1', { quantity: 1 });
    const onInvoice = await subscribe(server, t, 'o365-e3', { quantity: 4, payment: { method: 'invoice' } });
    const before = await server.request('GET', `/api/invoices?subscriptionId=${onInvoice}`, {
      token: t.token,
    });
    const open = before.body.invoices.find((i: { status: string }) => i.status === 'open');
    expect(open).toBeDefined();
    server.clock.advanceHours(2);
    const cancel = await server.request('POST', `/api/subscriptions/${onInvoice}/cancel`, {
      token: t.token,
      body: {},
    });
    expect(cancel.status).toBe(200);
    await server.drainJobs();
    const refunds = await server.ctx.db
      .selectFrom('payment_attempts')
      .select(['amount'])
      .where('tenant_id', '=', t.id)
      .where('kind', '=', 'refund')
      .execute();
    expect(refunds).toEqual([]);
    const after = await server.request('GET', `/api/invoices?subscriptionId=${onInvoice}`, {
      token: t.token,
    });
    const reduced = after.body.invoices.find((i: { id: string }) => i.id === open.id);
    // Nearly a whole month was left: all but a day's worth was never owed, and nothing was paid.
    expect(['void', 'open']).toContain(reduced.status);
    expect(reduced.status).toBe('void');
  });

  it('a failing renewal expires warningDays after the term end even when no retry is due then', async () => {
    const s = await startTestServer({
      now: START,
      env: {
        BILLING_CENTER_POLICY_RENEWAL_RETRY_INTERVAL_DAYS: '20',
        BILLING_CENTER_POLICY_WARNING_DAYS: '30',
      },
    });
    try {
      const t = await s.createTenant();
      const id = await subscribe(s, t, 'o365-e1', {
        quantity: 2,
        commitment: 'monthly',
        billingFrequency: 'monthly',
      });
      // Renewals now go to a card that is always declined.
      const declined = await s.request('POST', '/api/payment-methods', {
        token: t.token,
        body: { type: 'card', paymentMethodId: cards.declined, makeDefault: true },
      });
      expect(declined.status).toBe(201);
      const sub = (await s.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body;
      const termEnd = new Date(sub.termEnd).getTime();
      const run = () => s.request('POST', '/api/operator/billing/run', { token: operatorToken });
      s.clock.set(new Date(termEnd + 3_600_000));
      await run();
      expect((await s.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body.status).toBe(
        'warning',
      );
      s.clock.set(new Date(termEnd + 20 * 86_400_000 + 3_600_000));
      await run();
      expect((await s.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body.status).toBe(
        'warning',
      );
      // Day 30: the next retry would be day 40, but the warning ends now.
      s.clock.set(new Date(termEnd + 30 * 86_400_000 + 3_600_000));
      await run();
      expect((await s.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body.status).toBe(
        'expired',
      );
    } finally {
      await s.close();
    }
  });
});
