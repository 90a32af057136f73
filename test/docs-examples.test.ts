import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestTenant } from './support/harness.js';

/**
 * The typed-client examples of docs/api.md (the ```ts blocks between the "examples" markers),
 * run as written against a real server: if the API or the client changes under them, this
 * fails, so the documentation cannot rot.
 */
function examplesModule(markdown: string): string {
  const start = markdown.indexOf('<!-- examples:start -->');
  const end = markdown.indexOf('<!-- examples:end -->');
  if (start < 0 || end < start) throw new Error('docs/api.md has no examples markers');
  const blocks = [...markdown.slice(start, end).matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const lines = blocks.join('\n').split('\n');
  const clientPath = path.resolve('src/client/index.ts');
  const imports = lines
    .filter((l) => l.startsWith('import '))
    .map((l) => l.replace("'billing-center/client'", JSON.stringify(clientPath)));
  const body = lines.filter((l) => !l.startsWith('import '));
  // The examples print with console.log: give them a console that records instead.
  return [
    ...imports,
    'export async function run(console: { log(line: string): void }) {',
    ...body,
    '}',
    '',
  ].join('\n');
}

describe('docs/api.md client examples', () => {
  let server: TestServer;
  let tenant: TestTenant;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer();
    tenant = await server.createTenant({ name: 'Docs Example Ltd' });
    // What the demo tenant has: Office 365 E3, 10 licenses, paid by invoice.
    const bought = await server.request('POST', '/api/orders', {
      token: tenant.token,
      body: { items: [{ productId: 'o365-e3', quantity: 10 }], payment: { method: 'invoice' } },
    });
    expect(bought.status).toBe(201);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-docs-examples-'));
  });

  afterAll(async () => {
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists, quotes, orders once under a key, changes with If-Match, stops renewal, asks support', async () => {
    const file = path.join(dir, 'flows.ts');
    fs.writeFileSync(file, examplesModule(fs.readFileSync('docs/api.md', 'utf8')));
    process.env.BILLING_CENTER_URL = server.url;
    process.env.BILLING_CENTER_TOKEN = tenant.token;
    const printed: string[] = [];
    const examples = (await import(file)) as { run(c: { log(line: string): void }): Promise<void> };
    await examples.run({ log: (line) => printed.push(line) });

    expect(printed).toContain('addon-customer-lockbox: can buy');
    expect(printed.some((l) => /^Due today: \d+ USD/.test(l))).toBe(true);
    const orderLine = printed.find((l) => l.startsWith('Order '))!;
    const [, orderId, retriedId] = /^Order (\S+) \(completed\); retry answered (\S+)$/.exec(orderLine)!;
    expect(retriedId).toBe(orderId);
    expect(printed.some((l) => l.startsWith('decrease 5 → 3'))).toBe(true);
    expect(printed).toContain('Refused: precondition_failed (412)');
    expect(printed).toContain('Recurring billing of o365-e3: off');
    expect(printed.some((l) => /^Support request \S+: open$/.test(l))).toBe(true);

    // What a user would see afterwards, read back without the examples' code.
    const subs = await server.request('GET', '/api/subscriptions?flat=true', { token: tenant.token });
    const lockboxes = subs.body.subscriptions.filter((s: any) => s.productId === 'addon-customer-lockbox');
    expect(lockboxes).toHaveLength(1);
    expect(lockboxes[0].quantity).toBe(3);
    const e3 = subs.body.subscriptions.find((s: any) => s.productId === 'o365-e3');
    expect(e3.recurringBilling).toBe(false);
    const orders = await server.request('GET', '/api/orders', { token: tenant.token });
    expect(orders.body.orders.filter((o: any) => o.status === 'completed')).toHaveLength(2);
    const requests = await server.request('GET', '/api/support-requests', { token: tenant.token });
    expect(requests.body.supportRequests).toHaveLength(1);
    expect(requests.body.supportRequests[0]).toMatchObject({
      type: 'remove_traditional_addon',
      subscriptionId: lockboxes[0].id,
      status: 'open',
    });
  });
});
