import { sql } from 'kysely';
import type { Cloud } from '../../config.js';
import type {
  BillingFrequency,
  Commitment,
  Price,
  Product,
  ProductKind,
  Subscription,
} from '../../db/schema.js';
import type { Executor } from '../audit/index.js';

// SQL only. Rules live in catalog.service.ts.

export interface ProductFilter {
  kind?: ProductKind | undefined;
  cloud?: Cloud | undefined;
  includeRetired?: boolean | undefined;
}

export async function selectProduct(db: Executor, id: string): Promise<Product | undefined> {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectProducts(db: Executor, filter: ProductFilter = {}): Promise<Product[]> {
  let query = db.selectFrom('products').selectAll();
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.cloud) query = query.where(sql<boolean>`clouds @> ${JSON.stringify([filter.cloud])}::jsonb`);
  if (!filter.includeRetired) query = query.where('retired', '=', false);
  return query.orderBy('sort_order').orderBy('id').execute();
}

export async function selectActivePrice(
  db: Executor,
  offer: { productId: string; commitment: Commitment; billingFrequency: BillingFrequency; currency: string },
): Promise<Price | undefined> {
  return db
    .selectFrom('prices')
    .selectAll()
    .where('product_id', '=', offer.productId)
    .where('commitment', '=', offer.commitment)
    .where('billing_frequency', '=', offer.billingFrequency)
    .where('currency', '=', offer.currency)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** Active prices of some products (all products when `productIds` is omitted). */
export async function selectActivePrices(
  db: Executor,
  options: { productIds?: readonly string[]; currency?: string } = {},
): Promise<Price[]> {
  if (options.productIds && options.productIds.length === 0) return [];
  let query = db.selectFrom('prices').selectAll().where('active', '=', true);
  if (options.productIds) query = query.where('product_id', 'in', options.productIds);
  if (options.currency) query = query.where('currency', '=', options.currency);
  return query.orderBy('product_id').orderBy('id').execute();
}

export async function selectPrice(db: Executor, id: string): Promise<Price | undefined> {
  return db.selectFrom('prices').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectTaxRate(db: Executor, country: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('tax_rates')
    .select('rate_basis_points')
    .where('country', '=', country)
    .executeTakeFirst();
  return row?.rate_basis_points;
}

/** Which live traditional add-ons sit on which base subscription, for one tenant. */
export async function selectLiveTraditionalAddons(db: Executor, tenantId: string) {
  return db
    .selectFrom('subscriptions')
    .select(['product_id', 'base_subscription_id'])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'traditional_addon')
    .where('status', 'in', ['active', 'warning'])
    .execute();
}

/**
 * The tenant's base subscriptions that can carry an add-on (active, or in warning while a
 * renewal payment is retried). Always scoped to one tenant.
 */
export async function selectLiveBaseSubscriptions(
  db: Executor,
  tenantId: string,
): Promise<
  Pick<
    Subscription,
    'id' | 'product_id' | 'quantity' | 'billing_frequency' | 'commitment' | 'term_end' | 'period_end'
  >[]
> {
  return db
    .selectFrom('subscriptions')
    .select(['id', 'product_id', 'quantity', 'billing_frequency', 'commitment', 'term_end', 'period_end'])
    .where('tenant_id', '=', tenantId)
    .where('kind', '=', 'base')
    .where('status', 'in', ['active', 'warning'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

// ── Versions and import ──────────────────────────────────────────────────────────────────

/** Serialises catalog imports across processes; released when the transaction ends. */
export async function lockCatalogForImport(db: Executor): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('billing_center.catalog_import'))`.execute(db);
}

export async function selectVersionByChecksum(db: Executor, checksum: string) {
  return db
    .selectFrom('catalog_versions')
    .select(['id', 'version', 'checksum'])
    .where('checksum', '=', checksum)
    .executeTakeFirst();
}

export async function selectVersionByName(db: Executor, version: string) {
  return db
    .selectFrom('catalog_versions')
    .select(['id', 'version', 'checksum'])
    .where('version', '=', version)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** The version in force: every import applies its document, so the newest one. */
export async function selectCurrentVersionId(db: Executor): Promise<number | undefined> {
  const row = await db
    .selectFrom('catalog_versions')
    .select('id')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

export async function selectVersions(db: Executor) {
  return db
    .selectFrom('catalog_versions')
    .select(['id', 'version', 'checksum', 'source', 'imported_at'])
    .orderBy('id', 'desc')
    .execute();
}

export async function insertVersion(
  db: Executor,
  row: { version: string; checksum: string; source: string; document: unknown; importedAt: Date },
): Promise<number> {
  const inserted = await db
    .insertInto('catalog_versions')
    .values({
      version: row.version,
      checksum: row.checksum,
      source: row.source,
      document: JSON.stringify(row.document),
      imported_at: row.importedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export interface ProductRow {
  id: string;
  kind: ProductKind;
  addon_kind: Product['addon_kind'];
  unit: Product['unit'];
  min_quantity: number;
  max_quantity: number;
  names: Product['names'];
  descriptions: Product['descriptions'];
  clouds: string[];
  eligible_base_product_ids: string[];
  sort_order: number;
}

/** Inserts or rewrites the listed products and brings them back from retirement. */
export async function upsertProducts(
  db: Executor,
  rows: readonly ProductRow[],
  versionId: number,
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('products')
    .values(
      rows.map((r) => ({
        ...r,
        names: JSON.stringify(r.names),
        descriptions: JSON.stringify(r.descriptions),
        clouds: JSON.stringify(r.clouds),
        eligible_base_product_ids: JSON.stringify(r.eligible_base_product_ids),
        catalog_version_id: versionId,
        retired: false,
      })),
    )
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        kind: eb.ref('excluded.kind'),
        addon_kind: eb.ref('excluded.addon_kind'),
        unit: eb.ref('excluded.unit'),
        min_quantity: eb.ref('excluded.min_quantity'),
        max_quantity: eb.ref('excluded.max_quantity'),
        names: eb.ref('excluded.names'),
        descriptions: eb.ref('excluded.descriptions'),
        clouds: eb.ref('excluded.clouds'),
        eligible_base_product_ids: eb.ref('excluded.eligible_base_product_ids'),
        sort_order: eb.ref('excluded.sort_order'),
        catalog_version_id: eb.ref('excluded.catalog_version_id'),
        retired: false,
      })),
    )
    .execute();
}

/** Products the new catalog no longer lists: kept (subscriptions refer to them), not sold. */
export async function retireProductsExcept(db: Executor, keepIds: readonly string[]): Promise<string[]> {
  let query = db.updateTable('products').set({ retired: true }).where('retired', '=', false);
  if (keepIds.length > 0) query = query.where('id', 'not in', keepIds);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id).sort();
}

/** Deactivates every active price that is not of `versionId`. Amounts are never touched. */
export async function deactivatePricesNotOfVersion(db: Executor, versionId: number): Promise<number> {
  const result = await db
    .updateTable('prices')
    .set({ active: false })
    .where('active', '=', true)
    .where('catalog_version_id', '<>', versionId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Inserts the prices of a new version. Existing price rows are never rewritten. */
export async function insertPrices(db: Executor, rows: readonly Omit<Price, 'active'>[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('prices')
    .values(rows.map((r) => ({ ...r, active: true })))
    .execute();
}

export async function replaceTaxRates(
  db: Executor,
  rates: Record<string, number>,
  versionId: number,
): Promise<void> {
  const countries = Object.keys(rates);
  let del = db.deleteFrom('tax_rates');
  if (countries.length > 0) del = del.where('country', 'not in', countries);
  await del.execute();
  if (countries.length === 0) return;
  await db
    .insertInto('tax_rates')
    .values(
      countries.map((country) => ({
        country,
        rate_basis_points: rates[country]!,
        catalog_version_id: versionId,
      })),
    )
    .onConflict((oc) =>
      oc.column('country').doUpdateSet((eb) => ({
        rate_basis_points: eb.ref('excluded.rate_basis_points'),
        catalog_version_id: eb.ref('excluded.catalog_version_id'),
      })),
    )
    .execute();
}

/**
 * How many subscriptions, across all tenants, use each product. Operator-level on purpose:
 * a catalog import must not change the nature of a product anyone is subscribed to.
 */
export async function countSubscriptionsByProduct(
  db: Executor,
  productIds: readonly string[],
): Promise<Map<string, number>> {
  if (productIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('subscriptions')
    .select(['product_id', (eb) => eb.fn.countAll<string>().as('count')])
    .where('product_id', 'in', productIds)
    .groupBy('product_id')
    .execute();
  return new Map(rows.map((r) => [r.product_id, Number(r.count)]));
}

/** Everything checkout prices from, for the in-memory cache: products, active prices, tax rates. */
export async function selectCheckoutCatalog(db: Executor) {
  const [products, prices, taxRates] = await Promise.all([
    db.selectFrom('products').selectAll().execute(),
    db.selectFrom('prices').selectAll().where('active', '=', true).execute(),
    db.selectFrom('tax_rates').selectAll().execute(),
  ]);
  return { products, prices, taxRates };
}
