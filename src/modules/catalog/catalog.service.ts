import { createHash } from 'node:crypto';
import type { Cloud } from '../../config.js';
import type { Db } from '../../db/connection.js';
import { inTransaction } from '../../db/transaction.js';
import type { BillingFrequency, Commitment, Price, Product, ProductKind } from '../../db/schema.js';
import { AppError, localized, msg } from '../../shared/app-error.js';
import { pickLocale, textIn } from '../../shared/locale.js';
import { recordAudit, type Actor, type Executor } from '../audit/index.js';
import { loadCatalogFile } from './catalog.loader.js';
import * as repo from './catalog.repository.js';
import {
  allowedOffers,
  type AddonEligibility,
  type BaseOption,
  type AvailableAddonRow,
  type CatalogDocument,
  type CatalogProblem,
  type CatalogVersionSummary,
  type ImportResult,
  type Language,
  type ProductOffer,
  type ProductRef,
  type ProductView,
} from './catalog.types.js';

// ── Reading ──────────────────────────────────────────────────────────────────────────────

/**
 * One product by id, retired or not (subscriptions keep pointing at retired products).
 *
 * @example
 * const e5 = await getProduct(ctx.db, 'o365-e5'); // e5?.kind === 'base'
 */
export async function getProduct(db: Executor, id: string): Promise<Product | undefined> {
  return repo.selectProduct(db, id);
}

/**
 * Products in catalog order; retired ones only when asked.
 *
 * @example
 * const addOns = await listProducts(ctx.db, { kind: 'addon', cloud: ctx.config.cloud });
 */
export async function listProducts(
  db: Executor,
  filter: { kind?: ProductKind; cloud?: Cloud; includeRetired?: boolean } = {},
): Promise<Product[]> {
  return repo.selectProducts(db, filter);
}

/**
 * The price a new purchase of this offer pays today, if the catalog sells it.
 *
 * @example
 * const price = await findActivePrice(trx, { productId: 'o365-e3', commitment: 'annual', billingFrequency: 'monthly', currency: 'EUR' });
 */
export async function findActivePrice(
  db: Executor,
  offer: { productId: string; commitment: Commitment; billingFrequency: BillingFrequency; currency: string },
): Promise<Price | undefined> {
  return repo.selectActivePrice(db, offer);
}

/** Every active price of one product (all offers, all currencies). */
export async function listActivePrices(db: Executor, productId: string): Promise<Price[]> {
  return repo.selectActivePrices(db, { productIds: [productId] });
}

/**
 * Tax rate of a billing country in basis points (2000 = 20 %), else the catalog's `default`,
 * else 0.
 *
 * @example
 * await getTaxRate(ctx.db, 'FR'); // 2000 with the default catalog
 */
export async function getTaxRate(db: Executor, country: string): Promise<number> {
  return (
    (await repo.selectTaxRate(db, country.toUpperCase())) ?? (await repo.selectTaxRate(db, 'default')) ?? 0
  );
}

/**
 * Whether the catalog lists the product for this cloud instance. Says nothing about
 * retirement: a retired product has no active price, so it cannot be bought anyway, while
 * its existing subscriptions stay manageable.
 *
 * @example
 * isAvailableInCloud(domesticCallingPlan, '21vianet'); // false with the default catalog
 */
export function isAvailableInCloud(product: Pick<Product, 'clouds'>, cloud: Cloud): boolean {
  return product.clouds.includes(cloud);
}

/**
 * The product's name in a language, falling back to English, then to the id.
 *
 * @example
 * productName(lockbox, 'fr'); // 'Référentiel sécurisé du client'
 */
export function productName(product: Pick<Product, 'id' | 'names'>, language: Language): string {
  return textIn(product.names, pickLocale(language), product.id);
}

const offerOrder = allowedOffers.map((o) => `${o.commitment}/${o.billingFrequency}`);

function groupOffers(prices: readonly Price[]): ProductOffer[] {
  const byOffer = new Map<string, ProductOffer>();
  for (const price of prices) {
    const key = `${price.commitment}/${price.billing_frequency}`;
    let offer = byOffer.get(key);
    if (!offer) {
      offer = { commitment: price.commitment, billingFrequency: price.billing_frequency, prices: [] };
      byOffer.set(key, offer);
    }
    offer.prices.push({ priceId: price.id, currency: price.currency, unitAmount: price.unit_amount });
  }
  const rank = (o: ProductOffer) => offerOrder.indexOf(`${o.commitment}/${o.billingFrequency}`);
  const offers = [...byOffer.values()].sort((a, b) => rank(a) - rank(b));
  for (const o of offers) o.prices.sort((a, b) => a.currency.localeCompare(b.currency));
  return offers;
}

function toView(product: Product, prices: readonly Price[]): ProductView {
  return {
    id: product.id,
    kind: product.kind,
    addonKind: product.addon_kind,
    unit: product.unit,
    minQuantity: product.min_quantity,
    maxQuantity: product.max_quantity,
    names: product.names,
    descriptions: product.descriptions,
    clouds: product.clouds,
    availableWith: product.eligible_base_product_ids,
    retired: product.retired,
    catalogVersionId: product.catalog_version_id,
    offers: groupOffers(prices),
  };
}

/** Products sold in a cloud with their active offers, optionally in one currency only. */
export async function describeProducts(
  db: Executor,
  options: { cloud: Cloud; kind?: ProductKind | undefined; currency?: string | undefined },
): Promise<ProductView[]> {
  const products = await repo.selectProducts(db, { cloud: options.cloud, kind: options.kind });
  const prices = await repo.selectActivePrices(db, {
    productIds: products.map((p) => p.id),
    currency: options.currency,
  });
  return products.map((p) =>
    toView(
      p,
      prices.filter((price) => price.product_id === p.id),
    ),
  );
}

/** One product sold in this cloud; `product_not_found` otherwise, retired ones included. */
export async function describeProduct(
  db: Executor,
  options: { id: string; cloud: Cloud; currency?: string | undefined },
): Promise<ProductView> {
  const product = await repo.selectProduct(db, options.id);
  if (!product || !product.clouds.includes(options.cloud)) {
    throw new AppError(
      'product_not_found',
      msg.productNotSoldHere({ productId: options.id, cloud: options.cloud }),
      {
        hint: msg.listInstanceProducts(),
      },
    );
  }
  const prices = await repo.selectActivePrices(db, { productIds: [product.id], currency: options.currency });
  return toView(product, prices);
}

/**
 * The "Available add-ons" table of the source for this cloud: each add-on sold here with the
 * base plans (sold here) it can be bought with, in catalog order.
 *
 * @example
 * const rows = await availableAddons(ctx.db, { cloud: 'worldwide', language: 'fr' });
 * rows[0]; // { addOn: { id: 'addon-customer-lockbox', name: 'Référentiel sécurisé du client' }, availableWith: [...] }
 */
export async function availableAddons(
  db: Executor,
  options: { cloud: Cloud; language: Language },
): Promise<{ addOn: { id: string; name: string }; availableWith: { id: string; name: string }[] }[]> {
  const rows = await availableAddonRows(db, options.cloud);
  const named = (ref: ProductRef) => ({ id: ref.id, name: productName(ref, options.language) });
  return rows.map((row) => ({ addOn: named(row.addOn), availableWith: row.availableWith.map(named) }));
}

async function availableAddonRows(db: Executor, cloud: Cloud): Promise<AvailableAddonRow[]> {
  const products = await repo.selectProducts(db, { cloud });
  const bases = new Map(products.filter((p) => p.kind === 'base').map((p) => [p.id, p]));
  return products
    .filter((p) => p.kind === 'addon')
    .map((addon) => ({
      addOn: { id: addon.id, names: addon.names },
      availableWith: addon.eligible_base_product_ids
        .map((id) => bases.get(id))
        .filter((b): b is Product => b !== undefined)
        .map((b) => ({ id: b.id, names: b.names })),
    }));
}

/**
 * For every add-on this cloud sells: whether the tenant can buy it, why not, and which of its
 * base subscriptions can carry it (PRODUCT.md §2, "Eligibility"; source: "Si cette option est
 * affichée, sélectionnez un abonnement de base").
 *
 * @example
 * const addOns = await addonEligibility(ctx.db, { tenantId, cloud: 'worldwide', currency: 'USD' });
 * addOns.find((a) => a.productId === 'addon-communications-credits')?.canBuy;
 */
export async function addonEligibility(
  db: Executor,
  options: { tenantId: string; cloud: Cloud; currency: string },
): Promise<AddonEligibility[]> {
  const products = await repo.selectProducts(db, { cloud: options.cloud });
  const addons = products.filter((p) => p.kind === 'addon');
  const basesSoldHere = new Map(products.filter((p) => p.kind === 'base').map((p) => [p.id, p]));
  const prices = await repo.selectActivePrices(db, {
    productIds: addons.map((a) => a.id),
    currency: options.currency,
  });
  const subscriptions = await repo.selectLiveBaseSubscriptions(db, options.tenantId);
  // Names of every plan held, sold in this cloud or not (a retired plan still carries add-ons).
  const heldPlans = new Map(
    (await repo.selectProducts(db, { kind: 'base', includeRetired: true })).map((p) => [p.id, p]),
  );
  const carried = new Set(
    (await repo.selectLiveTraditionalAddons(db, options.tenantId)).map(
      (a) => `${a.product_id}|${a.base_subscription_id}`,
    ),
  );

  return addons.map((addon): AddonEligibility => {
    const eligibleIds = new Set(addon.eligible_base_product_ids);
    const required = addon.eligible_base_product_ids
      .map((id) => basesSoldHere.get(id))
      .filter((b): b is Product => b !== undefined);
    // A subscription to a plan this cloud no longer sells still counts: the tenant holds it.
    const holding = subscriptions.filter((s) => eligibleIds.has(s.product_id));
    // A traditional add-on goes once on a base: bases that already carry it are not offered.
    const eligibleBaseSubscriptions = holding
      .filter((s) => addon.addon_kind !== 'traditional' || !carried.has(`${addon.id}|${s.id}`))
      .map((s) => ({
        id: s.id,
        productId: s.product_id,
        quantity: s.quantity,
        billingFrequency: s.billing_frequency,
        commitment: s.commitment,
        termEnd: s.term_end,
      }));
    const traditional = addon.addon_kind === 'traditional';
    const bases = holding.map((s): BaseOption => {
      const taken = traditional && carried.has(`${addon.id}|${s.id}`);
      return {
        id: s.id,
        productId: s.product_id,
        names: heldPlans.get(s.product_id)?.names ?? { 'en-US': s.product_id },
        quantity: s.quantity,
        eligible: !taken,
        reason: taken ? 'addon_already_on_base' : null,
        coTerm: traditional
          ? {
              baseSubscriptionId: s.id,
              termEndsAt: s.term_end,
              currentPeriodEndsAt: s.period_end,
              billingFrequency: s.billing_frequency,
              commitment: s.commitment,
            }
          : null,
      };
    });
    const offers = prices
      .filter((p) => p.product_id === addon.id)
      .sort(
        (a, b) =>
          offerOrder.indexOf(`${a.commitment}/${a.billing_frequency}`) -
          offerOrder.indexOf(`${b.commitment}/${b.billing_frequency}`),
      )
      .map((p) => ({
        commitment: p.commitment,
        billingFrequency: p.billing_frequency,
        priceId: p.id,
        currency: p.currency,
        unitAmount: p.unit_amount,
      }));

    let reason: AddonEligibility['reason'] = null;
    const addonName = localized(addon.names, addon.id);
    if (holding.length > 0 && eligibleBaseSubscriptions.length === 0) {
      reason = { code: 'addon_already_on_base', message: msg.addonOnEveryBase({ product: addonName }) };
    } else if (eligibleBaseSubscriptions.length === 0) {
      reason = {
        code: 'no_eligible_base_subscription',
        message: msg.addonNeedsOneOfPlans({
          product: addonName,
          required: required.map((b) => localized(b.names, b.id)),
        }),
      };
    } else if (offers.length === 0) {
      reason = {
        code: 'price_not_available',
        message: msg.addonHasNoPrice({ product: addonName, currency: options.currency }),
      };
    }

    return {
      productId: addon.id,
      names: addon.names,
      descriptions: addon.descriptions,
      // The catalog guarantees an add-on has a kind (CHECK constraint and loader).
      addonKind: addon.addon_kind ?? 'standalone',
      unit: addon.unit,
      minQuantity: addon.min_quantity,
      maxQuantity: addon.max_quantity,
      offers,
      requiredBaseProductIds: required.map((b) => b.id),
      requiredBaseProducts: required.map((b) => ({ id: b.id, names: b.names })),
      canBuy: reason === null,
      reason,
      eligibleBaseSubscriptions,
      bases,
      defaultBaseSubscriptionId:
        traditional && eligibleBaseSubscriptions.length === 1 ? eligibleBaseSubscriptions[0]!.id : null,
    };
  });
}

// ── Importing ────────────────────────────────────────────────────────────────────────────

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 of the validated document with sorted keys: comments, spacing and key order do
 * not make a new version, any change of data does.
 */
export function catalogChecksum(doc: CatalogDocument): string {
  return createHash('sha256').update(canonicalJson(doc)).digest('hex');
}

/** `price_<product>_<commitment>_<billing>_<currency>_v<versionId>`: one row per version, never rewritten. */
export function priceId(
  productId: string,
  commitment: Commitment,
  billingFrequency: BillingFrequency,
  currency: string,
  versionId: number,
): string {
  return `price_${productId}_${commitment}_${billingFrequency}_${currency.toLowerCase()}_v${versionId}`;
}

function invalid(problems: CatalogProblem[], source: string): AppError {
  const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return new AppError('catalog_invalid', msg.catalogNotImportable({ source, summary }), {
    details: { errors: problems },
  });
}

/**
 * Refuses a new document that changes what a product *is* (kind, add-on kind, unit) while
 * subscriptions use it: their licenses and invoices were built on the old meaning.
 */
async function checkSubscribedProductsKeepTheirNature(db: Executor, doc: CatalogDocument, source: string) {
  const existing = new Map((await repo.selectProducts(db, { includeRetired: true })).map((p) => [p.id, p]));
  const changed = doc.products
    .map((p, index) => ({ p, index, old: existing.get(p.id) }))
    .filter(
      ({ p, old }) =>
        old && (old.kind !== p.kind || old.unit !== p.unit || old.addon_kind !== (p.addonKind ?? null)),
    );
  if (changed.length === 0) return;
  const counts = await repo.countSubscriptionsByProduct(
    db,
    changed.map((c) => c.p.id),
  );
  const problems: CatalogProblem[] = [];
  for (const { p, index, old } of changed) {
    const n = counts.get(p.id) ?? 0;
    if (n === 0 || !old) continue;
    const was = `${old.kind}${old.addon_kind ? `/${old.addon_kind}` : ''} per ${old.unit}`;
    const now = `${p.kind}${p.addonKind ? `/${p.addonKind}` : ''} per ${p.unit}`;
    problems.push({
      path: `products[${index}]`,
      message: `"${p.id}" was ${was} and would become ${now}, but ${n} subscription(s) use it; give the new product a new id`,
    });
  }
  if (problems.length > 0) throw invalid(problems, source);
}

/**
 * Imports a validated catalog in one transaction.
 *
 * - Idempotent by checksum: a document imported before → `changed: false`, nothing written
 *   (to bring an older catalog back, import it under a new `version`).
 * - Versioned: a new document gets a new `catalog_versions` row and NEW price rows
 *   (`price_…_v<versionId>`); older prices are only marked inactive, never changed or deleted,
 *   so what existing subscriptions pay (their copied `unit_amount`, their `price_id`) stays.
 * - Products are upserted; products the document no longer lists are marked `retired`.
 * - Tax rates are replaced; one audit entry (tenant null) describes the import.
 *
 * @example
 * const doc = await loadCatalogFile('catalog/default.yaml');
 * const { versionId, changed } = await importCatalog(ctx.db, doc, { source: 'catalog/default.yaml', now: ctx.clock.now(), actor: systemActor });
 */
export async function importCatalog(
  db: Db,
  doc: CatalogDocument,
  options: { source: string; now: Date; actor: Actor },
): Promise<ImportResult> {
  const checksum = catalogChecksum(doc);
  return inTransaction(db, async (trx) => {
    await repo.lockCatalogForImport(trx);
    const previousId = await repo.selectCurrentVersionId(trx);
    // Any document imported before, in force or not, changes nothing: `serve` imports the
    // configured file at every start and must not undo a newer catalog imported through the API.
    const known = await repo.selectVersionByChecksum(trx, checksum);
    if (known) return { versionId: known.id, version: known.version, changed: false };

    const sameName = await repo.selectVersionByName(trx, doc.version);
    if (sameName) {
      throw invalid(
        [
          {
            path: 'version',
            message: `"${doc.version}" was already imported with other content (catalog version ${sameName.id}); give this catalog a new version`,
          },
        ],
        options.source,
      );
    }
    await checkSubscribedProductsKeepTheirNature(trx, doc, options.source);

    const versionId = await repo.insertVersion(trx, {
      version: doc.version,
      checksum,
      source: options.source,
      document: doc,
      importedAt: options.now,
    });

    await repo.upsertProducts(
      trx,
      doc.products.map((p, index) => ({
        id: p.id,
        kind: p.kind,
        addon_kind: p.kind === 'addon' ? (p.addonKind ?? null) : null,
        unit: p.unit,
        min_quantity: p.minQuantity,
        max_quantity: p.maxQuantity,
        names: p.names,
        descriptions: p.descriptions,
        clouds: p.clouds,
        eligible_base_product_ids: p.availableWith ?? [],
        sort_order: index,
      })),
      versionId,
    );
    const retired = await repo.retireProductsExcept(
      trx,
      doc.products.map((p) => p.id),
    );

    // Deactivate first: at most one active price per offer and currency (partial unique index).
    const deactivated = await repo.deactivatePricesNotOfVersion(trx, versionId);
    const prices = doc.products.flatMap((p) =>
      p.offers.flatMap((offer) =>
        Object.entries(offer.prices).map(([currency, amount]) => ({
          id: priceId(p.id, offer.commitment, offer.billingFrequency, currency, versionId),
          product_id: p.id,
          catalog_version_id: versionId,
          commitment: offer.commitment,
          billing_frequency: offer.billingFrequency,
          currency,
          unit_amount: amount,
        })),
      ),
    );
    await repo.insertPrices(trx, prices);
    await repo.replaceTaxRates(trx, doc.taxRates, versionId);

    await recordAudit(trx, {
      tenantId: null,
      actor: options.actor,
      action: 'catalog.imported',
      entityType: 'catalog_version',
      entityId: String(versionId),
      before: previousId === undefined ? null : { versionId: previousId },
      after: {
        versionId,
        version: doc.version,
        checksum,
        source: options.source,
        products: doc.products.length,
        retiredProducts: retired,
        activePrices: prices.length,
        deactivatedPrices: deactivated,
      },
      at: options.now,
    });
    return { versionId, version: doc.version, changed: true };
  });
}

/**
 * Loads, validates and imports a catalog file; the file path is recorded as the source.
 *
 * @example
 * await importCatalogFile(db, 'catalog/default.yaml', { now: new Date(), actor: systemActor });
 */
export async function importCatalogFile(
  db: Db,
  file: string,
  options: { now: Date; actor: Actor },
): Promise<ImportResult> {
  const doc = await loadCatalogFile(file);
  return importCatalog(db, doc, { source: file, now: options.now, actor: options.actor });
}

/** Every imported version, newest first, with the one in force marked. */
export async function listCatalogVersions(db: Executor): Promise<CatalogVersionSummary[]> {
  const rows = await repo.selectVersions(db);
  // Every import applies its document, so the newest version is the one in force.
  return rows.map((r, index) => ({
    id: r.id,
    version: r.version,
    checksum: r.checksum,
    source: r.source,
    importedAt: r.imported_at,
    current: index === 0,
  }));
}
