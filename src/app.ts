import type { AppContext } from './app-context.js';
import type { Config } from './config.js';
import { createDb, migrateToLatest as migrateSchema, type Db } from './db/connection.js';
import { installJobQueue } from './jobs/index.js';
import type { Clock } from './shared/clock.js';
import { systemClock, TenantAwareClock } from './shared/clock.js';
import { StripeGateway, type PaymentGateway } from './modules/payments/index.js';
import { CatalogCache } from './modules/catalog/index.js';

/** Builds the context every entry point (server, CLI, tests, bench) shares. */
export function createContext(
  config: Config,
  connectionString: string,
  options: { clock?: Clock; gateway?: PaymentGateway; poolSize?: number } = {},
): AppContext {
  return {
    db: createDb(connectionString, options.poolSize, undefined, { prepare: config.preparedStatements }),
    // Reads a tenant's test clock where one is in scope (docs/test-clocks.md).
    clock: new TenantAwareClock(options.clock ?? systemClock),
    config,
    gateway: options.gateway ?? StripeGateway.fromConfig(config.payments),
    catalog: new CatalogCache(),
  };
}

/** The schema's migrations, then pg-boss's schema and queues (they live in the same database). */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const applied = await migrateSchema(db);
  await installJobQueue(db);
  return applied;
}
