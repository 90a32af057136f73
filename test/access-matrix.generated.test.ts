import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../src/db/schema.js';
import { roleAllows, routeAccess, type Access } from '../src/http/access.js';
import { operatorToken, startTestServer, type TestServer } from './support/harness.js';

type Caller = 'anonymous' | 'operator' | Role;
const callers: Caller[] = ['anonymous', 'user', 'license_admin', 'billing_admin', 'global_admin', 'operator'];

function allowed(access: Access, caller: Caller): boolean {
  switch (access.kind) {
    case 'public':
      return true;
    case 'operator':
      return caller === 'operator';
    case 'signed-in':
      return caller !== 'anonymous' && caller !== 'operator';
    case 'permission':
      if (caller === 'operator') return !!access.operator;
      return caller !== 'anonymous' && roleAllows(caller, access.permission);
  }
}

/**
 * Every operation of the OpenAPI document × every kind of caller, generated from the access
 * table: a caller without the right gets 401/403 even with an invalid body (the role is checked
 * before the body); a caller with it never does.
 */
describe('access matrix, generated from src/http/access.ts over the whole OpenAPI document', () => {
  let server: TestServer;
  const tokens = {} as Record<Caller, string | undefined>;
  let operations: { method: string; path: string; key: string }[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const tenant = await server.createTenant();
    tokens.anonymous = undefined;
    tokens.operator = operatorToken;
    tokens.global_admin = (await tenant.addUser('global_admin')).token;
    tokens.billing_admin = (await tenant.addUser('billing_admin')).token;
    tokens.license_admin = (await tenant.addUser('license_admin')).token;
    tokens.user = (await tenant.addUser('user')).token;
    const doc = (await server.request('GET', '/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => ({
          method: m.toUpperCase(),
          path,
          key: `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        })),
    );
  });
  afterAll(() => server.close());

  it('has a row for every operation, and no row for an operation that is gone', () => {
    const keys = operations.map((o) => o.key);
    expect(keys.filter((k) => !(k in routeAccess))).toEqual([]);
    expect(Object.keys(routeAccess).filter((k) => !keys.includes(k))).toEqual([]);
    expect(operations.length).toBeGreaterThan(60);
  });

  it('refuses every caller without the right before reading the body, and lets the others through', async () => {
    const wrong: string[] = [];
    for (const op of operations) {
      const access = routeAccess[op.key];
      if (!access) continue;
      const path = op.path.replace(/\{\w+\}/g, 'zz_unknown');
      for (const caller of callers) {
        const res = await server.request(op.method, path, {
          token: tokens[caller],
          ...(['POST', 'PUT', 'PATCH'].includes(op.method) ? { body: { notAField: '\u0000' } } : {}),
        });
        const refused = res.status === 401 || res.status === 403;
        if (res.status >= 500) wrong.push(`${op.key} as ${caller}: ${res.status}`);
        if (allowed(access, caller) === refused) {
          wrong.push(`${op.key} as ${caller}: ${res.status} ${res.body?.code ?? ''}`);
        }
        if (refused) expect(res.contentType).toContain('application/problem+json');
      }
    }
    expect(wrong).toEqual([]);
  });
});
