/**
 * Renewals at scale: one billing cycle over 100,000 due subscriptions of 10,000 tenants
 * (monthly renewals, monthly periods of annual commitments, scheduled decreases applied at
 * renewal, subscriptions expiring with recurring billing off; every 50th tenant pays by card
 * through the Stripe-compatible test gateway in its own process, every 200th with a card that
 * is declined), run by 1 and then 2 `billing-center worker` processes sharing the queue,
 * against a baseline that writes the same rows (invoices, payments, attempts, subscription
 * changes, audit entries, events and their dispatch jobs) with a few bulk SQL statements, in
 * the same run, on the same PostgreSQL. Each run starts from a clone of the same seeded
 * database. Prints the durations and the ratio baseline / cycle; checks every period was
 * billed exactly once.
 *
 *   npm run bench:renewals                  # embedded PostgreSQL in a temp folder
 *   DATABASE_URL=… npm run bench:renewals   # an external server (scratch databases are created there)
 *   BENCH_TENANTS=1000 npm run bench:renewals
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { createDb, ensureDatabase, startEmbeddedPostgres } from '../src/db/connection.js';
import { migrateToLatest } from '../src/app.js';
import { systemActor } from '../src/modules/audit/index.js';
import { importCatalogFile } from '../src/modules/catalog/index.js';

const tenantCount = Number(process.env.BENCH_TENANTS ?? 10_000);
const perTenant = 10;
const cardEvery = Number(process.env.BENCH_CARD_EVERY ?? 50);
const declinedEvery = cardEvery * 4;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Tenants, payment methods and due subscriptions in a handful of INSERT … SELECTs. */
async function seed(client: pg.Client, at: Date): Promise<void> {
  const price = async (product: string, commitment: string) =>
    (
      await client.query<{ id: string; unit_amount: string }>(
        `SELECT id, unit_amount FROM prices WHERE product_id = $1 AND commitment = $2
           AND billing_frequency = 'monthly' AND currency = 'USD' AND active`,
        [product, commitment],
      )
    ).rows[0]!;
  const e1 = await price('o365-e1', 'monthly');
  const e3 = await price('o365-e3', 'annual');
  const periodEnd = new Date(at.getTime() - 3_600_000);
  const created = new Date(periodEnd);
  created.setUTCMonth(created.getUTCMonth() - 1);
  const termEndAnnual = new Date(created);
  termEndAnnual.setUTCFullYear(termEndAnnual.getUTCFullYear() + 1);
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO tenants (id, name, billing_country, currency, locale, created_at)
     SELECT 'tnt_bench_' || lpad(i::text, 6, '0'), 'Bench ' || i, 'US', 'USD', 'en-US', $2
     FROM generate_series(0, $1 - 1) i`,
    [tenantCount, created],
  );
  await client.query(
    `INSERT INTO payment_methods (id, tenant_id, type, gateway_token, card_brand, card_last4, card_exp_month, card_exp_year, is_default, created_at)
     SELECT 'pm_bench_' || lpad(i::text, 6, '0'), 'tnt_bench_' || lpad(i::text, 6, '0'),
       CASE WHEN i % $2 = 0 THEN 'card' ELSE 'invoice' END,
       CASE WHEN i % $3 = 0 THEN 'pm_card_chargeDeclined' WHEN i % $2 = 0 THEN 'pm_card_visa' END,
       CASE WHEN i % $2 = 0 THEN 'visa' END, CASE WHEN i % $2 = 0 THEN '4242' END,
       CASE WHEN i % $2 = 0 THEN 12 END, CASE WHEN i % $2 = 0 THEN 2030 END, true, $4
     FROM generate_series(0, $1 - 1) i`,
    [tenantCount, cardEvery, declinedEvery, created],
  );
  // Per tenant: 6 monthly renewals (the first with a scheduled decrease on every 5th tenant),
  // 3 annual commitments billed monthly (a period, no renewal), 1 ending with recurring
  // billing off (expires).
  await client.query(
    `INSERT INTO subscriptions (id, tenant_id, product_id, price_id, kind, quantity, pending_quantity,
       commitment, billing_frequency, currency, unit_amount, status, recurring_billing, term_start,
       term_end, period_start, period_end, window_start, status_changed_at, created_at, updated_at)
     SELECT 'sub_bench_' || lpad(i::text, 6, '0') || '_' || j, 'tnt_bench_' || lpad(i::text, 6, '0'),
       CASE WHEN j BETWEEN 6 AND 8 THEN 'o365-e3' ELSE 'o365-e1' END,
       CASE WHEN j BETWEEN 6 AND 8 THEN $2 ELSE $3 END, 'base', 10,
       CASE WHEN j = 0 AND i % 5 = 0 THEN 6 END,
       CASE WHEN j BETWEEN 6 AND 8 THEN 'annual' ELSE 'monthly' END, 'monthly', 'USD',
       CASE WHEN j BETWEEN 6 AND 8 THEN $4::bigint ELSE $5::bigint END, 'active', j <> 9,
       $6::timestamptz, CASE WHEN j BETWEEN 6 AND 8 THEN $8::timestamptz ELSE $7::timestamptz END, $6, $7, $6, $6, $6, $6
     FROM generate_series(0, $1 - 1) i, generate_series(0, ${perTenant - 1}) j`,
    [tenantCount, e3.id, e1.id, e3.unit_amount, e1.unit_amount, created, periodEnd, termEndAnnual],
  );
  await client.query('COMMIT');
  await client.query('ANALYZE');
}

/**
 * The same rows the cycle writes, with bulk SQL in one transaction: no locks per tenant, no
 * rows read into a program, no gateway (card outcomes are taken from the test card's name).
 */
async function baseline(client: pg.Client, at: Date): Promise<void> {
  await client.query('BEGIN');
  await client.query(
    `CREATE TEMP TABLE due ON COMMIT DROP AS
     SELECT s.*, m.id AS method_id, m.type AS method_type, m.gateway_token,
       s.period_end >= s.term_end AS renewal,
       s.period_end >= s.term_end AND NOT s.recurring_billing AS expiring,
       coalesce(s.pending_quantity, s.quantity) AS new_quantity,
       s.period_end + interval '1 month' AS new_period_end,
       CASE WHEN s.period_end >= s.term_end THEN s.term_end + interval '1 month' ELSE s.term_end END AS new_term_end,
       'inv_b_' || s.id AS invoice_id,
       row_number() OVER (PARTITION BY s.tenant_id ORDER BY s.period_end, s.id) AS n
     FROM subscriptions s JOIN payment_methods m ON m.tenant_id = s.tenant_id AND m.is_default
     WHERE s.status = 'active' AND s.period_end <= $1::timestamptz AND s.kind <> 'traditional_addon'`,
    [at],
  );
  await client.query(`ALTER TABLE due ADD COLUMN declined boolean`);
  await client.query(`UPDATE due SET declined = coalesce(gateway_token = 'pm_card_chargeDeclined', false)`);
  await client.query(
    `INSERT INTO payment_attempts (id, tenant_id, kind, purpose, operation_type, operation_id, amount, currency,
       payment_method_id, idempotency_key, status, gateway_reference, settled, request, created_at, updated_at, resolved_at)
     SELECT 'pa_b_' || id, tenant_id, 'charge', CASE WHEN renewal THEN 'renewal' ELSE 'period' END,
       'subscription_period', id || '@' || period_end, new_quantity * unit_amount, currency, method_id,
       'bc-pa_b_' || id, CASE WHEN declined THEN 'declined' ELSE 'succeeded' END, 'pi_b_' || id, true,
       jsonb_build_object('subscriptionId', id, 'periodStart', period_end), $1::timestamptz, $1::timestamptz, $1::timestamptz
     FROM due WHERE method_type = 'card' AND NOT expiring`,
    [at],
  );
  await client.query(
    `INSERT INTO invoice_counters (tenant_id, next_number)
     SELECT tenant_id, count(*) + 1 FROM due WHERE NOT expiring AND NOT declined GROUP BY tenant_id
     ON CONFLICT (tenant_id) DO UPDATE SET next_number = invoice_counters.next_number + EXCLUDED.next_number - 1`,
  );
  await client.query(
    `INSERT INTO invoices (id, tenant_id, number, kind, status, subscription_id, currency, subtotal, tax, total,
       lines, payment_method_id, issued_at, due_at, paid_at, billed_period_start)
     SELECT invoice_id, tenant_id, 'INV-' || lpad(n::text, 6, '0'),
       CASE WHEN renewal THEN 'renewal' ELSE 'period' END,
       CASE WHEN method_type = 'card' THEN 'paid' ELSE 'open' END, id, currency,
       new_quantity * unit_amount, 0, new_quantity * unit_amount,
       jsonb_build_array(jsonb_build_object('description', product_id || ' — renewal', 'productId', product_id,
         'subscriptionId', id, 'quantity', new_quantity, 'unitAmount', unit_amount,
         'amount', new_quantity * unit_amount, 'tax', 0, 'periodStart', period_end, 'periodEnd', new_period_end)),
       method_id, $1::timestamptz, $1::timestamptz + interval '30 days', CASE WHEN method_type = 'card' THEN $1::timestamptz END, period_end
     FROM due WHERE NOT expiring AND NOT declined`,
    [at],
  );
  await client.query(
    `INSERT INTO payments (id, tenant_id, payment_method_id, invoice_id, kind, amount, currency, status, attempt_id, created_at)
     SELECT 'pay_b_' || id, tenant_id, method_id, invoice_id, 'charge', new_quantity * unit_amount, currency,
       CASE WHEN method_type = 'card' THEN 'succeeded' ELSE 'pending' END,
       CASE WHEN method_type = 'card' THEN 'pa_b_' || id END, $1::timestamptz
     FROM due WHERE NOT expiring AND NOT declined`,
    [at],
  );
  await client.query(
    `UPDATE subscriptions s SET
       status = CASE WHEN d.expiring THEN 'expired' WHEN d.declined THEN 'warning' ELSE 'active' END,
       status_changed_at = CASE WHEN d.expiring OR d.declined THEN $1::timestamptz ELSE s.status_changed_at END,
       next_action_at = CASE WHEN d.expiring THEN d.term_end + interval '30 days' WHEN d.declined THEN $1::timestamptz + interval '3 days' END,
       quantity = CASE WHEN d.expiring OR d.declined THEN s.quantity ELSE d.new_quantity END,
       pending_quantity = CASE WHEN d.expiring OR d.declined THEN s.pending_quantity END,
       renewal_attempts = CASE WHEN d.declined THEN s.renewal_attempts + 1 ELSE 0 END,
       term_start = CASE WHEN d.renewal AND NOT d.expiring AND NOT d.declined THEN d.term_end ELSE s.term_start END,
       term_end = CASE WHEN d.expiring OR d.declined THEN s.term_end ELSE d.new_term_end END,
       period_start = CASE WHEN d.expiring OR d.declined THEN s.period_start ELSE d.period_end END,
       period_end = CASE WHEN d.expiring OR d.declined THEN s.period_end ELSE d.new_period_end END,
       updated_at = $1::timestamptz, version = s.version + 1
     FROM due d WHERE s.id = d.id AND s.tenant_id = d.tenant_id`,
    [at],
  );
  await client.query(
    `INSERT INTO audit_log (tenant_id, actor_type, actor_id, action, entity_type, entity_id, before, after, created_at)
     SELECT tenant_id, 'system', NULL,
       CASE WHEN expiring THEN 'subscription.expired' WHEN declined THEN 'subscription.renewal_failed'
            WHEN renewal THEN 'subscription.renewed' ELSE 'subscription.period_billed' END,
       'subscription', id, jsonb_build_object('quantity', quantity, 'termEnd', term_end, 'periodEnd', period_end),
       jsonb_build_object('quantity', new_quantity, 'termEnd', new_term_end, 'periodEnd', new_period_end, 'invoiceId', invoice_id), $1::timestamptz
     FROM due`,
    [at],
  );
  // Renewals: subscription.renewed + invoice.issued; periods: invoice.issued; expired; payment.failed.
  await client.query(
    `CREATE TEMP TABLE new_events ON COMMIT DROP AS
     SELECT 'evt_b_' || e.kind || '_' || d.id AS id, d.tenant_id, e.kind AS type, d.id AS sub_id,
       jsonb_build_object('subscriptionId', d.id, 'productId', d.product_id, 'invoiceId', d.invoice_id,
         'quantity', d.new_quantity, 'termEnd', d.new_term_end, 'total', d.new_quantity * d.unit_amount) AS data
     FROM due d CROSS JOIN LATERAL (VALUES
       (CASE WHEN d.expiring THEN 'subscription.expired' WHEN d.declined THEN 'payment.failed'
             WHEN d.renewal THEN 'subscription.renewed' END),
       (CASE WHEN NOT d.expiring AND NOT d.declined THEN 'invoice.issued' END)) AS e(kind)
     WHERE e.kind IS NOT NULL`,
  );
  await client.query(
    `INSERT INTO events (id, tenant_id, type, api_version, data, ordering_key, created_at)
     SELECT id, tenant_id, type, '2026-11-26', data, sub_id, $1::timestamptz FROM new_events`,
    [at],
  );
  await client.query(
    `INSERT INTO pgboss.job (id, name, data, singleton_key, policy)
     SELECT gen_random_uuid(), 'notifications.dispatch', jsonb_build_object('eventIds', jsonb_agg(id)), gen_random_uuid()::text, 'stately'
     FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / 100 AS g FROM new_events) e GROUP BY g`,
  );
  await client.query('COMMIT');
}

/** Every process the benchmark started, stopped even when it fails. */
const spawned: ChildProcess[] = [];

function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  const profile =
    process.env.BENCH_PROFILE && args[0] === 'worker'
      ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof-renewals']
      : [];
  const child = spawn(
    process.execPath,
    [...profile, '--import', 'tsx', path.resolve('src/cli/main.ts'), ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    },
  );
  spawned.push(child);
  return child;
}

async function waitForLine(
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line) {
        child[stream]!.off('data', onData);
        resolve(line.trim());
      }
    };
    child[stream]!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited with ${code}: ${buffer}`)));
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** One billing cycle run by `workers` worker processes; seconds from the job sent to no work left. */
async function cycle(dbUrl: string, gatewayUrl: string, workers: number): Promise<number> {
  const env = {
    DATABASE_URL: dbUrl,
    BILLING_CENTER_STRIPE_API_BASE: gatewayUrl,
    BILLING_CENTER_BILLING_INTERVAL_SECONDS: '0',
    BILLING_CENTER_RECONCILE_INTERVAL_SECONDS: '0',
    BILLING_CENTER_SEED_DEMO: 'false',
  };
  const children: ChildProcess[] = [];
  for (let i = 0; i < workers; i++) {
    const child = spawnCli(['worker'], env);
    child.stdout!.resume();
    children.push(child);
  }
  await Promise.all(children.map((c) => waitForLine(c, 'stderr', /job workers are running/)));
  for (const c of children) c.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const started = performance.now();
  await client.query(
    `INSERT INTO pgboss.job (id, name, data, singleton_key, policy) VALUES (gen_random_uuid(), 'billing.run', '{}', 'periodic', 'stately')`,
  );
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const left = await client.query<{ jobs: number; batches: number }>(
      `SELECT count(*) FILTER (WHERE state IN ('created', 'retry', 'active'))::int AS jobs,
              count(*) FILTER (WHERE name = 'billing.batch')::int AS batches
       FROM pgboss.job WHERE name IN ('billing.run', 'billing.batch')`,
    );
    if (left.rows[0]!.jobs === 0 && left.rows[0]!.batches > 0) break;
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  await Promise.all(children.map(stop));
  return seconds;
}

/** What a cycle must leave: every period billed once, declines in warning, nothing due. */
async function check(dbUrl: string, at: Date, label: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const q = async (text: string, values: unknown[] = []) =>
    Number((await client.query<{ n: string }>(text, values)).rows[0]!.n);
  const problems: string[] = [];
  const cards = Math.ceil(tenantCount / cardEvery) * (perTenant - 1);
  const declinedSubs = Math.ceil(tenantCount / declinedEvery) * (perTenant - 1);
  const billed = tenantCount * (perTenant - 1) - declinedSubs;
  const expect = (what: string, got: number, want: number) => {
    if (got !== want) problems.push(`${label}: ${what} ${got}, expected ${want}`);
  };
  expect(
    'period/renewal invoices',
    await q(`SELECT count(*) n FROM invoices WHERE billed_period_start IS NOT NULL`),
    billed,
  );
  expect(
    'periods billed twice',
    await q(
      `SELECT count(*) n FROM (SELECT 1 FROM invoices WHERE billed_period_start IS NOT NULL GROUP BY subscription_id, billed_period_start HAVING count(*) > 1) x`,
    ),
    0,
  );
  expect('charge attempts', await q(`SELECT count(*) n FROM payment_attempts WHERE kind = 'charge'`), cards);
  expect(
    'in warning',
    await q(`SELECT count(*) n FROM subscriptions WHERE status = 'warning'`),
    declinedSubs,
  );
  expect('expired', await q(`SELECT count(*) n FROM subscriptions WHERE status = 'expired'`), tenantCount);
  expect(
    'decreases applied',
    await q(`SELECT count(*) n FROM subscriptions WHERE quantity = 6 AND pending_quantity IS NULL`),
    Math.ceil(tenantCount / 5) - Math.ceil(tenantCount / declinedEvery),
  );
  expect(
    'still due',
    await q(`SELECT count(*) n FROM subscriptions WHERE status = 'active' AND period_end <= $1`, [at]),
    0,
  );
  await client.end();
  return problems;
}

async function main() {
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let tempDir: string | undefined;
  if (!adminUrl) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-'));
    fs.chmodSync(tempDir, 0o777);
    const server = await startEmbeddedPostgres({ dataDir: tempDir, port: await freePort() });
    adminUrl = server.connectionString;
    stopEmbedded = server.stop;
  }
  const prefix = `bc_renewals_${randomBytes(4).toString('hex')}`;
  const template = `${prefix}_seed`;
  await ensureDatabase(adminUrl, template);
  const setupDb = createDb(withDatabase(adminUrl, template), 2);
  await migrateToLatest(setupDb);
  await importCatalogFile(setupDb, path.resolve('catalog/default.yaml'), {
    now: new Date(),
    actor: systemActor,
  });
  await setupDb.destroy();
  const at = new Date();
  const seedClient = new pg.Client({ connectionString: withDatabase(adminUrl, template) });
  await seedClient.connect();
  const seedStart = performance.now();
  await seed(seedClient, at);
  const seedSeconds = (performance.now() - seedStart) / 1000;
  await seedClient.end();

  const gatewayDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-gateway-'));
  const gateway = spawnCli(['test-gateway', '--port', '0', '--data-dir', gatewayDir], {});
  gateway.stderr!.pipe(process.stderr);
  const gatewayUrl = (await waitForLine(gateway, 'stdout', /^http/)).split(/\s/)[0]!;

  const clone = async (name: string) => {
    await ensureDatabase(adminUrl, `${prefix}_${name}`, template);
    return withDatabase(adminUrl, `${prefix}_${name}`);
  };
  const problems: string[] = [];
  const baseUrl = await clone('baseline');
  const baseClient = new pg.Client({ connectionString: baseUrl });
  await baseClient.connect();
  const baseStart = performance.now();
  await baseline(baseClient, at);
  const baselineSeconds = (performance.now() - baseStart) / 1000;
  await baseClient.end();
  problems.push(...(await check(baseUrl, at, 'baseline')));

  const results: { workers: number; seconds: number }[] = [];
  for (const workers of [1, 2]) {
    const url = await clone(`w${workers}`);
    const seconds = await cycle(url, gatewayUrl, workers);
    results.push({ workers, seconds });
    problems.push(...(await check(url, at, `${workers} worker(s)`)));
  }
  await stop(gateway);
  fs.rmSync(gatewayDir, { recursive: true, force: true });

  const subs = tenantCount * perTenant;
  console.log(
    `\nRenewals benchmark: ${subs.toLocaleString('en-US')} due subscriptions of ${tenantCount.toLocaleString('en-US')} tenants, ${os.cpus().length} CPU(s), load average ${os.loadavg()[0]!.toFixed(1)}, PostgreSQL ${stopEmbedded ? 'embedded' : 'external'} (seeded in ${seedSeconds.toFixed(1)} s)\n`,
  );
  console.log('run                      seconds   subscriptions/s   ratio baseline/run');
  console.log(
    `bulk SQL baseline   ${baselineSeconds.toFixed(2).padStart(12)} ${(subs / baselineSeconds).toFixed(0).padStart(17)}`,
  );
  for (const r of results) {
    console.log(
      `${`${r.workers} worker process${r.workers > 1 ? 'es' : ''}`.padEnd(19)} ${r.seconds.toFixed(2).padStart(12)} ${(subs / r.seconds).toFixed(0).padStart(17)} ${(baselineSeconds / r.seconds).toFixed(2).padStart(20)}`,
    );
  }
  const best = Math.min(...results.map((r) => r.seconds));
  console.log(
    `\ntarget: under 30 s and ratio ≥ 0.30; best ${best.toFixed(1)} s, ratio ${(baselineSeconds / best).toFixed(2)}`,
  );
  if (stopEmbedded) await stopEmbedded();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  if (problems.length) {
    console.error(problems.join('\n'));
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  for (const child of spawned) if (child.exitCode === null) child.kill('SIGKILL');
  process.exit(1);
});
