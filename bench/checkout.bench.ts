/**
 * Checkout throughput: the full HTTP API (POST /api/orders: auth, validation, pricing, row
 * locks, charge through the Stripe-compatible test gateway in its own process, order + subscription + invoice + payment + audit,
 * idempotency key, outbox events and jobs) against the same rows written by hand-written SQL (the attempt and the key's
 * claim committed first, the rest in a second transaction), in
 * the same run, on the same PostgreSQL, at 8 and 16 concurrent connections. Prints throughput,
 * p50/p99 latency, the CPU each process spends per order (load generator, API, gateway,
 * PostgreSQL; from /proc, so on Linux with PostgreSQL local) and the ratio API / raw SQL.
 *
 *   npm run bench                 # embedded PostgreSQL in a temp folder
 *   DATABASE_URL=… npm run bench  # an external server (a scratch database is created there)
 *   BENCH_SECONDS=10 npm run bench
 *   BENCH_PROFILE=1 npm run bench # CPU profiles of the API (/tmp/prof) and gateway (/tmp/prof-gateway) processes
 *   BENCH_STATEMENTS=1 npm run bench # embedded only: each statement's calls and PostgreSQL time (pg_stat_statements)
 *   BENCH_WARMUP_SECONDS=20          # warm-up of each path before measuring (default 20)
 *   BENCH_API_FLAGS="--trace-opt --trace-deopt" npm run bench # node flags of the API process; its output goes to <tmp>/bench-api-trace.log
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { sql } from 'kysely';
import { createDb, ensureDatabase, startEmbeddedPostgres } from '../src/db/connection.js';
import { migrateToLatest } from '../src/app.js';
import { hashToken } from '../src/http/auth.js';
import { systemActor } from '../src/modules/audit/index.js';
import { importCatalogFile } from '../src/modules/catalog/index.js';
import { StripeGateway } from '../src/modules/payments/index.js';
import { testGatewayKeys } from '../src/config.js';
import { createTenant } from '../src/modules/tenants/index.js';
import { newId, newSecret } from '../src/shared/ids.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
// Long enough for V8 to have optimised the API's hot functions: after a 5 s warm-up (~1,300
// orders) it was still optimising ~350 functions during the first measured run, its compiler
// threads taking ~20 % of the API process's CPU (docs/benchmarks.md). A server's steady state
// is what the ratio is about.
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 20);
const apiTraceFile = path.join(os.tmpdir(), 'bench-api-trace.log');
let traceOut: fs.WriteStream | undefined;
const levels = [8, 16];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Result {
  label: string;
  concurrency: number;
  count: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** CPU ms per order of the load generator, the API process and the gateway process. */
  cpu?: { bench: number; api: number; gateway: number; postgres: number };
}

/** CPU time (user + system) a process has used so far, in ms; 0 where /proc is missing. */
function processCpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 a second).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU of PostgreSQL's processes (every backend and background process of the server, as
 * pg_stat_activity lists them), per pid; meaningful when PostgreSQL runs on this machine.
 */
async function postgresCpu(pool: pg.Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>('SELECT pid FROM pg_stat_activity');
  return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
}

/** `drive`, with each process's CPU per order measured around it. */
async function measured(
  pids: { api: number | undefined; gateway: number | undefined; pool: pg.Pool },
  ...args: Parameters<typeof drive>
): Promise<Result> {
  const before = {
    bench: process.cpuUsage(),
    api: processCpuMs(pids.api),
    gateway: processCpuMs(pids.gateway),
    postgres: await postgresCpu(pids.pool),
  };
  const result = await drive(...args);
  const bench = process.cpuUsage(before.bench);
  const postgres = await postgresCpu(pids.pool);
  let postgresMs = 0;
  // A process that started during the run (a new pooled connection) spent all its CPU in it.
  for (const [pid, ms] of postgres) postgresMs += ms - (before.postgres.get(pid) ?? 0);
  const n = Math.max(1, result.count);
  result.cpu = {
    bench: (bench.user + bench.system) / 1000 / n,
    api: (processCpuMs(pids.api) - before.api) / n,
    gateway: (processCpuMs(pids.gateway) - before.gateway) / n,
    postgres: postgresMs / n,
  };
  return result;
}

/** Runs `op` from `concurrency` workers for `duration` seconds, one worker per tenant slot. */
async function drive(
  label: string,
  concurrency: number,
  op: (worker: number, i: number) => Promise<boolean>,
  duration = seconds,
): Promise<Result> {
  const latencies: number[] = [];
  let errors = 0;
  if (process.env.BENCH_PROFILE) console.error(`${Date.now()} ${label} ${concurrency}`);
  traceOut?.write(`\n=== run: ${label} ${concurrency}\n`);
  const deadline = performance.now() + duration * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const t0 = performance.now();
        const ok = await op(worker, i);
        latencies.push(performance.now() - t0);
        if (!ok) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    label,
    concurrency,
    count: latencies.length,
    errors,
    perSecond: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function main() {
  let adminUrl = process.env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let tempDir: string | undefined;
  if (!adminUrl) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-'));
    fs.chmodSync(tempDir, 0o777);
    const server = await startEmbeddedPostgres({
      dataDir: tempDir,
      port: await freePort(),
      ...(process.env.BENCH_STATEMENTS
        ? {
            settings: {
              shared_preload_libraries: 'pg_stat_statements',
              'pg_stat_statements.track_planning': 'on',
            },
          }
        : {}),
    });
    adminUrl = server.connectionString;
    stopEmbedded = server.stop;
  }
  const database = `bc_bench_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, database);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const dbUrl = url.toString();

  const setupDb = createDb(dbUrl, 2);
  await migrateToLatest(setupDb);
  if (process.env.BENCH_STATEMENTS)
    await sql`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`.execute(setupDb);
  await importCatalogFile(setupDb, path.resolve('catalog/default.yaml'), {
    now: new Date(),
    actor: systemActor,
  });
  // The Stripe-compatible test gateway in a process of its own, as a real gateway would be:
  // every API checkout pays it one HTTP round trip and one fsync'ed ledger write.
  const gatewayDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-gateway-'));
  const gatewayProcess = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof-gateway'] : []),
      '--import',
      'tsx',
      path.resolve('src/cli/main.ts'),
      'test-gateway',
      '--port',
      '0',
      '--data-dir',
      gatewayDir,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const gatewayUrl = await new Promise<string>((resolve, reject) => {
    gatewayProcess.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().split('\n')[0]!.trim()));
    gatewayProcess.once('exit', (code) => reject(new Error(`test gateway exited with ${code}`)));
  });
  const gateway = new StripeGateway({
    secretKey: testGatewayKeys.secretKey,
    publishableKey: testGatewayKeys.publishableKey,
    apiBase: gatewayUrl,
  });
  // One tenant per worker, each with a saved card: checkouts of different tenants, as in life.
  const maxWorkers = Math.max(...levels);
  const tenants: { id: string; token: string; paymentMethodId: string }[] = [];
  for (let w = 0; w < maxWorkers; w++) {
    const now = new Date();
    const { tenant, adminUserId } = await createTenant(
      setupDb,
      {
        name: `Bench ${w}`,
        billingCountry: 'US',
        admin: { email: `bench${w}@example.com`, displayName: 'Bench', password: 'benchmark-password' },
      },
      { cloud: 'worldwide', now, actor: systemActor },
    );
    const token = newSecret('bct');
    await setupDb
      .insertInto('api_tokens')
      .values({
        id: newId('apiToken'),
        tenant_id: tenant.id,
        user_id: adminUserId,
        name: 'bench',
        token_hash: hashToken(token),
        created_at: now,
      })
      .execute();
    const paymentMethodId = newId('paymentMethod');
    const customer = await gateway.createCustomer({
      tenantId: tenant.id,
      name: tenant.name,
      idempotencyKey: tenant.id,
    });
    const card = await gateway.attachPaymentMethod({
      customerId: customer.id,
      paymentMethodId: 'pm_card_visa',
      idempotencyKey: paymentMethodId,
    });
    await setupDb
      .insertInto('tenant_gateway_customers')
      .values({ tenant_id: tenant.id, customer_id: customer.id })
      .execute();
    await setupDb
      .insertInto('payment_methods')
      .values({
        id: paymentMethodId,
        tenant_id: tenant.id,
        type: 'card',
        gateway_token: card.id,
        card_brand: 'visa',
        card_last4: '4242',
        card_exp_month: 12,
        card_exp_year: 2030,
        holder_name: null,
        is_default: true,
        created_at: now,
      })
      .execute();
    tenants.push({ id: tenant.id, token, paymentMethodId });
  }
  const price = await setupDb
    .selectFrom('prices')
    .selectAll()
    .where('product_id', '=', 'o365-e1')
    .where('commitment', '=', 'monthly')
    .where('billing_frequency', '=', 'monthly')
    .where('currency', '=', 'USD')
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  await setupDb.destroy();

  // The API under test runs in its own process, as it would in production.
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []),
      ...(process.env.BENCH_API_FLAGS ? process.env.BENCH_API_FLAGS.split(' ') : []),
      '--import',
      'tsx',
      path.resolve('bench/api-server.ts'),
      dbUrl,
      gatewayUrl,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const base = await new Promise<string>((resolve, reject) => {
    // With BENCH_API_FLAGS (e.g. --trace-opt --trace-deopt) the API process's output, with a
    // line at the start of each run, goes to a file: what V8 still compiles while measured.
    if (process.env.BENCH_API_FLAGS) traceOut = fs.createWriteStream(apiTraceFile);
    let acc = '';
    let done = false;
    child.stdout.on('data', (chunk: Buffer) => {
      traceOut?.write(chunk);
      if (done) return;
      acc += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(acc);
      if (m) {
        done = true;
        resolve(m[0]);
      }
    });
    child.once('exit', (code) => reject(new Error(`API server exited with ${code}`)));
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const post = (url: string, headers: Record<string, string>, body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        url,
        { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const apiOrder = async (worker: number, i: number) => {
    const t = tenants[worker]!;
    const status = await post(
      `${base}/api/orders`,
      {
        'content-type': 'application/json',
        authorization: `Bearer ${t.token}`,
        'idempotency-key': `api-${worker}-${i}-${randomBytes(4).toString('hex')}`,
      },
      JSON.stringify({
        items: [{ productId: 'o365-e1', quantity: 1, commitment: 'monthly', billingFrequency: 'monthly' }],
        payment: { method: 'saved', paymentMethodId: t.paymentMethodId },
      }),
    );
    return status === 201;
  };

  // The same rows, written directly: the floor any implementation has to pay.
  const pool = new pg.Pool({ connectionString: dbUrl, max: 20 });
  pool.on('error', () => {}); // connections cut when the embedded server stops at the end
  const rawOrder = async (worker: number, i: number) => {
    const t = tenants[worker]!;
    const client = await pool.connect();
    const now = new Date();
    const end = new Date(now.getTime() + 30 * 86_400_000);
    const orderId = newId('order');
    const subId = newId('subscription');
    const invoiceId = newId('invoice');
    const paymentId = newId('payment');
    const attemptId = newId('paymentAttempt');
    const amount = price.unit_amount;
    const key = `raw-${worker}-${i}-${orderId}`;
    try {
      // The same rows as the API, each written once, in as few statements as hand-written SQL
      // needs. First, committed on its own before the (here absent) gateway call as the API
      // does: the payment attempt and the Idempotency-Key claim that points at it.
      await client.query(
        `WITH a AS (
           INSERT INTO payment_attempts (id, tenant_id, kind, purpose, operation_type, operation_id, amount, currency, payment_method_id, idempotency_key, request, created_at, updated_at)
           VALUES ($1,$2,'charge','order','order',$3,$4,'USD',$5,$6,$8,$7,$7) RETURNING id)
         INSERT INTO idempotency_keys (tenant_id, key, route, request_hash, attempt_id, created_at)
         SELECT $2, $9, 'POST /api/orders', 'h', id, $7 FROM a`,
        [
          attemptId,
          t.id,
          orderId,
          amount,
          t.paymentMethodId,
          `bc-${attemptId}`,
          now,
          JSON.stringify({ orderId, invoiceId, items: [{ productId: 'o365-e1', quantity: 1 }] }),
          key,
        ],
      );
      // Then the outcome and the order, in one transaction.
      await client.query('BEGIN');
      await client.query(
        `UPDATE payment_attempts SET status = 'succeeded', gateway_reference = $2, settled = true, resolved_at = $3, updated_at = $3 WHERE id = $1 AND status = 'pending'`,
        [attemptId, `pi_raw_${attemptId}`, now],
      );
      await client.query('SELECT id FROM payment_methods WHERE tenant_id = $1 AND id = $2', [
        t.id,
        t.paymentMethodId,
      ]);
      await client.query(
        `INSERT INTO payments (id, tenant_id, payment_method_id, order_id, invoice_id, kind, amount, currency, status, attempt_id, gateway_reference, created_at) VALUES ($1,$2,$3,$4,$5,'charge',$6,'USD','succeeded',$7,$8,$9)`,
        [
          paymentId,
          t.id,
          t.paymentMethodId,
          orderId,
          invoiceId,
          amount,
          attemptId,
          `pi_raw_${attemptId}`,
          now,
        ],
      );
      await client.query(
        `INSERT INTO orders (id, tenant_id, status, currency, subtotal, tax, total_due_today, total_per_period, payment_method_id, payment_id, created_at) VALUES ($1,$2,'completed','USD',$3,0,$3,$4,$5,$6,$7)`,
        [orderId, t.id, amount, JSON.stringify({ monthly: amount }), t.paymentMethodId, paymentId, now],
      );
      await client.query(
        `INSERT INTO subscriptions (id, tenant_id, product_id, price_id, kind, quantity, commitment, billing_frequency, currency, unit_amount, status, recurring_billing, term_start, term_end, period_start, period_end, window_start, status_changed_at, order_id, created_at, updated_at)
         VALUES ($1,$2,'o365-e1',$3,'base',1,'monthly','monthly','USD',$4,'active',true,$5,$6,$5,$6,$5,$5,$7,$5,$5)`,
        [subId, t.id, price.id, amount, now, end, orderId],
      );
      await client.query(
        `INSERT INTO order_lines (id, tenant_id, order_id, line_no, product_id, subscription_id, commitment, billing_frequency, quantity, unit_amount, period_amount, prorated_days, period_days, amount, tax_rate_basis_points, tax, total, period_tax, period_start, period_end, term_end)
         VALUES ($1,$2,$3,1,'o365-e1',$4,'monthly','monthly',1,$5,$5,30,30,$5,0,0,$5,0,$6,$7,$7)`,
        [newId('orderLine'), t.id, orderId, subId, amount, now, end],
      );
      const invoice = await client.query(
        `WITH n AS (
           INSERT INTO invoice_counters (tenant_id, next_number) VALUES ($1, 2)
           ON CONFLICT (tenant_id) DO UPDATE SET next_number = invoice_counters.next_number + 1
           RETURNING next_number - 1 AS n)
         INSERT INTO invoices (id, tenant_id, number, kind, status, order_id, currency, subtotal, tax, total, lines, payment_method_id, issued_at, due_at, paid_at)
         SELECT $2, $1, 'RAW-' || n, 'order', 'paid', $3, 'USD', $4, 0, $4, $5, $6, $7, $7, $7 FROM n RETURNING number`,
        [
          t.id,
          invoiceId,
          orderId,
          amount,
          JSON.stringify([{ productId: 'o365-e1', amount }]),
          t.paymentMethodId,
          now,
        ],
      );
      await client.query(
        `INSERT INTO audit_log (tenant_id, actor_type, actor_id, action, entity_type, entity_id, after, created_at)
         VALUES ($1,'api_token',null,'subscription.created','subscription',$2,'{}',$4),
                ($1,'api_token',null,'order.placed','order',$3,'{}',$4)`,
        [t.id, subId, orderId, now],
      );
      // The outbox: the order's two events (order placed, invoice issued) and their dispatch jobs.
      const eventIds = [newId('event'), newId('event')];
      await client.query(
        `INSERT INTO events (id, tenant_id, type, api_version, data, ordering_key, created_at)
         VALUES ($1,$3,'order.placed','2026-11-26',$4,$5,$7), ($2,$3,'invoice.issued','2026-11-26',$6,$5,$7)`,
        [
          eventIds[0],
          eventIds[1],
          t.id,
          JSON.stringify({ orderId, invoiceId, totalDueToday: amount }),
          orderId,
          JSON.stringify({ invoiceId, number: invoice.rows[0].number, total: amount }),
          now,
        ],
      );
      await client.query(
        `INSERT INTO pgboss.job (name, data, singleton_key, policy)
         VALUES ('notifications.dispatch', $1, gen_random_uuid()::text, 'stately'),
                ('notifications.dispatch', $2, gen_random_uuid()::text, 'stately')`,
        [JSON.stringify({ eventId: eventIds[0] }), JSON.stringify({ eventId: eventIds[1] })],
      );
      // The answer stored under the key, as a retry would replay it.
      await client.query(
        'UPDATE idempotency_keys SET response_status = 201, response_body = $3 WHERE tenant_id = $1 AND key = $2',
        [t.id, key, JSON.stringify({ id: orderId, invoice: { id: invoiceId }, status: 'completed' })],
      );
      await client.query('COMMIT');
      return true;
    } catch (error) {
      await client.query('ROLLBACK');
      console.error(error);
      return false;
    } finally {
      client.release();
    }
  };

  // Warm both paths (JIT, connection pools, plan caches) before measuring.
  // At the highest level, so that every pooled connection is open before anything is measured.
  await drive('warm-up', maxWorkers, (w, i) => apiOrder(w, -1 - i), warmupSeconds);
  await drive('warm-up', maxWorkers, (w, i) => rawOrder(w, -1 - i), warmupSeconds);

  const rows: Result[] = [];
  for (const c of levels) {
    const pids = { api: child.pid, gateway: gatewayProcess.pid, pool };
    rows.push(await measured(pids, 'raw SQL', c, rawOrder));
    rows.push(await measured(pids, 'HTTP API', c, apiOrder));
  }
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  if (traceOut) {
    traceOut.end();
    console.log(`API process output (BENCH_API_FLAGS): ${apiTraceFile}`);
  }
  gatewayProcess.kill('SIGTERM');
  await new Promise((resolve) => gatewayProcess.once('exit', resolve));
  fs.rmSync(gatewayDir, { recursive: true, force: true });
  agent.destroy();
  await pool.end();

  console.log(
    `\nCheckout benchmark: ${seconds}s per run, ${os.cpus().length} CPU(s), PostgreSQL ${stopEmbedded ? 'embedded' : 'external'}\n`,
  );
  console.log(
    'path       conns   orders   errors   orders/s   p50 ms   p99 ms   CPU ms/order: bench    API  gateway  postgres',
  );
  for (const r of rows) {
    console.log(
      `${r.label.padEnd(10)} ${String(r.concurrency).padStart(5)} ${String(r.count).padStart(8)} ${String(r.errors).padStart(8)} ${r.perSecond.toFixed(1).padStart(10)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${(r.cpu?.bench ?? NaN).toFixed(2).padStart(19)} ${(r.cpu?.api ?? NaN).toFixed(2).padStart(6)} ${(r.cpu?.gateway ?? NaN).toFixed(2).padStart(8)} ${(r.cpu?.postgres ?? NaN).toFixed(2).padStart(9)}`,
    );
  }
  console.log('');
  let ok = true;
  for (const c of levels) {
    const raw = rows.find((r) => r.label === 'raw SQL' && r.concurrency === c)!;
    const api = rows.find((r) => r.label === 'HTTP API' && r.concurrency === c)!;
    const ratio = api.perSecond / raw.perSecond;
    console.log(
      `ratio HTTP API / raw SQL at ${c} connections: ${ratio.toFixed(2)} (target ≥ 0.40); API p99 ${api.p99.toFixed(1)} ms${c === 16 ? ' (target ≤ 25 ms)' : ''}`,
    );
    if (api.errors || raw.errors) ok = false;
  }
  if (process.env.BENCH_STATEMENTS) await printStatements(dbUrl);
  if (stopEmbedded) await stopEmbedded();
  if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  if (!ok) {
    console.error('some orders failed during the benchmark');
    process.exitCode = 1;
  }
}

/**
 * What PostgreSQL spent on each statement over the whole run (warm-up included), most first:
 * calls, and the mean planning and execution time. Raw-SQL statements are the hand-written ones
 * (uppercase keywords); the API's come from Kysely and pg-boss.
 */
async function printStatements(dbUrl: string) {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  const { rows } = await client.query<{ calls: string; plan: number; exec: number; query: string }>(`
    SELECT calls, total_plan_time / calls AS plan, total_exec_time / calls AS exec,
           left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query
    FROM pg_stat_statements
    WHERE calls >= 100 AND query NOT ILIKE '%pg_stat%'
    ORDER BY total_plan_time + total_exec_time DESC LIMIT 30`);
  await client.end();
  console.log('\n   calls  plan ms  exec ms  statement');
  for (const r of rows)
    console.log(
      `${String(r.calls).padStart(8)} ${r.plan.toFixed(3).padStart(8)} ${r.exec.toFixed(3).padStart(8)}  ${r.query}`,
    );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
