import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { operatorToken, startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { buy, cards } from './support/billing.js';
import { reconcilePayments } from '../src/workflows/reconcile-payments.js';

const DAY = 86_400_000;

describe('collecting open invoices: bank transfers, paying by card, dunning', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  /** An annual, annually billed subscription bought "by invoice": one open invoice, nothing else due for a year. */
  async function openInvoice(t: TestTenant, quantity = 3) {
    const order = await buy(server, t, 'o365-e3', {
      quantity,
      commitment: 'annual',
      billingFrequency: 'annual',
      payment: { method: 'invoice' },
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    const invoice = (
      await server.request('GET', `/api/invoices/${order.body.invoice.id}`, { token: t.token })
    ).body;
    expect(invoice).toMatchObject({
      status: 'open',
      amountPaid: 0,
      amountDue: invoice.total,
      dunningStage: 'none',
    });
    return { invoice, subscriptionId: order.body.subscriptionIds[0] as string };
  }
  const transfer = (id: string, body: unknown, token = operatorToken) =>
    server.request('POST', `/api/operator/invoices/${id}/bank-transfers`, { token, body });
  const invoiceOf = async (t: TestTenant, id: string) =>
    (await server.request('GET', `/api/invoices/${id}`, { token: t.token })).body;
  const run = async () =>
    (await server.request('POST', '/api/operator/billing/run', { token: operatorToken })).body;

  describe('bank transfers recorded by the operator', () => {
    it('partial, then the rest: the invoice is paid once settled; the same reference twice counts once', async () => {
      server.clock.set('2026-03-02T10:00:00Z');
      const t = await server.createTenant();
      const { invoice } = await openInvoice(t);
      const part = Math.floor(invoice.total / 3);
      const first = await transfer(invoice.id, {
        amount: part,
        receivedOn: '2026-03-10',
        reference: 'BANK-001',
      });
      expect(first.status).toBe(201);
      expect(first.body.invoice).toMatchObject({
        status: 'open',
        amountPaid: part,
        amountDue: invoice.total - part,
      });
      expect(first.body.bankTransfer).toMatchObject({
        amount: part,
        receivedOn: '2026-03-10',
        reference: 'BANK-001',
      });

      const again = await transfer(invoice.id, {
        amount: part,
        receivedOn: '2026-03-10',
        reference: 'BANK-001',
      });
      expect(again.status).toBe(200);
      expect(again.body.bankTransfer.id).toBe(first.body.bankTransfer.id);
      expect((await invoiceOf(t, invoice.id)).amountPaid).toBe(part);

      const clash = await transfer(invoice.id, {
        amount: part + 1,
        receivedOn: '2026-03-10',
        reference: 'BANK-001',
      });
      expect(clash.status).toBe(409);
      expect(clash.body.code).toBe('bank_transfer_reference_reused');
      const tooMuch = await transfer(invoice.id, {
        amount: invoice.total,
        receivedOn: '2026-03-11',
        reference: 'BANK-002',
      });
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.body.code).toBe('amount_exceeds_amount_due');
      expect((await invoiceOf(t, invoice.id)).amountPaid).toBe(part);

      server.clock.set('2026-03-12T08:00:00Z');
      const rest = await transfer(invoice.id, {
        amount: invoice.total - part,
        receivedOn: '2026-03-11',
        reference: 'BANK-002',
      });
      expect(rest.status).toBe(201);
      expect(rest.body.invoice).toMatchObject({
        status: 'paid',
        amountPaid: invoice.total,
        amountDue: 0,
        paidAt: '2026-03-12T08:00:00.000Z',
      });
      const late = await transfer(invoice.id, { amount: 1, receivedOn: '2026-03-12', reference: 'BANK-003' });
      expect(late.status, JSON.stringify(late.body)).toBe(409);
      expect(late.body.code).toBe('invoice_not_open');

      const seen = await server.request('GET', `/api/operator/invoices/${invoice.id}`, {
        token: operatorToken,
      });
      expect(seen.body.bankTransfers.map((b: { reference: string }) => b.reference)).toEqual([
        'BANK-001',
        'BANK-002',
      ]);
      const audit = await server.request('GET', `/api/audit-log?entityId=${invoice.id}`, { token: t.token });
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
        'invoice.paid',
        'invoice.partially_paid',
      ]);
      expect(audit.body.items[0].actorType).toBe('operator');
    });

    it('a credit note only takes what is still owed after a partial transfer, and settles the invoice', async () => {
      server.clock.set('2026-03-02T10:00:00Z');
      const t = await server.createTenant();
      const order = await buy(server, t, 'o365-e3', { quantity: 4, payment: { method: 'invoice' } });
      expect(order.status).toBe(201);
      const id = order.body.invoice.id as string;
      const total = (await invoiceOf(t, id)).total as number;
      const part = Math.floor(total / 2);
      await transfer(id, { amount: part, receivedOn: '2026-03-03', reference: 'HALF' });
      server.clock.set('2026-03-04T10:00:00Z');
      const cut = await server.request(
        'POST',
        `/api/subscriptions/${order.body.subscriptionIds[0]}/quantity`,
        {
          token: t.token,
          body: { quantity: 1 },
        },
      );
      expect(cut.status, JSON.stringify(cut.body)).toBe(200);
      expect(await invoiceOf(t, id)).toMatchObject({
        status: 'paid',
        amountCredited: total - part,
        amountDue: 0,
      });
    });

    it('is the operator’s alone, validated, and unknown ids are 404', async () => {
      const t = await server.createTenant();
      const { invoice } = await openInvoice(t);
      const asTenant = await transfer(
        invoice.id,
        { amount: 100, receivedOn: '2026-03-10', reference: 'X' },
        t.token,
      );
      expect(asTenant.status).toBe(403);
      expect(asTenant.body.code).toBe('operator_only');
      for (const body of [
        { amount: 0, receivedOn: '2026-03-10', reference: 'X' },
        { amount: 100, receivedOn: '10/03/2026', reference: 'X' },
        { amount: 100, receivedOn: '2026-03-10', reference: '' },
        { amount: 1.5, receivedOn: '2026-03-10', reference: 'X' },
      ]) {
        const res = await transfer(invoice.id, body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.body.code).toBe('validation_failed');
      }
      expect(
        (await transfer('inv_unknown', { amount: 100, receivedOn: '2026-03-10', reference: 'X' })).status,
      ).toBe(404);
      expect((await invoiceOf(t, invoice.id)).amountPaid).toBe(0);
    });
  });

  describe('paying an open invoice by card', () => {
    it('with a saved card: paid, and a second payment is refused', async () => {
      const t = await server.createTenant();
      const { invoice } = await openInvoice(t);
      const pm = await server.request('POST', '/api/payment-methods', {
        token: t.token,
        body: { type: 'card', paymentMethodId: cards.ok },
      });
      const paid = await server.request('POST', `/api/invoices/${invoice.id}/pay`, {
        token: t.token,
        body: { paymentMethodId: pm.body.id },
      });
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
      expect(paid.body).toMatchObject({ status: 'paid', amountPaid: invoice.total, amountDue: 0 });
      const twice = await server.request('POST', `/api/invoices/${invoice.id}/pay`, {
        token: t.token,
        body: { paymentMethodId: pm.body.id },
      });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('invoice_not_open');
    });

    it('a declined card leaves it open; a new card pays it and is kept', async () => {
      const t = await server.createTenant();
      const { invoice } = await openInvoice(t);
      const declined = await server.request('POST', `/api/invoices/${invoice.id}/pay`, {
        token: t.token,
        body: { card: { paymentMethodId: cards.declined } },
      });
      expect(declined.status).toBe(402);
      expect(declined.body.code).toBe('payment_declined');
      expect(await invoiceOf(t, invoice.id)).toMatchObject({ status: 'open', amountPaid: 0 });
      const ok = await server.request('POST', `/api/invoices/${invoice.id}/pay`, {
        token: t.token,
        body: { card: { paymentMethodId: cards.ok } },
      });
      expect(ok.status).toBe(200);
      expect(ok.body.status).toBe('paid');
      const methods = (await server.request('GET', '/api/payment-methods', { token: t.token })).body
        .paymentMethods;
      expect(
        methods.filter((m: { type: string }) => m.type === 'card').map((m: { last4: string }) => m.last4),
      ).toContain('4242');
    });

    it('refuses the bank-transfer method, other tenants and License admins', async () => {
      const t = await server.createTenant();
      const { invoice } = await openInvoice(t);
      const methods = (await server.request('GET', '/api/payment-methods', { token: t.token })).body
        .paymentMethods;
      const byInvoice = methods.find((m: { type: string }) => m.type === 'invoice');
      const res = await server.request('POST', `/api/invoices/${invoice.id}/pay`, {
        token: t.token,
        body: { paymentMethodId: byInvoice.id },
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('payment_method_required');
      const other = await server.createTenant();
      const stranger = await server.request('POST', `/api/invoices/${invoice.id}/pay`, {
        token: other.token,
        body: { card: { paymentMethodId: cards.ok } },
      });
      expect(stranger.status).toBe(404);
      const licenseAdmin = await t.addUser('license_admin');
      expect(
        (
          await server.request('POST', `/api/invoices/${invoice.id}/pay`, {
            token: licenseAdmin.token,
            body: { card: { paymentMethodId: cards.ok } },
          })
        ).status,
      ).toBe(403);
      expect(await invoiceOf(t, invoice.id)).toMatchObject({ status: 'open', amountPaid: 0 });
    });

    it('records the charge before calling the gateway, outside any transaction; an unknown outcome blocks a second charge', async () => {
      const t = await server.createTenant();
      const { invoice } = await openInvoice(t);
      const seenDuringCall: { pending: number; idleInTransaction: number }[] = [];
      const spy = vi.spyOn(server.ctx.gateway, 'charge').mockImplementationOnce(async () => {
        const pending = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM payment_attempts
          WHERE operation_type = 'invoice' AND operation_id LIKE ${invoice.id + '@%'} AND status = 'pending'`.execute(
          server.ctx.db,
        );
        const open = await sql<{ n: number }>`
          SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state LIKE 'idle in transaction%'`.execute(server.ctx.db);
        seenDuringCall.push({ pending: pending.rows[0]!.n, idleInTransaction: open.rows[0]!.n });
        throw new Error('socket hang up');
      });
      const unknown = await server.request('POST', `/api/invoices/${invoice.id}/pay`, {
        token: t.token,
        body: { card: { paymentMethodId: cards.ok } },
      });
      expect(unknown.status).toBe(409);
      expect(unknown.body.code).toBe('payment_in_progress');
      expect(seenDuringCall).toEqual([{ pending: 1, idleInTransaction: 0 }]);
      const retry = await server.request('POST', `/api/invoices/${invoice.id}/pay`, {
        token: t.token,
        body: { card: { paymentMethodId: cards.ok } },
      });
      expect(retry.status).toBe(409);
      expect(retry.body.code).toBe('payment_in_progress');
      expect(spy).toHaveBeenCalledTimes(1);
      spy.mockRestore();
      expect(await invoiceOf(t, invoice.id)).toMatchObject({ status: 'open', amountPaid: 0 });
      // Reconciliation learns the charge never reached the gateway: recorded as failed, the invoice can be paid again.
      server.clock.advance((server.ctx.config.reconcileAfterSeconds + 60) * 1000);
      expect((await reconcilePayments(server.ctx)).settled).toBeGreaterThanOrEqual(1);
      const paid = await server.request('POST', `/api/invoices/${invoice.id}/pay`, {
        token: t.token,
        body: { card: { paymentMethodId: cards.ok } },
      });
      expect(paid.status, JSON.stringify(paid.body)).toBe(200);
      expect(paid.body).toMatchObject({ status: 'paid', amountDue: 0 });
    });
  });

  // The server is shared by every test here: run reports count other tenants' invoices too, so
  // each check reads this invoice's stage and a second run at the same time must do nothing.
  describe('dunning of overdue invoices', () => {
    it('reminds, warns, suspends what the invoice covers, and gives it back when paid', async () => {
      server.clock.set('2026-03-02T10:00:00Z');
      const t = await server.createTenant();
      const { invoice, subscriptionId } = await openInvoice(t);
      const due = new Date(invoice.dueAt).getTime();
      const at = (days: number) => server.clock.set(new Date(due + days * DAY + 3_600_000).toISOString());
      const sub = async () =>
        (await server.request('GET', `/api/subscriptions/${subscriptionId}`, { token: t.token })).body;

      at(0);
      expect(await invoiceOf(t, invoice.id)).toMatchObject({ status: 'overdue', dunningStage: 'none' });
      at(1);
      expect((await run()).reminded).toBeGreaterThanOrEqual(1);
      expect((await invoiceOf(t, invoice.id)).dunningStage).toBe('first_reminder');
      expect((await run()).reminded).toBe(0);
      at(7);
      expect((await run()).reminded).toBeGreaterThanOrEqual(1);
      expect((await invoiceOf(t, invoice.id)).dunningStage).toBe('second_reminder');
      at(14);
      expect((await run()).warned).toBeGreaterThanOrEqual(1);
      expect((await invoiceOf(t, invoice.id)).dunningStage).toBe('warning');
      expect((await sub()).status).toBe('active');
      at(21);
      expect((await run()).suspended).toBeGreaterThanOrEqual(1);
      expect((await invoiceOf(t, invoice.id)).dunningStage).toBe('suspended');
      expect((await sub()).status).toBe('disabled');
      expect((await run()).suspended).toBe(0);

      const paid = await transfer(invoice.id, {
        amount: invoice.total,
        receivedOn: '2026-04-25',
        reference: 'LATE-1',
      });
      expect(paid.body.invoice.status).toBe('paid');
      expect((await sub()).status).toBe('active');
      const audit = await server.request('GET', `/api/audit-log?entityId=${subscriptionId}`, {
        token: t.token,
      });
      expect(audit.body.items.slice(0, 2).map((e: { action: string }) => e.action)).toEqual([
        'subscription.suspension_lifted',
        'subscription.suspended',
      ]);
    });

    it('an invoice found long overdue goes straight to suspension; paid or credit invoices are never dunned', async () => {
      server.clock.set('2026-03-02T10:00:00Z');
      const t = await server.createTenant();
      const late = await openInvoice(t);
      const onTime = await openInvoice(t, 2);
      await transfer(onTime.invoice.id, {
        amount: onTime.invoice.total,
        receivedOn: '2026-03-05',
        reference: 'OK-1',
      });
      server.clock.set(new Date(new Date(late.invoice.dueAt).getTime() + 40 * DAY).toISOString());
      await run();
      expect((await invoiceOf(t, late.invoice.id)).dunningStage).toBe('suspended');
      expect(await invoiceOf(t, onTime.invoice.id)).toMatchObject({ status: 'paid', dunningStage: 'none' });
      const subs = async (id: string) =>
        (await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body.status;
      expect(await subs(late.subscriptionId)).toBe('disabled');
      expect(await subs(onTime.subscriptionId)).toBe('active');
    });
  });
});

describe('dunning numbers come from the policy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: {
        BILLING_CENTER_POLICY_DUNNING_FIRST_REMINDER_DAYS: '3',
        BILLING_CENTER_POLICY_DUNNING_SUSPENSION_DAYS: '5',
      },
    });
  });
  afterAll(() => server.close());

  it('follows BILLING_CENTER_POLICY_DUNNING_* overrides, shown on /api/instance', async () => {
    const instance = await server.request('GET', '/api/instance');
    expect(instance.body.policy).toMatchObject({ dunningFirstReminderDays: 3, dunningSuspensionDays: 5 });
    const t = await server.createTenant();
    const order = await buy(server, t, 'o365-e3', {
      quantity: 1,
      commitment: 'annual',
      billingFrequency: 'annual',
      payment: { method: 'invoice' },
    });
    const id = order.body.invoice.id as string;
    const dueAt = new Date(
      (await server.request('GET', `/api/invoices/${id}`, { token: t.token })).body.dueAt,
    ).getTime();
    server.clock.set(new Date(dueAt + 2 * DAY).toISOString());
    await server.request('POST', '/api/operator/billing/run', { token: operatorToken });
    expect((await server.request('GET', `/api/invoices/${id}`, { token: t.token })).body.dunningStage).toBe(
      'none',
    );
    server.clock.set(new Date(dueAt + 5 * DAY + 1000).toISOString());
    await server.request('POST', '/api/operator/billing/run', { token: operatorToken });
    expect((await server.request('GET', `/api/invoices/${id}`, { token: t.token })).body.dunningStage).toBe(
      'suspended',
    );
  });
});
