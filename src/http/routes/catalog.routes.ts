import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { AppError, msg } from '../../shared/app-error.js';
import {
  addonEligibility,
  availableAddons,
  describeProduct,
  describeProducts,
  importCatalog,
  listCatalogVersions,
  parseCatalogText,
  productName,
  validateCatalogValue,
  type CatalogProblem,
  type ProductView,
} from '../../modules/catalog/index.js';
import { coTermSchema } from '../../modules/orders/index.js';
import { findTenant } from '../../modules/tenants/index.js';
import { idParam, problemSchema, type Api } from '../api.js';
import { actorOf, requireOperator, requireTenant } from '../auth.js';
import { localeOf } from '../problem.js';
import { uiLocales, textIn, type UiLocale } from '../../shared/locale.js';
import { renderMessage } from '../../shared/messages/index.js';

const langQuery = z
  .enum([...uiLocales, 'en', 'fr', 'de', 'zh'])
  .optional()
  .describe(
    'Overrides Accept-Language for names and sentences: en-US, fr-FR, de-DE or zh-CN (or en, fr, de, zh)',
  );

const offerSchema = z.object({
  commitment: z.enum(['monthly', 'annual']),
  billingFrequency: z.enum(['monthly', 'annual']),
  prices: z.array(
    z.object({
      priceId: z.string(),
      currency: z.string(),
      unitAmount: z.number().int().describe('Minor units per unit per billing period'),
    }),
  ),
});

const productSchema = z.object({
  id: z.string(),
  kind: z.enum(['base', 'addon']),
  addonKind: z.enum(['traditional', 'standalone']).nullable(),
  unit: z.enum(['user', 'gb', 'credit']),
  minQuantity: z.number().int(),
  maxQuantity: z.number().int(),
  name: z.string().describe('In the language of the request'),
  description: z.string(),
  names: z.record(z.string(), z.string()).describe('Every locale the catalog gives, e.g. en-US, fr-FR'),
  descriptions: z.record(z.string(), z.string()),
  clouds: z.array(z.string()),
  availableWith: z.array(z.string()).describe('Add-ons: the base plans a tenant must hold to buy it'),
  retired: z
    .boolean()
    .describe('No longer in the catalog: not sold, still billed for existing subscriptions'),
  catalogVersionId: z.number().int(),
  offers: z.array(offerSchema),
});

const productRefSchema = z.object({ id: z.string(), name: z.string() });

const eligibilitySchema = z.object({
  productId: z.string(),
  name: z.string(),
  description: z.string(),
  addonKind: z.enum(['traditional', 'standalone']),
  unit: z.enum(['user', 'gb', 'credit']),
  minQuantity: z.number().int(),
  maxQuantity: z.number().int(),
  offers: z.array(
    z.object({
      commitment: z.enum(['monthly', 'annual']),
      billingFrequency: z.enum(['monthly', 'annual']),
      priceId: z.string(),
      currency: z.string(),
      unitAmount: z.number().int(),
    }),
  ),
  requiredBaseProductIds: z.array(z.string()),
  requiredBaseProducts: z.array(productRefSchema),
  canBuy: z.boolean(),
  reason: z
    .object({
      code: z.enum(['no_eligible_base_subscription', 'addon_already_on_base', 'price_not_available']),
      message: z.string().describe('In the language of the request'),
    })
    .nullable(),
  eligibleBaseSubscriptions: z
    .array(
      z.object({
        id: z.string(),
        productId: z.string(),
        quantity: z.number().int(),
        billingFrequency: z.enum(['monthly', 'annual']),
        commitment: z.enum(['monthly', 'annual']),
        termEnd: z.date(),
      }),
    )
    .describe(
      'Base subscriptions the add-on can be attached to; a traditional add-on asks which when there are several',
    ),
  bases: z
    .array(
      z.object({
        id: z.string(),
        productId: z.string(),
        productName: z.string().describe('In the language of the request'),
        quantity: z.number().int(),
        eligible: z.boolean(),
        reason: z
          .enum(['addon_already_on_base'])
          .nullable()
          .describe('Why this base cannot take the add-on (change the existing add-on’s quantity instead)'),
        coTerm: coTermSchema
          .nullable()
          .describe('What a traditional add-on bought on this base takes from it'),
      }),
    )
    .describe('Every live base subscription to a required plan, eligible or not, with why not'),
  defaultBaseSubscriptionId: z
    .string()
    .nullable()
    .describe('Where a traditional add-on goes when no base is named: the only eligible one, else null'),
});

const importResultSchema = z.object({
  versionId: z.number().int(),
  version: z.string(),
  changed: z.boolean().describe('false when this exact catalog is already the one in force'),
});

const errors = { 401: problemSchema, 403: problemSchema };

function requestLanguage(request: FastifyRequest, override: string | undefined): UiLocale {
  return localeOf(request, override);
}

function localize(view: ProductView, locale: UiLocale) {
  return {
    ...view,
    name: productName(view, locale),
    description: textIn(view.descriptions, locale),
  };
}

/** The catalog is readable by tenant admins (catalog:read) and by the operator. */
function requireCatalogReader(request: FastifyRequest): void {
  if (request.principal?.kind === 'operator') return;
  requireTenant(request, 'catalog:read');
}

function catalogInvalid(problems: CatalogProblem[]): AppError {
  const summary = problems
    .slice(0, 5)
    .map((p) => `${p.path}${p.line ? ` (line ${p.line})` : ''}: ${p.message}`)
    .join('; ');
  return new AppError(
    'catalog_invalid',
    msg.catalogNotValid({ summary, more: Math.max(0, problems.length - 5) }),
    {
      hint: msg.fixCatalogErrors(),
      details: { errors: problems },
    },
  );
}

export async function registerCatalogRoutes(api: Api, ctx: AppContext) {
  const cloud = ctx.config.cloud;

  api.get(
    '/catalog/products',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Products sold by this cloud instance, with their offers and active prices',
        querystring: z.object({
          kind: z.enum(['base', 'addon']).optional(),
          currency: z.enum(['USD', 'EUR', 'CNY']).optional().describe('Only prices in this currency'),
          lang: langQuery,
        }),
        response: { 200: z.object({ cloud: z.string(), products: z.array(productSchema) }), ...errors },
      },
    },
    async (request) => {
      requireCatalogReader(request);
      const lang = requestLanguage(request, request.query.lang);
      const products = await describeProducts(ctx.db, {
        cloud,
        kind: request.query.kind,
        currency: request.query.currency,
      });
      return { cloud, products: products.map((p) => localize(p, lang)) };
    },
  );

  api.get(
    '/catalog/products/:id',
    {
      schema: {
        tags: ['catalog'],
        summary: 'One product of this cloud instance, retired ones included',
        params: idParam,
        querystring: z.object({
          currency: z.enum(['USD', 'EUR', 'CNY']).optional(),
          lang: langQuery,
        }),
        response: { 200: productSchema, ...errors, 404: problemSchema },
      },
    },
    async (request) => {
      requireCatalogReader(request);
      const lang = requestLanguage(request, request.query.lang);
      const product = await describeProduct(ctx.db, {
        id: request.params.id,
        cloud,
        currency: request.query.currency,
      });
      return localize(product, lang);
    },
  );

  api.get(
    '/catalog/available-addons',
    {
      schema: {
        tags: ['catalog'],
        summary: 'The "Available add-ons" table: which add-on can be bought with which plan, in this cloud',
        description:
          "Generated from the catalog, in the language of the request (?lang=, else Accept-Language, else the organization's). " +
          'For tenant admins and the operator (docs/api.md); it shows no prices.',
        querystring: z.object({ lang: langQuery }),
        response: {
          200: z.object({
            cloud: z.string(),
            language: z.enum(uiLocales),
            headings: z.object({ addOn: z.string(), availableWith: z.string() }),
            rows: z.array(z.object({ addOn: productRefSchema, availableWith: z.array(productRefSchema) })),
          }),
        },
      },
    },
    async (request) => {
      requireCatalogReader(request);
      const language = requestLanguage(request, request.query.lang);
      const rows = await availableAddons(ctx.db, { cloud, language });
      const headings = {
        addOn: renderMessage(msg.headingAddOn(), language),
        availableWith: renderMessage(msg.headingAvailableWith(), language),
      };
      return { cloud, language, headings, rows };
    },
  );

  api.get(
    '/catalog/addons',
    {
      schema: {
        tags: ['catalog'],
        summary: 'The add-ons the signed-in tenant can buy, why not, and on which base subscriptions',
        querystring: z.object({ lang: langQuery }),
        response: {
          200: z.object({ cloud: z.string(), currency: z.string(), addons: z.array(eligibilitySchema) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'catalog:read');
      const lang = requestLanguage(request, request.query.lang);
      const tenant = await findTenant(ctx.db, principal.tenantId);
      if (!tenant) throw new AppError('not_found', msg.tenantNotFound());
      const rows = await addonEligibility(ctx.db, { tenantId: tenant.id, cloud, currency: tenant.currency });
      return {
        cloud,
        currency: tenant.currency,
        addons: rows.map(({ names, descriptions, requiredBaseProducts, reason, bases, ...rest }) => ({
          ...rest,
          bases: bases.map(({ names: baseNames, ...b }) => ({
            ...b,
            productName: productName({ id: b.productId, names: baseNames }, lang),
          })),
          name: productName({ id: rest.productId, names }, lang),
          description: textIn(descriptions, lang),
          requiredBaseProducts: requiredBaseProducts.map((b) => ({ id: b.id, name: productName(b, lang) })),
          reason: reason && { code: reason.code, message: renderMessage(reason.message, lang) },
        })),
      };
    },
  );

  api.get(
    '/operator/catalog/versions',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Every imported catalog version, newest first (operator)',
        response: {
          200: z.object({
            versions: z.array(
              z.object({
                id: z.number().int(),
                version: z.string(),
                checksum: z.string(),
                source: z.string(),
                importedAt: z.date(),
                current: z.boolean().describe('The version whose prices new purchases pay'),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      requireOperator(request);
      return { versions: await listCatalogVersions(ctx.db) };
    },
  );

  // Its own plugin so the YAML body parser applies to this route only.
  await api.register(async (scope) => {
    const yamlTypes = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
    scope.addContentTypeParser(yamlTypes, { parseAs: 'string' }, (_request, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/operator/catalog/import',
      {
        schema: {
          tags: ['catalog'],
          summary: 'Validate and import a catalog (operator)',
          consumes: [...yamlTypes, 'text/plain', 'application/json'],
          description:
            'Body: the catalog file as YAML (application/yaml or text/plain) or as a JSON document. ' +
            'Importing the catalog in force again changes nothing (changed: false). A new version adds new ' +
            'price rows and deactivates the old ones: existing subscriptions keep what they pay. ' +
            'An invalid catalog is answered 422 catalog_invalid with every problem in `errors`.',
          body: z
            .union([z.string().min(1), z.record(z.string(), z.unknown())])
            .describe('Catalog document (see docs/catalog.md)'),
          response: { 200: importResultSchema, ...errors, 422: problemSchema },
        },
      },
      async (request) => {
        const principal = requireOperator(request);
        const body = request.body;
        const result = typeof body === 'string' ? parseCatalogText(body) : validateCatalogValue(body);
        if (!result.ok) throw catalogInvalid(result.problems);
        const imported = await importCatalog(ctx.db, result.document, {
          source: 'api',
          now: ctx.clock.now(),
          actor: actorOf(principal),
        });
        // New prices apply to the very next checkout in this process.
        ctx.catalog.clear();
        return imported;
      },
    );
  });
}
