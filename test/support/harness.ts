import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app-context.js';
import { createContext } from '../../src/app.js';
import { loadConfig, type Cloud } from '../../src/config.js';
import { ensureDatabase } from '../../src/db/connection.js';
import type { Role } from '../../src/db/schema.js';
import { buildServer } from '../../src/http/server.js';
import { startJobWorkers } from '../../src/jobs/index.js';
import type { PaymentGateway } from '../../src/modules/payments/index.js';
import { hashToken } from '../../src/http/auth.js';
import { systemActor } from '../../src/modules/audit/index.js';
import { StripeGateway } from '../../src/modules/payments/index.js';
import { createTenant, createUserRecord } from '../../src/modules/tenants/index.js';
import { ManualClock } from '../../src/shared/clock.js';
import { newId, newSecret } from '../../src/shared/ids.js';

export const operatorToken = 'test-operator-token-0123456789';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  contentType: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Raw body with its own content type (CSV imports, malformed JSON). */
  raw?: { contentType: string; text: string };
  token?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  ctx: AppContext;
  clock: ManualClock;
  app: FastifyInstance;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** A tenant with a Global admin; returns the admin's API token. */
  createTenant(options?: {
    name?: string;
    country?: string;
    email?: string;
    password?: string;
  }): Promise<TestTenant>;
  /** Waits until every job that is due (outbox: refunds, reconciliation, mail…) has run. */
  drainJobs(): Promise<void>;
  close(): Promise<void>;
}

export interface TestTenant {
  id: string;
  adminUserId: string;
  adminEmail: string;
  adminPassword: string;
  token: string;
  /** Adds a user with a role and returns an API token acting as that user. */
  addUser(
    role: Role,
    options?: { email?: string; displayName?: string },
  ): Promise<{ id: string; token: string; email: string }>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** A fresh database cloned from the migrated template: its name and connection string. */
export async function cloneTemplateDatabase(): Promise<{ name: string; url: string }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `${inject('databasePrefix')}${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name, inject('templateDatabase'));
  return { name, url: withDatabase(adminUrl, name) };
}

/**
 * Starts the real HTTP server on a fresh database cloned from the migrated template, with a
 * manual clock. Every integration test talks to it over HTTP, as a script or browser would.
 */
export async function startTestServer(
  options: {
    cloud?: Cloud;
    now?: string;
    env?: Record<string, string>;
    /** Run the job workers in the test server (default true); false to see jobs wait. */
    workers?: boolean;
    /** Wraps the gateway (a fault injector around the real adapter). */
    wrapGateway?: (gateway: PaymentGateway) => PaymentGateway;
  } = {},
): Promise<TestServer> {
  const { name: database, url: databaseUrl } = await cloneTemplateDatabase();
  const config = loadConfig({
    BILLING_CENTER_CLOUD: options.cloud ?? 'worldwide',
    BILLING_CENTER_OPERATOR_TOKEN: operatorToken,
    BILLING_CENTER_BILLING_INTERVAL_SECONDS: '0',
    // Mail without SMTP is written under <data dir>/mail: a folder of its own, never ./data.
    BILLING_CENTER_DATA_DIR: path.join(tmpdir(), database),
    BILLING_CENTER_STRIPE_API_BASE: inject('gatewayUrl'),
    ...options.env,
  });
  const clock = new ManualClock(options.now ?? '2026-03-02T10:00:00Z');
  // No transparent retries: a test sees a gateway fault exactly as it was injected.
  const adapter = StripeGateway.fromConfig(config.payments, { maxNetworkRetries: 0 });
  const gateway = options.wrapGateway ? options.wrapGateway(adapter) : adapter;
  const ctx = createContext(config, databaseUrl, { clock, poolSize: 5, gateway });
  const app = await buildServer(ctx);
  // Periodic schedules stay off: tests move a manual clock and call the jobs they need.
  const workers =
    options.workers === false
      ? null
      : await startJobWorkers(ctx, { schedule: false, pollingIntervalSeconds: 0.5 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let counter = 0;

  async function request<T>(
    method: string,
    path: string,
    opts: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    let body: string | undefined;
    if (opts.raw) {
      headers['content-type'] = opts.raw.contentType;
      body = opts.raw.text;
    } else if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.cookie) {
      headers.cookie = opts.cookie;
      // What the admin center sends with its session (CSRF defence, src/http/security.ts).
      headers.origin ??= url;
      headers['x-requested-with'] ??= 'BillingCenter';
    }
    const res = await fetch(`${url}${path}`, { method, headers, body });
    const contentType = res.headers.get('content-type') ?? '';
    const text = await res.text();
    const parsed = contentType.includes('json') && text ? JSON.parse(text) : text;
    return { status: res.status, headers: res.headers, body: parsed as T, contentType };
  }

  async function tokenFor(tenantId: string, userId: string): Promise<string> {
    const token = newSecret('bct');
    await ctx.db
      .insertInto('api_tokens')
      .values({
        id: newId('apiToken'),
        tenant_id: tenantId,
        user_id: userId,
        name: 'test',
        token_hash: hashToken(token),
        created_at: clock.now(),
      })
      .execute();
    return token;
  }

  return {
    url,
    ctx,
    clock,
    app,
    request,
    async createTenant(o = {}) {
      counter++;
      const adminEmail = o.email ?? `admin${counter}-${randomBytes(3).toString('hex')}@example.com`;
      const adminPassword = o.password ?? 'correct horse battery';
      const { tenant, adminUserId } = await createTenant(
        ctx.db,
        {
          name: o.name ?? `Tenant ${counter}`,
          billingCountry: o.country ?? 'US',
          admin: { email: adminEmail, displayName: 'Ada Admin', password: adminPassword },
        },
        { cloud: config.cloud, now: clock.now(), actor: systemActor },
      );
      const token = await tokenFor(tenant.id, adminUserId);
      return {
        id: tenant.id,
        adminUserId,
        adminEmail,
        adminPassword,
        token,
        async addUser(role, uo = {}) {
          const email = uo.email ?? `${role}-${randomBytes(4).toString('hex')}@example.com`;
          const id = await createUserRecord(ctx.db, {
            tenantId: tenant.id,
            email,
            displayName: uo.displayName ?? email,
            role,
            now: clock.now(),
          });
          return { id, token: await tokenFor(tenant.id, id), email };
        },
      };
    },
    async drainJobs() {
      if (!workers) throw new Error('This test server runs no job workers (workers: false).');
      await workers.drain();
    },
    async close() {
      await workers?.stop();
      await app.close();
      await ctx.db.destroy();
      if (!options.env?.BILLING_CENTER_DATA_DIR) rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
