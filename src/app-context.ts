import type { Config } from './config.js';
import type { Db } from './db/connection.js';
import type { Clock } from './shared/clock.js';
import type { PaymentGateway } from './modules/payments/index.js';
import type { CatalogCache } from './modules/catalog/index.js';

/** What every workflow and route needs, built once at start-up and passed down explicitly. */
export interface AppContext {
  db: Db;
  clock: Clock;
  config: Config;
  gateway: PaymentGateway;
  /** Products, active prices and tax rates for checkout; cleared by a catalog import. */
  catalog: CatalogCache;
}
