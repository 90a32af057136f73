/**
 * FAULT test (issue 6): a real server process under checkout / quantity / cancel load, killed
 * with SIGKILL mid-load (then, in a second scenario, its PostgreSQL instead), restarted, left to
 * reconcile. Then every charge and refund in the gateway's ledger matches exactly one payment
 * attempt, one payment row and one business record; every acknowledged order exists; and
 * retrying every request with its key creates nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createDb, ensureDatabase, startEmbeddedPostgres, type Db } from '../src/db/connection.js';
import { migrateToLatest } from '../src/app.js';
import { hashToken } from '../src/http/auth.js';
import { systemActor } from '../src/modules/audit/index.js';
import { importCatalogFile } from '../src/modules/catalog/index.js';
import { createTenant } from '../src/modules/tenants/index.js';
import { newId, newSecret } from '../src/shared/ids.js';

const operatorToken = 'fault-operator-token-0123456789';
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts `tsx src/cli/main.ts …` and resolves with the first line matching `ready`. */
function startCli(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = out.match(ready);
      if (match) resolve({ child, match });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${args[0]} exited (${code}) before it was ready:\n${out}`)));
    setTimeout(() => reject(new Error(`${args[0]} not ready after 40 s:\n${out}`)), 40_000);
  });
}

interface Sent {
  key: string;
  body: unknown;
  status: number | 'lost';
  orderId?: string;
}

async function call(url: string, token: string, method: string, p: string, body: unknown, key?: string) {
  try {
    const res = await fetch(`${url}${p}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch {
    return { status: 'lost' as const, body: {} as Record<string, unknown> };
  }
}

/** Checkouts (some declined), quantity "+1" and cancellations from several clients until `stop`. */
async function load(url: string, token: string, stop: { now: boolean }, sent: Sent[]) {
  const subs: string[] = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: 6 }, async (_, worker) => {
      while (!stop.now) {
        const i = n++;
        const kind = i % 5;
        if (kind <= 2 || subs.length === 0) {
          const key = `k-${worker}-${i}-${randomBytes(3).toString('hex')}`;
          const body = {
            items: [{ productId: i % 2 ? 'o365-e1' : 'o365-e3', quantity: 1 + (i % 4) }],
            payment: {
              method: 'card',
              paymentMethodId: i % 7 === 3 ? 'pm_card_chargeDeclined' : 'pm_card_visa',
            },
          };
          const res = await call(url, token, 'POST', '/api/orders', body, key);
          const entry: Sent = { key, body, status: res.status };
          if (res.status === 201) {
            entry.orderId = res.body.id as string;
            subs.push(...(res.body.subscriptionIds as string[]));
          }
          sent.push(entry);
        } else if (kind === 3) {
          const id = subs[i % subs.length]!;
          await call(url, token, 'POST', `/api/subscriptions/${id}/quantity`, { delta: 1 });
        } else {
          const id = subs.splice(i % subs.length, 1)[0]!;
          await call(url, token, 'POST', `/api/subscriptions/${id}/cancel`, {});
        }
      }
    }),
  );
}

interface LedgerObject {
  id: string;
  object: string;
  status?: string;
  amount?: number;
  metadata?: Record<string, string>;
}

function readLedger(dir: string): Map<string, LedgerObject> {
  const objects = new Map<string, LedgerObject>();
  const file = path.join(dir, 'ledger.jsonl');
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      const entry = JSON.parse(line) as { t: string; object?: LedgerObject };
      if (entry.t === 'object' && entry.object) objects.set(entry.object.id, entry.object);
    } catch {
      // A torn last line: its request was never answered.
    }
  }
  return objects;
}

async function waitUntilSettled(db: Db, ms = 25_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const pending = await db
      .selectFrom('payment_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    if (Number(pending.n) === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending.n} payment attempts still pending`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function checkLedgerMatches(db: Db, ledgerDir: string) {
  const ledger = [...readLedger(ledgerDir).values()];
  const charges = ledger.filter((o) => o.object === 'payment_intent' && o.status === 'succeeded');
  const refunds = ledger.filter((o) => o.object === 'refund' && o.status !== 'failed');
  const attempts = await db.selectFrom('payment_attempts').selectAll().execute();
  const payments = await db.selectFrom('payments').selectAll().execute();
  const orders = await db.selectFrom('orders').selectAll().execute();
  for (const [kind, list] of [
    ['charge', charges],
    ['refund', refunds],
  ] as const) {
    for (const g of list) {
      const mine = attempts.filter((a) => a.kind === kind && a.gateway_reference === g.id);
      expect(mine, `${kind} ${g.id} recorded once`).toHaveLength(1);
      const a = mine[0]!;
      expect(a.status).toBe('succeeded');
      expect(a.amount).toBe(g.amount);
      expect(payments.filter((p) => p.attempt_id === a.id && p.status === 'succeeded')).toHaveLength(1);
      if (kind === 'charge' && a.purpose === 'order') {
        // The order exists, or the charge was given back.
        const order = orders.find((o) => o.id === a.operation_id);
        const undone = attempts.some((r) => r.refund_of === a.id && r.purpose === 'undo');
        expect(order?.status === 'completed' || undone, `order of ${g.id}`).toBe(true);
      }
    }
  }
  // And nothing is recorded as taken or given back that the gateway does not have.
  const known = new Set([...charges, ...refunds].map((g) => g.id));
  for (const a of attempts.filter((x) => x.status === 'succeeded'))
    expect(known.has(a.gateway_reference!)).toBe(true);
  return { charges: charges.length, refunds: refunds.length };
}

async function inBatches<T, R>(items: T[], fn: (item: T) => Promise<R>, size = 8): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

async function scenario(kill: 'server' | 'postgres') {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `bc-fault-${kill}-`));
  cleanups.push(async () => fs.rmSync(work, { recursive: true, force: true }));
  // The gateway runs in its own process, with its own ledger.
  const ledgerDir = path.join(work, 'gateway');
  const gw = await startCli(
    ['test-gateway', '--port', '0', '--data-dir', ledgerDir],
    {},
    /(http:\/\/127\.0\.0\.1:\d+)/,
  );
  const gatewayUrl = gw.match[1]!;

  let databaseUrl: string;
  let pgStop: (() => Promise<void>) | undefined;
  let pgDir = '';
  let pgPort = 0;
  if (kill === 'postgres') {
    // A PostgreSQL of its own, so killing it leaves the shared test cluster alone.
    pgDir = path.join(work, 'pg');
    fs.mkdirSync(pgDir, { recursive: true, mode: 0o777 });
    fs.chmodSync(work, 0o777);
    pgPort = await freePort();
    const pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    pgStop = pg.stop;
    databaseUrl = pg.connectionString;
    const setup = createDb(databaseUrl, 1);
    await migrateToLatest(setup);
    await importCatalogFile(setup, path.resolve('catalog/default.yaml'), {
      now: new Date(),
      actor: systemActor,
    });
    await setup.destroy();
  } else {
    const name = `${inject('databasePrefix')}fault_${randomBytes(4).toString('hex')}`;
    await ensureDatabase(inject('pgAdminUrl'), name, inject('templateDatabase'));
    const u = new URL(inject('pgAdminUrl'));
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
  }
  cleanups.push(async () => pgStop?.());
  const db = createDb(databaseUrl, 2);
  cleanups.push(async () => db.destroy());

  const now = new Date();
  const { tenant, adminUserId } = await createTenant(
    db,
    {
      name: 'Fault',
      billingCountry: 'US',
      admin: { email: 'fault@example.com', displayName: 'F', password: 'correct horse battery' },
    },
    { cloud: loadConfig({}).cloud, now, actor: systemActor },
  );
  const token = newSecret('bct');
  await db
    .insertInto('api_tokens')
    .values({
      id: newId('apiToken'),
      tenant_id: tenant.id,
      user_id: adminUserId,
      name: 'fault',
      token_hash: hashToken(token),
      created_at: now,
    })
    .execute();

  const env = {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    BILLING_CENTER_DATA_DIR: work,
    BILLING_CENTER_OPERATOR_TOKEN: operatorToken,
    BILLING_CENTER_SEED_DEMO: 'false',
    BILLING_CENTER_STRIPE_API_BASE: gatewayUrl,
    BILLING_CENTER_BILLING_INTERVAL_SECONDS: '0',
    BILLING_CENTER_RECONCILE_AFTER_SECONDS: '2',
    LOG_LEVEL: 'silent',
  };
  const startServer = () => startCli(['serve'], env, /Admin center\s+(http:\/\/[^\s/]+)/);
  let server = await startServer();
  const sent: Sent[] = [];
  const stop = { now: false };
  const loading = load(server.match[1]!, token, stop, sent);
  await new Promise((r) => setTimeout(r, 3000));
  // No new requests from here: what is in flight now is what the crash interrupts.
  stop.now = true;
  if (kill === 'server') server.child.kill('SIGKILL');
  else {
    const pid = Number(
      fs.readFileSync(path.join(pgDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0],
    );
    process.kill(pid, 'SIGKILL');
  }
  await loading;
  if (kill === 'postgres') {
    server.child.kill('SIGKILL');
    // Its children die with the postmaster; the data directory recovers on start.
    await new Promise((r) => setTimeout(r, 1000));
    const pg = await startEmbeddedPostgres({ dataDir: pgDir, port: pgPort });
    pgStop = pg.stop;
  }
  expect(sent.filter((s) => s.status === 201).length).toBeGreaterThan(0);

  server = await startServer();
  const url = server.match[1]!;
  await waitUntilSettled(db);
  const before = await checkLedgerMatches(db, ledgerDir);

  // Every acknowledged order exists, completed.
  const orders = await db.selectFrom('orders').select(['id', 'status']).execute();
  for (const s of sent.filter((x) => x.status === 201))
    expect(orders.find((o) => o.id === s.orderId)?.status).toBe('completed');

  // Retrying every order with its key answers (the first answer if there was one) and creates nothing.
  const retries = await inBatches(sent, (s) => call(url, token, 'POST', '/api/orders', s.body, s.key));
  sent.forEach((s, i) => {
    expect([201, 402, 409, 422, 503]).toContain(retries[i]!.status);
    if (s.status === 201) expect(retries[i]!.body.id).toBe(s.orderId);
  });
  await waitUntilSettled(db);
  const after = await checkLedgerMatches(db, ledgerDir);
  // Only requests that got no definite answer (lost with the process, or a 5xx saying nothing
  // was done) may be carried out by their retry; the others replay.
  const unanswered = sent.filter((s) => s.status === 'lost' || s.status >= 500).length;
  expect(after.charges - before.charges).toBeLessThanOrEqual(unanswered);
  const again = await checkLedgerMatches(db, ledgerDir);
  await inBatches(sent, (s) => call(url, token, 'POST', '/api/orders', s.body, s.key));
  expect((await checkLedgerMatches(db, ledgerDir)).charges).toBe(again.charges);
  server.child.kill('SIGTERM');
  gw.child.kill('SIGTERM');
}

describe('fault: kill -9 under load, restart, reconcile', () => {
  it('the server process killed mid-load', async () => {
    await scenario('server');
  }, 90_000);

  it('PostgreSQL killed mid-load', async () => {
    await scenario('postgres');
  }, 120_000);
});
