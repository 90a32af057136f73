import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';
import { ensureFixtureCatalog, fx, insertSubscription, licensesOf } from './support/fixtures.js';

describe('users', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await ensureFixtureCatalog(server.ctx);
  });
  afterAll(() => server.close());

  it('creates, reads, updates and deletes a user', async () => {
    const tenant = await server.createTenant();
    const created = await server.request('POST', '/api/users', {
      token: tenant.token,
      body: { email: 'Grace@Example.com', displayName: '  Grace Hopper ' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email: 'Grace@Example.com',
      displayName: 'Grace Hopper',
      role: 'user',
      canSignIn: false,
      licenses: [],
    });
    expect(created.body.id).toMatch(/^usr_/);
    const id = created.body.id as string;

    const read = await server.request('GET', `/api/users/${id}`, { token: tenant.token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);

    server.clock.advanceHours(1);
    const patched = await server.request('PATCH', `/api/users/${id}`, {
      token: tenant.token,
      body: { displayName: 'Rear Admiral Hopper', role: 'license_admin', password: 'a long password' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      displayName: 'Rear Admiral Hopper',
      role: 'license_admin',
      canSignIn: true,
    });
    expect(patched.body.updatedAt).toBe(server.clock.now().toISOString());

    // The new password works.
    const login = await server.request('POST', '/api/auth/login', {
      body: { email: 'grace@example.com', password: 'a long password' },
    });
    expect(login.status).toBe(200);

    const deleted = await server.request('DELETE', `/api/users/${id}`, { token: tenant.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ user: { id }, releasedLicenses: [] });
    expect((await server.request('GET', `/api/users/${id}`, { token: tenant.token })).status).toBe(404);
  });

  it('refuses a duplicate email, ignoring case (user_email_taken)', async () => {
    const tenant = await server.createTenant();
    const first = await server.request('POST', '/api/users', {
      token: tenant.token,
      body: { email: 'dup@example.com', displayName: 'One' },
    });
    expect(first.status).toBe(201);
    const again = await server.request('POST', '/api/users', {
      token: tenant.token,
      body: { email: 'DUP@example.com', displayName: 'Two' },
      headers: { 'accept-language': 'fr' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('user_email_taken');
    expect(again.body.detail).toContain('existe déjà');
    const other = await tenant.addUser('user');
    const patch = await server.request('PATCH', `/api/users/${other.id}`, {
      token: tenant.token,
      body: { email: 'Dup@Example.com' },
    });
    expect(patch.status).toBe(409);
    expect(patch.body.code).toBe('user_email_taken');
    // The same email in another tenant is fine: emails are unique per tenant.
    const tenant2 = await server.createTenant();
    const elsewhere = await server.request('POST', '/api/users', {
      token: tenant2.token,
      body: { email: 'dup@example.com', displayName: 'Elsewhere' },
    });
    expect(elsewhere.status).toBe(201);
  });

  it('validates bodies strictly', async () => {
    const tenant = await server.createTenant();
    const bad = await server.request('POST', '/api/users', {
      token: tenant.token,
      body: { email: 'not-an-email', displayName: '', role: 'owner', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    const empty = await server.request('PATCH', `/api/users/${tenant.adminUserId}`, {
      token: tenant.token,
      body: {},
    });
    expect(empty.status).toBe(400);
  });

  it('never lets the last Global admin be demoted or deleted (last_global_admin)', async () => {
    const tenant = await server.createTenant();
    const demote = await server.request('PATCH', `/api/users/${tenant.adminUserId}`, {
      token: tenant.token,
      body: { role: 'billing_admin' },
    });
    expect(demote.status).toBe(409);
    expect(demote.body.code).toBe('last_global_admin');
    expect(demote.body.hint).toMatch(/another user a Global admin/);
    const remove = await server.request('DELETE', `/api/users/${tenant.adminUserId}`, {
      token: tenant.token,
    });
    expect(remove.status).toBe(409);
    expect(remove.body.code).toBe('last_global_admin');
    const still = await server.request('GET', `/api/users/${tenant.adminUserId}`, { token: tenant.token });
    expect(still.body.role).toBe('global_admin');

    // With a second Global admin, the first may step down — but not both at once.
    const second = await tenant.addUser('global_admin');
    const [a, b] = await Promise.all([
      server.request('PATCH', `/api/users/${tenant.adminUserId}`, {
        token: tenant.token,
        body: { role: 'user' },
      }),
      server.request('PATCH', `/api/users/${second.id}`, { token: second.token, body: { role: 'user' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const admins = await server.request('GET', '/api/users?role=global_admin', {
      token: a.status === 409 ? tenant.token : second.token,
    });
    expect(admins.body.total).toBe(1);
  });

  it('lists with search, role and license filters, paginated', async () => {
    const tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 10 });
    const names = ['Zoe Zed', 'Adam Apple', 'Maya Moon', 'Bill Board', 'Carla 100%'];
    const ids: Record<string, string> = {};
    for (const name of names) {
      const res = await server.request('POST', '/api/users', {
        token: tenant.token,
        body: {
          email: `${name.split(' ')[0]!.toLowerCase()}@contoso.example`,
          displayName: name,
          role: name === 'Bill Board' ? 'billing_admin' : 'user',
        },
      });
      ids[name] = res.body.id;
    }
    await server.request('POST', `/api/licenses/${fx.e3}/assign`, {
      token: tenant.token,
      body: { userIds: [ids['Maya Moon'], ids['Zoe Zed']] },
    });

    const all = await server.request('GET', '/api/users', { token: tenant.token });
    expect(all.body.total).toBe(6);
    expect(all.body.items.map((u: { displayName: string }) => u.displayName)).toEqual([
      'Ada Admin',
      'Adam Apple',
      'Bill Board',
      'Carla 100%',
      'Maya Moon',
      'Zoe Zed',
    ]);

    const page = await server.request('GET', '/api/users?limit=2&offset=2', { token: tenant.token });
    expect(page.body).toMatchObject({ total: 6, limit: 2, offset: 2 });
    expect(page.body.items.map((u: { displayName: string }) => u.displayName)).toEqual([
      'Bill Board',
      'Carla 100%',
    ]);

    const search = await server.request('GET', '/api/users?search=MOON', { token: tenant.token });
    expect(search.body.items.map((u: { displayName: string }) => u.displayName)).toEqual(['Maya Moon']);
    const byEmail = await server.request('GET', '/api/users?search=adam%40contoso', { token: tenant.token });
    expect(byEmail.body.total).toBe(1);
    // % is a character to find, not a wildcard.
    const percent = await server.request('GET', '/api/users?search=0%25', { token: tenant.token });
    expect(percent.body.items.map((u: { displayName: string }) => u.displayName)).toEqual(['Carla 100%']);

    const billing = await server.request('GET', '/api/users?role=billing_admin', { token: tenant.token });
    expect(billing.body.items.map((u: { displayName: string }) => u.displayName)).toEqual(['Bill Board']);

    const licensed = await server.request('GET', `/api/users?hasLicenseFor=${fx.e3}`, {
      token: tenant.token,
    });
    expect(
      licensed.body.items.map((u: { displayName: string; licenses: string[] }) => [
        u.displayName,
        u.licenses,
      ]),
    ).toEqual([
      ['Maya Moon', [fx.e3]],
      ['Zoe Zed', [fx.e3]],
    ]);

    const unknownParam = await server.request('GET', '/api/users?sort=name', { token: tenant.token });
    expect(unknownParam.status).toBe(400);
  });

  it('gives a deleted user’s licenses back to the pool and ends its tokens', async () => {
    const tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 1 });
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.phone, quantity: 1 });
    const leaver = await tenant.addUser('license_admin');
    const stayer = await tenant.addUser('user');
    await server.request('PUT', `/api/users/${leaver.id}/licenses/${fx.e3}`, { token: tenant.token });
    await server.request('PUT', `/api/users/${leaver.id}/licenses/${fx.phone}`, { token: tenant.token });
    const full = await server.request('PUT', `/api/users/${stayer.id}/licenses/${fx.e3}`, {
      token: tenant.token,
    });
    expect(full.body.code).toBe('no_licenses_available');
    expect((await server.request('GET', '/api/licenses', { token: leaver.token })).status).toBe(200);

    const deleted = await server.request('DELETE', `/api/users/${leaver.id}`, { token: tenant.token });
    expect(deleted.status).toBe(200);
    expect(deleted.body.releasedLicenses).toEqual([fx.phone, fx.e3]);
    expect(deleted.body.user.licenses).toEqual([fx.phone, fx.e3].sort());
    expect(await licensesOf(server.ctx, leaver.id)).toEqual([]);
    // The token of the deleted user no longer works.
    expect((await server.request('GET', '/api/licenses', { token: leaver.token })).status).toBe(401);

    const summary = await server.request('GET', '/api/licenses', { token: tenant.token });
    expect(summary.body.items.find((i: { productId: string }) => i.productId === fx.e3)).toMatchObject({
      assigned: 0,
      available: 1,
    });
    const now = await server.request('PUT', `/api/users/${stayer.id}/licenses/${fx.e3}`, {
      token: tenant.token,
    });
    expect(now.status).toBe(200);

    const log = await server.request('GET', `/api/audit-log?entityId=${leaver.id}`, { token: tenant.token });
    expect(log.body.items[0]).toMatchObject({ action: 'user.deleted', after: null });
    expect(log.body.items[0].before).toMatchObject({
      email: leaver.email,
      licenses: [fx.phone, fx.e3].sort(),
    });
    expect(log.body.items.filter((e: { action: string }) => e.action === 'license.unassigned')).toHaveLength(
      2,
    );
  });

  it('writes an audit entry with before and after for each change', async () => {
    const tenant = await server.createTenant();
    const res = await server.request('POST', '/api/users', {
      token: tenant.token,
      body: { email: 'audited@example.com', displayName: 'Audited', password: 'secret password' },
    });
    const id = res.body.id as string;
    await server.request('PATCH', `/api/users/${id}`, {
      token: tenant.token,
      body: { role: 'billing_admin' },
    });
    const log = await server.request('GET', `/api/audit-log?entityType=user&entityId=${id}`, {
      token: tenant.token,
    });
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual([
      'user.role_changed',
      'user.created',
    ]);
    expect(log.body.items[0]).toMatchObject({
      before: { role: 'user' },
      after: { role: 'billing_admin' },
      actorType: 'api_token',
    });
    expect(JSON.stringify(log.body)).not.toContain('scrypt');
  });
});
