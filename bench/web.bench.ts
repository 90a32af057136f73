/**
 * `npm run bench:web`: the admin center's first route, measured in Debian's Chromium against
 * the real server on localhost (web/dist served by Fastify, gzip on, demo tenant seeded).
 *
 * - JS of the first route, gzipped: every script the browser fetched to show the page (the
 *   bytes on the wire, as the server compresses them).
 * - Time to interactive: navigation start → the page's first control can be used (sign-in:
 *   the Sign in button; home: the subscription and license cards filled from the API).
 *
 * Each load is cold (a new browser context: empty cache). Targets (issue 3): ≤ 250 KB gzipped
 * for the first route, interactive < 1.5 s. Prints the median of RUNS loads (default 5).
 * BENCH_STRICT=true exits 1 when a target is missed.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { createContext } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createDb, ensureDatabase, startEmbeddedPostgres } from '../src/db/connection.js';
import { migrateToLatest } from '../src/app.js';
import { seedDemo } from '../src/db/seed.js';
import { buildServer } from '../src/http/server.js';
import { findWebDist } from '../src/http/static.js';
import { systemActor } from '../src/modules/audit/index.js';
import { importCatalogFile } from '../src/modules/catalog/index.js';

const runs = Number(process.env.RUNS ?? 5);
const targets = { firstRouteKb: 250, interactiveMs: 1500 };
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error()),
      );
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

interface Load {
  interactiveMs: number;
  scripts: number;
  scriptBytes: number;
}

async function measure(
  browser: Browser,
  url: string,
  ready: string,
  cookie?: { name: string; value: string },
): Promise<Load> {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1366, height: 900 } });
  if (cookie) await context.addCookies([{ ...cookie, url }]);
  const page = await context.newPage();
  const scripts: Promise<number>[] = [];
  page.on('requestfinished', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.sizes().then((s) => s.responseBodySize));
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector(ready, { state: 'visible' });
  const interactiveMs = await page.evaluate(() => performance.now());
  await page.waitForLoadState('networkidle');
  const sizes = await Promise.all(scripts);
  await context.close();
  return { interactiveMs, scripts: sizes.length, scriptBytes: sizes.reduce((a, b) => a + b, 0) };
}

async function main() {
  if (!findWebDist()) throw new Error('web/dist is missing: npm run build:web');
  let adminUrl = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-bench-web-'));
  if (!adminUrl) {
    fs.chmodSync(tempDir, 0o777);
    const pg = await startEmbeddedPostgres({ dataDir: tempDir, port: await freePort() });
    adminUrl = pg.connectionString;
    stop = pg.stop;
  }
  const database = `bc_bench_web_${process.pid}`;
  await ensureDatabase(adminUrl, database);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${database}`;
  const db = createDb(dbUrl.toString(), 1);
  await migrateToLatest(db);
  await importCatalogFile(db, path.resolve('catalog/default.yaml'), { now: new Date(), actor: systemActor });
  await db.destroy();

  const ctx = createContext(loadConfig({ BILLING_CENTER_BILLING_INTERVAL_SECONDS: '0' }), dbUrl.toString(), {
    poolSize: 5,
  });
  const demo = await seedDemo(ctx);
  const app = await buildServer(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: demo!.adminEmail, password: demo!.adminPassword }),
  });
  const session = /bc_session=([^;]+)/.exec(login.headers.get('set-cookie') ?? '')?.[1];
  if (!session) throw new Error(`Sign-in failed: ${login.status}`);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
  try {
    // One warm-up load each: the server's first answers include lazy work (catalog cache, JIT).
    await measure(browser, `${base}/signin`, 'button[type=submit]');
    await measure(browser, `${base}/`, 'text=/of \\d+ assigned/', { name: 'bc_session', value: session });
    const signIn: Load[] = [];
    const home: Load[] = [];
    for (let i = 0; i < runs; i++) {
      signIn.push(await measure(browser, `${base}/signin`, 'button[type=submit]'));
      home.push(
        await measure(browser, `${base}/`, 'text=/of \\d+ assigned/', { name: 'bc_session', value: session }),
      );
    }
    const rows = [
      ['sign-in (first route, signed out)', signIn],
      ['home (first route, signed in, data loaded)', home],
    ] as const;
    console.log(`\nAdmin center first route, Chromium on localhost, median of ${runs} cold loads\n`);
    console.log(
      'route'.padEnd(46),
      'JS gzipped'.padStart(12),
      'target'.padStart(9),
      'scripts'.padStart(8),
      'interactive'.padStart(12),
      'target'.padStart(9),
    );
    let ok = true;
    for (const [name, loads] of rows) {
      const kb = median(loads.map((l) => l.scriptBytes)) / 1024;
      const ms = median(loads.map((l) => l.interactiveMs));
      const scripts = median(loads.map((l) => l.scripts));
      ok &&= kb <= targets.firstRouteKb && ms < targets.interactiveMs;
      console.log(
        name.padEnd(46),
        `${kb.toFixed(1)} KB`.padStart(12),
        `${((kb / targets.firstRouteKb) * 100).toFixed(0)} %`.padStart(9),
        String(scripts).padStart(8),
        `${ms.toFixed(0)} ms`.padStart(12),
        `${((ms / targets.interactiveMs) * 100).toFixed(0)} %`.padStart(9),
      );
    }
    console.log(
      `\nTargets: ≤ ${targets.firstRouteKb} KB gzipped, interactive < ${targets.interactiveMs} ms: ${ok ? 'met' : 'MISSED'}`,
    );
    if (!ok && process.env.BENCH_STRICT === 'true') process.exitCode = 1;
  } finally {
    await browser.close();
    await app.close();
    await ctx.db.destroy();
    if (stop) await stop();
    else {
      const admin = createDb(adminUrl, 1);
      const { sql } = await import('kysely');
      await sql.raw(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).execute(admin);
      await admin.destroy();
    }
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

await main();
