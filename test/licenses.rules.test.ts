import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import {
  countAuditEntries,
  ensureFixtureCatalog,
  fx,
  insertSubscription,
  licensesOf,
} from './support/fixtures.js';

describe('license assignment rules', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await ensureFixtureCatalog(server.ctx);
  });
  afterAll(() => server.close());

  const assign = (
    tenant: TestTenant,
    productId: string,
    userIds: string[],
    headers?: Record<string, string>,
  ) =>
    server.request('POST', `/api/licenses/${productId}/assign`, {
      token: tenant.token,
      body: { userIds },
      ...(headers ? { headers } : {}),
    });
  const unassign = (tenant: TestTenant, productId: string, userIds: string[], cascade?: boolean) =>
    server.request('POST', `/api/licenses/${productId}/unassign`, {
      token: tenant.token,
      body: cascade === undefined ? { userIds } : { userIds, cascade },
    });

  async function users(tenant: TestTenant, n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await tenant.addUser('user')).id);
    return ids;
  }

  it('assigns per-user licenses and reports the counts', async () => {
    const tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 5 });
    const [a, b] = await users(tenant, 2);
    const res = await assign(tenant, fx.e3, [a!, b!]);
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ userId: a, status: 'assigned', code: null }),
      expect.objectContaining({ userId: b, status: 'assigned', code: null }),
    ]);
    expect(res.body).toMatchObject({
      changed: 2,
      refused: 0,
      license: { purchased: 5, assigned: 2, available: 3 },
    });
    expect(await licensesOf(server.ctx, a!)).toEqual([fx.e3]);
    const user = await server.request('GET', `/api/users/${a}`, { token: tenant.token });
    expect(user.body.licenses).toEqual([fx.e3]);
  });

  it('refuses storage and credits as a whole request (license_not_assignable), changing nothing', async () => {
    const tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 5 });
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.storage, quantity: 100 });
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.credits, quantity: 50 });
    const [a] = await users(tenant, 1);
    const auditBefore = await countAuditEntries(server.ctx, tenant.id);
    for (const productId of [fx.storage, fx.credits]) {
      const res = await assign(tenant, productId, [a!]);
      expect(res.status).toBe(422);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('license_not_assignable');
      expect(res.body.unit).toBe(productId === fx.storage ? 'gb' : 'credit');
    }
    expect(await licensesOf(server.ctx, a!)).toEqual([]);
    expect(await countAuditEntries(server.ctx, tenant.id)).toBe(auditBefore);
  });

  it('answers 404 product_not_found for an unknown product', async () => {
    const tenant = await server.createTenant();
    const [a] = await users(tenant, 1);
    const res = await assign(tenant, 'no-such-product', [a!]);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('product_not_found');
  });

  it('refuses a second license of the same product (license_already_assigned)', async () => {
    const tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 5 });
    const [a] = await users(tenant, 1);
    expect((await assign(tenant, fx.e3, [a!])).status).toBe(200);
    const auditBefore = await countAuditEntries(server.ctx, tenant.id);
    const res = await assign(tenant, fx.e3, [a!]);
    expect(res.status).toBe(200);
    expect(res.body.results[0]).toMatchObject({ status: 'refused', code: 'license_already_assigned' });
    expect(res.body.license).toEqual({ purchased: 5, assigned: 1, available: 4 });
    expect(await countAuditEntries(server.ctx, tenant.id)).toBe(auditBefore);
    const single = await server.request('PUT', `/api/users/${a}/licenses/${fx.e3}`, { token: tenant.token });
    expect(single.status).toBe(409);
    expect(single.body.code).toBe('license_already_assigned');
  });

  it('never assigns more than purchased and says how many are available (no_licenses_available)', async () => {
    const tenant = await server.createTenant();
    const [a] = await users(tenant, 1);
    const none = await server.request('PUT', `/api/users/${a}/licenses/${fx.e3}`, { token: tenant.token });
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({
      code: 'no_licenses_available',
      available: 0,
      purchased: 0,
      assigned: 0,
    });
    expect(none.body.detail).toContain('No Fixture E3 license is available');
    expect(none.body.hint).toMatch(/Buy more licenses/);
    expect(await licensesOf(server.ctx, a!)).toEqual([]);
  });

  it('gives licenses in request order: 3 available for 5 users → the first 3, the rest refused', async () => {
    const tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 2 });
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 1 });
    const ids = await users(tenant, 5);
    const res = await assign(tenant, fx.e3, ids);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'assigned',
      'assigned',
      'assigned',
      'refused',
      'refused',
    ]);
    expect(res.body.results[3]).toMatchObject({ code: 'no_licenses_available', details: { available: 3 } });
    expect(res.body.results[3].message).toContain('Only 3 Fixture E3 license(s) were available');
    expect(res.body).toMatchObject({
      changed: 3,
      refused: 2,
      license: { purchased: 3, assigned: 3, available: 0 },
    });
  });

  it('counts active, warning, expired and disabled subscriptions as purchased; not cancelled or deleted', async () => {
    const tenant = await server.createTenant();
    for (const status of ['active', 'warning', 'expired', 'disabled', 'cancelled', 'deleted'] as const) {
      await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e5, quantity: 1, status });
    }
    const summary = await server.request('GET', '/api/licenses', { token: tenant.token });
    expect(summary.status).toBe(200);
    expect(summary.body.items).toEqual([
      expect.objectContaining({
        productId: fx.e5,
        purchased: 4,
        assigned: 0,
        available: 4,
        assignable: true,
      }),
    ]);
    expect(summary.body.items[0].names).toMatchObject({ 'en-US': 'Fixture E5', 'fr-FR': 'Fixture E5 (fr)' });
  });

  it('refuses an add-on license without an eligible base license, naming the plans (base_license_required)', async () => {
    const tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e5, quantity: 5 });
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.phone, quantity: 5 });
    const [a, b] = await users(tenant, 2);
    const res = await assign(tenant, fx.phone, [a!]);
    expect(res.body.results[0]).toMatchObject({
      status: 'refused',
      code: 'base_license_required',
      details: { eligibleBaseProductIds: [fx.e3, fx.e5] },
    });
    expect(res.body.results[0].message).toContain('Fixture E3 or Fixture E5');
    expect(await licensesOf(server.ctx, a!)).toEqual([]);

    const fr = await assign(tenant, fx.phone, [a!], { 'accept-language': 'fr-FR' });
    expect(fr.body.results[0].message).toContain('Fixture E3 (fr) ou Fixture E5 (fr)');

    expect((await assign(tenant, fx.e5, [a!])).body.changed).toBe(1);
    const ok = await assign(tenant, fx.phone, [a!, b!]);
    expect(ok.body.results.map((r: { status: string; code: string | null }) => [r.status, r.code])).toEqual([
      ['assigned', null],
      ['refused', 'base_license_required'],
    ]);
    expect(await licensesOf(server.ctx, a!)).toEqual([fx.e5, fx.phone].sort());
  });

  it('refuses to unassign a base license an add-on depends on (base_license_in_use) unless cascade', async () => {
    const tenant = await server.createTenant();
    for (const productId of [fx.e3, fx.e5, fx.phone, fx.calling]) {
      await insertSubscription(server.ctx, { tenantId: tenant.id, productId, quantity: 5 });
    }
    const [a, b] = await users(tenant, 2);
    await assign(tenant, fx.e5, [a!, b!]);
    await assign(tenant, fx.e3, [b!]);
    await assign(tenant, fx.phone, [a!, b!]);
    await assign(tenant, fx.calling, [a!]);

    const auditBefore = await countAuditEntries(server.ctx, tenant.id);
    const refused = await unassign(tenant, fx.e5, [a!]);
    expect(refused.status).toBe(200);
    expect(refused.body.results[0]).toMatchObject({
      status: 'refused',
      code: 'base_license_in_use',
      details: { dependentProductIds: [fx.phone, fx.calling] },
    });
    expect(refused.body.results[0].hint).toMatch(/cascade/);
    expect(await licensesOf(server.ctx, a!)).toEqual([fx.calling, fx.e5, fx.phone].sort());
    expect(await countAuditEntries(server.ctx, tenant.id)).toBe(auditBefore);

    const single = await server.request('DELETE', `/api/users/${a}/licenses/${fx.e5}`, {
      token: tenant.token,
    });
    expect(single.status).toBe(409);
    expect(single.body.code).toBe('base_license_in_use');

    // b still has E3: the phone add-on keeps an eligible base, so E5 can go.
    const other = await unassign(tenant, fx.e5, [b!]);
    expect(other.body.results[0]).toMatchObject({ status: 'unassigned', alsoUnassigned: [] });
    expect(await licensesOf(server.ctx, b!)).toEqual([fx.e3, fx.phone].sort());

    const cascaded = await unassign(tenant, fx.e5, [a!], true);
    expect(cascaded.body.results[0]).toMatchObject({ status: 'unassigned' });
    expect([...cascaded.body.results[0].alsoUnassigned].sort()).toEqual([fx.calling, fx.phone].sort());
    expect(await licensesOf(server.ctx, a!)).toEqual([]);
  });

  it('single-user DELETE with cascade=true removes the dependent add-ons too', async () => {
    const tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 1 });
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.phone, quantity: 1 });
    const [a] = await users(tenant, 1);
    const put = await server.request('PUT', `/api/users/${a}/licenses/${fx.e3}`, { token: tenant.token });
    expect(put.status).toBe(200);
    expect(put.body.licenses).toEqual([fx.e3]);
    await server.request('PUT', `/api/users/${a}/licenses/${fx.phone}`, { token: tenant.token });
    const del = await server.request('DELETE', `/api/users/${a}/licenses/${fx.e3}?cascade=true`, {
      token: tenant.token,
    });
    expect(del.status).toBe(200);
    expect(del.body.licenses).toEqual([]);
  });

  it('refuses to unassign a license the user does not have (license_not_assigned)', async () => {
    const tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 1 });
    const [a] = await users(tenant, 1);
    const res = await unassign(tenant, fx.e3, [a!]);
    expect(res.body.results[0]).toMatchObject({ status: 'refused', code: 'license_not_assigned' });
    const single = await server.request('DELETE', `/api/users/${a}/licenses/${fx.e3}`, {
      token: tenant.token,
    });
    expect(single.status).toBe(409);
    expect(single.body.code).toBe('license_not_assigned');
  });

  it('applies the valid users of a bulk request even when others are refused', async () => {
    const tenant = await server.createTenant();
    const other = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 10 });
    const [a, b] = await users(tenant, 2);
    const foreign = (await other.addUser('user')).id;
    await assign(tenant, fx.e3, [b!]);
    const res = await assign(tenant, fx.e3, ['usr_missing', a!, b!, foreign, a!]);
    expect(
      res.body.results.map((r: { userId: string; status: string; code: string | null }) => [
        r.userId,
        r.status,
        r.code,
      ]),
    ).toEqual([
      ['usr_missing', 'refused', 'not_found'],
      [a, 'assigned', null],
      [b, 'refused', 'license_already_assigned'],
      [foreign, 'refused', 'not_found'],
    ]);
    expect(await licensesOf(server.ctx, a!)).toEqual([fx.e3]);
    expect(await licensesOf(server.ctx, foreign)).toEqual([]);
  });

  it('never over-assigns under concurrency: 10 parallel requests for 3 licenses → exactly 3 succeed', async () => {
    const tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 3 });
    const ids = await users(tenant, 10);
    const responses = await Promise.all(
      ids.map((id) => server.request('PUT', `/api/users/${id}/licenses/${fx.e3}`, { token: tenant.token })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    for (const r of responses.filter((x) => x.status === 409))
      expect(r.body.code).toBe('no_licenses_available');
    const summary = await server.request('GET', '/api/licenses', { token: tenant.token });
    expect(summary.body.items[0]).toMatchObject({ purchased: 3, assigned: 3, available: 0 });

    // Bulk requests racing each other keep the same guarantee.
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e5, quantity: 4 });
    const bulk = await Promise.all([
      assign(tenant, fx.e5, ids.slice(0, 5)),
      assign(tenant, fx.e5, ids.slice(5)),
      assign(tenant, fx.e5, ids.slice(2, 7)),
    ]);
    const assigned = bulk.reduce((n, r) => n + (r.body.changed as number), 0);
    expect(assigned).toBe(4);
    const holders = await server.request('GET', `/api/licenses/${fx.e5}/assignments`, {
      token: tenant.token,
    });
    expect(holders.body).toMatchObject({ purchased: 4, assigned: 4, available: 0 });
    expect(holders.body.items).toHaveLength(4);
  });

  it('lists the holders of a product and writes an audit entry per change', async () => {
    const tenant = await server.createTenant();
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 2 });
    const a = await tenant.addUser('user', { email: 'holder@example.com', displayName: 'Holder' });
    await assign(tenant, fx.e3, [a.id]);
    const holders = await server.request('GET', `/api/licenses/${fx.e3}/assignments`, {
      token: tenant.token,
    });
    expect(holders.status).toBe(200);
    expect(holders.body.items).toEqual([
      {
        userId: a.id,
        email: 'holder@example.com',
        displayName: 'Holder',
        assignedAt: server.clock.now().toISOString(),
      },
    ]);
    const log = await server.request(
      'GET',
      `/api/audit-log?entityType=user&entityId=${a.id}&action=license.assigned`,
      {
        token: tenant.token,
      },
    );
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({
      actorType: 'api_token',
      before: { licenses: [] },
      after: { licenses: [fx.e3], productId: fx.e3 },
    });
    await unassign(tenant, fx.e3, [a.id]);
    const after = await server.request('GET', `/api/audit-log?entityId=${a.id}&action=license.unassigned`, {
      token: tenant.token,
    });
    expect(after.body.items[0]).toMatchObject({ before: { licenses: [fx.e3] }, after: { licenses: [] } });
  });

  it('validates bodies strictly', async () => {
    const tenant = await server.createTenant();
    const empty = await assign(tenant, fx.e3, []);
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('validation_failed');
    const extra = await server.request('POST', `/api/licenses/${fx.e3}/assign`, {
      token: tenant.token,
      body: { userIds: ['usr_x'], cascade: true },
    });
    expect(extra.status).toBe(400);
  });
});
