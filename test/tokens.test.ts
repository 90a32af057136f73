import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';

describe('API tokens', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('creates a token shown once, stores only its hash, and revokes it', async () => {
    const tenant = await server.createTenant();
    const created = await server.request('POST', '/api/tokens', {
      token: tenant.token,
      body: { name: 'HR sync' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'HR sync',
      userId: tenant.adminUserId,
      userEmail: tenant.adminEmail,
      revokedAt: null,
    });
    expect(created.body.id).toMatch(/^tok_/);
    const secret = created.body.token as string;
    expect(secret).toMatch(/^bct_/);

    const row = await server.ctx.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', created.body.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);

    const me = await server.request('GET', '/api/me', { token: secret });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(tenant.adminUserId);

    const list = await server.request('GET', '/api/tokens', { token: tenant.token });
    expect(list.status).toBe(200);
    const listed = list.body.items.find((t: { id: string }) => t.id === created.body.id);
    expect(listed).toMatchObject({ name: 'HR sync', revokedAt: null });
    expect(JSON.stringify(list.body)).not.toContain(secret);
    expect(JSON.stringify(list.body)).not.toContain(row.token_hash);

    server.clock.advanceHours(1);
    const revoked = await server.request('DELETE', `/api/tokens/${created.body.id}`, { token: tenant.token });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toBe(server.clock.now().toISOString());
    expect((await server.request('GET', '/api/me', { token: secret })).status).toBe(401);
    // Revoking twice is harmless and keeps the first revocation time.
    server.clock.advanceHours(1);
    const again = await server.request('DELETE', `/api/tokens/${created.body.id}`, { token: tenant.token });
    expect(again.status).toBe(200);
    expect(again.body.revokedAt).toBe(revoked.body.revokedAt);

    const log = await server.request(
      'GET',
      `/api/audit-log?entityType=api_token&entityId=${created.body.id}`,
      {
        token: tenant.token,
      },
    );
    expect(log.body.items.map((e: { action: string }) => e.action)).toEqual([
      'api_token.revoked',
      'api_token.created',
    ]);
    expect(JSON.stringify(log.body)).not.toContain(secret);
  });

  it('creates a token acting as another user, with that user’s role', async () => {
    const tenant = await server.createTenant();
    const licenseAdmin = await tenant.addUser('license_admin');
    const created = await server.request('POST', '/api/tokens', {
      token: tenant.token,
      body: { name: 'license bot', userId: licenseAdmin.id },
    });
    expect(created.status).toBe(201);
    const secret = created.body.token as string;
    expect((await server.request('GET', '/api/licenses', { token: secret })).status).toBe(200);
    const forbidden = await server.request('GET', '/api/tokens', { token: secret });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('forbidden');
  });

  it('validates the body and refuses an unknown user', async () => {
    const tenant = await server.createTenant();
    expect(
      (await server.request('POST', '/api/tokens', { token: tenant.token, body: { name: '' } })).status,
    ).toBe(400);
    expect(
      (
        await server.request('POST', '/api/tokens', {
          token: tenant.token,
          body: { name: 'x', scope: 'all' },
        })
      ).status,
    ).toBe(400);
    const unknown = await server.request('POST', '/api/tokens', {
      token: tenant.token,
      body: { name: 'x', userId: 'usr_nobody' },
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
    expect((await server.request('DELETE', '/api/tokens/tok_nothing', { token: tenant.token })).status).toBe(
      404,
    );
  });
});
