import { sql, type Transaction } from 'kysely';
import type { Database, Subscription } from '../../db/schema.js';
import { lockTenantLicenses } from '../licensing/index.js';
import { lockSubscriptionsInOrder, lockSubscriptionsOfTenants } from '../subscriptions/index.js';

/** Namespace of the per-tenant billing lock (first key of the advisory lock pair). */
const billingLockNamespace = 0x42494c; // "BIL"

/**
 * The tenant id written into the statement rather than sent as a parameter: a statement without
 * parameters travels with its transaction's BEGIN in one round trip (src/db/prepared.ts), and
 * this lock opens every money transaction. Only ids of our own shape are inlined.
 */
function idLiteral(id: string) {
  return /^[A-Za-z0-9_-]{1,100}$/.test(id) ? sql.lit(id) : sql`${id}`;
}

/**
 * The ONE lock order of every money-changing path (checkout, quantity change, cancellation,
 * recurring billing, support removal, billing run, reconciliation): the tenant's billing lock,
 * then the subscriptions involved (bases before add-ons, then by id), then the tenant's license
 * lock. Taking the tenant lock first serialises money changes of one tenant, so two of them
 * can never wait on each other in opposite orders; other tenants are untouched.
 * Never held across a gateway call: the call happens between two transactions.
 */
export async function lockMoneyPath(
  trx: Transaction<Database>,
  tenantId: string,
  options: { subscriptionIds?: string[]; family?: boolean; licenses?: boolean } = {},
): Promise<Map<string, Subscription>> {
  await sql`SELECT pg_advisory_xact_lock(${sql.lit(billingLockNamespace)}::int, hashtext(${idLiteral(tenantId)}))`.execute(
    trx,
  );
  const rows = await lockSubscriptionsInOrder(trx, tenantId, options.subscriptionIds ?? [], {
    family: options.family ?? true,
  });
  if (options.licenses) await lockTenantLicenses(trx, tenantId);
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * `lockMoneyPath` for a batch of tenants (the billing cycle): the billing locks of all of them
 * in tenant id order, then their subscriptions (each tenant's bases before add-ons, then by id).
 * Anyone else takes at most one tenant's locks, or takes several in the same order, so no
 * two transactions can wait on each other. No license lock: renewals never assign licenses.
 */
export async function lockMoneyPaths(
  trx: Transaction<Database>,
  tenantIds: string[],
  subscriptionIds: string[],
): Promise<Subscription[]> {
  const sorted = [...new Set(tenantIds)].sort();
  await sql`
    SELECT count(pg_advisory_xact_lock(${billingLockNamespace}::int, hashtext(t)))
    FROM (SELECT t FROM unnest(${sorted}::text[]) AS u(t) ORDER BY t) AS ordered
  `.execute(trx);
  return lockSubscriptionsOfTenants(trx, sorted, subscriptionIds);
}
