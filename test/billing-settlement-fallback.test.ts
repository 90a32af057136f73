import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { operatorToken, startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { cards, subscribe } from './support/billing.js';
import { FaultyGateway } from './support/faulty-gateway.js';

/**
 * The card charges of a billing batch are settled in one transaction (`settleCharges`); when
 * that transaction fails, each outcome is settled on its own (docs/renewals.md, "One batch").
 * These tests make the batch settlement fail for real, with several charges in flight.
 */
const START = '2026-03-02T10:00:00Z';
const MONTH_LATER = '2026-04-02T11:00:00Z';
const monthly = { commitment: 'monthly', billingFrequency: 'monthly' } as const;

interface Invoice {
  kind: string;
  status: string;
  total: number;
  subscriptionId: string | null;
}

let server: TestServer;
let gateway: FaultyGateway;
beforeAll(async () => {
  server = await startTestServer({
    now: START,
    wrapGateway: (inner) => (gateway = new FaultyGateway(inner)),
  });
});
afterAll(() => server.close());

const run = async () => {
  const res = await server.request('POST', '/api/operator/billing/run', { token: operatorToken });
  expect(res.status).toBe(200);
  return res.body as { renewed: number; charged: number; failed: number };
};
const get = async (t: TestTenant, id: string) =>
  (await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body;
const renewalInvoices = async (t: TestTenant): Promise<Invoice[]> =>
  ((await server.request('GET', '/api/invoices', { token: t.token })).body.invoices as Invoice[]).filter(
    (i) => i.kind === 'renewal',
  );
/** The renewal attempts of these tenants: what the gateway was asked, and what was recorded. */
const renewalAttempts = (tenantIds: string[]) =>
  server.ctx.db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('tenant_id', 'in', tenantIds)
    .where('purpose', '=', 'renewal')
    .execute();
const refundsOf = (chargeIds: string[]) =>
  server.ctx.db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('kind', '=', 'refund')
    .where('refund_of', 'in', chargeIds)
    .execute();

async function cardTenants(n: number) {
  server.clock.set(START);
  const out: { t: TestTenant; id: string }[] = [];
  for (let i = 0; i < n; i++) {
    const t = await server.createTenant();
    out.push({ t, id: await subscribe(server, t, 'o365-e1', { quantity: 2 + i, ...monthly }) });
  }
  return out;
}

describe('the multi-charge settlement of a billing batch, when it fails (docs/renewals.md)', () => {
  it('a period that changes while its card is charged: the others are billed once, that charge is refunded', async () => {
    const tenants = await cardTenants(5);
    const declining = await server.createTenant();
    const declinedId = await subscribe(server, declining, 'o365-e1', { quantity: 1, ...monthly });
    const set = await server.request('POST', '/api/payment-methods', {
      token: declining.token,
      body: { type: 'card', paymentMethodId: cards.declined, makeDefault: true },
    });
    expect(set.status).toBe(201);
    const victim = tenants[2]!;
    // While the batch's cards are being charged (after its transaction committed, before the
    // outcomes are settled), the victim's subscription ends: its period is no longer the one paid.
    gateway.afterCharge = async () => {
      await sql`UPDATE subscriptions SET status = 'cancelled' WHERE id = ${victim.id}`.execute(server.ctx.db);
    };
    const charges = gateway.charges;
    server.clock.set(MONTH_LATER);
    const report = await run();
    expect(gateway.charges - charges).toBe(6);
    expect(report).toMatchObject({ renewed: 4, failed: 2 });
    await server.drainJobs();

    const ids = [...tenants.map((x) => x.t.id), declining.id];
    const attempts = await renewalAttempts(ids);
    // Every charge has its outcome recorded, one per period: none lost, none doubled.
    expect(attempts).toHaveLength(6);
    expect(attempts.filter((a) => a.status === 'pending')).toEqual([]);
    for (const { t, id } of tenants) {
      const mine = attempts.filter((a) => a.tenant_id === t.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.status).toBe('succeeded');
      if (t === victim.t) {
        // Not billed; the card is refunded at the gateway, in full, once.
        expect(await renewalInvoices(t)).toEqual([]);
        expect(await get(t, id)).toMatchObject({
          status: 'cancelled',
          periodEnd: '2026-04-02T10:00:00.000Z',
        });
        const refunds = await refundsOf([mine[0]!.id]);
        expect(refunds).toHaveLength(1);
        expect(refunds[0]).toMatchObject({ status: 'succeeded', purpose: 'undo', amount: mine[0]!.amount });
        expect(
          await server.ctx.gateway.findRefund({
            chargeId: mine[0]!.gateway_reference!,
            attemptId: refunds[0]!.id,
          }),
        ).toMatchObject({ amount: mine[0]!.amount });
        const audit = await server.request(
          'GET',
          '/api/audit-log?action=subscription.period_charge_refunded',
          {
            token: t.token,
          },
        );
        expect(audit.body.items).toHaveLength(1);
      } else {
        // Billed exactly once: one paid renewal invoice for the amount charged, the next period.
        const invoices = await renewalInvoices(t);
        expect(invoices.map((i) => [i.subscriptionId, i.status, i.total])).toEqual([
          [id, 'paid', mine[0]!.amount],
        ]);
        expect(await get(t, id)).toMatchObject({ status: 'active', periodEnd: '2026-05-02T10:00:00.000Z' });
        expect(await refundsOf([mine[0]!.id])).toEqual([]);
      }
    }
    // The declined card, settled on its own too: warning, nothing billed, nothing refunded.
    expect(attempts.find((a) => a.tenant_id === declining.id)?.status).toBe('declined');
    expect(await get(declining, declinedId)).toMatchObject({ status: 'warning' });
    expect(await renewalInvoices(declining)).toEqual([]);

    // A second run changes nothing: no charge, no refund, no invoice.
    const refunds = gateway.refunds;
    const again = await run();
    await server.drainJobs();
    expect(again).toMatchObject({ renewed: 0, charged: 0, failed: 0 });
    expect(gateway.charges - charges).toBe(6);
    expect(gateway.refunds).toBe(refunds);
    expect(await renewalAttempts(ids)).toHaveLength(6);
    for (const { t } of tenants) expect((await renewalInvoices(t)).length).toBe(t === victim.t ? 0 : 1);
  });

  it('a declined card whose period changed meanwhile is recorded as declined, and the rest of the batch is billed', async () => {
    const tenants = await cardTenants(3);
    const declining = await server.createTenant();
    const declinedId = await subscribe(server, declining, 'o365-e1', { quantity: 1, ...monthly });
    const set = await server.request('POST', '/api/payment-methods', {
      token: declining.token,
      body: { type: 'card', paymentMethodId: cards.declined, makeDefault: true },
    });
    expect(set.status).toBe(201);
    gateway.afterCharge = async () => {
      await sql`UPDATE subscriptions SET status = 'cancelled' WHERE id = ${declinedId}`.execute(
        server.ctx.db,
      );
    };
    const charges = gateway.charges;
    const refunds = gateway.refunds;
    server.clock.set(MONTH_LATER);
    const report = await run();
    expect(report).toMatchObject({ renewed: 3, failed: 1 });
    await server.drainJobs();
    const ids = [...tenants.map((x) => x.t.id), declining.id];
    const attempts = await renewalAttempts(ids);
    expect(attempts.filter((a) => a.tenant_id === declining.id).map((a) => a.status)).toEqual(['declined']);
    expect(attempts.filter((a) => a.status === 'pending')).toEqual([]);
    // Nothing was taken from the declined card, so nothing is refunded; the ended subscription stays ended.
    expect(gateway.refunds).toBe(refunds);
    expect(await refundsOf(attempts.map((a) => a.id))).toEqual([]);
    expect(await get(declining, declinedId)).toMatchObject({ status: 'cancelled' });
    expect(await renewalInvoices(declining)).toEqual([]);
    for (const { t, id } of tenants) {
      const charged = attempts.find((a) => a.tenant_id === t.id)!;
      expect(charged.status).toBe('succeeded');
      expect((await renewalInvoices(t)).map((i) => [i.subscriptionId, i.status, i.total])).toEqual([
        [id, 'paid', charged.amount],
      ]);
    }
    expect(await run()).toMatchObject({ renewed: 0, charged: 0, failed: 0 });
    expect(gateway.charges - charges).toBe(4);
  });

  it('the same declined charge alone in its run (settled by the `period` finisher) is recorded too', async () => {
    server.clock.set(START);
    const declining = await server.createTenant();
    const declinedId = await subscribe(server, declining, 'o365-e1', { quantity: 1, ...monthly });
    await server.request('POST', '/api/payment-methods', {
      token: declining.token,
      body: { type: 'card', paymentMethodId: cards.declined, makeDefault: true },
    });
    gateway.afterCharge = async () => {
      await sql`UPDATE subscriptions SET status = 'cancelled' WHERE id = ${declinedId}`.execute(
        server.ctx.db,
      );
    };
    server.clock.set(MONTH_LATER);
    expect(await run()).toMatchObject({ renewed: 0, failed: 1 });
    expect((await renewalAttempts([declining.id])).map((a) => a.status)).toEqual(['declined']);
    expect(await get(declining, declinedId)).toMatchObject({ status: 'cancelled' });
    expect(await run()).toMatchObject({ renewed: 0, charged: 0, failed: 0 });
  });

  it('a batch settlement that the database refuses (as a deadlock would) is settled charge by charge, each billed once', async () => {
    const tenants = await cardTenants(4);
    const ids = tenants.map((x) => x.t.id);
    // The first outcome these tenants record fails once, whatever transaction records it: that
    // is the batch settlement's (a sequence is not rolled back, so it fails only once).
    await sql`CREATE SEQUENCE settle_fault_once`.execute(server.ctx.db);
    await sql`
      CREATE FUNCTION settle_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'pending' AND NEW.status <> 'pending' AND NEW.purpose = 'renewal'
           AND NEW.tenant_id = ANY(${sql.lit(`{${ids.join(',')}}`)}::text[])
           AND nextval('settle_fault_once') = 1 THEN
          RAISE EXCEPTION 'injected settlement fault';
        END IF;
        RETURN NEW;
      END $$`.execute(server.ctx.db);
    await sql`CREATE TRIGGER settle_fault BEFORE UPDATE ON payment_attempts FOR EACH ROW EXECUTE FUNCTION settle_fault()`.execute(
      server.ctx.db,
    );
    try {
      const charges = gateway.charges;
      server.clock.set(MONTH_LATER);
      const report = await run();
      // The fault did fire (in the batch settlement), and the run still billed everyone.
      expect(
        (await sql<{ v: string }>`SELECT last_value::text AS v FROM settle_fault_once`.execute(server.ctx.db))
          .rows[0]!.v,
      ).not.toBe('0');
      expect(report.renewed).toBe(4);
      expect(gateway.charges - charges).toBe(4);
      await server.drainJobs();
      const attempts = await renewalAttempts(ids);
      expect(attempts.map((a) => a.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
      expect(await refundsOf(attempts.map((a) => a.id))).toEqual([]);
      for (const { t, id } of tenants) {
        const charged = attempts.find((a) => a.tenant_id === t.id)!;
        const invoices = await renewalInvoices(t);
        expect(invoices.map((i) => [i.subscriptionId, i.status, i.total])).toEqual([
          [id, 'paid', charged.amount],
        ]);
        expect(await get(t, id)).toMatchObject({ status: 'active', periodEnd: '2026-05-02T10:00:00.000Z' });
      }
      expect(await run()).toMatchObject({ renewed: 0, charged: 0, failed: 0 });
      expect(gateway.charges - charges).toBe(4);
      expect(await renewalAttempts(ids)).toHaveLength(4);
    } finally {
      await sql`DROP TRIGGER settle_fault ON payment_attempts`.execute(server.ctx.db);
    }
  });
});
