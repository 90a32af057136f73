import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../src/app-context.js';
import { createContext } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { hashToken } from '../src/http/auth.js';
import { buildServer } from '../src/http/server.js';
import { systemActor } from '../src/modules/audit/index.js';
import { createTenant } from '../src/modules/tenants/index.js';
import { newId, newSecret } from '../src/shared/ids.js';
import { cloneTemplateDatabase } from './support/harness.js';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The commands for scripts: `tenant list` on the database, `subscription …` and `order …`
 * through a real server's HTTP API with an API token, `user import`'s report and exit status.
 * `bin/billing-center.js` runs in a child process, as an operator or a cron job runs it.
 */
// Each command is a child process starting Node and tsx (a second or more on a busy machine).
describe('billing-center CLI for scripts', { timeout: 180_000 }, () => {
  let databaseUrl: string;
  let workDir: string;
  let ctx: AppContext;
  let app: FastifyInstance;
  let baseUrl: string;
  let token: string;
  let tenantId: string;

  function cli(args: string[], options: { env?: Record<string, string> } = {}): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [path.resolve('bin/billing-center.js'), ...args],
        {
          env: {
            ...process.env,
            DATABASE_URL: databaseUrl,
            BILLING_CENTER_DATA_DIR: workDir,
            BILLING_CENTER_URL: baseUrl,
            BILLING_CENTER_TOKEN: token,
            ...options.env,
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  async function get(url: string): Promise<any> {
    const res = await fetch(`${baseUrl}${url}`, { headers: { authorization: `Bearer ${token}` } });
    return res.json();
  }

  beforeAll(async () => {
    databaseUrl = (await cloneTemplateDatabase()).url;
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-cli-int-test-'));
    ctx = createContext(loadConfig({ BILLING_CENTER_BILLING_INTERVAL_SECONDS: '0' }), databaseUrl, {
      poolSize: 3,
    });
    app = await buildServer(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    // The tenant and its token as `tenant create` and `token create` make them (tested in cli.test.ts).
    const { tenant, adminUserId } = await createTenant(
      ctx.db,
      {
        name: 'Northwind',
        billingCountry: 'US',
        admin: {
          email: 'admin@northwind.example',
          displayName: 'Ada Admin',
          password: 'correct horse battery',
        },
      },
      { cloud: ctx.config.cloud, now: ctx.clock.now(), actor: systemActor },
    );
    tenantId = tenant.id;
    token = newSecret('bct');
    await ctx.db
      .insertInto('api_tokens')
      .values({
        id: newId('apiToken'),
        tenant_id: tenantId,
        user_id: adminUserId,
        name: 'cli test',
        token_hash: hashToken(token),
        created_at: ctx.clock.now(),
      })
      .execute();
  });

  afterAll(async () => {
    await app?.close();
    await ctx?.db.destroy();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('lists tenants as a table and as JSON, and the "tenant not found" hint points at it', async () => {
    const text = await cli(['tenant', 'list']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^ID +NAME +COUNTRY +CURRENCY`, 'm'));
    expect(text.stdout).toMatch(new RegExp(`^${tenantId} +Northwind +US +USD`, 'm'));
    const json = await cli(['tenant', 'list', '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toContainEqual(
      expect.objectContaining({ id: tenantId, name: 'Northwind', billingCountry: 'US', currency: 'USD' }),
    );
    const missing = await cli([
      'user',
      'create',
      '--tenant',
      'Southwind',
      '--email',
      'a@b.example',
      '--name',
      'A',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No tenant has the id or name "Southwind"');
    expect(missing.stderr).toContain('"billing-center tenant list"');
  });

  it('quotes and places orders from flags and from a file, once per idempotency key', async () => {
    const quote = await cli(['order', 'quote', '--product', 'o365-e3', '--quantity', '10']);
    expect(quote.code, quote.stderr).toBe(0);
    expect(quote.stdout).toMatch(/Office 365 E3 +10 /);
    expect(quote.stdout).toMatch(/total due today \$[\d,]+\.\d\d/);

    const args = ['order', 'place', '--product', 'o365-e3', '--quantity', '10', '--invoice', '--json'];
    const first = await cli([...args, '--idempotency-key', 'cli-e3-1']);
    expect(first.code, first.stderr).toBe(0);
    const order = JSON.parse(first.stdout);
    expect(order).toMatchObject({ status: 'completed', payment: { method: 'invoice' } });
    const again = await cli([...args, '--idempotency-key', 'cli-e3-1']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).id).toBe(order.id);
    expect((await get('/api/orders')).orders).toHaveLength(1);
    const e3 = order.subscriptionIds[0];

    // More Customer Lockbox licenses than E3 has: the quote says why, with exit status 1.
    const file = path.join(workDir, 'order.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        items: [{ productId: 'addon-customer-lockbox', quantity: 50, baseSubscriptionId: e3 }],
      }),
    );
    const tooMany = await cli(['order', 'quote', '--file', file]);
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toContain('[quantity_exceeds_base]');
    const tooManyJson = await cli(['order', 'quote', '--file', file, '--json']);
    expect(tooManyJson.code).toBe(1);
    expect(JSON.parse(tooManyJson.stdout)).toMatchObject({
      valid: false,
      problems: [{ code: 'quantity_exceeds_base' }],
    });

    fs.writeFileSync(
      file,
      JSON.stringify({
        items: [{ productId: 'addon-customer-lockbox', quantity: 5, baseSubscriptionId: e3 }],
        payment: { method: 'invoice' },
      }),
    );
    const placed = await cli(['order', 'place', '--file', file]);
    expect(placed.code, placed.stderr).toBe(0);
    expect(placed.stderr).toMatch(/^Idempotency-Key: \S+$/m);
    expect(placed.stdout).toMatch(/^Order \S+ completed: .* paid by invoice/m);
    expect(placed.stdout).toMatch(/Customer Lockbox × 5 → subscription sub_\w+/);

    const both = await cli(['order', 'quote', '--file', file, '--product', 'o365-e3']);
    expect(both.code).toBe(2);
  });

  it('lists, shows and changes subscriptions with If-Match, recurring billing and cancellation', async () => {
    const list = await cli(['subscription', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const subs = JSON.parse(list.stdout) as any[];
    const e3 = subs.find((s) => s.productId === 'o365-e3');
    const lockbox = subs.find((s) => s.productId === 'addon-customer-lockbox');
    expect(e3).toMatchObject({ quantity: 10, recurringBilling: true, status: 'active' });
    expect(lockbox).toMatchObject({ quantity: 5, kind: 'traditional_addon' });
    const table = await cli(['subscription', 'list']);
    expect(table.stdout).toMatch(new RegExp(`^${lockbox.id} +Customer Lockbox +traditional_addon +5 `, 'm'));

    const shown = await cli(['subscription', 'show', lockbox.id, '--json']);
    const etag = JSON.parse(shown.stdout).etag as string;
    expect(etag).toMatch(/^"v\d+"$/);
    const text = await cli(['subscription', 'show', e3.id]);
    expect(text.stdout).toContain('add-on           Customer Lockbox');

    const reduced = await cli(['subscription', 'quantity', lockbox.id, '3', '--if-match', etag]);
    expect(reduced.code, reduced.stderr).toBe(0);
    expect(reduced.stdout).toMatch(/^Reduced Customer Lockbox from 5 to 3; credited \$/);
    const stale = await cli(['subscription', 'quantity', lockbox.id, '4', '--if-match', etag, '--json']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^Error \[precondition_failed\]: /m);
    expect((await get(`/api/subscriptions/${lockbox.id}`)).quantity).toBe(3);
    const off = await cli(['subscription', 'recurring', e3.id, 'off']);
    expect(off.code, off.stderr).toBe(0);
    expect(off.stdout).toMatch(
      /^Recurring billing of Office 365 E3 is off: it expires on \d{4}-\d\d-\d\d\.$/m,
    );
    expect((await get(`/api/subscriptions/${e3.id}`)).recurringBilling).toBe(false);
    expect((await cli(['subscription', 'recurring', e3.id, 'maybe'])).code).toBe(2);

    const dry = await cli(['subscription', 'cancel', e3.id, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^\(dry run, nothing changed\) Cancelled Office 365 E3/);
    expect((await get(`/api/subscriptions/${e3.id}`)).status).toBe('active');
    const cancelled = await cli(['subscription', 'cancel', e3.id, '--reason', 'Moving to E5', '--json']);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    const result = JSON.parse(cancelled.stdout);
    expect(result.ended.map((e: { productId: string }) => e.productId).sort()).toEqual([
      'addon-customer-lockbox',
      'o365-e3',
    ]);
    expect((await get(`/api/subscriptions/${e3.id}`)).status).toBe('cancelled');
  });

  it('says what is missing to reach the server: usage errors exit 2, refusals and outages exit 1', async () => {
    const noUrl = await cli(['subscription', 'list'], { env: { BILLING_CENTER_URL: '' } });
    expect(noUrl.code).toBe(2);
    expect(noUrl.stderr).toContain('--url');
    const noToken = await cli(['subscription', 'list'], { env: { BILLING_CENTER_TOKEN: '' } });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('billing-center token create');
    const notNumber = await cli(['subscription', 'quantity', 'sub_x', 'three']);
    expect(notNumber.code).toBe(2);
    const badToken = await cli(['subscription', 'list', '--token', 'bct_nope']);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toMatch(/^Error \[unauthenticated\]: /m);
    const down = await cli(['subscription', 'list', '--url', 'http://127.0.0.1:1']);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('Cannot reach Billing Center at http://127.0.0.1:1');
  });

  it('reports every imported row, as text or JSON, exiting 0, 1 or 2', async () => {
    const good = path.join(workDir, 'good.csv');
    fs.writeFileSync(
      good,
      'email,displayName,role\nann@northwind.example,Ann,user\nbob@northwind.example,Bob,billing_admin\n',
    );
    const ok = await cli(['user', 'import', '--tenant', 'Northwind', good]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ {2}row 2 ann@northwind\.example: created usr_\w+$/m);
    expect(ok.stdout).toMatch(/^ {2}row 3 bob@northwind\.example: created usr_\w+$/m);

    const mixed = path.join(workDir, 'mixed.csv');
    fs.writeFileSync(
      mixed,
      'email,displayName,role\nann@northwind.example,Ann,user\ncid@northwind.example,Cid,user\nnot-an-email,X,user\n',
    );
    const partial = await cli(['user', 'import', '--tenant', tenantId, mixed, '--json']);
    expect(partial.code).toBe(1);
    const report = JSON.parse(partial.stdout);
    expect(report).toMatchObject({
      tenant: { id: tenantId },
      applied: true,
      created: 1,
      skipped: 1,
      errors: 1,
    });
    expect(report.rows.map((r: any) => [r.row, r.status, r.code])).toEqual([
      [2, 'skipped', expect.any(String)],
      [3, 'created', null],
      [4, 'error', 'invalid_email'],
    ]);

    const missing = await cli(['user', 'import', '--tenant', 'Northwind', path.join(workDir, 'nope.csv')]);
    expect(missing.code).toBe(2);
    const header = path.join(workDir, 'header.csv');
    fs.writeFileSync(header, 'name,phone\nAnn,123\n');
    const broken = await cli(['user', 'import', '--tenant', 'Northwind', header]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('[csv_invalid]');
    expect((await cli(['user', 'import', good])).code).toBe(2);
  });

  it('hands a long --json report whole to a reader slower than the command', async () => {
    const big = path.join(workDir, 'big.csv');
    const rows = ['email,displayName,role'];
    for (let i = 1; i <= 700; i++) rows.push(`bulk${i}@northwind.example,Bulk User ${i},user`);
    fs.writeFileSync(big, `${rows.join('\n')}\n`);
    const log = path.join(workDir, 'big.stderr');
    // `… --json | jq` on a busy machine: the reader starts only once the command has printed
    // its summary, so more than a pipe's 64 KB waits in it when the command wants to exit.
    const script = [
      'set -o pipefail',
      `"$NODE" bin/billing-center.js user import --tenant "$TENANT" "$FILE" --json 2>"$LOG" |`,
      '  (until grep -q "Imported into" "$LOG" 2>/dev/null; do sleep 0.1; done; sleep 0.5; cat)',
    ].join('\n');
    const result = await new Promise<CliResult>((resolve) => {
      execFile(
        'bash',
        ['-c', script],
        {
          env: {
            ...process.env,
            DATABASE_URL: databaseUrl,
            BILLING_CENTER_DATA_DIR: workDir,
            NODE: process.execPath,
            TENANT: tenantId,
            FILE: big,
            LOG: log,
          },
          timeout: 120_000,
          maxBuffer: 10 * 1024 * 1024,
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code ?? 1) : 0,
            stdout,
            stderr: stderr + fs.readFileSync(log, 'utf8'),
          }),
      );
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(65_536);
    const report = JSON.parse(result.stdout);
    expect(report.created).toBe(700);
    expect(report.rows).toHaveLength(700);
  });
});
