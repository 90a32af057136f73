import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { AppContext } from '../app-context.js';
import { createContext, migrateToLatest } from '../app.js';
import type { Config } from '../config.js';
import { startEmbeddedPostgres } from '../db/connection.js';
import { EmbeddedPostgresError } from '../db/embedded-postgres.js';
import type { Clock } from '../shared/clock.js';
import { CliError } from './cli-error.js';
import type { Lifecycle } from './lifecycle.js';

/** Where the command's data lives, said in words for the banner and error messages. */
export interface DatabaseChoice {
  connectionString: string;
  kind: 'embedded' | 'external';
  description: string;
}

/** How long PostgreSQL gets to finish a clean shutdown before the CLI stops waiting. */
const stopTimeoutMs = 30_000;

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL under BILLING_CENTER_DATA_DIR on
 * BILLING_CENTER_PG_PORT, started now and stopped by `lifecycle.close()`.
 *
 * @example
 * const lifecycle = new Lifecycle();
 * const database = await openDatabase(loadConfig(), lifecycle);
 * // … use database.connectionString …
 * await lifecycle.close(); // stops the embedded PostgreSQL if this call started it
 */
export async function openDatabase(
  config: Config,
  lifecycle: Lifecycle,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<DatabaseChoice> {
  if (config.databaseUrl) {
    return {
      connectionString: config.databaseUrl,
      kind: 'external',
      description: `PostgreSQL at ${redactConnectionString(config.databaseUrl)} (DATABASE_URL)`,
    };
  }
  const postgresDir = path.join(config.dataDir, 'postgres');
  const port = config.embeddedPostgresPort;
  const fresh = !fs.existsSync(path.join(postgresDir, 'PG_VERSION'));
  log(
    fresh
      ? `Initialising the embedded PostgreSQL in ${postgresDir} (first start, takes a few seconds)…`
      : `Starting the embedded PostgreSQL (${postgresDir}, port ${port})…`,
  );
  let server: Awaited<ReturnType<typeof startEmbeddedPostgres>>;
  try {
    server = await startEmbeddedPostgres({ dataDir: config.dataDir, port, log });
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) throw new CliError(error.message, { hint: error.hint });
    throw startFailure(error, postgresDir, port);
  }
  lifecycle.defer('stop the embedded PostgreSQL', async () => {
    await stopEmbedded(server.stop, postgresDir);
    log('Embedded PostgreSQL stopped.');
  });
  return {
    connectionString: server.connectionString,
    kind: 'embedded',
    description: `embedded PostgreSQL on 127.0.0.1:${port}, data in ${postgresDir}`,
  };
}

/**
 * The database, migrated to the latest schema, and the context every workflow takes. The pool
 * is destroyed (and the embedded server stopped) by `lifecycle.close()`.
 */
export async function openContext(
  config: Config,
  lifecycle: Lifecycle,
  options: { clock?: Clock; log?: (line: string) => void } = {},
): Promise<{ ctx: AppContext; database: DatabaseChoice; migrations: string[] }> {
  const database = await openDatabase(config, lifecycle, options.log);
  const ctx = createContext(config, database.connectionString, options.clock ? { clock: options.clock } : {});
  lifecycle.defer('close the database pool', () => ctx.db.destroy());
  let migrations: string[];
  try {
    migrations = await migrateToLatest(ctx.db);
  } catch (error) {
    throw connectionFailure(error, database);
  }
  return { ctx, database, migrations };
}

/** postgres://user:secret@host/db → postgres://user:***@host/db, for banners and logs. */
export function redactConnectionString(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

/** Whether something already listens on host:port (other errors are left to the real listen). */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'EADDRINUSE'));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

/**
 * `EmbeddedPostgres.stop()` waits for the server's exit event, which never comes when the
 * server already stopped (Ctrl+C in a terminal signals PostgreSQL too). PostgreSQL removes
 * postmaster.pid as the last step of a clean shutdown, so that file going away also counts.
 */
async function stopEmbedded(stop: () => Promise<void>, postgresDir: string): Promise<void> {
  const pidFile = path.join(postgresDir, 'postmaster.pid');
  let timer: NodeJS.Timeout | undefined;
  const pidFileGone = new Promise<void>((resolve) => {
    const poll = () => {
      if (!fs.existsSync(pidFile)) resolve();
      else timer = setTimeout(poll, 100);
    };
    timer = setTimeout(poll, 100);
  });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`PostgreSQL did not stop within ${stopTimeoutMs / 1000} s (see ${pidFile})`)),
      stopTimeoutMs,
    ).unref(),
  );
  try {
    await Promise.race([stop(), pidFileGone, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function startFailure(error: unknown, postgresDir: string, port: number): CliError {
  // embedded-postgres rejects with nothing when the server exits during start-up.
  const reason = error instanceof Error ? error.message : 'PostgreSQL exited during start-up';
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return new CliError(`The embedded PostgreSQL could not start: ${reason}.`, {
    hint:
      `Check that port ${port} is free and that ${postgresDir} is a PostgreSQL 18 data directory ` +
      (asRoot
        ? 'that the system user running PostgreSQL can reach (as root, PostgreSQL runs as "billing-center-pg" or the owner of the cluster). '
        : 'that you can write. ') +
      'Or set DATABASE_URL to use another PostgreSQL server.',
  });
}

function connectionFailure(error: unknown, database: DatabaseChoice): Error {
  const code = (error as { code?: unknown } | null)?.code;
  if (
    typeof code === 'string' &&
    ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', '28P01', '3D000'].includes(code)
  ) {
    return new CliError(
      `Cannot use ${database.description}: ${error instanceof Error ? error.message : code}.`,
      {
        hint: 'Check DATABASE_URL (host, port, user, password, database name) and that the server is running.',
      },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
