import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';

describe('GET /api/audit-log', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('pages newest first with the before cursor and filters by entity and action', async () => {
    const tenant = await server.createTenant();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      server.clock.advanceHours(1);
      const res = await server.request('POST', '/api/users', {
        token: tenant.token,
        body: { email: `log${i}@example.com`, displayName: `Log ${i}` },
      });
      ids.push(res.body.id);
    }
    const first = await server.request('GET', '/api/audit-log?action=user.created&limit=2', {
      token: tenant.token,
    });
    expect(first.status).toBe(200);
    expect(first.body.items.map((e: { entityId: string }) => e.entityId)).toEqual([ids[4], ids[3]]);
    expect(first.body.items[0]).toMatchObject({
      actorType: 'api_token',
      entityType: 'user',
      before: null,
      after: { email: 'log4@example.com', displayName: 'Log 4', role: 'user' },
      createdAt: server.clock.now().toISOString(),
    });
    const second = await server.request(
      'GET',
      `/api/audit-log?action=user.created&limit=2&before=${first.body.nextBefore}`,
      {
        token: tenant.token,
      },
    );
    expect(second.body.items.map((e: { entityId: string }) => e.entityId)).toEqual([ids[2], ids[1]]);
    const third = await server.request(
      'GET',
      `/api/audit-log?action=user.created&limit=2&before=${second.body.nextBefore}`,
      {
        token: tenant.token,
      },
    );
    // The tenant's first admin came with tenant.created, not user.created: five entries in all.
    expect(third.body.items.map((e: { entityId: string }) => e.entityId)).toEqual([ids[0]]);
    expect(third.body.nextBefore).toBeNull();

    const one = await server.request('GET', `/api/audit-log?entityType=user&entityId=${ids[2]}`, {
      token: tenant.token,
    });
    expect(one.body.items).toHaveLength(1);
  });

  it('rejects unknown or malformed query parameters', async () => {
    const tenant = await server.createTenant();
    expect((await server.request('GET', '/api/audit-log?limit=0', { token: tenant.token })).status).toBe(400);
    expect((await server.request('GET', '/api/audit-log?before=abc', { token: tenant.token })).status).toBe(
      400,
    );
    expect((await server.request('GET', '/api/audit-log?tenantId=x', { token: tenant.token })).status).toBe(
      400,
    );
  });
});
