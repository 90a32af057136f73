import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GatewayRequestError,
  GatewayUnavailableError,
  StripeGateway,
} from '../src/modules/payments/index.js';
import { startTestGateway, type TestGateway } from '../src/test-gateway/index.js';

/**
 * The Stripe adapter (official `stripe` package) against the Stripe-compatible test gateway,
 * over real HTTP, including faults, restarts and the gateway's durable ledger.
 */
let dir: string;
let server: TestGateway;
let gateway: StripeGateway;
let seq = 0;
const key = (name: string) => `${name}-${Date.now()}-${++seq}`;

function adapter(s: TestGateway, timeoutMs?: number) {
  return new StripeGateway({
    secretKey: s.secretKey,
    publishableKey: s.publishableKey,
    apiBase: s.url,
    maxNetworkRetries: 0,
    ...(timeoutMs ? { timeoutMs } : {}),
  });
}

function ledgerLines(): { t: string; object?: { id: string; object: string } }[] {
  return fs
    .readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

async function customerWith(pm = 'pm_card_visa') {
  const customer = await gateway.createCustomer({
    tenantId: 'tenant_1',
    name: 'Contoso',
    idempotencyKey: key('cus'),
  });
  const method = await gateway.attachPaymentMethod({
    customerId: customer.id,
    paymentMethodId: pm,
    idempotencyKey: key('attach'),
  });
  return { customerId: customer.id, method };
}

function chargeInput(customerId: string | null, paymentMethodId: string, attemptId: string, amount = 1234) {
  return {
    amount,
    currency: 'USD',
    customerId,
    paymentMethodId,
    offSession: false,
    description: 'test',
    idempotencyKey: attemptId,
    metadata: { attempt_id: attemptId },
  };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-gw-'));
  server = await startTestGateway({ dataDir: dir });
  gateway = adapter(server);
});

afterAll(async () => {
  await server.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('StripeGateway against the test gateway', () => {
  it('attaches a test card to a customer and charges it', async () => {
    const { customerId, method } = await customerWith();
    expect(method).toMatchObject({ brand: 'visa', last4: '4242', expMonth: 12 });
    expect(method.id).toMatch(/^pm_[0-9a-f]{24}$/);
    const attempt = key('att');
    const charge = await gateway.charge(chargeInput(customerId, method.id, attempt));
    expect(charge).toMatchObject({ status: 'succeeded', amount: 1234, currency: 'USD' });
    expect(charge.id).toMatch(/^pi_/);
    expect(await gateway.findCharge({ attemptId: attempt })).toEqual(charge);
    expect(await gateway.findCharge({ attemptId: key('never-sent') })).toBeNull();
  });

  it('maps declines to their codes, keeping the PaymentIntent id', async () => {
    const cases = [
      ['pm_card_chargeDeclined', 'card_declined'],
      ['pm_card_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
      ['pm_card_chargeDeclinedExpiredCard', 'expired_card'],
      ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc'],
    ] as const;
    for (const [pm, code] of cases) {
      const { customerId, method } = await customerWith(pm);
      const attempt = key('att');
      const charge = await gateway.charge(chargeInput(customerId, method.id, attempt));
      expect(charge).toMatchObject({ status: 'declined', code });
      expect(charge.id).toMatch(/^pi_/);
      // Reconciliation sees the same decline.
      expect(await gateway.findCharge({ attemptId: attempt })).toMatchObject({
        status: 'declined',
        code,
        id: charge.id,
      });
    }
  });

  it('declines an off-session charge on a card that needs authentication', async () => {
    const { customerId, method } = await customerWith('pm_card_authenticationRequired');
    const charge = await gateway.charge({
      ...chargeInput(customerId, method.id, key('att')),
      offSession: true,
    });
    expect(charge).toMatchObject({ status: 'declined', code: 'authentication_required' });
  });

  it('replays a charge under the same idempotency key: one PaymentIntent, one ledger entry', async () => {
    const { customerId, method } = await customerWith();
    const attempt = key('att');
    const first = await gateway.charge(chargeInput(customerId, method.id, attempt));
    const again = await Promise.all(
      [1, 2, 3].map(() => gateway.charge(chargeInput(customerId, method.id, attempt))),
    );
    for (const a of again) expect(a).toEqual(first);
    const intents = ledgerLines().filter(
      (l) => l.t === 'object' && l.object?.object === 'payment_intent' && l.object.id === first.id,
    );
    expect(intents).toHaveLength(1);
    // The same key with other parameters is refused, not charged.
    await expect(gateway.charge(chargeInput(customerId, method.id, attempt, 999))).rejects.toMatchObject({
      name: 'GatewayRequestError',
      code: 'idempotency_error',
    });
    const sameAttempt = ledgerLines().filter(
      (l) =>
        l.t === 'object' &&
        l.object?.object === 'payment_intent' &&
        (l.object as unknown as { metadata: Record<string, string> }).metadata.attempt_id === attempt,
    );
    expect(sameAttempt).toHaveLength(1);
  });

  it('refunds part of a charge, then the rest, never more than it took', async () => {
    const { customerId, method } = await customerWith();
    const charge = await gateway.charge(chargeInput(customerId, method.id, key('att'), 1000));
    const r1Key = key('ref');
    const r1 = await gateway.refund({
      chargeId: charge.id!,
      amount: 400,
      idempotencyKey: r1Key,
      metadata: { attempt_id: r1Key },
    });
    expect(r1).toMatchObject({ status: 'succeeded', amount: 400 });
    expect(
      await gateway.refund({
        chargeId: charge.id!,
        amount: 400,
        idempotencyKey: r1Key,
        metadata: { attempt_id: r1Key },
      }),
    ).toEqual(r1);
    const tooMuch = key('ref');
    const error = await gateway
      .refund({
        chargeId: charge.id!,
        amount: 601,
        idempotencyKey: tooMuch,
        metadata: { attempt_id: tooMuch },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect((error as GatewayRequestError).code).toBe('amount_too_large');
    const r2Key = key('ref');
    const r2 = await gateway.refund({
      chargeId: charge.id!,
      amount: 600,
      idempotencyKey: r2Key,
      metadata: { attempt_id: r2Key },
    });
    expect(r2.amount).toBe(600);
    expect(await gateway.findRefund({ chargeId: charge.id!, attemptId: r1Key })).toEqual(r1);
    expect(await gateway.findRefund({ chargeId: charge.id!, attemptId: r2Key })).toEqual(r2);
    expect(await gateway.findRefund({ chargeId: charge.id!, attemptId: tooMuch })).toBeNull();
  });

  it('a charge whose answer is lost is unknown to the caller, found by reconciliation, and never repeated', async () => {
    const { customerId, method } = await customerWith();
    for (const mode of ['error', 'drop'] as const) {
      // stripe-node retries a closed connection once by itself (with the same key), so a
      // dropped answer must be dropped twice to reach the caller.
      server.faults = {
        failAfterRecord: { endpoints: ['payment_intents'], count: mode === 'drop' ? 2 : 1, mode },
      };
      const attempt = key('att');
      await expect(gateway.charge(chargeInput(customerId, method.id, attempt))).rejects.toBeInstanceOf(
        GatewayUnavailableError,
      );
      const found = await gateway.findCharge({ attemptId: attempt });
      expect(found).toMatchObject({ status: 'succeeded', amount: 1234 });
      // The retry under the attempt's key answers the recorded charge instead of charging again.
      expect(await gateway.charge(chargeInput(customerId, method.id, attempt))).toEqual(found);
      const list = ledgerLines().filter(
        (l) =>
          l.t === 'object' &&
          l.object?.object === 'payment_intent' &&
          (l.object as unknown as { metadata: Record<string, string> }).metadata.attempt_id === attempt,
      );
      expect(list).toHaveLength(1);
    }
    server.faults = {};
  });

  it('a refund whose answer is lost is found by reconciliation', async () => {
    const { customerId, method } = await customerWith();
    const charge = await gateway.charge(chargeInput(customerId, method.id, key('att'), 500));
    server.faults = { failAfterRecord: { endpoints: ['refunds'], count: 1, mode: 'error' } };
    const attempt = key('ref');
    await expect(
      gateway.refund({
        chargeId: charge.id!,
        amount: 500,
        idempotencyKey: attempt,
        metadata: { attempt_id: attempt },
      }),
    ).rejects.toBeInstanceOf(GatewayUnavailableError);
    server.faults = {};
    expect(await gateway.findRefund({ chargeId: charge.id!, attemptId: attempt })).toMatchObject({
      status: 'succeeded',
      amount: 500,
    });
  });

  it('a timeout is an unknown outcome, not a failure', async () => {
    const { customerId, method } = await customerWith();
    const impatient = adapter(server, 200);
    server.faults = { delayMs: 600 };
    const attempt = key('att');
    try {
      await expect(impatient.charge(chargeInput(customerId, method.id, attempt))).rejects.toBeInstanceOf(
        GatewayUnavailableError,
      );
    } finally {
      server.faults = {};
    }
    expect(await gateway.findCharge({ attemptId: attempt })).toMatchObject({ status: 'succeeded' });
  });

  it('an unreachable gateway is an unknown outcome', async () => {
    const nowhere = new StripeGateway({
      secretKey: server.secretKey,
      publishableKey: server.publishableKey,
      apiBase: 'http://127.0.0.1:9',
      maxNetworkRetries: 0,
    });
    await expect(nowhere.charge(chargeInput(null, 'pm_card_visa', key('att')))).rejects.toBeInstanceOf(
      GatewayUnavailableError,
    );
  });

  it('a card used once without a customer cannot be charged again; a kept card can', async () => {
    const once = await gateway.retrievePaymentMethod({ paymentMethodId: 'pm_card_mastercard' });
    expect(once).toMatchObject({ brand: 'mastercard', last4: '4444' });
    const tokenised = await fetch(`${server.url}/v1/payment_methods`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.publishableKey}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'type=card&card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2031&card[cvc]=123',
    }).then((r) => r.json() as Promise<{ id: string }>);
    expect((await gateway.charge(chargeInput(null, tokenised.id, key('att')))).status).toBe('succeeded');
    await expect(gateway.charge(chargeInput(null, tokenised.id, key('att')))).rejects.toBeInstanceOf(
      GatewayRequestError,
    );
    const { customerId, method } = await customerWith();
    expect((await gateway.charge(chargeInput(customerId, method.id, key('att')))).status).toBe('succeeded');
    expect(
      (await gateway.charge({ ...chargeInput(customerId, method.id, key('att')), offSession: true })).status,
    ).toBe('succeeded');
    await gateway.detachPaymentMethod({ paymentMethodId: method.id });
    await gateway.detachPaymentMethod({ paymentMethodId: method.id });
    await expect(gateway.charge(chargeInput(customerId, method.id, key('att')))).rejects.toBeInstanceOf(
      GatewayRequestError,
    );
  });

  it('an unknown payment method is refused, not charged', async () => {
    const { customerId } = await customerWith();
    const error = await gateway
      .attachPaymentMethod({ customerId, paymentMethodId: 'pm_nope', idempotencyKey: key('attach') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayRequestError);
    expect((error as GatewayRequestError).code).toBe('resource_missing');
  });
});

describe('test gateway tokenisation (what the browser does)', () => {
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const post = (pathName: string, apiKey: string, body: string) =>
    fetch(`${server.url}${pathName}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'http://127.0.0.1:3000',
      },
      body,
    });

  it('turns card details into a pm id with the publishable key, across origins', async () => {
    const preflight = await fetch(`${server.url}/v1/payment_methods`, {
      method: 'OPTIONS',
      headers: { origin: 'http://x' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const res = await post(
      '/v1/payment_methods',
      server.publishableKey,
      form({
        type: 'card',
        'card[number]': '4000 0000 0000 9995',
        'card[exp_month]': '1',
        'card[exp_year]': '2032',
        'card[cvc]': '123',
        'billing_details[name]': 'Ada',
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const pm = (await res.json()) as {
      id: string;
      card: { last4: string; brand: string };
      billing_details: { name: string };
    };
    expect(pm.card).toMatchObject({ last4: '9995', brand: 'visa' });
    expect(JSON.stringify(pm)).not.toContain('4000000000009995');
    const { customerId } = await customerWith();
    const attached = await gateway.attachPaymentMethod({
      customerId,
      paymentMethodId: pm.id,
      idempotencyKey: key('attach'),
    });
    expect(attached.holderName).toBe('Ada');
    expect(await gateway.charge(chargeInput(customerId, attached.id, key('att')))).toMatchObject({
      status: 'declined',
      code: 'insufficient_funds',
    });
  });

  it('refuses bad card data in Stripe’s error shape', async () => {
    const bad = await post(
      '/v1/payment_methods',
      server.publishableKey,
      form({
        type: 'card',
        'card[number]': '4242424242424241',
        'card[exp_month]': '12',
        'card[exp_year]': '2031',
      }),
    );
    expect(bad.status).toBe(402);
    expect(await bad.json()).toMatchObject({
      error: { type: 'card_error', code: 'incorrect_number', param: 'card[number]' },
    });
    const expired = await post(
      '/v1/payment_methods',
      server.publishableKey,
      form({
        type: 'card',
        'card[number]': '4242424242424242',
        'card[exp_month]': '1',
        'card[exp_year]': '2020',
      }),
    );
    expect(expired.status).toBe(402);
    expect(await expired.json()).toMatchObject({ error: { code: 'invalid_expiry_year' } });
  });

  it('keeps everything but tokenisation for the secret key', async () => {
    const res = await post('/v1/customers', server.publishableKey, form({ name: 'x' }));
    expect(res.status).toBe(403);
    const none = await post('/v1/customers', 'sk_test_wrong', form({ name: 'x' }));
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { type: 'authentication_error' } });
  });
});

describe('test gateway ledger', () => {
  it('concurrent charges and their twins share writes yet each lands exactly once', async () => {
    const { customerId, method } = await customerWith();
    const attempts = Array.from({ length: 40 }, () => key('att'));
    const results = await Promise.all(
      attempts.flatMap((a) => [
        gateway.charge(chargeInput(customerId, method.id, a)),
        gateway.charge(chargeInput(customerId, method.id, a)),
      ]),
    );
    for (let i = 0; i < attempts.length; i++) expect(results[2 * i + 1]).toEqual(results[2 * i]);
    expect(new Set(results.map((r) => r.id)).size).toBe(attempts.length);
    const byAttempt = ledgerLines().filter(
      (l) =>
        l.t === 'object' &&
        l.object?.object === 'payment_intent' &&
        attempts.includes((l.object as unknown as { metadata: Record<string, string> }).metadata.attempt_id!),
    );
    expect(byAttempt).toHaveLength(attempts.length);
  });

  it('survives a restart, including a torn last line, and keeps replaying stored answers', async () => {
    const { customerId, method } = await customerWith();
    const attempt = key('att');
    const charge = await gateway.charge(chargeInput(customerId, method.id, attempt, 800));
    await server.close();
    // A crash in the middle of a write leaves half a line.
    fs.appendFileSync(path.join(dir, 'ledger.jsonl'), '{"t":"object","object":{"id":"pi_torn');
    server = await startTestGateway({ dataDir: dir });
    gateway = adapter(server);
    expect(await gateway.findCharge({ attemptId: attempt })).toEqual(charge);
    expect(await gateway.charge(chargeInput(customerId, method.id, attempt, 800))).toEqual(charge);
    const refundKey = key('ref');
    expect(
      await gateway.refund({
        chargeId: charge.id!,
        amount: 800,
        idempotencyKey: refundKey,
        metadata: { attempt_id: refundKey },
      }),
    ).toMatchObject({ amount: 800 });
    await server.close();
    server = await startTestGateway({ dataDir: dir });
    gateway = adapter(server);
    const again = key('ref');
    await expect(
      gateway.refund({
        chargeId: charge.id!,
        amount: 1,
        idempotencyKey: again,
        metadata: { attempt_id: again },
      }),
    ).rejects.toMatchObject({ code: 'charge_already_refunded' });
    expect(fs.readFileSync(path.join(dir, 'ledger.jsonl'), 'utf8')).not.toContain('pi_torn');
  });
});

describe('billing-center test-gateway (a process of its own)', () => {
  async function spawnGateway(dataDir: string) {
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.resolve('src/cli/main.ts'),
        'test-gateway',
        '--port',
        '0',
        '--data-dir',
        dataDir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().split('\n')[0]!.trim()));
      child.once('exit', (code) => reject(new Error(`test-gateway exited with ${code}`)));
    });
    return { child, url };
  }

  it('prints its URL, serves the adapter, and keeps its charges through a kill -9', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-gw-cli-'));
    try {
      const first = await spawnGateway(dataDir);
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const options = {
        secretKey: server.secretKey,
        publishableKey: server.publishableKey,
        maxNetworkRetries: 0,
      };
      const attempt = key('att');
      const charge = await new StripeGateway({ ...options, apiBase: first.url }).charge(
        chargeInput(null, 'pm_card_visa', attempt, 4321),
      );
      expect(charge).toMatchObject({ status: 'succeeded', amount: 4321 });
      const exited = new Promise((resolve) => first.child.once('exit', resolve));
      first.child.kill('SIGKILL');
      await exited;
      const second = await spawnGateway(dataDir);
      try {
        const again = new StripeGateway({ ...options, apiBase: second.url });
        expect(await again.findCharge({ attemptId: attempt })).toEqual(charge);
        expect(await again.charge(chargeInput(null, 'pm_card_visa', attempt, 4321))).toEqual(charge);
      } finally {
        const done = new Promise((resolve) => second.child.once('exit', resolve));
        second.child.kill('SIGTERM');
        expect(await done).toBe(0);
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
