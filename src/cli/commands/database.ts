import type { Config } from '../../config.js';
import { demoTenantName, seedDemo } from '../../db/seed.js';
import { systemActor } from '../../modules/audit/index.js';
import { openContext } from '../database.js';
import type { Lifecycle } from '../lifecycle.js';
import { importCatalogWithProgress } from './catalog.js';

/** `billing-center migrate`: applies pending migrations (`npm run db:migrate`). */
export async function migrate(config: Config, lifecycle: Lifecycle): Promise<number> {
  const { database, migrations } = await openContext(config, lifecycle);
  process.stdout.write(
    migrations.length
      ? `Applied ${migrations.length} migration(s) to ${database.description}:\n${migrations.map((m) => `  ${m}\n`).join('')}`
      : `The schema of ${database.description} is up to date.\n`,
  );
  return 0;
}

/**
 * `billing-center seed` (`npm run db:seed`): imports the configured catalog, which the demo
 * buys from, then creates the demo tenant unless it exists. Runs whatever
 * BILLING_CENTER_SEED_DEMO says: asking for it is explicit enough.
 */
export async function seed(config: Config, lifecycle: Lifecycle): Promise<number> {
  const { ctx } = await openContext(config, lifecycle);
  await importCatalogWithProgress(ctx, config.catalogFile, systemActor);
  const demo = await seedDemo(ctx);
  process.stdout.write(
    demo
      ? `Created the demo tenant "${demoTenantName}" (${demo.tenantId}).\n` +
          `Sign in as ${demo.adminEmail} / ${demo.adminPassword}\n`
      : `The demo tenant "${demoTenantName}" already exists; nothing changed.\n`,
  );
  return 0;
}
