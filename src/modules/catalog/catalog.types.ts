import type { UiLocale } from '../../shared/locale.js';
import type { Message } from '../../shared/messages/index.js';
import { z } from 'zod';
import { clouds, type Cloud } from '../../config.js';
import type {
  AddonKind,
  BillingFrequency,
  Commitment,
  LocalizedText,
  Price,
  Product,
  ProductKind,
  ProductUnit,
} from '../../db/schema.js';
import type { Currency } from '../../shared/money.js';

export type {
  AddonKind,
  BillingFrequency,
  Commitment,
  LocalizedText,
  Price,
  Product,
  ProductKind,
  ProductUnit,
};
export type { Cloud, Currency };

/** Locales every name and description must be written in; others (de-DE, zh-CN…) are optional. */
export const requiredLocales = ['en-US', 'fr-FR'] as const;

/** Commitment × billing frequency pairs a catalog may offer (PRODUCT.md §5, "Terms"). */
export const allowedOffers: readonly { commitment: Commitment; billingFrequency: BillingFrequency }[] = [
  { commitment: 'monthly', billingFrequency: 'monthly' },
  { commitment: 'annual', billingFrequency: 'monthly' },
  { commitment: 'annual', billingFrequency: 'annual' },
];

/** Zod error option: "required" when the field is missing, "expected …" when it is wrong. */
function expected(what: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? `required (${what})` : `expected ${what}`,
  };
}

const productIdSchema = z
  .string(expected('a product id such as "o365-e3"'))
  .max(60, 'at most 60 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single hyphens, e.g. "o365-e3"');

const textSchema = z
  .string(expected('text'))
  .trim()
  .min(1, 'must not be empty')
  .max(500, 'at most 500 characters');

const localizedTextSchema = z.object({ 'en-US': textSchema, 'fr-FR': textSchema }).catchall(textSchema);

const amountSchema = z
  .number(expected('a whole number of minor units (e.g. 1250 for 12.50)'))
  .int('expected a whole number of minor units (e.g. 1250 for 12.50), not a decimal')
  .min(0, 'must be 0 or more')
  .max(Number.MAX_SAFE_INTEGER, 'too large');

const quantitySchema = z
  .number(expected('a whole number'))
  .int('expected a whole number')
  .min(1, 'must be at least 1')
  .max(10_000_000, 'at most 10000000');

const basisPointsSchema = z
  .number(expected('basis points (2000 = 20 %)'))
  .int('expected whole basis points (2000 = 20 %)')
  .min(0, 'must be 0 or more')
  .max(10_000, 'at most 10000 (100 %)');

export const catalogOfferSchema = z.strictObject({
  commitment: z.enum(['monthly', 'annual']),
  billingFrequency: z.enum(['monthly', 'annual']),
  /** Currency code → unit amount per billing period, in minor units. */
  prices: z.record(z.string(), amountSchema),
});

export const catalogProductSchema = z.strictObject({
  id: productIdSchema,
  kind: z.enum(['base', 'addon']),
  addonKind: z.enum(['traditional', 'standalone']).optional(),
  unit: z.enum(['user', 'gb', 'credit']),
  minQuantity: quantitySchema,
  maxQuantity: quantitySchema,
  clouds: z.array(z.enum(clouds)).min(1, 'list at least one cloud: worldwide, germany or 21vianet'),
  names: localizedTextSchema,
  descriptions: localizedTextSchema,
  availableWith: z.array(productIdSchema).optional(),
  offers: z.array(catalogOfferSchema).min(1, 'list at least one offer'),
});

/** The catalog file (YAML or JSON), as the operator writes it. See docs/catalog.md. */
export const catalogDocumentSchema = z.strictObject({
  version: z.string(expected('a version string such as "2026.11.1"')).trim().min(1).max(100),
  taxRates: z.record(z.string(), basisPointsSchema),
  products: z.array(catalogProductSchema).min(1, 'list at least one product'),
});

export type CatalogDocument = z.output<typeof catalogDocumentSchema>;
export type CatalogProduct = CatalogDocument['products'][number];
export type CatalogOffer = CatalogProduct['offers'][number];

/** One thing wrong with a catalog: where (`products[3].offers[1].prices.EUR`) and what. */
export interface CatalogProblem {
  path: string;
  message: string;
  /** 1-based line in the file, when the catalog came from text. */
  line?: number;
}

export type CatalogValidation =
  { ok: true; document: CatalogDocument } | { ok: false; problems: CatalogProblem[] };

/** A catalog that cannot be used; `message` names the file and lists every problem. */
export class CatalogValidationError extends Error {
  readonly file: string;
  readonly problems: CatalogProblem[];

  constructor(file: string, problems: CatalogProblem[]) {
    const list = problems.map((p) => `  - ${formatProblem(p)}`).join('\n');
    super(
      `${file}: the catalog is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${list}`,
    );
    this.name = 'CatalogValidationError';
    this.file = file;
    this.problems = problems;
  }
}

export function formatProblem(p: CatalogProblem): string {
  return `${p.path}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`;
}

export interface ImportResult {
  versionId: number;
  version: string;
  changed: boolean;
}

export interface CatalogVersionSummary {
  id: number;
  version: string;
  checksum: string;
  source: string;
  importedAt: Date;
  /** The version whose prices are the active ones now. */
  current: boolean;
}

export interface OfferPrice {
  priceId: string;
  currency: string;
  unitAmount: number;
}

export interface ProductOffer {
  commitment: Commitment;
  billingFrequency: BillingFrequency;
  prices: OfferPrice[];
}

/** A product as the API shows it: the row plus its active offers. */
export interface ProductView {
  id: string;
  kind: ProductKind;
  addonKind: AddonKind | null;
  unit: ProductUnit;
  minQuantity: number;
  maxQuantity: number;
  names: LocalizedText;
  descriptions: LocalizedText;
  clouds: string[];
  availableWith: string[];
  retired: boolean;
  catalogVersionId: number;
  offers: ProductOffer[];
}

export interface ProductRef {
  id: string;
  names: LocalizedText;
}

export type IneligibilityCode =
  'no_eligible_base_subscription' | 'addon_already_on_base' | 'price_not_available';

/** Whether, and with which base subscriptions, a tenant can buy one add-on. */
export interface AddonEligibility {
  productId: string;
  names: LocalizedText;
  descriptions: LocalizedText;
  addonKind: AddonKind;
  unit: ProductUnit;
  minQuantity: number;
  maxQuantity: number;
  /** Active offers, priced in the tenant's currency only. */
  offers: {
    commitment: Commitment;
    billingFrequency: BillingFrequency;
    priceId: string;
    currency: string;
    unitAmount: number;
  }[];
  /** Base plans (sold in this cloud) that make the add-on buyable. */
  requiredBaseProductIds: string[];
  requiredBaseProducts: ProductRef[];
  canBuy: boolean;
  /** Why it cannot be bought, rendered in the reader's language by the route. */
  reason: { code: IneligibilityCode; message: Message } | null;
  /** The tenant's active or warning base subscriptions to one of the required plans. */
  eligibleBaseSubscriptions: {
    id: string;
    productId: string;
    quantity: number;
    billingFrequency: BillingFrequency;
    commitment: Commitment;
    termEnd: Date;
  }[];
  /**
   * Every live base subscription to a required plan, whether it can take the add-on or not (and
   * why), with the co-term a traditional add-on bought on it gets: it ends and is billed with it.
   */
  bases: BaseOption[];
  /** The base a traditional add-on goes on when the buyer names none: the only one that can take it. */
  defaultBaseSubscriptionId: string | null;
}

/** A base subscription as a place for an add-on. */
export interface BaseOption {
  id: string;
  productId: string;
  names: LocalizedText;
  quantity: number;
  eligible: boolean;
  reason: 'addon_already_on_base' | null;
  /** For a traditional add-on: the base's term and billing, which the add-on takes. */
  coTerm: CoTerm | null;
}

export interface CoTerm {
  baseSubscriptionId: string;
  termEndsAt: Date;
  currentPeriodEndsAt: Date;
  billingFrequency: BillingFrequency;
  commitment: Commitment;
}

/** One row of the "Available add-ons" table (source: "Modules complémentaires disponibles"). */
export interface AvailableAddonRow {
  addOn: ProductRef;
  availableWith: ProductRef[];
}

/** A reader's language: one of the UI locales (the two-letter 'en' | 'fr' still read as before). */
export type Language = UiLocale | 'en' | 'fr';
