import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/harness.js';

describe('instance profile and errors', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ cloud: 'germany' });
  });
  afterAll(() => server.close());

  it('tells the UI which cloud it serves and how to navigate', async () => {
    const res = await server.request('GET', '/api/instance');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ cloud: 'germany', currency: 'EUR', navigation: 'subscriptions' });
    expect(res.body.policy.cancellationWindowHours).toBe(168);
  });

  it('answers unknown routes with problem+json, in French when asked', async () => {
    const res = await server.request('GET', '/api/nope', { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(res.status).toBe(404);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'not_found', title: 'Introuvable' });
  });

  it('signs in with a password and reads /me through the session cookie', async () => {
    const tenant = await server.createTenant();
    const bad = await server.request('POST', '/api/auth/login', {
      body: { email: tenant.adminEmail, password: 'wrong password' },
    });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('invalid_credentials');
    const ok = await server.request('POST', '/api/auth/login', {
      body: { email: tenant.adminEmail, password: tenant.adminPassword },
    });
    expect(ok.status).toBe(200);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/bc_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await server.request('GET', '/api/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.user.role).toBe('global_admin');
    expect(me.body.tenant.currency).toBe('USD');
    const out = await server.request('POST', '/api/auth/logout', { cookie });
    expect(out.status).toBe(204);
    expect((await server.request('GET', '/api/me', { cookie })).status).toBe(401);
  });

  it('rejects malformed JSON with a clear problem, never a 500', async () => {
    const res = await server.request('POST', '/api/auth/login', {
      raw: { contentType: 'application/json', text: '{"email": ' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_json');
  });

  it('serves the OpenAPI 3.1 document', async () => {
    const res = await server.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(Object.keys(res.body.paths)).toContain('/api/instance');
    // Every operation is documented: a tag, a summary and its success response.
    const undocumented: string[] = [];
    for (const [path, item] of Object.entries(res.body.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(item)) {
        const ok = op.tags?.length && op.summary && Object.keys(op.responses ?? {}).some((s) => s.startsWith('2'));
        if (!ok) undocumented.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undocumented).toEqual([]);
    expect(Object.keys(res.body.paths).length).toBeGreaterThan(40);
    const docs = await server.request('GET', '/api/docs/');
    expect(docs.status).toBe(200);
    expect(docs.contentType).toContain('text/html');
  });
});
