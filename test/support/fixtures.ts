import type { AppContext } from '../../src/app-context.js';
import type { ProductKind, ProductUnit, SubscriptionKind, SubscriptionStatus } from '../../src/db/schema.js';
import { addMonths } from '../../src/shared/dates.js';
import { newId } from '../../src/shared/ids.js';

/**
 * A small catalog of its own, so license tests never depend on the default catalog's ids or
 * prices (it may or may not be loaded in the template database): two base plans, an add-on
 * eligible with either, an add-on of an add-on, storage in GB and a prepaid credit.
 */
export const fx = {
  e3: 'fx-base-e3',
  e5: 'fx-base-e5',
  phone: 'fx-addon-phone',
  calling: 'fx-addon-calling',
  storage: 'fx-addon-storage',
  credits: 'fx-addon-credits',
} as const;

interface FixtureProduct {
  id: string;
  kind: ProductKind;
  unit: ProductUnit;
  en: string;
  fr: string;
  eligible: string[];
}

const products: FixtureProduct[] = [
  { id: fx.e3, kind: 'base', unit: 'user', en: 'Fixture E3', fr: 'Fixture E3 (fr)', eligible: [] },
  { id: fx.e5, kind: 'base', unit: 'user', en: 'Fixture E5', fr: 'Fixture E5 (fr)', eligible: [] },
  {
    id: fx.phone,
    kind: 'addon',
    unit: 'user',
    en: 'Fixture Phone',
    fr: 'Téléphonie fixture',
    eligible: [fx.e3, fx.e5],
  },
  // Needs the phone add-on: exercises add-on chains in cascades and releases.
  {
    id: fx.calling,
    kind: 'addon',
    unit: 'user',
    en: 'Fixture Calling',
    fr: 'Appels fixture',
    eligible: [fx.phone],
  },
  {
    id: fx.storage,
    kind: 'addon',
    unit: 'gb',
    en: 'Fixture Storage',
    fr: 'Stockage fixture',
    eligible: [fx.e3, fx.e5],
  },
  {
    id: fx.credits,
    kind: 'addon',
    unit: 'credit',
    en: 'Fixture Credits',
    fr: 'Crédits fixture',
    eligible: [fx.e5],
  },
];

const ensured = new WeakSet<AppContext>();

/** Inserts the fixture catalog once per database (idempotent). */
export async function ensureFixtureCatalog(ctx: AppContext): Promise<void> {
  if (ensured.has(ctx)) return;
  // Attach to the catalog version in force when there is one: a version row of our own would
  // become "the newest catalog" and change what the catalog area considers current.
  let versionId = (
    await ctx.db.selectFrom('catalog_versions').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst()
  )?.id;
  if (versionId === undefined) {
    const inserted = await ctx.db
      .insertInto('catalog_versions')
      .values({
        version: 'test-fixtures',
        checksum: 'test-fixtures',
        source: 'test/support/fixtures.ts',
        document: '{}',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    versionId = inserted.id;
  }
  for (const [i, p] of products.entries()) {
    await ctx.db
      .insertInto('products')
      .values({
        id: p.id,
        kind: p.kind,
        addon_kind: p.kind === 'addon' ? 'standalone' : null,
        unit: p.unit,
        min_quantity: 1,
        max_quantity: 10_000,
        names: JSON.stringify({ 'en-US': p.en, 'fr-FR': p.fr }),
        descriptions: JSON.stringify({ 'en-US': p.en }),
        clouds: JSON.stringify(['worldwide', 'germany', '21vianet']),
        eligible_base_product_ids: JSON.stringify(p.eligible),
        sort_order: 10_000 + i,
        catalog_version_id: versionId,
        retired: false,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await ctx.db
      .insertInto('prices')
      .values({
        id: `price_${p.id}`,
        product_id: p.id,
        catalog_version_id: versionId,
        commitment: 'monthly',
        billing_frequency: 'monthly',
        currency: 'USD',
        unit_amount: 1000,
        // Inactive: never offered at checkout, only referenced by fixture subscriptions.
        active: false,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  ensured.add(ctx);
}

/**
 * A subscription row written directly (no checkout, no invoice), for license tests.
 *
 * @example
 * await insertSubscription(server.ctx, { tenantId: tenant.id, productId: fx.e3, quantity: 3 });
 */
export async function insertSubscription(
  ctx: AppContext,
  input: {
    tenantId: string;
    productId: string;
    quantity: number;
    status?: SubscriptionStatus;
    kind?: SubscriptionKind;
    baseSubscriptionId?: string;
  },
): Promise<string> {
  await ensureFixtureCatalog(ctx);
  const product = await ctx.db
    .selectFrom('products')
    .select(['id', 'kind'])
    .where('id', '=', input.productId)
    .executeTakeFirstOrThrow();
  const price = await ctx.db
    .selectFrom('prices')
    .select(['id', 'commitment', 'billing_frequency', 'currency', 'unit_amount'])
    .where('product_id', '=', input.productId)
    .orderBy('active', 'desc')
    .executeTakeFirst();
  if (!price) throw new Error(`no price for ${input.productId}`);
  const now = ctx.clock.now();
  const id = newId('subscription', now.getTime());
  const kind: SubscriptionKind =
    input.kind ??
    (input.baseSubscriptionId ? 'traditional_addon' : product.kind === 'addon' ? 'standalone_addon' : 'base');
  const end = addMonths(now, 1);
  await ctx.db
    .insertInto('subscriptions')
    .values({
      id,
      tenant_id: input.tenantId,
      product_id: input.productId,
      price_id: price.id,
      kind,
      base_subscription_id: input.baseSubscriptionId ?? null,
      quantity: input.quantity,
      commitment: price.commitment,
      billing_frequency: price.billing_frequency,
      currency: price.currency,
      unit_amount: price.unit_amount,
      status: input.status ?? 'active',
      recurring_billing: true,
      term_start: now,
      term_end: end,
      period_start: now,
      period_end: end,
      window_start: now,
      status_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

/** Changes a fixture subscription directly (a cancellation or reduction done elsewhere). */
export async function setSubscription(
  ctx: AppContext,
  subscriptionId: string,
  patch: { quantity?: number; status?: SubscriptionStatus },
): Promise<void> {
  await ctx.db
    .updateTable('subscriptions')
    .set({ ...patch, updated_at: ctx.clock.now() })
    .where('id', '=', subscriptionId)
    .execute();
}

/** Product ids held by a user, read straight from the database. */
export async function licensesOf(ctx: AppContext, userId: string): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('license_assignments')
    .select('product_id')
    .where('user_id', '=', userId)
    .orderBy('product_id')
    .execute();
  return rows.map((r) => r.product_id);
}

export async function countAuditEntries(ctx: AppContext, tenantId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
