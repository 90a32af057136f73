import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operatorToken, startTestServer, type TestServer } from './support/harness.js';
import { ensureFixtureCatalog, fx, insertSubscription } from './support/fixtures.js';

/** Percent-encodes every UTF-8 byte, so a path carries exactly the characters generated. */
function encodeBytes(text: string): string {
  return Array.from(Buffer.from(text, 'utf8'), (b) =>
    /[A-Za-z0-9_~.-]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).padStart(2, '0')}`,
  ).join('');
}

const hostileText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\ud800',
    'x\udc00y',
    '\ud83d',
    '',
    ' ',
    'null',
    '-1',
    '1e309',
    '<script>',
  ),
  fc.string({ minLength: 1000, maxLength: 3000 }),
);

/** Path segments as a client could send them, %-encoding mistakes and over-long ids included. */
const hostileSegment = fc.oneof(
  hostileText.map((t) => (t === '' ? 'x' : encodeBytes(t))),
  fc.constantFrom('%00', '%ED%A0%80', '%E0%A4%A', '%', '%zz', 'x'.repeat(300), '..', 'sub_%00'),
);

const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', '\u0000')),
      tie('value'),
      {
        maxKeys: 5,
      },
    ),
  ),
})).value;

interface Operation {
  method: string;
  path: string;
  bodyKeys: string[];
}

/** Every row of every table, as a fingerprint: a refused request must leave it as it was. */
async function snapshot(server: TestServer, tables: string[]): Promise<string> {
  const parts = tables.map(
    (t) =>
      `SELECT '${t}' AS t, count(*)::text AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`,
  );
  const rows = await sql
    .raw<{ t: string; n: string; h: string }>(parts.join(' UNION ALL '))
    .execute(server.ctx.db);
  return rows.rows.map((r) => `${r.t}:${r.n}:${r.h}`).join('\n');
}

/**
 * Hostile requests against every operation of the OpenAPI document: no 5xx, problem+json on
 * every error, and no change to the database from a request that was refused. The number of
 * runs is bounded (BILLING_CENTER_FUZZ_RUNS per operation, 5 by default) and the seed fixed
 * (BILLING_CENTER_FUZZ_SEED), so a failure can be replayed.
 */
describe('fuzz: every operation of the OpenAPI document', () => {
  let server: TestServer;
  let adminToken: string;
  let operations: Operation[] = [];
  let tables: string[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    await ensureFixtureCatalog(server.ctx);
    const tenant = await server.createTenant();
    adminToken = tenant.token;
    await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 5 });
    const doc = (await server.request('GET', '/api/openapi.json')).body as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: object } }> } }>
      >;
    };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map(([m, op]) => ({
          method: m.toUpperCase(),
          path,
          bodyKeys: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
        })),
    );
    const rows = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_%'
      ORDER BY table_name`.execute(server.ctx.db);
    tables = rows.rows.map((r) => r.table_name);
    // Token "last used" is written once a minute: let that happen before any fingerprint.
    await server.request('GET', '/api/me', { token: adminToken });
    await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(() => server.close());

  it('never answers 5xx, always problem+json on errors, and a refused request changes nothing', async () => {
    const runs = Number(process.env.BILLING_CENTER_FUZZ_RUNS ?? 5);
    const seed = Number(process.env.BILLING_CENTER_FUZZ_SEED ?? 20261126);
    const failures: string[] = [];
    expect(operations.length).toBeGreaterThan(60);
    for (const op of operations) {
      const token = op.path.startsWith('/api/operator/') ? operatorToken : adminToken;
      // A refused sign-in counts the failure (lockout) and audits it: that change is the point.
      const refusalMayWrite = op.path.startsWith('/api/auth/');
      const knownKeys = op.bodyKeys.length ? fc.constantFrom(...op.bodyKeys) : fc.string({ maxLength: 8 });
      const body = fc.oneof(
        fc.dictionary(knownKeys, hostileJson, { maxKeys: 4 }),
        hostileJson,
        fc.constant(undefined),
      );
      const contentType = fc.constantFrom(
        'application/json',
        'application/json',
        'application/json',
        'text/plain',
        'application/x-www-form-urlencoded',
        'text/csv',
      );
      const query = fc.option(fc.tuple(fc.string({ maxLength: 8 }), hostileText), { nil: undefined });
      await fc.assert(
        fc.asyncProperty(
          fc.array(hostileSegment, { minLength: 4, maxLength: 4 }),
          body,
          contentType,
          query,
          async (segments, payload, type, q) => {
            let i = 0;
            let path = op.path.replace(/\{\w+\}/g, () => segments[i++]!);
            if (q) path += `?${encodeBytes(q[0] || 'q')}=${encodeBytes(q[1])}`;
            const before = await snapshot(server, tables);
            const withBody = ['POST', 'PUT', 'PATCH'].includes(op.method) && payload !== undefined;
            const res = await fetch(`${server.url}${path}`, {
              method: op.method,
              headers: {
                authorization: `Bearer ${token}`,
                ...(withBody ? { 'content-type': type } : {}),
              },
              body: withBody ? JSON.stringify(payload) : undefined,
            });
            const contentTypeOut = res.headers.get('content-type') ?? '';
            await res.arrayBuffer();
            const where = `${op.method} ${op.path} → ${path.slice(0, 120)} [${type}] ${JSON.stringify(payload)?.slice(0, 120)}`;
            if (res.status >= 500) failures.push(`${res.status}: ${where}`);
            if (res.status >= 400 && !contentTypeOut.includes('application/problem+json')) {
              failures.push(`${res.status} not problem+json (${contentTypeOut}): ${where}`);
            }
            if (res.status >= 400 && !refusalMayWrite && (await snapshot(server, tables)) !== before) {
              failures.push(`${res.status} changed the database: ${where}`);
            }
          },
        ),
        { numRuns: runs, seed },
      );
    }
    expect(failures).toEqual([]);
  }, 170_000);
});
