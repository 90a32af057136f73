import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';

const profile = {
  legalName: 'Fabrikam SARL',
  addressLines: ['12 rue de la Paix', 'Bâtiment B'],
  postalCode: '75002',
  city: 'Paris',
  country: 'FR',
  taxId: 'FR12345678901',
  billingEmail: 'compta@fabrikam.example',
};

describe('tenant billing profile', () => {
  let server: TestServer;
  let t: TestTenant;
  beforeAll(async () => {
    server = await startTestServer();
    t = await server.createTenant({ name: 'Fabrikam', country: 'FR' });
  });
  afterAll(() => server.close());

  const get = (token: string) => server.request('GET', '/api/billing/profile', { token });

  it('starts as the tenant name and billing country, never saved', async () => {
    const res = await get(t.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      legalName: 'Fabrikam',
      addressLines: [],
      postalCode: '',
      city: '',
      country: 'FR',
      taxId: null,
      billingEmail: null,
      version: 0,
      updatedAt: null,
    });
  });

  it('a Billing admin saves it; the change is audited and the version moves', async () => {
    const billing = await t.addUser('billing_admin');
    const res = await server.request('PUT', '/api/billing/profile', {
      token: billing.token,
      body: { ...profile, version: 0 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...profile, version: 1 });
    expect((await get(t.token)).body).toMatchObject({ ...profile, version: 1 });
    const audit = await server.request('GET', '/api/audit-log?entityType=billing_profile', {
      token: t.token,
    });
    expect(audit.body.items[0]).toMatchObject({
      action: 'billing_profile.updated',
      before: { legalName: 'Fabrikam', version: 0 },
      after: { legalName: 'Fabrikam SARL', taxId: 'FR12345678901', version: 1 },
    });
  });

  it('refuses a stale version or bad fields and changes nothing', async () => {
    const stale = await server.request('PUT', '/api/billing/profile', {
      token: t.token,
      body: { ...profile, legalName: 'Overwritten', version: 0 },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('precondition_failed');
    for (const body of [
      { ...profile, legalName: '' },
      { ...profile, country: 'France' },
      { ...profile, billingEmail: 'not-an-email' },
      { ...profile, addressLines: ['1', '2', '3', '4', '5'] },
      { ...profile, unknown: true },
    ]) {
      const res = await server.request('PUT', '/api/billing/profile', { token: t.token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('validation_failed');
    }
    expect((await get(t.token)).body).toMatchObject({ ...profile, version: 1 });
  });

  it('License admins and Users cannot read or edit it; other tenants never see it', async () => {
    for (const role of ['license_admin', 'user'] as const) {
      const u = await t.addUser(role);
      expect((await get(u.token)).status).toBe(403);
      expect(
        (await server.request('PUT', '/api/billing/profile', { token: u.token, body: profile })).status,
      ).toBe(403);
    }
    const other = await server.createTenant({ name: 'Other Co', country: 'US' });
    expect((await get(other.token)).body).toMatchObject({ legalName: 'Other Co', country: 'US', version: 0 });
    expect((await get(t.token)).body.legalName).toBe('Fabrikam SARL');
  });
});

describe('tenant billing profile saved while another change holds it', () => {
  let server: TestServer;
  beforeAll(async () => {
    // The server's connections wait 300 ms for a lock; then PostgreSQL gives up
    // (lock_not_available, 55P03) and the save ends the way a deadlock victim does.
    process.env.PGOPTIONS = '-c lock_timeout=300';
    server = await startTestServer({ workers: false });
  });
  afterAll(async () => {
    await server.close();
    delete process.env.PGOPTIONS;
  });

  it('answers 409 conflict, never 500, and changes nothing; the same save then goes through', async () => {
    const t = await server.createTenant({ name: 'Fabrikam', country: 'FR' });
    const save = () =>
      server.request('PUT', '/api/billing/profile', { token: t.token, body: { ...profile, version: 0 } });
    const held = await server.ctx.db.transaction().execute(async (trx) => {
      await sql`LOCK TABLE billing_profiles IN EXCLUSIVE MODE`.execute(trx);
      return save();
    });
    expect(held.status).toBe(409);
    expect(held.contentType).toContain('application/problem+json');
    expect(held.body.code).toBe('conflict');
    const unchanged = await server.request('GET', '/api/billing/profile', { token: t.token });
    expect(unchanged.body).toMatchObject({ legalName: 'Fabrikam', version: 0 });
    const saved = await save();
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ ...profile, version: 1 });
  });
});
