import type { BillingFrequency, Commitment, Price, Product } from '../../db/schema.js';
import type { Executor } from '../audit/index.js';
import { selectCheckoutCatalog } from './catalog.repository.js';

const offerKey = (o: { productId: string; commitment: string; billingFrequency: string; currency: string }) =>
  `${o.productId}|${o.commitment}|${o.billingFrequency}|${o.currency}`;

/**
 * The catalog as checkout reads it, held in memory: products, active prices and tax rates
 * change only when a catalog is imported, yet every order reads them. Loaded in three queries,
 * cleared by an import made through this process, and reloaded at most `ttlMs` after an
 * import made elsewhere (the CLI, another server). What a subscription pays is never read
 * from here: it is copied onto the subscription at purchase.
 */
export class CatalogCache {
  private loadedAt = -Infinity;
  private loading: Promise<void> | null = null;
  private products = new Map<string, Product>();
  private prices = new Map<string, Price>();
  private taxRates = new Map<string, number>();

  constructor(private readonly ttlMs = 30_000) {}

  clear(): void {
    this.loadedAt = -Infinity;
  }

  private async ensure(db: Executor): Promise<void> {
    if (performance.now() - this.loadedAt < this.ttlMs) return;
    this.loading ??= this.load(db).finally(() => {
      this.loading = null;
    });
    await this.loading;
  }

  private async load(db: Executor): Promise<void> {
    const { products, prices, taxRates } = await selectCheckoutCatalog(db);
    this.products = new Map(products.map((p) => [p.id, p]));
    this.prices = new Map(
      prices.map((p) => [
        offerKey({
          productId: p.product_id,
          commitment: p.commitment,
          billingFrequency: p.billing_frequency,
          currency: p.currency,
        }),
        p,
      ]),
    );
    this.taxRates = new Map(taxRates.map((t) => [t.country, t.rate_basis_points]));
    this.loadedAt = performance.now();
  }

  async product(db: Executor, id: string): Promise<Product | undefined> {
    await this.ensure(db);
    return this.products.get(id);
  }

  async activePrice(
    db: Executor,
    offer: {
      productId: string;
      commitment: Commitment;
      billingFrequency: BillingFrequency;
      currency: string;
    },
  ): Promise<Price | undefined> {
    await this.ensure(db);
    return this.prices.get(offerKey(offer));
  }

  async taxRate(db: Executor, country: string): Promise<number> {
    await this.ensure(db);
    return this.taxRates.get(country.toUpperCase()) ?? this.taxRates.get('default') ?? 0;
  }
}
