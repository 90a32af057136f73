/**
 * PostgreSQL down under a running server: requests answer 503 `service_unavailable` with
 * Retry-After (never a 500), change nothing, and succeed once the database is back.
 * A PostgreSQL of its own is stopped, so the shared test cluster stays up.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createContext, migrateToLatest } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb, startEmbeddedPostgres } from '../src/db/connection.js';
import { hashToken } from '../src/http/auth.js';
import { buildServer } from '../src/http/server.js';
import { systemActor } from '../src/modules/audit/index.js';
import { importCatalogFile } from '../src/modules/catalog/index.js';
import { StripeGateway } from '../src/modules/payments/index.js';
import { createTenant } from '../src/modules/tenants/index.js';
import { newId, newSecret } from '../src/shared/ids.js';

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

describe('PostgreSQL unavailable', () => {
  it('answers 503 service_unavailable with Retry-After, changes nothing, and recovers', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-pgdown-'));
    fs.chmodSync(work, 0o777);
    cleanups.push(async () => fs.rmSync(work, { recursive: true, force: true }));
    const pgDir = path.join(work, 'pg');
    fs.mkdirSync(pgDir, { recursive: true, mode: 0o777 });
    const pgPort = await freePort();
    let pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    cleanups.push(async () => pg.stop());

    const setup = createDb(pg.connectionString, 1);
    await migrateToLatest(setup);
    await importCatalogFile(setup, path.resolve('catalog/default.yaml'), {
      now: new Date(),
      actor: systemActor,
    });
    const now = new Date();
    const { tenant, adminUserId } = await createTenant(
      setup,
      {
        name: 'Down',
        billingCountry: 'US',
        admin: { email: 'down@example.com', displayName: 'D', password: 'correct horse battery' },
      },
      { cloud: 'worldwide', now, actor: systemActor },
    );
    const token = newSecret('bct');
    await setup
      .insertInto('api_tokens')
      .values({
        id: newId('apiToken'),
        tenant_id: tenant.id,
        user_id: adminUserId,
        name: 'down',
        token_hash: hashToken(token),
        created_at: now,
      })
      .execute();
    await setup.destroy();

    const config = loadConfig({
      BILLING_CENTER_BILLING_INTERVAL_SECONDS: '0',
      BILLING_CENTER_DATA_DIR: work,
      BILLING_CENTER_STRIPE_API_BASE: inject('gatewayUrl'),
    });
    const gateway = StripeGateway.fromConfig(config.payments, { maxNetworkRetries: 0 });
    const ctx = createContext(config, pg.connectionString, { poolSize: 3, gateway });
    const app = await buildServer(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(async () => {
      await app.close();
      await ctx.db.destroy();
    });
    const address = app.server.address() as net.AddressInfo;
    const base = `http://127.0.0.1:${address.port}`;
    const order = {
      items: [{ productId: 'o365-e1', quantity: 2, commitment: 'monthly', billingFrequency: 'monthly' }],
      payment: { method: 'card', paymentMethodId: 'pm_card_visa' },
    };
    const call = (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${p}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });

    expect((await call('GET', '/api/subscriptions')).status).toBe(200);

    await pg.stop();

    for (const [method, p, body, headers] of [
      ['GET', '/api/subscriptions', undefined, {}],
      ['POST', '/api/orders', order, { 'idempotency-key': 'order-while-down' }],
      ['GET', '/api/subscriptions', undefined, { 'accept-language': 'fr-FR' }],
    ] as const) {
      const res = await call(method, p, body, headers);
      expect(res.status, `${method} ${p}`).toBe(503);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('retry-after')).toBe('5');
      const problem = (await res.json()) as { code: string; title: string; detail: string; hint?: string };
      expect(problem.code).toBe('service_unavailable');
      expect(problem.hint).toBeTruthy();
      if (headers['accept-language' as keyof typeof headers])
        expect(problem.title).toBe('Le service est momentanément indisponible');
    }

    pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    // The pool reconnects by itself; the order refused while the database was down was not
    // half-made: the same key now places it, once.
    const list = await call('GET', '/api/subscriptions');
    expect(list.status).toBe(200);
    expect(((await list.json()) as { subscriptions: unknown[] }).subscriptions).toHaveLength(0);
    const placed = await call('POST', '/api/orders', order, { 'idempotency-key': 'order-while-down' });
    expect(placed.status).toBe(201);
    const replay = await call('POST', '/api/orders', order, { 'idempotency-key': 'order-while-down' });
    expect(replay.status).toBe(201);
    expect(((await replay.json()) as { id: string }).id).toBe(((await placed.json()) as { id: string }).id);
    const after = (await (await call('GET', '/api/subscriptions')).json()) as { subscriptions: unknown[] };
    expect(after.subscriptions).toHaveLength(1);
  }, 120_000);
});
