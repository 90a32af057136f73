import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/modules/security/index.js';
import { subscribe } from './support/billing.js';
import { operatorToken, startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { startSmtpCapture } from './support/mail-and-webhooks.js';

const START = '2026-03-02T10:00:00.000Z';
const day = 86_400_000;
const at = (iso: string, days = 0) => new Date(new Date(iso).getTime() + days * day).toISOString();

describe('per-tenant test clocks', () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpCapture>>;
  beforeAll(async () => {
    smtp = await startSmtpCapture();
    server = await startTestServer({ now: START, env: { BILLING_CENTER_SMTP_URL: smtp.url } });
  });
  afterAll(async () => {
    await server.close();
    await smtp.close();
  });

  const operator = (method: string, path: string, body?: unknown) =>
    server.request(method, path, { token: operatorToken, ...(body === undefined ? {} : { body }) });
  const attachClock = async (t: TestTenant, frozenTime?: string) => {
    const res = await operator('POST', '/api/operator/test-clocks', { tenantId: t.id, frozenTime });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; frozenTime: string; tenantId: string; status: string };
  };
  const invoicesOf = async (t: TestTenant) =>
    (await server.request('GET', '/api/invoices', { token: t.token })).body.invoices as {
      kind: string;
      issuedAt: string;
      total: number;
    }[];
  const subscriptionOf = async (t: TestTenant, id: string) =>
    (await server.request('GET', `/api/subscriptions/${id}`, { token: t.token })).body as {
      termEnd: string;
      status: string;
    };
  const mailTo = (email: string) => smtp.mail.filter((m) => m.to.includes(email));

  it('bills each monthly term once at its own date when advanced by months, with reminder mails dated by the clock; a tenant without a clock is untouched', async () => {
    server.clock.set(START);
    const clocked = await server.createTenant();
    const plain = await server.createTenant();
    // The clock starts five days ahead of the instance: the tenant's requests live there.
    const clock = await attachClock(clocked, at(START, 5));
    expect(clock).toMatchObject({ tenantId: clocked.id, status: 'ready', frozenTime: at(START, 5) });

    const monthly = { quantity: 2, commitment: 'monthly', billingFrequency: 'monthly' } as const;
    const clockedSub = await subscribe(server, clocked, 'o365-e3', monthly);
    const plainSub = await subscribe(server, plain, 'o365-e3', monthly);
    expect((await invoicesOf(clocked))[0]!.issuedAt).toBe(at(START, 5));
    expect((await invoicesOf(plain))[0]!.issuedAt).toBe(START);
    expect((await subscriptionOf(clocked, clockedSub)).termEnd).toBe('2026-04-07T10:00:00.000Z');

    const advanced = await operator('POST', `/api/operator/test-clocks/${clock.id}/advance`, { months: 3 });
    expect(advanced.status, JSON.stringify(advanced.body)).toBe(200);
    expect(advanced.body.testClock).toMatchObject({
      frozenTime: '2026-06-07T10:00:00.000Z',
      status: 'ready',
    });
    expect(advanced.body.work.renewed).toBe(3);
    await server.drainJobs();

    const renewals = (await invoicesOf(clocked)).filter((i) => i.kind === 'renewal');
    expect(renewals.map((i) => i.issuedAt).sort()).toEqual([
      '2026-04-07T10:00:00.000Z',
      '2026-05-07T10:00:00.000Z',
      '2026-06-07T10:00:00.000Z',
    ]);
    const sub = await subscriptionOf(clocked, clockedSub);
    expect(sub).toMatchObject({ status: 'active', termEnd: '2026-07-07T10:00:00.000Z' });

    // One 7-day reminder per term, each sent (Date header) seven days before that term's end.
    const reminders = mailTo(clocked.adminEmail).filter((m) => /renews in 7 days/.test(m.subject));
    expect(reminders.map((m) => new Date(m.headers.date!).toISOString()).sort()).toEqual([
      '2026-03-31T10:00:00.000Z',
      '2026-04-30T10:00:00.000Z',
      '2026-05-31T10:00:00.000Z',
    ]);
    // Advancing again to a time with nothing due bills nothing twice.
    const again = await operator('POST', `/api/operator/test-clocks/${clock.id}/advance`, { days: 1 });
    expect(again.body.work.renewed).toBe(0);
    expect((await invoicesOf(clocked)).filter((i) => i.kind === 'renewal')).toHaveLength(3);

    // The tenant without a clock: still at the instance time, nothing renewed, no reminder.
    expect(server.clock.now().toISOString()).toBe(START);
    expect((await invoicesOf(plain)).map((i) => i.kind)).toEqual(['order']);
    expect((await subscriptionOf(plain, plainSub)).termEnd).toBe('2026-04-02T10:00:00.000Z');
    expect(mailTo(plain.adminEmail).filter((m) => /renews in/.test(m.subject))).toEqual([]);
  });

  it('the instance’s billing run and sweep leave a tenant on a test clock alone', async () => {
    server.clock.set(START);
    const clocked = await server.createTenant();
    const plain = await server.createTenant();
    await attachClock(clocked);
    const annual = { quantity: 1, commitment: 'monthly', billingFrequency: 'monthly' } as const;
    const clockedSub = await subscribe(server, clocked, 'o365-e3', annual);
    await subscribe(server, plain, 'o365-e3', annual);
    server.clock.advanceDays(40);
    try {
      const run = await operator('POST', '/api/operator/billing/run');
      expect(run.status).toBe(200);
      await operator('POST', '/api/operator/notifications/sweep');
      await server.drainJobs();
      expect((await invoicesOf(plain)).map((i) => i.kind).sort()).toEqual(['order', 'renewal']);
      expect((await invoicesOf(clocked)).map((i) => i.kind)).toEqual(['order']);
      expect((await subscriptionOf(clocked, clockedSub)).termEnd).toBe('2026-04-02T10:00:00.000Z');
      expect(mailTo(clocked.adminEmail).filter((m) => /renews in/.test(m.subject))).toEqual([]);
    } finally {
      server.clock.set(START);
    }
  });

  it('is the tenant’s own: another tenant’s admin gets 404 exactly like an unknown id, and only a Global admin may use it', async () => {
    server.clock.set(START);
    const owner = await server.createTenant();
    const other = await server.createTenant();
    const clock = await attachClock(owner);

    const mine = await server.request('GET', '/api/test-clocks', { token: owner.token });
    expect(mine.body).toMatchObject({ testMode: true, testClocks: [{ id: clock.id }] });
    expect((await server.request('GET', '/api/test-clocks', { token: other.token })).body.testClocks).toEqual(
      [],
    );

    const foreign = await server.request('GET', `/api/test-clocks/${clock.id}`, { token: other.token });
    const unknown = await server.request('GET', '/api/test-clocks/clock_0000000000000', {
      token: other.token,
    });
    expect(foreign.status).toBe(404);
    expect(foreign.contentType).toContain('application/problem+json');
    expect({ ...foreign.body, detail: undefined, instance: undefined }).toEqual({
      ...unknown.body,
      detail: undefined,
      instance: undefined,
    });
    const push = await server.request('POST', `/api/test-clocks/${clock.id}/advance`, {
      token: other.token,
      body: { days: 30 },
    });
    expect(push.status).toBe(404);
    expect(push.body.code).toBe('not_found');

    const billing = await owner.addUser('billing_admin');
    expect(
      (
        await server.request('POST', `/api/test-clocks/${clock.id}/advance`, {
          token: billing.token,
          body: { days: 1 },
        })
      ).status,
    ).toBe(403);
    // Nothing moved; the owner's Global admin moves it.
    expect((await operator('GET', `/api/operator/test-clocks/${clock.id}`)).body.frozenTime).toBe(START);
    const own = await server.request('POST', `/api/test-clocks/${clock.id}/advance`, {
      token: owner.token,
      body: { days: 2 },
    });
    expect(own.status).toBe(200);
    expect(own.body.testClock.frozenTime).toBe(at(START, 2));
  });

  it('keeps credentials on the instance’s time: a tenant a year ahead still signs in, keeps its session and enrols two-step with today’s code', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const clock = await attachClock(t);
    await subscribe(server, t, 'o365-e3', { quantity: 1, commitment: 'annual', billingFrequency: 'annual' });
    expect(
      (await operator('POST', `/api/operator/test-clocks/${clock.id}/advance`, { months: 13 })).status,
    ).toBe(200);
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: t.adminEmail, password: t.adminPassword },
    });
    expect(login.status).toBe(200);
    const session = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const sessions = await server.request('GET', '/api/me/sessions', { cookie: session });
    expect(sessions.status).toBe(200);
    expect(sessions.body.items.length).toBeGreaterThanOrEqual(1);
    const enrol = await server.request('POST', '/api/me/two-step/enrol', { cookie: session });
    const confirm = await server.request('POST', '/api/me/two-step/confirm', {
      cookie: session,
      body: { code: totpCode(enrol.body.secret as string, server.clock.now()) },
    });
    expect(confirm.status).toBe(200);
    // While billing pages of the same session live a year ahead: the renewal happened there.
    const invoices = await server.request('GET', '/api/invoices', { cookie: session });
    expect(invoices.body.invoices.map((i: { kind: string }) => i.kind).sort()).toEqual(['order', 'renewal']);
  });

  it('only moves forward, one per tenant, and once deleted the tenant is back at the instance time', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const clock = await attachClock(t, at(START, 10));
    const twice = await operator('POST', '/api/operator/test-clocks', { tenantId: t.id });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('test_clock_exists');
    const back = await operator('POST', `/api/operator/test-clocks/${clock.id}/advance`, {
      frozenTime: at(START, 9),
    });
    expect(back.status).toBe(422);
    expect(back.body.code).toBe('test_clock_cannot_go_back');
    const unknownTenant = await operator('POST', '/api/operator/test-clocks', { tenantId: 'ten_nobody' });
    expect(unknownTenant.status).toBe(404);

    expect((await operator('DELETE', `/api/operator/test-clocks/${clock.id}`)).status).toBe(204);
    expect((await operator('GET', `/api/operator/test-clocks/${clock.id}`)).status).toBe(404);
    await subscribe(server, t, 'o365-e3', {
      quantity: 1,
      commitment: 'monthly',
      billingFrequency: 'monthly',
    });
    expect((await invoicesOf(t))[0]!.issuedAt).toBe(START);
  });

  it('names the field a refusal is about, so the operator page shows it there (errors[].path)', async () => {
    server.clock.set(START);
    const t = await server.createTenant();
    const fieldOf = (body: Record<string, unknown>) =>
      (body.errors as { path: string }[] | undefined)?.[0]?.path;
    const early = await operator('POST', '/api/operator/test-clocks', {
      tenantId: t.id,
      frozenTime: at(START, -1),
    });
    expect([early.status, early.body.code, fieldOf(early.body)]).toEqual([
      422,
      'test_clock_cannot_go_back',
      'body.frozenTime',
    ]);
    const unknown = await operator('POST', '/api/operator/test-clocks', { tenantId: 'ten_nobody' });
    expect([unknown.status, fieldOf(unknown.body)]).toEqual([404, 'body.tenantId']);
    const clock = await attachClock(t, at(START, 2));
    const twice = await operator('POST', '/api/operator/test-clocks', { tenantId: t.id });
    expect([twice.status, fieldOf(twice.body)]).toEqual([409, 'body.tenantId']);
    const advance = (body: unknown) =>
      operator('POST', `/api/operator/test-clocks/${clock.id}/advance`, body);
    const back = await advance({ frozenTime: at(START, 1) });
    expect([back.status, fieldOf(back.body)]).toEqual([422, 'body.frozenTime']);
    const far = await advance({ frozenTime: at(START, 4 * 366) });
    expect([far.status, fieldOf(far.body)]).toEqual([400, 'body.frozenTime']);
    // A duration has no single field to blame: the problem stays above the form.
    const farByMonths = await advance({ months: 36, days: 30 });
    expect([farByMonths.status, fieldOf(farByMonths.body)]).toEqual([400, undefined]);
    // None of them moved anything.
    expect((await operator('GET', `/api/operator/test-clocks/${clock.id}`)).body.frozenTime).toBe(
      at(START, 2),
    );
    await operator('DELETE', `/api/operator/test-clocks/${clock.id}`);
  });
});

describe('test clocks outside test mode', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      now: START,
      env: {
        BILLING_CENTER_STRIPE_SECRET_KEY: 'sk_live_billing_center_never_called',
        BILLING_CENTER_STRIPE_PUBLISHABLE_KEY: 'pk_live_billing_center_never_called',
        // No API base: payments would go to live Stripe (never called here).
        BILLING_CENTER_STRIPE_API_BASE: undefined as unknown as string,
      },
    });
  });
  afterAll(async () => server.close());

  it('refuses to create one with a problem+json code, and creates nothing', async () => {
    const t = await server.createTenant();
    const res = await server.request('POST', '/api/operator/test-clocks', {
      token: operatorToken,
      body: { tenantId: t.id },
    });
    expect(res.status).toBe(409);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('test_mode_required');
    const list = await server.request('GET', '/api/operator/test-clocks', { token: operatorToken });
    expect(list.body).toEqual({ testMode: false, testClocks: [] });
  });
});
