import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { operatorToken, startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { cards, subscribe } from './support/billing.js';
import { enqueueJob } from '../src/jobs/index.js';
import { runBilling } from '../src/workflows/run-billing.js';

const START = '2026-03-02T10:00:00Z';
const MONTH_LATER = '2026-04-02T11:00:00Z';

interface InvoiceRow {
  id: string;
  number: string;
  kind: string;
  status: string;
  subtotal: number;
  subscriptionId: string | null;
}

describe('the billing cycle in batches (docs/renewals.md)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ now: START });
  });
  afterAll(() => server.close());

  const run = async () => {
    const res = await server.request('POST', '/api/operator/billing/run', { token: operatorToken });
    expect(res.status).toBe(200);
    return res.body;
  };
  const get = async (t: TestTenant, id: string) =>
    (await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body;
  const invoicesOf = async (t: TestTenant): Promise<InvoiceRow[]> =>
    (await server.request('GET', '/api/invoices', { token: t.token })).body.invoices;
  const useCard = async (t: TestTenant, card: string) => {
    const res = await server.request('POST', '/api/payment-methods', {
      token: t.token,
      body: { type: 'card', paymentMethodId: card, makeDefault: true },
    });
    expect(res.status).toBe(201);
  };
  const monthly = { commitment: 'monthly', billingFrequency: 'monthly' } as const;
  /** Charge attempts per billed period of these subscriptions (what the gateway was asked). */
  const attemptsPerPeriod = async (ids: string[]) => {
    const rows = await sql<{ operation_id: string; n: number }>`
      SELECT operation_id, count(*)::int AS n FROM payment_attempts
      WHERE kind = 'charge' AND operation_type = 'subscription_period'
        AND split_part(operation_id, '@', 1) = ANY(${ids}::text[])
      GROUP BY operation_id`.execute(server.ctx.db);
    return rows.rows;
  };

  it('moves several tenants in one batch exactly as one by one: periods, renewals, decreases, declines, expiry', async () => {
    server.clock.set(START);
    const byInvoice = await server.createTenant();
    const periodId = await subscribe(server, byInvoice, 'o365-e1', {
      quantity: 3,
      commitment: 'annual',
      billingFrequency: 'monthly',
      payment: { method: 'invoice' },
    });
    const byCard = await server.createTenant();
    const renewId = await subscribe(server, byCard, 'o365-e3', { quantity: 10, ...monthly });
    const declining = await server.createTenant();
    const declinedId = await subscribe(server, declining, 'o365-e1', { quantity: 2, ...monthly });
    await useCard(declining, cards.declined);
    const leaving = await server.createTenant();
    const endingId = await subscribe(server, leaving, 'o365-e1', { quantity: 1, ...monthly });
    await server.request('PATCH', `/api/subscriptions/${endingId}`, {
      token: leaving.token,
      body: { recurringBilling: false },
    });
    // Past the cancellation window, a reduction waits for the renewal.
    server.clock.set('2026-03-12T10:00:00Z');
    const decreased = await server.request('POST', `/api/subscriptions/${renewId}/quantity`, {
      token: byCard.token,
      body: { quantity: 6 },
    });
    expect(decreased.body.change.type).toBe('scheduled_decrease');

    server.clock.set(MONTH_LATER);
    const report = await run();
    expect(report).toMatchObject({ renewed: 1, charged: 1, failed: 1, expired: 1 });

    // Annual commitment billed monthly, by invoice: the second month, on an open invoice.
    expect(await get(byInvoice, periodId)).toMatchObject({
      status: 'active',
      periodStart: '2026-04-02T10:00:00.000Z',
      periodEnd: '2026-05-02T10:00:00.000Z',
    });
    const invoiced = await invoicesOf(byInvoice);
    expect(invoiced.map((i) => [i.number, i.kind]).sort()).toEqual([
      ['INV-000001', 'order'],
      ['INV-000002', 'period'],
    ]);
    expect(invoiced.find((i) => i.kind === 'period')).toMatchObject({
      status: 'open',
      subtotal: invoiced[0]!.subtotal,
    });
    // Renewed by card with the scheduled decrease applied; invoice numbers follow without gaps.
    expect(await get(byCard, renewId)).toMatchObject({
      status: 'active',
      quantity: 6,
      pendingQuantity: null,
    });
    const renewed = await invoicesOf(byCard);
    expect(renewed.map((i) => [i.number, i.kind, i.status]).sort()).toEqual([
      ['INV-000001', 'order', 'paid'],
      ['INV-000002', 'renewal', 'paid'],
    ]);
    // Declined: warning, retried after renewalRetryIntervalDays, one attempt for the period so far.
    const warned = await get(declining, declinedId);
    expect(warned.status).toBe('warning');
    expect((await invoicesOf(declining)).filter((i) => i.kind !== 'order')).toEqual([]);
    expect((await attemptsPerPeriod([declinedId])).map((r) => r.n)).toEqual([1]);
    expect(await get(leaving, endingId)).toMatchObject({ status: 'expired' });

    // A second run finds nothing due: the declined one waits for its retry.
    expect(await run()).toMatchObject({ renewed: 0, charged: 0, failed: 0, expired: 0 });
    server.clock.set('2026-04-05T12:00:00Z');
    expect((await run()).failed).toBe(1);
    expect(await attemptsPerPeriod([declinedId])).toEqual([{ operation_id: expect.any(String), n: 2 }]);
    await useCard(declining, cards.ok);
    server.clock.set('2026-04-08T13:00:00Z');
    expect((await run()).renewed).toBe(1);
    expect(await get(declining, declinedId)).toMatchObject({
      status: 'active',
      periodEnd: '2026-05-02T10:00:00.000Z',
    });
  });

  it('runs racing over the same due set (requests and queue workers) bill each period exactly once', async () => {
    server.clock.set(START);
    const tenants: { t: TestTenant; ids: string[] }[] = [];
    for (let i = 0; i < 6; i++) {
      const t = await server.createTenant();
      const card = await subscribe(server, t, 'o365-e1', { quantity: 2 + i, ...monthly });
      const invoice = await subscribe(server, t, 'o365-e3', {
        quantity: 1 + i,
        ...monthly,
        payment: { method: 'invoice' },
      });
      tenants.push({ t, ids: [card, invoice] });
    }
    server.clock.set(MONTH_LATER);
    await enqueueJob(server.ctx, server.ctx.db, 'billing.run', {});
    const reports = await Promise.all([run(), run(), run(), server.drainJobs().then(() => null)]);
    await server.drainJobs();
    const moved = reports.filter((r) => r !== null).reduce((n, r) => n + r.renewed + r.charged + r.failed, 0);
    expect(moved).toBeLessThanOrEqual(12);
    for (const { t, ids } of tenants) {
      const invoices = await invoicesOf(t);
      const renewals = invoices.filter((i) => i.kind === 'renewal');
      expect(renewals.map((i) => i.subscriptionId).sort()).toEqual([...ids].sort());
      // One invoice per period, numbered without gaps after the two orders' invoices.
      expect(invoices.map((i) => i.number).sort()).toEqual([
        'INV-000001',
        'INV-000002',
        'INV-000003',
        'INV-000004',
      ]);
      for (const id of ids)
        expect(await get(t, id)).toMatchObject({ status: 'active', periodEnd: '2026-05-02T10:00:00.000Z' });
    }
    const attempts = await attemptsPerPeriod(tenants.map((x) => x.ids[0]!));
    expect(attempts).toHaveLength(6);
    expect(attempts.every((a) => a.n === 1)).toBe(true);
  });

  it('a batch that fails midway leaves nothing half-done, and the next run finishes the work once', async () => {
    server.clock.set(START);
    const tenants: { t: TestTenant; ids: string[] }[] = [];
    for (let i = 0; i < 4; i++) {
      const t = await server.createTenant();
      const card = await subscribe(server, t, 'o365-e1', { quantity: 2, ...monthly });
      const invoice = await subscribe(server, t, 'o365-e3', {
        quantity: 3,
        ...monthly,
        payment: { method: 'invoice' },
      });
      tenants.push({ t, ids: [card, invoice] });
    }
    const victim = tenants[2]!.t.id;
    // The database refuses the victim's renewal invoices: the batch (all four tenants) fails
    // in the middle of writing its steps.
    await sql`
      CREATE FUNCTION refuse_victim_invoice() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.tenant_id = ${sql.lit(victim)} AND NEW.kind = 'renewal' THEN
          RAISE EXCEPTION 'injected fault';
        END IF;
        RETURN NEW;
      END $$`.execute(server.ctx.db);
    await sql`CREATE TRIGGER refuse_victim_invoice BEFORE INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION refuse_victim_invoice()`.execute(
      server.ctx.db,
    );
    server.clock.set(MONTH_LATER);
    const before = await Promise.all(tenants.map(async ({ t }) => (await invoicesOf(t)).length));
    await expect(runBilling(server.ctx)).rejects.toThrow(/injected fault/);
    for (const [i, { t, ids }] of tenants.entries()) {
      expect((await invoicesOf(t)).length).toBe(before[i]);
      for (const id of ids)
        expect(await get(t, id)).toMatchObject({ status: 'active', periodEnd: '2026-04-02T10:00:00.000Z' });
      const audit = (
        await server.request('GET', '/api/audit-log?action=subscription.renewed', { token: t.token })
      ).body;
      expect(audit.items).toEqual([]);
    }
    // No card was charged either: the attempts were written in the batch that rolled back.
    expect(await attemptsPerPeriod(tenants.map((x) => x.ids[0]!))).toEqual([]);

    await sql`DROP TRIGGER refuse_victim_invoice ON invoices`.execute(server.ctx.db);
    const report = await run();
    expect(report.renewed).toBe(8);
    for (const { t } of tenants)
      expect((await invoicesOf(t)).filter((i) => i.kind === 'renewal')).toHaveLength(2);
    expect((await attemptsPerPeriod(tenants.map((x) => x.ids[0]!))).map((a) => a.n)).toEqual([1, 1, 1, 1]);
  });

  it('runBilling(ctx, { tenantId, now }) moves one tenant at its own time and leaves the others due', async () => {
    server.clock.set(START);
    const mine = await server.createTenant();
    const other = await server.createTenant();
    const mineId = await subscribe(server, mine, 'o365-e1', { quantity: 1, ...monthly });
    const otherId = await subscribe(server, other, 'o365-e1', { quantity: 1, ...monthly });
    server.clock.set('2026-03-20T00:00:00Z');
    const report = await runBilling(server.ctx, { tenantId: mine.id, now: new Date(MONTH_LATER) });
    expect(report.renewed).toBe(1);
    expect(await get(mine, mineId)).toMatchObject({ periodEnd: '2026-05-02T10:00:00.000Z' });
    expect(await get(other, otherId)).toMatchObject({ periodEnd: '2026-04-02T10:00:00.000Z' });
    server.clock.set(MONTH_LATER);
    await run();
    expect(await get(other, otherId)).toMatchObject({ periodEnd: '2026-05-02T10:00:00.000Z' });
    expect((await invoicesOf(mine)).filter((i) => i.kind === 'renewal')).toHaveLength(1);
  });
});
