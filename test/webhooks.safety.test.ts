import { promises as dns } from 'node:dns';
import os from 'node:os';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../src/modules/notifications/index.js';
import { subscribe } from './support/billing.js';
import { operatorToken, startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { startWebhookReceiver } from './support/mail-and-webhooks.js';

const START = '2026-03-02T10:00:00Z';

describe('webhook endpoints refuse private, loopback and link-local addresses (SSRF)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ now: START });
  });
  afterAll(async () => server.close());

  it('refuses them with a problem+json code unless the operator allows them, and a refusal creates nothing', async () => {
    const t = await server.createTenant();
    const refused = [
      'https://127.0.0.1/hook',
      'https://localhost:8443/hook',
      'https://api.localhost/hook',
      'https://[::1]/hook',
      'https://10.1.2.3/hook',
      'https://172.20.0.1/hook',
      'https://192.168.0.10/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[fe80::1]/hook',
      'https://[fd00::5]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://0.0.0.0/hook',
      'https://100.64.0.1/hook',
    ];
    // This machine's own name, when it resolves inside (it does on most hosts: /etc/hosts).
    const own = await dns.lookup(os.hostname()).catch(() => null);
    if (own && /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|::1$)/.test(own.address)) {
      refused.push(`https://${os.hostname()}/hook`);
    }
    for (const url of refused) {
      const res = await server.request('POST', '/api/webhooks/endpoints', {
        token: t.token,
        body: { url, eventTypes: ['*'] },
      });
      expect(res.status, url).toBe(422);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code, url).toBe('webhook_url_not_allowed');
    }
    const operatorRefused = await server.request('POST', '/api/operator/webhooks/endpoints', {
      token: operatorToken,
      body: { url: 'https://169.254.169.254/', eventTypes: ['*'] },
    });
    expect(operatorRefused.body.code).toBe('webhook_url_not_allowed');
    const ok = await server.request('POST', '/api/webhooks/endpoints', {
      token: t.token,
      body: { url: 'https://hooks.example.com/billing', eventTypes: ['*'] },
    });
    expect(ok.status).toBe(201);
    const created = await server.request('POST', '/api/webhooks/endpoints', {
      token: t.token,
      body: { url: 'https://hooks.example.com/billing', eventTypes: ['*'] },
    });
    // Moving an endpoint to a private address is refused too, and leaves it as it was.
    const moved = await server.request('PATCH', `/api/webhooks/endpoints/${created.body.endpoint.id}`, {
      token: t.token,
      body: { url: 'https://192.168.1.1/steal' },
    });
    expect(moved.body.code).toBe('webhook_url_not_allowed');
    const list = await server.request('GET', '/api/webhooks/endpoints', { token: t.token });
    expect(list.body.endpoints.map((e: { url: string }) => e.url)).toEqual([
      'https://hooks.example.com/billing',
      'https://hooks.example.com/billing',
    ]);
  });
});

describe('webhooks with private networks allowed (a local receiver)', () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    server = await startTestServer({
      now: START,
      env: { BILLING_CENTER_WEBHOOKS_ALLOW_PRIVATE_NETWORKS: 'true' },
    });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    server.clock.set(START);
  });

  const register = async (t: TestTenant, url: string, eventTypes: string[]) => {
    const res = await server.request('POST', '/api/webhooks/endpoints', { token: t.token, body: { url, eventTypes } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { endpoint: { id: string }; secret: string };
  };
  const setRecurring = (t: TestTenant, id: string, on: boolean) =>
    server.request('PATCH', `/api/subscriptions/${id}`, { token: t.token, body: { recurringBilling: on } });
  const nowSeconds = () => Math.floor(server.clock.now().getTime() / 1000);

  it('keeps signing secrets encrypted in the database; deliveries still verify, through a rotation overlap', async () => {
    const t = await server.createTenant();
    const { endpoint, secret } = await register(t, receiver.url, ['subscription.recurring_billing_changed']);
    const stored = async () =>
      (
        await sql<{ secret: string; previous_secret: string | null }>`
          SELECT secret, previous_secret FROM webhook_endpoints WHERE id = ${endpoint.id}`.execute(server.ctx.db)
      ).rows[0]!;
    const row = await stored();
    expect(row.secret).not.toContain(secret);
    expect(row.secret).not.toContain(secret.replace(/^whsec_/, ''));
    expect(row.secret).toMatch(/^bcenc:v1:/);

    const id = await subscribe(server, t, 'o365-e1', { quantity: 1 });
    await setRecurring(t, id, false);
    await server.drainJobs();
    expect(receiver.received).toHaveLength(1);
    const first = receiver.received[0]!;
    expect(verifySignature(String(first.headers['billing-center-signature']), first.body, secret, nowSeconds())).toBe(
      true,
    );

    const rotated = await server.request('POST', `/api/webhooks/endpoints/${endpoint.id}/rotate-secret`, {
      token: t.token,
      body: { overlapHours: 24 },
    });
    const fresh = rotated.body.secret as string;
    const after = await stored();
    expect(after.secret).not.toContain(fresh.replace(/^whsec_/, ''));
    expect(after.previous_secret).toMatch(/^bcenc:v1:/);
    expect(after.previous_secret).not.toContain(secret.replace(/^whsec_/, ''));
    await setRecurring(t, id, true);
    await server.drainJobs();
    const second = receiver.received[1]!;
    const header = String(second.headers['billing-center-signature']);
    expect(verifySignature(header, second.body, fresh, nowSeconds())).toBe(true);
    expect(verifySignature(header, second.body, secret, nowSeconds())).toBe(true);
    expect(verifySignature(header, second.body, 'whsec_somebody_else', nowSeconds())).toBe(false);
  });

  it('checks the address again at delivery: a name that now leads inside is not called', async () => {
    const own = await dns.lookup(os.hostname()).catch(() => null);
    // The machine's name resolving to itself stands for a name rebound to an inside address.
    expect(own, 'this test needs the host name to resolve (it does through /etc/hosts)').not.toBeNull();
    const t = await server.createTenant();
    const url = receiver.url.replace('127.0.0.1', os.hostname());
    const { endpoint } = await register(t, url, ['subscription.recurring_billing_changed']);
    const id = await subscribe(server, t, 'o365-e1', { quantity: 1 });
    server.ctx.config.webhooksAllowPrivateNetworks = false;
    try {
      await setRecurring(t, id, false);
      await server.drainJobs();
    } finally {
      server.ctx.config.webhooksAllowPrivateNetworks = true;
    }
    expect(receiver.received).toEqual([]);
    const deliveries = await server.request('GET', `/api/webhooks/endpoints/${endpoint.id}/deliveries`, {
      token: t.token,
    });
    const attempt = deliveries.body.deliveries[0].attempts[0];
    expect(attempt.statusCode).toBeNull();
    expect(attempt.error).toMatch(/not a public address/);
  });

  it('tells webhooks of each dunning stage, in order and at its own date', async () => {
    const t = await server.createTenant();
    const clock = (
      await server.request('POST', '/api/operator/test-clocks', { token: operatorToken, body: { tenantId: t.id } })
    ).body as { id: string };
    await register(t, receiver.url, ['invoice.dunning_stage_changed']);
    const order = await server.request('POST', '/api/orders', {
      token: t.token,
      body: {
        items: [{ productId: 'o365-e3', quantity: 2, commitment: 'annual', billingFrequency: 'annual' }],
        payment: { method: 'invoice' },
      },
    });
    expect(order.status).toBe(201);
    const advanced = await server.request('POST', `/api/operator/test-clocks/${clock.id}/advance`, {
      token: operatorToken,
      body: { days: 60 },
    });
    expect(advanced.status).toBe(200);
    await server.drainJobs();
    const hooks = receiver.received.map((h) => h.json as unknown as {
      type: string;
      createdAt: string;
      data: { stage: string; invoiceId: string; dueAt: string; suspendedSubscriptionIds: string[] };
    });
    const dueAt = new Date(hooks[0]!.data.dueAt).getTime();
    // Due after the payment term, counted from the clock's time, not the instance's (the same here).
    expect(dueAt - new Date(START).getTime()).toBe(server.ctx.config.policy.invoicePaymentTermDays * 86_400_000);
    expect(hooks.map((h) => h.data.stage)).toEqual(['first_reminder', 'second_reminder', 'warning', 'suspended']);
    const policy = server.ctx.config.policy;
    expect(hooks.map((h) => (new Date(h.createdAt).getTime() - dueAt) / 86_400_000)).toEqual([
      policy.dunningFirstReminderDays,
      policy.dunningSecondReminderDays,
      policy.dunningWarningDays,
      policy.dunningSuspensionDays,
    ]);
    expect(hooks.every((h) => h.data.invoiceId === order.body.invoice.id)).toBe(true);
    expect(hooks[3]!.data.suspendedSubscriptionIds).toEqual(order.body.subscriptionIds);
  });

  it('announces a credit note as credit_note.issued, never as invoice.issued', async () => {
    const t = await server.createTenant();
    await register(t, receiver.url, ['invoice.issued', 'credit_note.issued']);
    const id = await subscribe(server, t, 'o365-e3', { quantity: 10, commitment: 'annual', billingFrequency: 'annual' });
    server.clock.advanceDays(2);
    const decrease = await server.request('POST', `/api/subscriptions/${id}/quantity`, {
      token: t.token,
      body: { quantity: 8 },
    });
    expect(decrease.body.change.type).toBe('decrease');
    await server.drainJobs();
    const hooks = receiver.received.map((h) => h.json as unknown as { type: string; data: Record<string, unknown> });
    expect(hooks.filter((h) => h.type === 'invoice.issued').map((h) => h.data.kind)).toEqual(['order']);
    const credit = hooks.find((h) => h.type === 'credit_note.issued')!;
    expect(credit.data).toMatchObject({ creditNoteId: decrease.body.change.invoiceId, total: decrease.body.change.total });
    expect(credit.data.total as number).toBeLessThan(0);
  });
});
