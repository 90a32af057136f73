import { afterEach, describe, expect, it } from 'vitest';
import type { Cloud } from '../src/config.js';
import { demoAdminEmail, demoAdminPassword, seedDemo } from '../src/db/seed.js';
import { startTestServer, type TestServer } from './support/harness.js';

describe('demo seed', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it.each([
    ['worldwide', 'US', 'USD'],
    ['germany', 'DE', 'EUR'],
    ['21vianet', 'CN', 'CNY'],
  ] as [Cloud, string, string][])(
    'gives the %s cloud a demo tenant whose admin can sign in and see bought, assigned licenses',
    async (cloud, country, currency) => {
      server = await startTestServer({ cloud });
      const demo = await seedDemo(server.ctx);
      expect(demo).toMatchObject({ adminEmail: demoAdminEmail, adminPassword: demoAdminPassword });

      const login = await server.request('POST', '/api/auth/login', {
        body: { email: demoAdminEmail, password: demoAdminPassword },
      });
      expect(login.status).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const me = await server.request('GET', '/api/me', { cookie });
      expect(me.body.tenant).toMatchObject({ name: 'Contoso (demo)', billingCountry: country, currency });

      const users = await server.request('GET', '/api/users?limit=100', { cookie });
      expect(users.body.total).toBe(25);
      const roles = users.body.items.map((u: { role: string }) => u.role);
      expect(roles.filter((r: string) => r === 'global_admin')).toHaveLength(1);
      expect(roles.filter((r: string) => r === 'billing_admin')).toHaveLength(1);
      expect(roles.filter((r: string) => r === 'license_admin')).toHaveLength(1);
      // Every user holds a base license: the 20 oldest Business Standard, the 5 newest E3.
      for (const user of users.body.items as { licenses: string[] }[]) expect(user.licenses).toHaveLength(1);

      const licenses = await server.request('GET', '/api/licenses', { cookie });
      const byProduct = Object.fromEntries(
        (licenses.body.items as { productId: string; purchased: number; assigned: number }[]).map((i) => [
          i.productId,
          { purchased: i.purchased, assigned: i.assigned },
        ]),
      );
      expect(byProduct).toMatchObject({
        'm365-business-standard': { purchased: 20, assigned: 20 },
        'o365-e3': { purchased: 10, assigned: 5 },
        'addon-extra-file-storage': { purchased: 50 },
      });

      const products = await server.request('GET', '/api/subscriptions', { cookie });
      const e3 = products.body.subscriptions.find((s: { productId: string }) => s.productId === 'o365-e3');
      expect(e3).toMatchObject({ commitment: 'annual', billingFrequency: 'monthly', currency });
      expect(e3.addOns.map((a: { productId: string }) => a.productId)).toEqual(['addon-extra-file-storage']);
    },
  );

  it('changes nothing when the demo tenant already exists', async () => {
    server = await startTestServer();
    expect(await seedDemo(server.ctx)).not.toBeNull();
    expect(await seedDemo(server.ctx)).toBeNull();
    const tenants = await server.request('GET', '/api/operator/tenants', {
      token: 'test-operator-token-0123456789',
    });
    expect(tenants.body.tenants.filter((t: { name: string }) => t.name === 'Contoso (demo)')).toHaveLength(1);
  });
});
