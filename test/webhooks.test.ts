import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifySignature } from '../src/modules/notifications/index.js';
import { subscribe } from './support/billing.js';
import { operatorToken, startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { startWebhookReceiver, type ReceivedHook } from './support/mail-and-webhooks.js';

const START = '2026-03-02T10:00:00Z';

describe('webhooks: signed, retried, ordered per subscription, isolated per tenant', () => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    server = await startTestServer({ now: START, env: { BILLING_CENTER_WEBHOOKS_ALLOW_LOCALHOST: 'true' } });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.respond = () => 200;
    server.clock.set(START);
  });

  const sweep = () => server.request('POST', '/api/operator/notifications/sweep', { token: operatorToken });
  const nowSeconds = () => Math.floor(server.clock.now().getTime() / 1000);
  const signature = (hook: ReceivedHook) => String(hook.headers['billing-center-signature']);
  const setRecurring = (t: TestTenant, id: string, on: boolean) =>
    server.request('PATCH', `/api/subscriptions/${id}`, { token: t.token, body: { recurringBilling: on } });

  async function endpointFor(
    t: TestTenant,
    eventTypes: string[] = ['subscription.recurring_billing_changed'],
  ) {
    const res = await server.request('POST', '/api/webhooks/endpoints', {
      token: t.token,
      body: { url: receiver.url, eventTypes },
    });
    expect(res.status).toBe(201);
    return res.body as { endpoint: { id: string }; secret: string };
  }

  it('refuses URLs that are not HTTPS, and shows the secret only once', async () => {
    const t = await server.createTenant();
    for (const url of [
      'http://example.com/hook',
      'ftp://example.com',
      'not a url',
      'https://user:pw@example.com/',
    ]) {
      const res = await server.request('POST', '/api/webhooks/endpoints', {
        token: t.token,
        body: { url, eventTypes: ['*'] },
      });
      expect(res.status, url).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
    const unknownType = await server.request('POST', '/api/webhooks/endpoints', {
      token: t.token,
      body: { url: 'https://example.com/hook', eventTypes: ['subscription.exploded'] },
    });
    expect(unknownType.status).toBe(400);
    const { endpoint, secret } = await endpointFor(t);
    expect(secret).toMatch(/^whsec_/);
    const read = await server.request('GET', `/api/webhooks/endpoints/${endpoint.id}`, { token: t.token });
    expect(JSON.stringify(read.body)).not.toContain(secret);
    // Only a Global admin manages endpoints.
    const billing = await t.addUser('billing_admin');
    expect((await server.request('GET', '/api/webhooks/endpoints', { token: billing.token })).status).toBe(
      403,
    );
  });

  it('signs each delivery with HMAC-SHA256 over timestamp.body, in a documented, versioned envelope', async () => {
    const t = await server.createTenant();
    const { secret } = await endpointFor(t);
    const id = await subscribe(server, t, 'o365-e1', { quantity: 1 });
    await setRecurring(t, id, false);
    await server.drainJobs();
    expect(receiver.received).toHaveLength(1);
    const hook = receiver.received[0]!;
    expect(verifySignature(signature(hook), hook.body, secret, nowSeconds())).toBe(true);
    expect(verifySignature(signature(hook), hook.body, 'whsec_wrong', nowSeconds())).toBe(false);
    expect(verifySignature(signature(hook), hook.body.replace('false', 'true '), secret, nowSeconds())).toBe(
      false,
    );
    // A replay much later is refused by the timestamp check.
    expect(verifySignature(signature(hook), hook.body, secret, nowSeconds() + 3600)).toBe(false);
    expect(hook.json).toMatchObject({
      object: 'event',
      type: 'subscription.recurring_billing_changed',
      apiVersion: '2026-11-26',
      tenantId: t.id,
      data: { subscriptionId: id, productId: 'o365-e1', recurringBilling: false },
    });
    expect(hook.headers['billing-center-event-id']).toBe(hook.json.id);
    // The same payload is readable from the API, typed in the OpenAPI document.
    const event = await server.request('GET', `/api/events/${hook.json.id}`, { token: t.token });
    expect(event.body).toEqual(hook.json);
    const doc = (await server.request('GET', '/api/openapi.json')).body;
    expect(JSON.stringify(doc.paths['/api/events/{id}'])).toContain('subscription.renewal_reminder');
  });

  it('retries a failing receiver with backoff, lists every attempt, and can resend', async () => {
    const t = await server.createTenant();
    const { endpoint } = await endpointFor(t);
    const id = await subscribe(server, t, 'o365-e1', { quantity: 1 });
    let calls = 0;
    receiver.respond = () => (++calls <= 2 ? 503 : 200);
    await setRecurring(t, id, false);
    await server.drainJobs();
    expect(receiver.received).toHaveLength(1);
    let deliveries = (
      await server.request('GET', `/api/webhooks/endpoints/${endpoint.id}/deliveries`, { token: t.token })
    ).body.deliveries;
    expect(deliveries[0]).toMatchObject({
      status: 'pending',
      attemptCount: 1,
      lastStatusCode: 503,
      nextAttemptAt: '2026-03-02T10:01:00.000Z',
    });
    // Not due yet: nothing happens.
    server.clock.advance(30_000);
    await sweep();
    await server.drainJobs();
    expect(receiver.received).toHaveLength(1);
    server.clock.advance(31_000);
    await sweep();
    await server.drainJobs();
    expect(receiver.received).toHaveLength(2);
    deliveries = (
      await server.request('GET', `/api/webhooks/endpoints/${endpoint.id}/deliveries`, { token: t.token })
    ).body.deliveries;
    // Second failure: the wait grows (4 minutes).
    expect(deliveries[0]).toMatchObject({
      status: 'pending',
      attemptCount: 2,
      nextAttemptAt: '2026-03-02T10:05:01.000Z',
    });
    server.clock.advance(4 * 60_000);
    await sweep();
    await server.drainJobs();
    const done = (
      await server.request('GET', `/api/webhooks/deliveries/${deliveries[0].id}`, { token: t.token })
    ).body;
    expect(done.status).toBe('succeeded');
    expect(done.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 503, 200]);
    expect(done.attempts[0].responseBody).toBe('receiver says no');
    // The three attempts carried the same event and body.
    expect(new Set(receiver.received.map((h) => h.body)).size).toBe(1);

    const resent = await server.request('POST', `/api/webhooks/deliveries/${done.id}/resend`, {
      token: t.token,
    });
    expect(resent.status).toBe(202);
    await server.drainJobs();
    expect(receiver.received).toHaveLength(4);
    const after = (await server.request('GET', `/api/webhooks/deliveries/${done.id}`, { token: t.token }))
      .body;
    expect(after.attempts).toHaveLength(4);
    expect(after.attempts[3]).toMatchObject({ statusCode: 200, manual: true });
  });

  it('gives up after 3 days of failures', async () => {
    const t = await server.createTenant();
    const { endpoint } = await endpointFor(t);
    const id = await subscribe(server, t, 'o365-e1', { quantity: 1 });
    receiver.respond = () => 500;
    await setRecurring(t, id, false);
    await server.drainJobs();
    const list = async () =>
      (await server.request('GET', `/api/webhooks/endpoints/${endpoint.id}/deliveries`, { token: t.token }))
        .body.deliveries[0];
    // Follow the schedule the delivery announces, as the wall clock would.
    for (let delivery = await list(); delivery.status === 'pending'; delivery = await list()) {
      server.clock.set(delivery.nextAttemptAt);
      await sweep();
      await server.drainJobs();
    }
    const delivery = await list();
    expect(delivery.status).toBe('failed');
    expect(delivery.nextAttemptAt).toBeNull();
    const times = delivery.attempts.map(
      (x: { attemptedAt: string }) => Date.parse(x.attemptedAt) - Date.parse(START),
    );
    // 0, 1 min, 5 min, 21 min, 85 min, ~5.7 h, then every 12 h while within 3 days.
    expect(times.slice(0, 5)).toEqual([0, 60_000, 300_000, 1_260_000, 5_100_000]);
    expect(delivery.attempts).toHaveLength(11);
    expect(times.at(-1)).toBeLessThanOrEqual(3 * 86_400_000);
    expect(receiver.received).toHaveLength(delivery.attempts.length);
  });

  it('keeps one subscription’s events in order while an earlier one is retried; other subscriptions are not held up', async () => {
    const t = await server.createTenant();
    await endpointFor(t);
    const a = await subscribe(server, t, 'o365-e1', { quantity: 1 });
    const b = await subscribe(server, t, 'o365-e3', { quantity: 1 });
    let failFirst = true;
    receiver.respond = (hook) => {
      if (hook.json.data.subscriptionId === a && failFirst) {
        failFirst = false;
        return 500;
      }
      return 200;
    };
    await setRecurring(t, a, false);
    await setRecurring(t, a, true);
    await setRecurring(t, b, false);
    await server.drainJobs();
    const seen = () =>
      receiver.received.map((h) => [h.json.data.subscriptionId, h.json.data.recurringBilling]);
    // A's first event failed and its second waits behind it; B went through.
    expect(seen()).toEqual(
      expect.arrayContaining([
        [a, false],
        [b, false],
      ]),
    );
    expect(seen()).not.toContainEqual([a, true]);
    server.clock.advance(61_000);
    await sweep();
    await server.drainJobs();
    const forA = receiver.received
      .filter((h) => h.json.data.subscriptionId === a)
      .map((h) => h.json.data.recurringBilling);
    expect(forA).toEqual([false, false, true]);
  });

  it('rotates the secret with an overlap: both signatures, then only the new one', async () => {
    const t = await server.createTenant();
    const { endpoint, secret: oldSecret } = await endpointFor(t);
    const id = await subscribe(server, t, 'o365-e1', { quantity: 1 });
    const rotated = await server.request('POST', `/api/webhooks/endpoints/${endpoint.id}/rotate-secret`, {
      token: t.token,
      body: { overlapHours: 24 },
    });
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.secret as string;
    expect(newSecret).not.toBe(oldSecret);
    expect(rotated.body.endpoint.secretRotation.previousSecretExpiresAt).toBe('2026-03-03T10:00:00.000Z');
    await setRecurring(t, id, false);
    await server.drainJobs();
    const during = receiver.received.at(-1)!;
    expect(signature(during).match(/v1=/g)).toHaveLength(2);
    expect(verifySignature(signature(during), during.body, oldSecret, nowSeconds())).toBe(true);
    expect(verifySignature(signature(during), during.body, newSecret, nowSeconds())).toBe(true);
    server.clock.advance(25 * 3_600_000);
    await setRecurring(t, id, true);
    await server.drainJobs();
    const after = receiver.received.at(-1)!;
    expect(signature(after).match(/v1=/g)).toHaveLength(1);
    expect(verifySignature(signature(after), after.body, newSecret, nowSeconds())).toBe(true);
    expect(verifySignature(signature(after), after.body, oldSecret, nowSeconds())).toBe(false);
  });

  it('a tenant never sees nor receives another tenant’s endpoints and events; the operator’s endpoint hears all', async () => {
    const ta = await server.createTenant();
    const tb = await server.createTenant();
    const { endpoint } = await endpointFor(ta);
    const operatorEndpoint = await server.request('POST', '/api/operator/webhooks/endpoints', {
      token: operatorToken,
      body: { url: receiver.url, eventTypes: ['*'], description: 'all tenants' },
    });
    expect(operatorEndpoint.status).toBe(201);
    for (const [method, path] of [
      ['GET', `/api/webhooks/endpoints/${endpoint.id}`],
      ['PATCH', `/api/webhooks/endpoints/${endpoint.id}`],
      ['DELETE', `/api/webhooks/endpoints/${endpoint.id}`],
      ['GET', `/api/webhooks/endpoints/${endpoint.id}/deliveries`],
      ['GET', `/api/webhooks/endpoints/${operatorEndpoint.body.endpoint.id}`],
    ] as const) {
      const res = await server.request(method, path, {
        token: tb.token,
        ...(method === 'PATCH' ? { body: { enabled: false } } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect(
      (await server.request('GET', '/api/webhooks/endpoints', { token: tb.token })).body.endpoints,
    ).toEqual([]);
    const subB = await subscribe(server, tb, 'o365-e1', { quantity: 1 });
    receiver.received.length = 0;
    await setRecurring(tb, subB, false);
    await server.drainJobs();
    // Only the operator endpoint got B's event (A's endpoint did not).
    const forB = receiver.received.filter((h) => h.json.type === 'subscription.recurring_billing_changed');
    expect(forB).toHaveLength(1);
    expect(forB[0]!.json.tenantId).toBe(tb.id);
    expect(forB[0]!.headers['billing-center-delivery-id']).toBeDefined();
    const opDeliveries = (
      await server.request(
        'GET',
        `/api/operator/webhooks/endpoints/${operatorEndpoint.body.endpoint.id}/deliveries`,
        { token: operatorToken },
      )
    ).body.deliveries;
    const delivery = opDeliveries.find(
      (d: { eventType: string }) => d.eventType === 'subscription.recurring_billing_changed',
    );
    expect(
      (await server.request('GET', `/api/webhooks/deliveries/${delivery.id}`, { token: tb.token })).status,
    ).toBe(404);
    // Turned off, it receives nothing more.
    await server.request('PATCH', `/api/operator/webhooks/endpoints/${operatorEndpoint.body.endpoint.id}`, {
      token: operatorToken,
      body: { enabled: false },
    });
    receiver.received.length = 0;
    await setRecurring(tb, subB, true);
    await server.drainJobs();
    expect(receiver.received).toEqual([]);
  });
});
