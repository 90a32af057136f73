import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodesOf, operationDocs, operationsOf } from '../src/http/openapi.js';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';

/** The OpenAPI document as integrators and their tools read it. */
describe('OpenAPI document', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let doc: any;

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await server.createTenant();
    doc = (await server.request('GET', '/api/openapi.json')).body;
  });
  afterAll(() => server?.close());

  it('gives every operation a unique camelCase operationId from the table, and the table names only real operations', () => {
    const operations = operationsOf(doc);
    const missing = operations.filter(([key]) => !operationDocs[key]).map(([key]) => key);
    expect(missing, 'add these to operationDocs in src/http/openapi.ts').toEqual([]);
    const keys = new Set(operations.map(([key]) => key));
    const stale = Object.keys(operationDocs).filter((key) => !keys.has(key));
    expect(stale, 'these entries of operationDocs name no route').toEqual([]);
    const ids = operations.map(([, op]) => op.operationId!);
    expect(ids.every((id) => /^[a-z][a-zA-Z0-9]*$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/orders'].post.operationId).toBe('placeOrder');
  });

  it('documents every error as problem+json with its codes, servers, tags, contact and licence', () => {
    expect(doc.servers[0].variables.origin.default).toBe('http://127.0.0.1:3000');
    expect(doc.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
    expect(doc.info.contact.url).toBeTruthy();
    const tagNames = new Set(doc.tags.map((t: { name: string }) => t.name));
    for (const [key, op] of operationsOf(doc)) {
      for (const tag of op.tags as string[]) expect(tagNames, key).toContain(tag);
      const errors = Object.entries(op.responses ?? {}).filter(([status]) => Number(status) >= 400);
      expect(errors.length, key).toBeGreaterThan(0);
      for (const [, response] of errors as [string, any][]) {
        expect(Object.keys(response.content), key).toEqual(['application/problem+json']);
      }
    }
    const placeOrder = doc.paths['/api/orders'].post.responses;
    expect(
      placeOrder['402'].content['application/problem+json'].schema.allOf[1].properties.code.enum,
    ).toEqual(['payment_declined', 'insufficient_funds']);
  });

  it('documents the status and code of real refusals', async () => {
    const documented = (method: string, path: string, status: number, code: string) => {
      const op = doc.paths[path][method.toLowerCase()];
      const response = op.responses[String(status)];
      expect(response, `${method} ${path} does not document ${status}`).toBeDefined();
      expect(response.content['application/problem+json'].schema.allOf[1].properties.code.enum).toContain(
        code,
      );
      expect(errorCodesOf(`${method} ${path}`, op)).toContain(code);
    };
    const refusals: [string, string, string, Record<string, unknown>][] = [
      [
        'POST',
        '/api/orders',
        '/api/orders',
        { body: { items: [{ productId: 'nope', quantity: 1 }], payment: { method: 'invoice' } } },
      ],
      ['GET', '/api/subscriptions/{id}', '/api/subscriptions/sub_missing', {}],
      ['POST', '/api/checkout/quote', '/api/checkout/quote', { body: { items: 'x' } }],
      ['GET', '/api/operator/tenants', '/api/operator/tenants', {}],
      ['POST', '/api/users', '/api/users', { body: { email: tenant.adminEmail, displayName: 'Again' } }],
    ];
    for (const [method, path, url, options] of refusals) {
      const res = await server.request(method, url, { token: tenant.token, ...options });
      expect(res.status, `${method} ${url}`).toBeGreaterThanOrEqual(400);
      expect(res.contentType).toContain('application/problem+json');
      documented(method, path, res.status, res.body.code);
    }
  });

  it('is what the committed client types were generated from (else: npm run api:types)', () => {
    const committed = JSON.parse(fs.readFileSync('src/client/openapi.json', 'utf8'));
    expect(committed).toEqual(doc);
  });

  it('passes redocly lint with the repository settings (recommended rules)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-openapi-'));
    const file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const result = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [
          path.resolve('node_modules/@redocly/cli/bin/cli.js'),
          'lint',
          file,
          '--config',
          path.resolve('redocly.yaml'),
        ],
        {
          timeout: 60_000,
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
      );
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.output).toContain('Your API description is valid');
    expect(result.code, result.output).toBe(0);
  });
});
