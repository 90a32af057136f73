import { sql, type Transaction } from 'kysely';
import type { Database, LocalizedText, ProductKind, ProductUnit } from '../../db/schema.js';
import type { Executor } from '../audit/index.js';
import { countingStatuses } from './licensing.types.js';

/** Namespace of the advisory locks taken by the licensing area (first key of the pair). */
const licenseLockNamespace = 0x4c4943; // "LIC"

/**
 * Serialises every license change of one tenant until the transaction ends. One lock per
 * tenant rather than per product: an add-on license depends on base licenses of other
 * products, and a purchase may auto-assign several products in one transaction; a single lock
 * makes both safe without any lock-ordering deadlock. License changes are rare admin actions,
 * so the contention is negligible.
 */
export async function lockTenantLicenses(trx: Transaction<Database>, tenantId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${licenseLockNamespace}::int, hashtext(${tenantId}))`.execute(trx);
}

export interface LicensedProduct {
  id: string;
  kind: ProductKind;
  unit: ProductUnit;
  names: LocalizedText;
  eligible_base_product_ids: string[];
}

export async function findProducts(db: Executor, productIds: readonly string[]): Promise<LicensedProduct[]> {
  if (productIds.length === 0) return [];
  return db
    .selectFrom('products')
    .select(['id', 'kind', 'unit', 'names', 'eligible_base_product_ids'])
    .where('id', 'in', [...productIds])
    .execute();
}

export async function sumPurchased(db: Executor, tenantId: string, productId: string): Promise<number> {
  const row = await db
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('quantity'), sql<number>`0`).as('purchased'))
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .where('status', 'in', [...countingStatuses])
    .executeTakeFirst();
  return Number(row?.purchased ?? 0);
}

export async function countAssignments(db: Executor, tenantId: string, productId: string): Promise<number> {
  const row = await db
    .selectFrom('license_assignments')
    .select((eb) => eb.fn.countAll<number>().as('assigned'))
    .where('tenant_id', '=', tenantId)
    .where('product_id', '=', productId)
    .executeTakeFirst();
  return Number(row?.assigned ?? 0);
}

export interface TenantUserRow {
  id: string;
  email: string;
  display_name: string;
}

export async function findTenantUsers(
  db: Executor,
  tenantId: string,
  userIds: readonly string[],
): Promise<TenantUserRow[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...userIds])
    .execute();
}

/** Users of the tenant who do not hold `productId`, oldest first (the auto-assign order). */
export async function usersWithoutProduct(
  db: Executor,
  tenantId: string,
  productId: string,
): Promise<TenantUserRow[]> {
  return db
    .selectFrom('users')
    .select(['users.id', 'users.email', 'users.display_name'])
    .where('users.tenant_id', '=', tenantId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('license_assignments')
            .select('license_assignments.id')
            .where('license_assignments.tenant_id', '=', tenantId)
            .whereRef('license_assignments.user_id', '=', 'users.id')
            .where('license_assignments.product_id', '=', productId),
        ),
      ),
    )
    .orderBy('users.created_at')
    .orderBy('users.id')
    .execute();
}

export interface AssignmentRow {
  id: string;
  user_id: string;
  product_id: string;
  assigned_at: Date;
}

/** Every license held by the given users (all products). */
export async function licensesOfUsers(
  db: Executor,
  tenantId: string,
  userIds: readonly string[],
): Promise<AssignmentRow[]> {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('license_assignments')
    .select(['id', 'user_id', 'product_id', 'assigned_at'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', 'in', [...userIds])
    .orderBy('seq')
    .execute();
}

export async function insertAssignment(
  db: Executor,
  row: { id: string; tenant_id: string; user_id: string; product_id: string; assigned_at: Date },
): Promise<void> {
  await db.insertInto('license_assignments').values(row).execute();
}

export async function deleteAssignment(db: Executor, tenantId: string, userId: string, productId: string) {
  await db
    .deleteFrom('license_assignments')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('product_id', '=', productId)
    .execute();
}

/** The holders of one product, oldest assignment first. */
export async function assignmentsOfProduct(db: Executor, tenantId: string, productId: string) {
  return db
    .selectFrom('license_assignments')
    .innerJoin('users', 'users.id', 'license_assignments.user_id')
    .select([
      'license_assignments.user_id',
      'users.email',
      'users.display_name',
      'license_assignments.assigned_at',
    ])
    .where('license_assignments.tenant_id', '=', tenantId)
    .where('users.tenant_id', '=', tenantId)
    .where('license_assignments.product_id', '=', productId)
    .orderBy('license_assignments.seq')
    .execute();
}

/** The `count` most recently assigned licenses of a product (highest seq first). */
export async function newestAssignments(db: Executor, tenantId: string, productId: string, count: number) {
  return db
    .selectFrom('license_assignments')
    .innerJoin('users', 'users.id', 'license_assignments.user_id')
    .select(['license_assignments.user_id', 'users.email', 'license_assignments.product_id'])
    .where('license_assignments.tenant_id', '=', tenantId)
    .where('license_assignments.product_id', '=', productId)
    .orderBy('license_assignments.seq', 'desc')
    .limit(count)
    .execute();
}

/**
 * Purchased and assigned counts of every product the tenant pays for (a subscription in a
 * counting status) or still has licenses of.
 */
export async function summaryRows(db: Executor, tenantId: string) {
  const rows = await db
    .selectFrom('products')
    .select((eb) => [
      'products.id',
      'products.names',
      'products.kind',
      'products.unit',
      eb
        .selectFrom('subscriptions')
        .select((s) => s.fn.coalesce(s.fn.sum<number>('subscriptions.quantity'), sql<number>`0`).as('q'))
        .where('subscriptions.tenant_id', '=', tenantId)
        .whereRef('subscriptions.product_id', '=', 'products.id')
        .where('subscriptions.status', 'in', [...countingStatuses])
        .as('purchased'),
      eb
        .selectFrom('license_assignments')
        .select((s) => s.fn.countAll<number>().as('c'))
        .where('license_assignments.tenant_id', '=', tenantId)
        .whereRef('license_assignments.product_id', '=', 'products.id')
        .as('assigned'),
    ])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('subscriptions')
            .select('subscriptions.id')
            .where('subscriptions.tenant_id', '=', tenantId)
            .whereRef('subscriptions.product_id', '=', 'products.id')
            .where('subscriptions.status', 'in', [...countingStatuses]),
        ),
        eb.exists(
          eb
            .selectFrom('license_assignments')
            .select('license_assignments.id')
            .where('license_assignments.tenant_id', '=', tenantId)
            .whereRef('license_assignments.product_id', '=', 'products.id'),
        ),
      ]),
    )
    .orderBy('products.sort_order')
    .orderBy('products.id')
    .execute();
  return rows.map((r) => ({ ...r, purchased: Number(r.purchased ?? 0), assigned: Number(r.assigned ?? 0) }));
}
