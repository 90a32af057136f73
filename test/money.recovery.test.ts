import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorToken, startTestServer, type TestServer } from './support/harness.js';
import { buy, cards, subscribe } from './support/billing.js';
import { FaultyGateway } from './support/faulty-gateway.js';
import { reconcilePayments } from '../src/workflows/reconcile-payments.js';

const START = '2026-03-02T10:00:00Z';
let server: TestServer;
let gateway: FaultyGateway;
beforeAll(async () => {
  server = await startTestServer({
    now: START,
    // Attempts count as in doubt as soon as their answer is missing (no process is still on them).
    env: { BILLING_CENTER_RECONCILE_AFTER_SECONDS: '0' },
    wrapGateway: (inner) => (gateway = new FaultyGateway(inner)),
  });
});
afterAll(async () => server.close());

async function attemptsOf(tenantId: string) {
  return server.ctx.db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .orderBy('created_at')
    .execute();
}

describe('payments that survive lost answers (invariants 1, 3, 4)', () => {
  it('a charge whose answer was lost is finished by the retry with the same key, never charged twice', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    gateway.loseChargeAnswers = 1;
    const first = await buy(server, t, 'o365-e3', { quantity: 2, idempotencyKey: 'lost-answer' });
    expect(first.status).toBe(503);
    expect(first.body.code).toBe('payment_gateway_unavailable');
    // Nothing is confirmed yet, but the attempt was recorded before the call.
    expect(
      (await server.request('GET', '/api/subscriptions', { token: t.token })).body.subscriptions,
    ).toHaveLength(0);
    expect((await attemptsOf(t.id)).map((a) => a.status)).toEqual(['pending']);
    const charges = gateway.charges;
    const retry = await buy(server, t, 'o365-e3', { quantity: 2, idempotencyKey: 'lost-answer' });
    expect(retry.status).toBe(201);
    expect(gateway.charges).toBe(charges);
    const again = await buy(server, t, 'o365-e3', { quantity: 2, idempotencyKey: 'lost-answer' });
    expect(again.body.id).toBe(retry.body.id);
    expect((await attemptsOf(t.id)).map((a) => a.status)).toEqual(['succeeded']);
    expect(
      (await server.request('GET', '/api/subscriptions', { token: t.token })).body.subscriptions,
    ).toHaveLength(1);
  });

  it('reconciliation finishes an order whose request never came back; the retry then replays it', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    gateway.loseChargeAnswers = 1;
    expect((await buy(server, t, 'o365-e1', { quantity: 1, idempotencyKey: 'died' })).status).toBe(503);
    const report = await reconcilePayments(server.ctx);
    expect(report.settled).toBeGreaterThanOrEqual(1);
    const orders = await server.request('GET', '/api/orders', { token: t.token });
    expect(orders.body.orders.map((o: { status: string }) => o.status)).toEqual(['completed']);
    const charges = gateway.charges;
    const retry = await buy(server, t, 'o365-e1', { quantity: 1, idempotencyKey: 'died' });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.id).toBe(orders.body.orders[0].id);
    expect(gateway.charges).toBe(charges);
  });

  it('a charge whose order can no longer be made is refunded through the outbox (the charge step’s undo)', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const base = await subscribe(server, t, 'o365-e1', { quantity: 5 });
    // While the card is being charged for 5 add-on licenses, the base drops to 3.
    gateway.afterCharge = async () => {
      const cut = await server.request('POST', `/api/subscriptions/${base}/quantity`, {
        token: t.token,
        body: { quantity: 3 },
      });
      expect(cut.status).toBe(200);
    };
    const res = await buy(server, t, 'addon-customer-lockbox', { quantity: 5, baseSubscriptionId: base });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('quantity_exceeds_base');
    expect(res.body.refunded).toBeGreaterThan(0);
    await server.drainJobs();
    const attempts = await attemptsOf(t.id);
    const charge = attempts.find(
      (a) =>
        a.purpose === 'order' &&
        a.status === 'succeeded' &&
        a.operation_id !== undefined &&
        a.amount === res.body.refunded,
    )!;
    expect(charge).toBeDefined();
    const undo = attempts.find((a) => a.refund_of === charge.id)!;
    expect(undo).toMatchObject({
      kind: 'refund',
      purpose: 'undo',
      status: 'succeeded',
      amount: charge.amount,
    });
    expect(
      await server.ctx.gateway.findRefund({ chargeId: charge.gateway_reference!, attemptId: undo.id }),
    ).toMatchObject({
      amount: charge.amount,
    });
    const subs = await server.request('GET', '/api/subscriptions', { token: t.token });
    expect(subs.body.subscriptions.map((s: { productId: string }) => s.productId)).toEqual(['o365-e1']);
    const orders = await server.request('GET', '/api/orders', { token: t.token });
    expect(orders.body.orders.map((o: { status: string }) => o.status)).toEqual(['failed', 'completed']);
  });

  it('a renewal whose answer was lost is billed once: the next run does not charge again, reconciliation applies it', async () => {
    server.clock.set('2026-03-12T10:00:00Z');
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', {
      quantity: 2,
      commitment: 'monthly',
      billingFrequency: 'monthly',
    });
    const sub = (await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body;
    // Other tenants' subscriptions of this file renew first, so the lost answer is this one's.
    server.clock.set(new Date(new Date(sub.termEnd).getTime() - 3_600_000));
    await server.request('POST', '/api/operator/billing/run', { token: operatorToken });
    server.clock.set(new Date(new Date(sub.termEnd).getTime() + 3_600_000));
    const renewals = async () =>
      (await attemptsOf(t.id)).filter((a) => a.purpose === 'renewal').map((a) => a.status);
    gateway.loseChargeAnswers = 1;
    await server.request('POST', '/api/operator/billing/run', { token: operatorToken });
    expect(await renewals()).toEqual(['pending']);
    // The period is in doubt: the next run leaves it to reconciliation instead of charging again.
    await server.request('POST', '/api/operator/billing/run', { token: operatorToken });
    expect(await renewals()).toEqual(['pending']);
    await reconcilePayments(server.ctx);
    const after = (await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body;
    expect(new Date(after.termEnd).getTime()).toBeGreaterThan(new Date(sub.termEnd).getTime());
    expect(await renewals()).toEqual(['succeeded']);
    await server.request('POST', '/api/operator/billing/run', { token: operatorToken });
    expect(await renewals()).toEqual(['succeeded']);
    const invoices = await server.request('GET', `/api/invoices?subscriptionId=${id}`, { token: t.token });
    expect(invoices.body.invoices.filter((i: { kind: string }) => i.kind === 'renewal')).toHaveLength(1);
  });

  it('a declined card for more licenses leaves the quantity as it was and invoices nothing', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', { quantity: 4 });
    const pm = await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: cards.declined, makeDefault: false },
    });
    const res = await server.request('POST', `/api/subscriptions/${id}/quantity`, {
      token: t.token,
      body: { delta: 2, paymentMethodId: pm.body.id },
    });
    expect(res.status).toBe(402);
    expect((await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body.quantity).toBe(
      4,
    );
    const invoices = await server.request('GET', `/api/invoices?subscriptionId=${id}`, { token: t.token });
    expect(
      invoices.body.invoices
        .filter((i: { kind: string }) => i.kind === 'quantity_change')
        .map((i: { status: string }) => i.status),
    ).toEqual([]);
  });
});

describe('a quantity increase takes effect only once it is charged (reserve → charge → apply)', () => {
  async function setUp(quantity: number, users: number) {
    const t = await server.createTenant();
    const id = await subscribe(server, t, 'o365-e1', {
      quantity,
      payment: { method: 'card', paymentMethodId: cards.ok },
    });
    const userIds: string[] = [];
    for (let i = 0; i < users; i++) userIds.push((await t.addUser('user')).id);
    const first = await server.request('POST', '/api/licenses/o365-e1/assign', {
      token: t.token,
      body: { userIds: userIds.slice(0, quantity) },
    });
    expect(first.body.license).toMatchObject({ purchased: quantity, assigned: quantity });
    return { t, id, rest: userIds.slice(quantity) };
  }

  /** While the card is being charged, assigns each remaining user in parallel. */
  function assignDuringCharge(t: { token: string }, userIds: string[]) {
    const answers: Promise<{ status: number; body: any }>[] = [];
    gateway.afterCharge = async () => {
      for (const userId of userIds)
        answers.push(
          server.request('POST', '/api/licenses/o365-e1/assign', {
            token: t.token,
            body: { userIds: [userId] },
          }),
        );
      await Promise.all(answers);
    };
    return answers;
  }

  async function licenses(t: { token: string }) {
    const res = await server.request('GET', '/api/licenses', { token: t.token });
    return res.body.items.find((i: { productId: string }) => i.productId === 'o365-e1');
  }

  it('licenses assigned while a declining increase is charged never exceed the quantity', async () => {
    server.clock.set(START);
    const { t, id, rest } = await setUp(2, 5);
    const declined = await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: cards.declined, makeDefault: true },
    });
    expect(declined.status).toBe(201);
    const during = assignDuringCharge(t, rest);
    const res = await server.request('POST', `/api/subscriptions/${id}/quantity`, {
      token: t.token,
      body: { quantity: 5 },
    });
    expect(res.status).toBe(402);
    expect(during).toHaveLength(3);
    for (const answer of await Promise.all(during)) {
      expect(answer.status).toBe(200);
      expect(answer.body.results[0]).toMatchObject({ status: 'refused', code: 'no_licenses_available' });
    }
    expect((await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body.quantity).toBe(
      2,
    );
    expect(await licenses(t)).toMatchObject({ purchased: 2, assigned: 2, available: 0 });
    // Nothing was invoiced for the refused increase.
    const invoices = await server.request('GET', `/api/invoices?subscriptionId=${id}`, { token: t.token });
    expect(invoices.body.invoices.filter((i: { kind: string }) => i.kind === 'quantity_change')).toHaveLength(
      0,
    );
  });

  it('an increase that is paid applies once the charge succeeded, not before', async () => {
    server.clock.set(START);
    const { t, id, rest } = await setUp(2, 4);
    const during = assignDuringCharge(t, rest);
    const res = await server.request('POST', `/api/subscriptions/${id}/quantity`, {
      token: t.token,
      body: { quantity: 4 },
    });
    expect(res.status).toBe(200);
    expect(res.body.quantity ?? res.body.subscription?.quantity).toBe(4);
    // While the card was being charged, the two new licenses did not exist yet.
    for (const answer of await Promise.all(during))
      expect(answer.body.results[0]).toMatchObject({ status: 'refused', code: 'no_licenses_available' });
    expect(await licenses(t)).toMatchObject({ purchased: 4, assigned: 2, available: 2 });
    const now = await server.request('POST', '/api/licenses/o365-e1/assign', {
      token: t.token,
      body: { userIds: rest },
    });
    expect(now.body.license).toMatchObject({ purchased: 4, assigned: 4, available: 0 });
    const invoices = await server.request('GET', `/api/invoices?subscriptionId=${id}`, { token: t.token });
    expect(
      invoices.body.invoices.filter(
        (i: { kind: string; status: string }) => i.kind === 'quantity_change' && i.status === 'paid',
      ),
    ).toHaveLength(1);
  });

  it('a change that lands while the increase is charged makes the increase refunded, never applied on top', async () => {
    server.clock.set(START);
    const { t, id } = await setUp(2, 2);
    // During the charge, the admin turns recurring billing off: the subscription's version moves.
    gateway.afterCharge = async () => {
      const patch = await server.request('PATCH', `/api/subscriptions/${id}`, {
        token: t.token,
        body: { recurringBilling: false },
      });
      expect(patch.status).toBe(200);
    };
    const res = await server.request('POST', `/api/subscriptions/${id}/quantity`, {
      token: t.token,
      body: { quantity: 3 },
    });
    expect(res.status).toBe(409);
    expect(res.body.refunded).toBeGreaterThan(0);
    expect((await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body.quantity).toBe(
      2,
    );
    await server.drainJobs();
    const attempts = await attemptsOf(t.id);
    const charge = attempts.find((a) => a.purpose === 'quantity_increase')!;
    expect(attempts.filter((a) => a.refund_of === charge.id && a.status === 'succeeded')).toHaveLength(1);
  });

  it('a decrease sent while an increase is charged waits for it, and the paid increase is kept', async () => {
    server.clock.set(START);
    const { t, id } = await setUp(2, 2);
    const me = await server.request('GET', '/api/users?limit=50', { token: t.token });
    const holder = (me.body.items as { id: string; licenses?: string[] }[]).find((u) =>
      u.licenses?.includes('o365-e1'),
    );
    const freed = await server.request('POST', '/api/licenses/o365-e1/unassign', {
      token: t.token,
      body: { userIds: [holder!.id] },
    });
    expect(freed.status).toBe(200);
    let second: Promise<{ status: number; body: { subscription?: { quantity: number } } }> | undefined;
    gateway.afterCharge = async () => {
      // 2 → 1 is a decrease of the quantity as it stands while 2 → 4 is being paid. Not awaited:
      // it must wait for the increase's outcome, which waits for this hook.
      second = server.request('POST', `/api/subscriptions/${id}/quantity`, {
        token: t.token,
        body: { quantity: 1 },
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
    };
    const first = await server.request('POST', `/api/subscriptions/${id}/quantity`, {
      token: t.token,
      body: { quantity: 4 },
    });
    expect(first.status).toBe(200);
    expect(first.body.subscription.quantity).toBe(4);
    const after = await second!;
    expect(after.status).toBe(200);
    await server.drainJobs();
    const attempts = await attemptsOf(t.id);
    const charge = attempts.find((a) => a.purpose === 'quantity_increase')!;
    expect(charge.status).toBe('succeeded');
    expect(attempts.filter((a) => a.refund_of === charge.id && a.purpose === 'undo')).toHaveLength(0);
  });
});
