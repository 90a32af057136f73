import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/db/schema.js';
import { startTestServer, type RequestOptions, type TestServer, type TestTenant } from './support/harness.js';
import { ensureFixtureCatalog, fx, insertSubscription, licensesOf } from './support/fixtures.js';

/**
 * Who may call what, written out here rather than read from src/http/access.ts, so a change
 * to the matrix has to be made twice: once on purpose in the code, once here.
 */
const admins: Role[] = ['global_admin', 'billing_admin', 'license_admin'];
const globalOnly: Role[] = ['global_admin'];
const licenseWriters: Role[] = ['global_admin', 'license_admin'];
const allRoles: Role[] = ['global_admin', 'billing_admin', 'license_admin', 'user'];

interface Call {
  method: string;
  path: string;
  options?: RequestOptions;
}

interface RouteCase {
  name: string;
  allowed: Role[];
  success: number;
  /** Builds a fresh call (a route that deletes needs a new victim every time). */
  prepare(): Promise<Call>;
}

describe('role matrix and tenant isolation of users, licenses, tokens and audit routes', () => {
  let server: TestServer;
  let tenant: TestTenant;
  const tokens = {} as Record<Role, string>;

  const unique = () => randomBytes(4).toString('hex');
  const freshUser = async () => (await tenant.addUser('user')).id;
  const licensedUser = async () => {
    const id = await freshUser();
    await server.request('PUT', `/api/users/${id}/licenses/${fx.e3}`, { token: tenant.token });
    return id;
  };

  const routes: RouteCase[] = [
    {
      name: 'GET /api/users',
      allowed: admins,
      success: 200,
      prepare: async () => ({ method: 'GET', path: '/api/users' }),
    },
    {
      name: 'POST /api/users',
      allowed: globalOnly,
      success: 201,
      prepare: async () => ({
        method: 'POST',
        path: '/api/users',
        options: { body: { email: `new-${unique()}@example.com`, displayName: 'New' } },
      }),
    },
    {
      name: 'POST /api/users/import',
      allowed: globalOnly,
      success: 200,
      prepare: async () => ({
        method: 'POST',
        path: '/api/users/import',
        options: {
          raw: { contentType: 'text/csv', text: `email,displayName\nimp-${unique()}@example.com,Imported\n` },
        },
      }),
    },
    {
      name: 'GET /api/users/:id',
      allowed: admins,
      success: 200,
      prepare: async () => ({ method: 'GET', path: `/api/users/${await freshUser()}` }),
    },
    {
      name: 'PATCH /api/users/:id',
      allowed: globalOnly,
      success: 200,
      prepare: async () => ({
        method: 'PATCH',
        path: `/api/users/${await freshUser()}`,
        options: { body: { displayName: 'Renamed' } },
      }),
    },
    {
      name: 'DELETE /api/users/:id',
      allowed: globalOnly,
      success: 200,
      prepare: async () => ({ method: 'DELETE', path: `/api/users/${await freshUser()}` }),
    },
    {
      name: 'GET /api/licenses',
      allowed: admins,
      success: 200,
      prepare: async () => ({ method: 'GET', path: '/api/licenses' }),
    },
    {
      name: 'GET /api/licenses/:productId/assignments',
      allowed: admins,
      success: 200,
      prepare: async () => ({ method: 'GET', path: `/api/licenses/${fx.e3}/assignments` }),
    },
    {
      name: 'POST /api/licenses/:productId/assign',
      allowed: licenseWriters,
      success: 200,
      prepare: async () => ({
        method: 'POST',
        path: `/api/licenses/${fx.e3}/assign`,
        options: { body: { userIds: [await freshUser()] } },
      }),
    },
    {
      name: 'POST /api/licenses/:productId/unassign',
      allowed: licenseWriters,
      success: 200,
      prepare: async () => ({
        method: 'POST',
        path: `/api/licenses/${fx.e3}/unassign`,
        options: { body: { userIds: [await licensedUser()] } },
      }),
    },
    {
      name: 'PUT /api/users/:id/licenses/:productId',
      allowed: licenseWriters,
      success: 200,
      prepare: async () => ({ method: 'PUT', path: `/api/users/${await freshUser()}/licenses/${fx.e3}` }),
    },
    {
      name: 'DELETE /api/users/:id/licenses/:productId',
      allowed: licenseWriters,
      success: 200,
      prepare: async () => ({
        method: 'DELETE',
        path: `/api/users/${await licensedUser()}/licenses/${fx.e3}`,
      }),
    },
    {
      name: 'POST /api/tokens',
      allowed: globalOnly,
      success: 201,
      prepare: async () => ({ method: 'POST', path: '/api/tokens', options: { body: { name: 'script' } } }),
    },
    {
      name: 'GET /api/tokens',
      allowed: globalOnly,
      success: 200,
      prepare: async () => ({ method: 'GET', path: '/api/tokens' }),
    },
    {
      name: 'DELETE /api/tokens/:id',
      allowed: globalOnly,
      success: 200,
      prepare: async () => {
        const res = await server.request('POST', '/api/tokens', {
          token: tenant.token,
          body: { name: 'victim' },
        });
        return { method: 'DELETE', path: `/api/tokens/${res.body.id}` };
      },
    },
    {
      name: 'GET /api/audit-log',
      allowed: admins,
      success: 200,
      prepare: async () => ({ method: 'GET', path: '/api/audit-log' }),
    },
  ];

  beforeAll(async () => {
    server = await startTestServer();
    await ensureFixtureCatalog(server.ctx);
    tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 1000 });
    tokens.global_admin = tenant.token;
    for (const role of ['billing_admin', 'license_admin', 'user'] as const)
      tokens[role] = (await tenant.addUser(role)).token;
  });
  afterAll(() => server.close());

  const cases = routes.flatMap((route) =>
    allRoles.map((role) => ({
      route,
      role,
      expected: route.allowed.includes(role) ? route.success : 403,
    })),
  );

  it.each(cases)('$route.name as $role → $expected', async ({ route, role, expected }) => {
    const call = await route.prepare();
    const res = await server.request(call.method, call.path, { ...call.options, token: tokens[role] });
    expect(res.status, JSON.stringify(res.body)).toBe(expected);
    if (expected === 403) {
      expect(res.body.code).toBe('forbidden');
      expect(res.contentType).toContain('application/problem+json');
    }
  });

  it.each(routes)('$name without credentials → 401', async (route) => {
    const call = await route.prepare();
    const res = await server.request(call.method, call.path, call.options);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });

  it.each(routes)('$name is documented in OpenAPI with a tag and a summary', async (route) => {
    const doc = await server.request('GET', '/api/openapi.json');
    const [method, path] = route.name.split(' ') as [string, string];
    const openApiPath = path.replace(/:(\w+)/g, '{$1}');
    const operation = doc.body.paths[openApiPath]?.[method.toLowerCase()];
    expect(operation, `${method} ${openApiPath}`).toBeDefined();
    expect(operation.tags).toHaveLength(1);
    expect(operation.summary).toBeTruthy();
  });

  it('checks the role before the body: a forbidden caller never learns about validation', async () => {
    const res = await server.request('POST', '/api/users', { token: tokens.user, body: { nonsense: true } });
    expect(res.status).toBe(403);
  });

  it('a forbidden call changes nothing', async () => {
    const victim = await licensedUser();
    await server.request('DELETE', `/api/users/${victim}`, { token: tokens.license_admin });
    await server.request('POST', `/api/licenses/${fx.e3}/unassign`, {
      token: tokens.billing_admin,
      body: { userIds: [victim] },
    });
    const still = await server.request('GET', `/api/users/${victim}`, { token: tenant.token });
    expect(still.status).toBe(200);
    expect(still.body.licenses).toEqual([fx.e3]);
  });

  describe('tenant isolation', () => {
    let other: TestTenant;
    let victim: { id: string; email: string };
    let victimToken: { id: string };

    beforeAll(async () => {
      other = await server.createTenant();
      await insertSubscription(server.ctx, { tenantId: other.id, productId: fx.e3, quantity: 10 });
      await insertSubscription(server.ctx, { tenantId: other.id, productId: fx.e5, quantity: 10 });
      const user = await tenant.addUser('license_admin', { email: `victim-${unique()}@example.com` });
      victim = { id: user.id, email: user.email };
      await server.request('PUT', `/api/users/${victim.id}/licenses/${fx.e3}`, { token: tenant.token });
      victimToken = (
        await server.request('POST', '/api/tokens', { token: tenant.token, body: { name: 'secret script' } })
      ).body;
    });

    const asOther = (method: string, path: string, options: RequestOptions = {}) =>
      server.request(method, path, { ...options, token: other.token });

    it('answers 404 for another tenant’s user, exactly like a missing one', async () => {
      const calls: [string, string, RequestOptions?][] = [
        ['GET', '/api/users/%s'],
        ['PATCH', '/api/users/%s', { body: { displayName: 'Hijacked' } }],
        ['DELETE', '/api/users/%s'],
        ['PUT', `/api/users/%s/licenses/${fx.e5}`],
        ['DELETE', `/api/users/%s/licenses/${fx.e3}`],
      ];
      for (const [method, template, options] of calls) {
        const foreign = await asOther(method, template.replace('%s', victim.id), options);
        const missing = await asOther(method, template.replace('%s', 'usr_doesnotexist'), options);
        expect(foreign.status, `${method} ${template}`).toBe(404);
        expect(foreign.body.code).toBe('not_found');
        expect({ ...foreign.body, detail: null, instance: null }).toEqual({
          ...missing.body,
          detail: null,
          instance: null,
        });
      }
      const intact = await server.request('GET', `/api/users/${victim.id}`, { token: tenant.token });
      expect(intact.body).toMatchObject({ displayName: victim.email, licenses: [fx.e3] });
    });

    it('refuses another tenant’s users in bulk license requests as not_found', async () => {
      for (const action of ['assign', 'unassign'] as const) {
        const productId = action === 'assign' ? fx.e5 : fx.e3;
        const res = await asOther('POST', `/api/licenses/${productId}/${action}`, {
          body: { userIds: [victim.id] },
        });
        expect(res.status).toBe(200);
        expect(res.body.results[0]).toMatchObject({ status: 'refused', code: 'not_found' });
      }
      expect(await licensesOf(server.ctx, victim.id)).toEqual([fx.e3]);
    });

    it('never lists another tenant’s users, licenses, holders, tokens or audit entries', async () => {
      const users = await asOther('GET', `/api/users?search=${encodeURIComponent(victim.email)}`);
      expect(users.body.total).toBe(0);
      const all = await asOther('GET', '/api/users?limit=200');
      expect(all.body.items.map((u: { id: string }) => u.id)).not.toContain(victim.id);

      const summary = await asOther('GET', '/api/licenses');
      expect(summary.body.items.find((i: { productId: string }) => i.productId === fx.e3)).toMatchObject({
        purchased: 10,
        assigned: 0,
      });
      const holders = await asOther('GET', `/api/licenses/${fx.e3}/assignments`);
      expect(holders.body.items).toEqual([]);
      const filtered = await asOther('GET', `/api/users?hasLicenseFor=${fx.e3}`);
      expect(filtered.body.total).toBe(0);

      const tokensList = await asOther('GET', '/api/tokens');
      expect(tokensList.body.items.map((t: { id: string }) => t.id)).not.toContain(victimToken.id);

      const log = await asOther('GET', '/api/audit-log?limit=200');
      const text = JSON.stringify(log.body);
      expect(text).not.toContain(victim.id);
      expect(text).not.toContain(tenant.id);
      expect((await asOther('GET', `/api/audit-log?entityId=${victim.id}`)).body.items).toEqual([]);
    });

    it('answers 404 for another tenant’s token and refuses tokens for its users', async () => {
      const revoke = await asOther('DELETE', `/api/tokens/${victimToken.id}`);
      expect(revoke.status).toBe(404);
      expect(revoke.body.code).toBe('not_found');
      const mint = await asOther('POST', '/api/tokens', { body: { name: 'steal', userId: victim.id } });
      expect(mint.status).toBe(404);
      const mine = await server.request('GET', '/api/tokens', { token: tenant.token });
      expect(mine.body.items.find((t: { id: string }) => t.id === victimToken.id)).toMatchObject({
        revokedAt: null,
      });
    });

    it('keeps emails per tenant: creating or importing an email used elsewhere creates a new user', async () => {
      const created = await asOther('POST', '/api/users', {
        body: { email: victim.email, displayName: 'Namesake' },
      });
      expect(created.status).toBe(201);
      expect(created.body.id).not.toBe(victim.id);
      const email2 = `shared-${unique()}@example.com`;
      await server.request('POST', '/api/users', {
        token: tenant.token,
        body: { email: email2, displayName: 'Mine' },
      });
      const imported = await asOther('POST', '/api/users/import', {
        raw: { contentType: 'text/csv', text: `email,displayName\n${email2},Theirs\n` },
      });
      expect(imported.body.rows[0]).toMatchObject({ status: 'created' });
    });
  });
});
