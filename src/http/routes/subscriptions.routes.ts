import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import type { Product, Subscription } from '../../db/schema.js';
import { AppError, msg } from '../../shared/app-error.js';
import { schemaMessage } from '../../shared/messages/index.js';
import type { Executor } from '../../modules/audit/index.js';
import { getProduct } from '../../modules/catalog/index.js';
import { collectionSchema } from '../../modules/orders/index.js';
import { countAssigned } from '../../modules/licensing/index.js';
import {
  listAddonsOfBase,
  listSubscriptions,
  subscriptionSchema,
  toSubscriptionView,
  type SubscriptionView,
} from '../../modules/subscriptions/index.js';
import { cancelSubscription } from '../../workflows/cancel-subscription.js';
import { changeQuantity } from '../../workflows/change-quantity.js';
import { setRecurringBilling } from '../../workflows/set-recurring-billing.js';
import {
  collectionOfChange,
  paymentMethodFor,
  requireSubscription,
} from '../../workflows/subscription-helpers.js';
import type { Api } from '../api.js';
import { idParam, problemSchema, queryBoolean } from '../api.js';
import { actorOf, requireTenant } from '../auth.js';
import { localeOf } from '../problem.js';

const etagOf = (version: number) => `"v${version}"`;

/** If-Match is optional (last write wins, under a row lock); when sent it must match. */
function expectedVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header === '*') return undefined;
  const match = /^(?:W\/)?"?v?(\d+)"?$/.exec(String(header).trim());
  if (!match) {
    throw new AppError('validation_failed', msg.ifMatchShape({ header }), { field: 'headers.if-match' });
  }
  return Number(match[1]);
}

const ifMatchHeader = z.object({
  'if-match': z
    .string()
    .optional()
    .describe('ETag of the subscription as read; refused with 412 if it changed'),
});

const dryRunQuery = z.object({
  dryRun: queryBoolean
    .optional()
    .describe(
      'true: check and price the change and answer as if done, changing nothing (no charge, no refund)',
    ),
});

const changeSchema = z.object({
  type: z.enum(['increase', 'decrease', 'scheduled_decrease', 'scheduled_decrease_withdrawn']),
  from: z.number().int(),
  to: z.number().int(),
  amount: z.number().int().describe('Charged (positive) or credited (negative) now, before tax'),
  tax: z.number().int(),
  total: z.number().int(),
  proratedDays: z.number().int(),
  periodDays: z.number().int(),
  effectiveAt: z.date(),
  invoiceId: z.string().nullable(),
  collection: collectionSchema.describe(
    'How `total` is collected: an increase is charged now to a card or due on an invoice, by the payment ' +
      'method the change uses (the tenant default, else the one that paid the order)',
  ),
});

/** Said by the API so the admin center never guesses whether a renewal is charged or invoiced. */
async function renewalCollectionOf(
  db: Executor,
  sub: Subscription,
  shown: SubscriptionView,
): Promise<'charge_now' | 'invoice' | null> {
  if (!shown.renewsAt) return null;
  const method = await paymentMethodFor(db, sub);
  return method?.type === 'invoice' ? 'invoice' : 'charge_now';
}

export async function registerSubscriptionsRoutes(api: Api, ctx: AppContext) {
  async function view(
    db: Executor,
    sub: Subscription,
    request: FastifyRequest,
    withAddOns: boolean,
  ): Promise<SubscriptionView> {
    const products = new Map<string, Product>();
    const productOf = async (id: string) => {
      if (!products.has(id)) {
        const p = await getProduct(db, id);
        if (!p) throw new AppError('product_not_found', msg.noProductId({ id }));
        products.set(id, p);
      }
      return products.get(id)!;
    };
    const assignedCache = new Map<string, number>();
    const assignedOf = async (product: Product) => {
      if (product.unit !== 'user') return null;
      if (!assignedCache.has(product.id))
        assignedCache.set(product.id, await countAssigned(db, sub.tenant_id, product.id));
      return assignedCache.get(product.id)!;
    };
    const base = { policy: ctx.config.policy, now: ctx.clock.now(), lang: localeOf(request) };
    let addOns: SubscriptionView[] | undefined;
    if (withAddOns && sub.kind === 'base') {
      addOns = [];
      for (const a of await listAddonsOfBase(db, sub.tenant_id, sub.id)) {
        const p = await productOf(a.product_id);
        addOns.push(toSubscriptionView(a, p, { ...base, assigned: await assignedOf(p) }));
      }
    }
    const product = await productOf(sub.product_id);
    const shown = toSubscriptionView(sub, product, {
      ...base,
      assigned: await assignedOf(product),
      ...(addOns ? { addOns } : {}),
    });
    if (!withAddOns) return shown;
    return { ...shown, renewalCollection: await renewalCollectionOf(db, sub, shown) };
  }

  function withEtag(reply: FastifyReply, v: SubscriptionView) {
    reply.header('etag', etagOf(v.version));
    return v;
  }

  api.get(
    '/subscriptions',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'Your products: every subscription, base subscriptions with their traditional add-ons',
        description:
          'Base subscriptions and standalone add-ons at the top level (a standalone add-on is its own ' +
          'subscription); traditional add-ons nested under `addOns` of their base, unless `flat=true`.',
        querystring: z.object({
          status: z.enum(['active', 'warning', 'expired', 'disabled', 'deleted', 'cancelled']).optional(),
          flat: queryBoolean.optional(),
        }),
        response: { 200: z.object({ subscriptions: z.array(subscriptionSchema) }) },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      const rows = await listSubscriptions(ctx.db, p.tenantId, {
        ...(request.query.status ? { statuses: [request.query.status] } : {}),
      });
      const flat = request.query.flat ?? false;
      const top = flat ? rows : rows.filter((s) => s.kind !== 'traditional_addon');
      return { subscriptions: await Promise.all(top.map((s) => view(ctx.db, s, request, !flat))) };
    },
  );

  api.get(
    '/subscriptions/:id',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'One subscription (ETag header for If-Match), with its add-ons if it is a base',
        params: idParam,
        response: { 200: subscriptionSchema },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request, 'billing:read');
      const sub = await requireSubscription(ctx.db, p.tenantId, request.params.id);
      return withEtag(reply, await view(ctx.db, sub, request, true));
    },
  );

  api.get(
    '/subscriptions/:id/add-ons',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'The traditional add-ons bought on this subscription (Compléments)',
        params: idParam,
        response: { 200: z.object({ addOns: z.array(subscriptionSchema) }) },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      const sub = await requireSubscription(ctx.db, p.tenantId, request.params.id);
      const rows = await listAddonsOfBase(ctx.db, p.tenantId, sub.id);
      return { addOns: await Promise.all(rows.map((a) => view(ctx.db, a, request, false))) };
    },
  );

  api.post(
    '/subscriptions/:id/quantity',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'Change quantity / Add or remove licenses (Soumettre la modification)',
        description:
          'Increase: charged now, prorated by whole days to the end of the billing period. Decrease: ' +
          'credited now within the refund window (168 h after purchase or renewal by default), else ' +
          'scheduled for the next renewal. Never below the assigned licenses (409 ' +
          '`quantity_below_assigned` says how many to unassign). Send `quantity`, or `delta` to change the ' +
          'quantity as it is when the change runs (safe without If-Match). 409 `conflict` while another ' +
          'increase of the same subscription is being paid.',
        params: idParam,
        headers: ifMatchHeader,
        querystring: dryRunQuery,
        body: z
          .strictObject({
            quantity: z
              .number()
              .int(schemaMessage(msg.schemaWholeNumber()))
              .min(0)
              .optional()
              .describe('The new quantity'),
            delta: z
              .number()
              .int(schemaMessage(msg.schemaWholeNumber()))
              .refine((d) => d !== 0, schemaMessage(msg.schemaNotZero()))
              .optional()
              .describe('Or a change (+1, -2) applied to the quantity as it is when the change runs'),
            paymentMethodId: z.string().max(100).optional(),
          })
          .refine((b) => (b.quantity === undefined) !== (b.delta === undefined), {
            message: schemaMessage(msg.schemaQuantityOrDelta()),
            path: ['quantity'],
          }),
        response: {
          200: z.object({ subscription: subscriptionSchema, change: changeSchema }),
          409: problemSchema,
          412: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request, 'billing:write');
      const result = await changeQuantity(ctx, {
        tenantId: p.tenantId,
        subscriptionId: request.params.id,
        quantity: request.body.quantity,
        delta: request.body.delta,
        paymentMethodId: request.body.paymentMethodId,
        expectedVersion: expectedVersion(request),
        actor: actorOf(p),
        dryRun: request.query.dryRun ?? false,
      });
      const v = await view(ctx.db, result.subscription, request, true);
      withEtag(reply, v);
      const collection = await collectionOfChange(
        ctx.db,
        result.subscription,
        result.change,
        request.body.paymentMethodId,
      );
      return { subscription: v, change: { ...result.change, collection } };
    },
  );

  api.patch(
    '/subscriptions/:id',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'Turn recurring billing on or off (Facturation périodique)',
        params: idParam,
        headers: ifMatchHeader,
        body: z.strictObject({ recurringBilling: z.boolean() }),
        response: { 200: subscriptionSchema, 409: problemSchema, 412: problemSchema },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request, 'billing:write');
      const sub = await setRecurringBilling(ctx, {
        tenantId: p.tenantId,
        subscriptionId: request.params.id,
        enabled: request.body.recurringBilling,
        expectedVersion: expectedVersion(request),
        actor: actorOf(p),
      });
      return withEtag(reply, await view(ctx.db, sub, request, true));
    },
  );

  api.post(
    '/subscriptions/:id/cancel',
    {
      schema: {
        tags: ['subscriptions'],
        summary: 'Cancel within the refund window (prorated refund); traditional add-ons go with their base',
        params: idParam,
        headers: ifMatchHeader,
        querystring: dryRunQuery,
        body: z.strictObject({ reason: z.string().max(1000).optional() }).optional(),
        response: {
          200: z.object({
            subscription: subscriptionSchema,
            ended: z.array(
              z.object({
                subscriptionId: z.string(),
                productId: z.string(),
                refund: z.number().int(),
                refundTax: z.number().int(),
                creditInvoiceId: z.string().nullable(),
                unassigned: z.array(
                  z.object({ userId: z.string(), email: z.string(), productId: z.string() }),
                ),
              }),
            ),
          }),
          409: problemSchema,
        },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:write');
      const result = await cancelSubscription(ctx, {
        tenantId: p.tenantId,
        subscriptionId: request.params.id,
        expectedVersion: expectedVersion(request),
        actor: actorOf(p),
        dryRun: request.query.dryRun ?? false,
      });
      const sub = await requireSubscription(ctx.db, p.tenantId, request.params.id);
      return { subscription: await view(ctx.db, sub, request, true), ended: result.ended };
    },
  );
}
