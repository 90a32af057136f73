import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findWebDist } from '../src/http/static.js';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import { cards } from './support/billing.js';
import { ensureFixtureCatalog, fx, insertSubscription } from './support/fixtures.js';

async function userCount(server: TestServer, tenantId: string): Promise<number> {
  const row = await server.ctx.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function signIn(server: TestServer, tenant: TestTenant): Promise<string> {
  const res = await server.request('POST', '/api/auth/login', {
    body: { email: tenant.adminEmail, password: tenant.adminPassword },
  });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

/** A request as a browser would send it, with exactly the headers given. */
async function raw(
  server: TestServer,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  const res = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  return {
    status: res.status,
    contentType,
    body: contentType.includes('json') && text ? JSON.parse(text) : text,
    headers: res.headers,
  };
}

describe('CSRF: cookie-authenticated changes only from the admin center', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let cookie: string;
  const csv = 'email,displayName,role\nmallory@example.com,Mallory,global_admin\n';

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await server.createTenant();
    cookie = await signIn(server, tenant);
  });
  afterAll(() => server.close());

  it('refuses the text/plain form POST from a foreign origin that created a Global admin', async () => {
    const before = await userCount(server, tenant.id);
    const res = await raw(
      server,
      'POST',
      '/api/users/import',
      {
        cookie,
        origin: 'https://evil.example',
        'content-type': 'text/plain',
        'sec-fetch-site': 'cross-site',
      },
      csv,
    );
    expect(res.status).toBe(403);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('csrf_rejected');
    expect(await userCount(server, tenant.id)).toBe(before);
  });

  it('refuses another port of the same host (same site, other origin), even with the custom header', async () => {
    const before = await userCount(server, tenant.id);
    const otherPort = new URL(server.url);
    otherPort.port = String(Number(otherPort.port) === 65535 ? 1 : Number(otherPort.port) + 1);
    const res = await raw(
      server,
      'POST',
      '/api/users',
      {
        cookie,
        origin: otherPort.origin,
        'x-requested-with': 'BillingCenter',
        'content-type': 'application/json',
      },
      JSON.stringify({ email: 'port@example.com', displayName: 'Port' }),
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_rejected');
    // A browser that sends no Origin but says where the request comes from.
    const sameSite = await raw(
      server,
      'POST',
      '/api/users',
      {
        cookie,
        'sec-fetch-site': 'same-site',
        'x-requested-with': 'BillingCenter',
        'content-type': 'application/json',
      },
      JSON.stringify({ email: 'port@example.com', displayName: 'Port' }),
    );
    expect(sameSite.status).toBe(403);
    expect(await userCount(server, tenant.id)).toBe(before);
  });

  it('needs the custom header and an origin with the cookie; the admin center sends both', async () => {
    const body = JSON.stringify({ email: 'grace@example.com', displayName: 'Grace' });
    const json = { cookie, 'content-type': 'application/json' };
    const noHeader = await raw(server, 'POST', '/api/users', { ...json, origin: server.url }, body);
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.code).toBe('csrf_rejected');
    const noOrigin = await raw(
      server,
      'POST',
      '/api/users',
      { ...json, 'x-requested-with': 'BillingCenter' },
      body,
    );
    expect(noOrigin.status).toBe(403);
    const ok = await raw(
      server,
      'POST',
      '/api/users',
      { ...json, origin: server.url, 'x-requested-with': 'BillingCenter', 'sec-fetch-site': 'same-origin' },
      body,
    );
    expect(ok.status).toBe(201);
    // Reading needs no header: a cross-site page cannot read the answer anyway.
    expect((await raw(server, 'GET', '/api/users', { cookie, origin: 'https://evil.example' })).status).toBe(
      200,
    );
  });

  it('refuses a sign-in posted from a foreign origin (login CSRF)', async () => {
    const res = await raw(
      server,
      'POST',
      '/api/auth/login',
      { origin: 'https://evil.example', 'content-type': 'application/json' },
      JSON.stringify({ email: tenant.adminEmail, password: tenant.adminPassword }),
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('lets API tokens work from scripts without any of this', async () => {
    const res = await server.request('POST', '/api/users', {
      token: tenant.token,
      body: { email: 'script@example.com', displayName: 'Script' },
    });
    expect(res.status).toBe(201);
  });

  it('answers text/plain and form bodies on JSON routes with 415 problem+json, changing nothing', async () => {
    const before = await userCount(server, tenant.id);
    for (const contentType of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await server.request('POST', '/api/users', {
        token: tenant.token,
        raw: { contentType, text: 'email=a%40example.com&displayName=A' },
      });
      expect(res.status, contentType).toBe(415);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('unsupported_media_type');
    }
    // The CSV import takes text/csv only.
    const plain = await server.request('POST', '/api/users/import', {
      token: tenant.token,
      raw: { contentType: 'text/plain', text: csv },
    });
    expect(plain.status).toBe(415);
    expect(await userCount(server, tenant.id)).toBe(before);
  });
});

describe('security headers', () => {
  let server: TestServer;
  let proxied: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    proxied = await startTestServer({ env: { BILLING_CENTER_TRUST_PROXY: '127.0.0.1' } });
  });
  afterAll(async () => {
    await server.close();
    await proxied.close();
  });

  it('sends a CSP without inline scripts that forbids framing, nosniff and a referrer policy; no HSTS over http', async () => {
    for (const path of ['/api/instance', '/api/nothing-here', '/']) {
      const res = await server.request('GET', path);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    const docs = await server.request('GET', '/api/docs/static/index.html');
    expect(docs.headers.get('content-security-policy') ?? '').toContain("frame-ancestors 'none'");
  });

  it('serves an admin center whose index.html has no inline script (the CSP would block it)', () => {
    const dist = findWebDist();
    if (!dist) return; // API-only checkout: nothing to serve
    const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\bsrc="\/assets\//);
    expect(html).not.toMatch(/\son[a-z]+=/i);
  });

  it('ignores X-Forwarded-Proto from an untrusted peer, honours it from a trusted proxy (HSTS, Secure cookie)', async () => {
    const tenant = await server.createTenant();
    const direct = await server.request('POST', '/api/auth/login', {
      body: { email: tenant.adminEmail, password: tenant.adminPassword },
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(direct.status).toBe(200);
    expect(direct.headers.get('set-cookie')).not.toMatch(/Secure/i);
    expect(direct.headers.get('strict-transport-security')).toBeNull();

    const other = await proxied.createTenant();
    const behindProxy = await proxied.request('POST', '/api/auth/login', {
      body: { email: other.adminEmail, password: other.adminPassword },
      headers: {
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'billing.example.com',
        origin: 'https://billing.example.com',
      },
    });
    expect(behindProxy.status).toBe(200);
    expect(behindProxy.headers.get('set-cookie')).toMatch(/Secure/i);
    expect(behindProxy.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });
});

describe('ids in bodies belong to the caller’s tenant', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await ensureFixtureCatalog(server.ctx);
  });
  afterAll(() => server.close());

  it('answers a support request naming another tenant’s subscription exactly like an unknown one, storing nothing', async () => {
    const mine = await server.createTenant();
    const theirs = await server.createTenant();
    const foreignSub = await insertSubscription(server.ctx, {
      tenantId: theirs.id,
      productId: fx.e3,
      quantity: 2,
    });
    const ask = (subscriptionId: string) =>
      server.request('POST', '/api/support-requests', {
        token: mine.token,
        body: {
          type: 'general',
          subscriptionId,
          subject: 'Question',
          description: 'About this subscription',
        },
      });
    const foreign = await ask(foreignSub);
    const unknown = await ask('sub_doesnotexist');
    expect(foreign.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect({ ...foreign.body, detail: null }).toEqual({ ...unknown.body, detail: null });
    const stored = await server.request('GET', '/api/support-requests', { token: mine.token });
    expect(stored.body.items ?? stored.body.requests ?? []).toHaveLength(0);
    const own = await insertSubscription(server.ctx, { tenantId: mine.id, productId: fx.e3, quantity: 2 });
    expect((await ask(own)).status).toBe(201);
  });

  it('answers another tenant’s ids in order, quote and license bodies exactly like unknown ones', async () => {
    const mine = await server.createTenant();
    const theirs = await server.createTenant();
    const theirBase = await insertSubscription(server.ctx, {
      tenantId: theirs.id,
      productId: fx.e3,
      quantity: 5,
    });
    const theirUser = await theirs.addUser('user');
    const theirCard = await server.request('POST', '/api/payment-methods', {
      token: theirs.token,
      body: { type: 'card', paymentMethodId: cards.ok },
    });
    expect(theirCard.status).toBe(201);
    const theirCardId: string = theirCard.body.id;
    const same = async (
      method: string,
      path: string,
      body: (id: string) => unknown,
      foreign: string,
      unknown: string,
    ) => {
      const a = await server.request(method, path, { token: mine.token, body: body(foreign) });
      const b = await server.request(method, path, { token: mine.token, body: body(unknown) });
      expect(a.status, `${path} ${foreign}`).toBeLessThan(500);
      expect(a.status).toBe(b.status);
      expect(a.body.code).toBe(b.body.code);
    };
    const addon = (id: string) => ({
      items: [{ productId: 'addon-extra-file-storage', quantity: 10, baseSubscriptionId: id }],
      payment: { method: 'invoice' },
    });
    await same('POST', '/api/checkout/quote', addon, theirBase, 'sub_doesnotexist');
    await same('POST', '/api/orders', addon, theirBase, 'sub_doesnotexist');
    await same(
      'POST',
      '/api/orders',
      (id) => ({
        items: [{ productId: fx.e3, quantity: 1 }],
        payment: { method: 'saved', paymentMethodId: id },
      }),
      theirCardId,
      'pm_doesnotexist',
    );
    await same(
      'POST',
      `/api/licenses/${fx.e3}/assign`,
      (id) => ({ userIds: [id] }),
      theirUser.id,
      'usr_doesnotexist',
    );
    const orders = await server.request('GET', '/api/orders', { token: mine.token });
    expect(orders.body.items ?? orders.body.orders ?? []).toHaveLength(0);
  });

  it('accepts POST /subscriptions/{id}/cancel without a body (its body is optional)', async () => {
    const tenant = await server.createTenant();
    const sub = await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 2 });
    const noBody = await server.request('POST', `/api/subscriptions/${sub}/cancel?dryRun=true`, {
      token: tenant.token,
    });
    expect(noBody.status).toBe(200);
    // A client that always sends Content-Type: application/json, even with nothing to send.
    const emptyJson = await server.request('POST', `/api/subscriptions/${sub}/cancel?dryRun=true`, {
      token: tenant.token,
      raw: { contentType: 'application/json', text: '' },
    });
    expect(emptyJson.status).toBe(200);
  });
});

describe('errors of the HTTP layer and hostile strings', () => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    tenant = await server.createTenant();
  });
  afterAll(() => server.close());

  it('refuses NUL bytes and lone surrogates in body strings, path ids and queries as 400 validation_failed', async () => {
    const before = await userCount(server, tenant.id);
    const bodies = [
      '{"email":"nul@example.com","displayName":"a\\u0000b"}',
      '{"email":"sur@example.com","displayName":"a\\ud800b"}',
      '{"email":"low@example.com","displayName":"\\udc00"}',
    ];
    for (const text of bodies) {
      const res = await server.request('POST', '/api/users', {
        token: tenant.token,
        raw: { contentType: 'application/json', text },
      });
      expect(res.status, text).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('validation_failed');
    }
    expect(await userCount(server, tenant.id)).toBe(before);
    // A real pair (an emoji) is fine.
    const emoji = await server.request('POST', '/api/users', {
      token: tenant.token,
      raw: {
        contentType: 'application/json',
        text: '{"email":"emoji@example.com","displayName":"Ada \\ud83d\\ude00"}',
      },
    });
    expect(emoji.status).toBe(201);
    for (const path of ['/api/users/usr_%00', '/api/users?search=%00', '/api/subscriptions/sub%00x']) {
      const res = await server.request('GET', path, { token: tenant.token });
      expect(res.status, path).toBe(400);
      expect(res.body.code).toBe('validation_failed');
    }
  });

  it('answers 414, bad %-encoding and too large bodies as problem+json', async () => {
    const long = await server.request('GET', `/api/users/${'x'.repeat(5000)}`, { token: tenant.token });
    expect(long.status).toBe(414);
    expect(long.contentType).toContain('application/problem+json');
    expect(long.body.code).toBe('uri_too_long');

    const badEncoding = await server.request('GET', '/api/users/%E0%A4%A', { token: tenant.token });
    expect(badEncoding.status).toBe(400);
    expect(badEncoding.contentType).toContain('application/problem+json');
    expect(badEncoding.body.code).toBe('validation_failed');

    const big = await server.request('POST', '/api/users', {
      token: tenant.token,
      raw: {
        contentType: 'application/json',
        text: JSON.stringify({ email: 'a@example.com', displayName: 'x'.repeat(6 * 1024 * 1024) }),
      },
    });
    expect(big.status).toBe(413);
    expect(big.contentType).toContain('application/problem+json');
    expect(big.body.code).toBe('payload_too_large');
  });
});
