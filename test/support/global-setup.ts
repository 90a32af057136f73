import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import type { TestProject } from 'vitest/node';
import { createDb, ensureDatabase, startEmbeddedPostgres } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/app.js';
import { importCatalogFile } from '../../src/modules/catalog/index.js';
import { systemActor } from '../../src/modules/audit/index.js';
import { startTestGateway } from '../../src/test-gateway/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    templateDatabase: string;
    databasePrefix: string;
    /** The one Stripe-compatible test gateway of the run (its own temp ledger). */
    gatewayUrl: string;
  }
}

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

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/**
 * One PostgreSQL for the whole run: the embedded one (fresh, in a temp folder) unless
 * DATABASE_URL names a server. A template database is migrated and loaded with the default
 * catalog once; each test file then clones it, which takes milliseconds.
 */
export default async function setup(project: TestProject) {
  let adminUrl: string;
  let stop: (() => Promise<void>) | undefined;
  let tempDir: string | undefined;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-test-pg-'));
    fs.chmodSync(tempDir, 0o777);
    const server = await startEmbeddedPostgres({ dataDir: tempDir, port: await freePort() });
    adminUrl = server.connectionString;
    stop = server.stop;
  }
  const template = `bc_template_${process.pid}`;
  const templateUrl = withDatabase(adminUrl, template);
  const admin = createDb(adminUrl, 1);
  await ensureDatabase(adminUrl, template);
  const db = createDb(templateUrl, 1);
  await migrateToLatest(db);
  await importCatalogFile(db, path.resolve('catalog/default.yaml'), { now: new Date(), actor: systemActor });
  await db.destroy();
  await admin.destroy();
  project.provide('pgAdminUrl', adminUrl);
  project.provide('templateDatabase', template);
  project.provide('databasePrefix', `bc_t_${process.pid}_`);
  const gatewayDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bc-test-gateway-'));
  const gateway = await startTestGateway({ dataDir: gatewayDir, port: 0 });
  project.provide('gatewayUrl', gateway.url);
  return async () => {
    await gateway.close();
    fs.rmSync(gatewayDir, { recursive: true, force: true });
    if (stop) await stop();
    else {
      const cleanup = createDb(adminUrl, 1);
      const { sql } = await import('kysely');
      const rows = await sql<{
        datname: string;
      }>`SELECT datname FROM pg_database WHERE datname LIKE ${`bc_t_${process.pid}_%`} OR datname = ${template}`.execute(
        cleanup,
      );
      for (const r of rows.rows)
        await sql.raw(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`).execute(cleanup);
      await cleanup.destroy();
    }
    if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
  };
}
