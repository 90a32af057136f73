import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignLicenses,
  autoAssignLicenses,
  countAssigned,
  licenseSummary,
  purchasedQuantity,
  releaseExcessLicenses,
} from '../src/modules/licensing/index.js';
import { systemActor } from '../src/modules/audit/index.js';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';
import {
  ensureFixtureCatalog,
  fx,
  insertSubscription,
  licensesOf,
  setSubscription,
} from './support/fixtures.js';

describe('auto-assign at purchase and release after a cancellation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    await ensureFixtureCatalog(server.ctx);
  });
  afterAll(() => server.close());

  /** Users created a minute apart, so "oldest first" is unambiguous. */
  async function usersInOrder(tenant: TestTenant, names: string[]) {
    const result: { id: string; email: string; displayName: string }[] = [];
    for (const name of names) {
      server.clock.advanceHours(1 / 60);
      const email = `${name}-${Math.random().toString(36).slice(2, 8)}@example.com`;
      const user = await tenant.addUser('user', { email, displayName: name });
      result.push({ id: user.id, email, displayName: name });
    }
    return result;
  }

  const assign = (tenantId: string, productId: string, userIds: string[]) =>
    assignLicenses(server.ctx.db, {
      tenantId,
      productId,
      userIds,
      now: server.clock.now(),
      actor: systemActor,
    });

  it('gives a base plan to every user without one, oldest first, up to the quantity bought', async () => {
    const tenant = await server.createTenant();
    const [ana, bob, cy, dee] = await usersInOrder(tenant, ['Ana', 'Bob', 'Cy', 'Dee']);
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 1 });
    await assign(tenant.id, fx.e3, [cy!.id]);
    // The purchase: 3 more licenses, written before auto-assign runs in the same transaction.
    const report = await server.ctx.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('subscriptions')
        .set({ quantity: 4 })
        .where('tenant_id', '=', tenant.id)
        .where('product_id', '=', fx.e3)
        .execute();
      return autoAssignLicenses(trx, {
        tenantId: tenant.id,
        productId: fx.e3,
        eligibleBaseProductIds: null,
        now: server.clock.now(),
        actor: systemActor,
      });
    });
    // The tenant's admin was created first; Cy already had a license and is not listed.
    const admin = await server.ctx.db
      .selectFrom('users')
      .select(['id', 'email', 'display_name'])
      .where('id', '=', tenant.adminUserId)
      .executeTakeFirstOrThrow();
    expect(report.assigned).toEqual([
      { userId: admin.id, email: admin.email, displayName: admin.display_name },
      { userId: ana!.id, email: ana!.email, displayName: 'Ana' },
      { userId: bob!.id, email: bob!.email, displayName: 'Bob' },
    ]);
    expect(report.notAssigned).toEqual([
      { userId: dee!.id, email: dee!.email, displayName: 'Dee', reason: 'no_license_left' },
    ]);
    expect(await countAssigned(server.ctx.db, tenant.id, fx.e3)).toBe(4);
    expect(await licensesOf(server.ctx, dee!.id)).toEqual([]);
    const log = await server.request('GET', `/api/audit-log?entityId=${ana!.id}&action=license.assigned`, {
      token: tenant.token,
    });
    expect(log.body.items[0]).toMatchObject({ actorType: 'system', after: { reason: 'auto_assign' } });
  });

  it('gives an add-on only to users holding an eligible base license, and says why not to the others', async () => {
    const tenant = await server.createTenant();
    const [ana, bob, cy, dee] = await usersInOrder(tenant, ['Ana', 'Bob', 'Cy', 'Dee']);
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 2 });
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e5, quantity: 2 });
    await assign(tenant.id, fx.e3, [bob!.id, dee!.id]);
    await assign(tenant.id, fx.e5, [cy!.id]);
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.phone, quantity: 2 });
    const report = await autoAssignLicenses(server.ctx.db, {
      tenantId: tenant.id,
      productId: fx.phone,
      eligibleBaseProductIds: [fx.e3, fx.e5],
      now: server.clock.now(),
      actor: systemActor,
    });
    expect(report.assigned.map((u) => u.displayName)).toEqual(['Bob', 'Cy']);
    expect(report.notAssigned.map((u) => [u.displayName, u.reason])).toEqual([
      ['Ada Admin', 'no_eligible_base_license'],
      ['Ana', 'no_eligible_base_license'],
      ['Dee', 'no_license_left'],
    ]);
    expect(await licensesOf(server.ctx, ana!.id)).toEqual([]);
  });

  it('breaks ties between users created at the same instant by id', async () => {
    const tenant = await server.createTenant();
    const same = [];
    for (let i = 0; i < 4; i++) same.push((await tenant.addUser('user')).id);
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 3 });
    const report = await autoAssignLicenses(server.ctx.db, {
      tenantId: tenant.id,
      productId: fx.e3,
      eligibleBaseProductIds: null,
      now: server.clock.now(),
      actor: systemActor,
    });
    const all = [tenant.adminUserId, ...same];
    expect(report.assigned.map((u) => u.userId)).toEqual(all.sort().slice(0, 3));
  });

  it('releases the most recently assigned licenses first, then add-ons left without a base', async () => {
    const tenant = await server.createTenant();
    const [ana, bob, cy, dee] = await usersInOrder(tenant, ['Ana', 'Bob', 'Cy', 'Dee']);
    const e5 = await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e5, quantity: 4 });
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 1 });
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.phone, quantity: 4 });
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.calling, quantity: 4 });
    // Assignment order, not user age, decides: Dee, then Ana, then Cy, then Bob.
    for (const u of [dee!, ana!, cy!, bob!]) await assign(tenant.id, fx.e5, [u.id]);
    await assign(tenant.id, fx.e3, [bob!.id]);
    await assign(tenant.id, fx.phone, [ana!.id, cy!.id, bob!.id]);
    await assign(tenant.id, fx.calling, [cy!.id]);

    expect(
      await releaseExcessLicenses(server.ctx.db, {
        tenantId: tenant.id,
        productId: fx.e5,
        now: server.clock.now(),
        actor: systemActor,
      }),
    ).toEqual([]);

    await setSubscription(server.ctx, e5, { quantity: 2 });
    expect(await purchasedQuantity(server.ctx.db, tenant.id, fx.e5)).toBe(2);
    const released = await releaseExcessLicenses(server.ctx.db, {
      tenantId: tenant.id,
      productId: fx.e5,
      now: server.clock.now(),
      actor: systemActor,
    });
    // Bob and Cy lose E5; Cy's phone (and the calling plan that needs it) goes too; Bob keeps
    // his phone add-on thanks to E3.
    expect(released).toEqual(
      expect.arrayContaining([
        { userId: bob!.id, email: bob!.email, productId: fx.e5 },
        { userId: cy!.id, email: cy!.email, productId: fx.e5 },
        { userId: cy!.id, email: cy!.email, productId: fx.phone },
        { userId: cy!.id, email: cy!.email, productId: fx.calling },
      ]),
    );
    expect(released).toHaveLength(4);
    expect(released.slice(0, 2).map((r) => r.userId)).toEqual([bob!.id, cy!.id]);
    expect(await licensesOf(server.ctx, bob!.id)).toEqual([fx.e3, fx.phone].sort());
    expect(await licensesOf(server.ctx, cy!.id)).toEqual([]);
    expect(await licensesOf(server.ctx, ana!.id)).toEqual([fx.e5, fx.phone].sort());
    expect(await licensesOf(server.ctx, dee!.id)).toEqual([fx.e5]);
    expect(await countAssigned(server.ctx.db, tenant.id, fx.e5)).toBe(2);

    const log = await server.request('GET', `/api/audit-log?entityId=${cy!.id}&action=license.unassigned`, {
      token: tenant.token,
    });
    expect(
      log.body.items.map((e: { after: { reason: string; productId: string } }) => [
        e.after.productId,
        e.after.reason,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [fx.e5, 'excess_release'],
        [fx.phone, 'base_license_removed'],
        [fx.calling, 'base_license_removed'],
      ]),
    );
  });

  it('releases everything when the only subscription is cancelled', async () => {
    const tenant = await server.createTenant();
    const [ana, bob] = await usersInOrder(tenant, ['Ana', 'Bob']);
    const sub = await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 2 });
    await assign(tenant.id, fx.e3, [ana!.id, bob!.id]);
    await setSubscription(server.ctx, sub, { status: 'cancelled' });
    const released = await releaseExcessLicenses(server.ctx.db, {
      tenantId: tenant.id,
      productId: fx.e3,
      now: server.clock.now(),
      actor: systemActor,
    });
    expect(released.map((r) => r.userId)).toEqual([bob!.id, ana!.id]);
    expect(await licenseSummary(server.ctx.db, tenant.id)).toEqual([]);
  });

  it('summarises only the products the tenant pays for, with names and counts', async () => {
    const tenant = await server.createTenant();
    const other = await server.createTenant();
    const [ana] = await usersInOrder(tenant, ['Ana']);
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 3 });
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.storage, quantity: 50 });
    await insertSubscription(server.ctx, { tenantId: other.id, productId: fx.e5, quantity: 9 });
    await assign(tenant.id, fx.e3, [ana!.id]);
    const summary = await licenseSummary(server.ctx.db, tenant.id);
    expect(summary).toEqual([
      {
        productId: fx.e3,
        names: { 'en-US': 'Fixture E3', 'fr-FR': 'Fixture E3 (fr)' },
        kind: 'base',
        unit: 'user',
        assignable: true,
        purchased: 3,
        assigned: 1,
        available: 2,
      },
      {
        productId: fx.storage,
        names: { 'en-US': 'Fixture Storage', 'fr-FR': 'Stockage fixture' },
        kind: 'addon',
        unit: 'gb',
        assignable: false,
        purchased: 50,
        assigned: 0,
        available: 50,
      },
    ]);
  });
});
