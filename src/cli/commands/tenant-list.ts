import type { Config } from '../../config.js';
import { listTenants, toTenantView } from '../../modules/tenants/index.js';
import { openContext } from '../database.js';
import type { Lifecycle } from '../lifecycle.js';
import { day, printJson, table } from '../remote.js';

/**
 * `billing-center tenant list`: every tenant of the database, for the operator (like
 * `tenant create`, it reads the database, so it works with no server running).
 */
export async function listTenantsCommand(
  config: Config,
  lifecycle: Lifecycle,
  args: { json: boolean },
): Promise<number> {
  const { ctx } = await openContext(config, lifecycle);
  const tenants = (await listTenants(ctx.db)).map(toTenantView);
  if (args.json) {
    printJson(tenants);
    return 0;
  }
  if (tenants.length === 0) {
    process.stdout.write('No tenants yet. Create one with "billing-center tenant create".\n');
    return 0;
  }
  process.stdout.write(
    table(
      ['ID', 'NAME', 'COUNTRY', 'CURRENCY', 'LOCALE', 'CREATED'],
      tenants.map((t) => [t.id, t.name, t.billingCountry, t.currency, t.locale, day(t.createdAt)]),
    ),
  );
  return 0;
}
