import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import {
  collectionOf,
  listOrders,
  orderSchema,
  placeOrderRequestSchema,
  quoteRequestSchema,
  quoteSchema,
} from '../../modules/orders/index.js';
import { fieldOf, priceCheckout } from '../../workflows/price-checkout.js';
import { loadOrderView, placeOrder } from '../../workflows/place-order.js';
import type { Api } from '../api.js';
import { idParam, problemSchema } from '../api.js';
import { actorOf, requireTenant } from '../auth.js';
import { replay } from '../idempotency.js';
import { localeOf } from '../problem.js';
import { renderDeep } from '../../shared/messages/index.js';
import { IdempotentReplay, idempotencyClaim, problemOf } from '../../modules/idempotency/index.js';
import { findDefaultPaymentMethod } from '../../modules/payments/index.js';

export async function registerCheckoutRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/checkout/quote',
    {
      schema: {
        tags: ['checkout'],
        summary: 'Review pricing before placing an order (dry run: nothing is stored)',
        description:
          'Lines with unit price, quantity, proration (a traditional add-on is co-termed to its base ' +
          'subscription: `coTerm` names it, its term end and billing), tax, what is due today and per ' +
          'period, how it would be collected with the default payment method (`collection`), and every ' +
          'validation problem. ' +
          'Always 200 for a well-formed request: check `valid` and `problems`.',
        body: quoteRequestSchema,
        response: { 200: quoteSchema, 400: problemSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:write');
      const tenant = p.tenant;
      const lang = localeOf(request);
      const priced = await priceCheckout(ctx, ctx.db, {
        tenant,
        items: request.body.items,
        now: ctx.clock.now(),
        lang,
      });
      // Said by the API so the review never guesses: the method an order uses unless told otherwise.
      const method = await findDefaultPaymentMethod(ctx.db, tenant.id);
      return {
        valid: priced.problems.length === 0,
        currency: priced.currency,
        lines: priced.items.map((i) => i.line),
        subtotal: priced.subtotal,
        tax: priced.tax,
        totalDueToday: priced.totalDueToday,
        totalPerPeriod: priced.totalPerPeriod,
        problems: priced.problems.map((pr) => ({
          itemIndex: pr.itemIndex,
          ...(pr.error.field ? { path: pr.error.field } : {}),
          field: fieldOf(pr.error),
          code: pr.error.code,
          message: pr.error.detailIn(lang),
          ...(pr.error.hintMessage ? { hint: pr.error.hintIn(lang) } : {}),
          ...(pr.error.details
            ? { details: renderDeep(pr.error.details, lang) as Record<string, unknown> }
            : {}),
        })),
        collection: collectionOf(method?.type ?? 'none', priced.totalDueToday),
        defaultPaymentMethodId: method?.id ?? null,
      };
    },
  );

  api.post(
    '/orders',
    {
      schema: {
        tags: ['checkout'],
        summary: 'Place an order (Passer la commande)',
        description:
          'Atomic: the order, its subscriptions, the charge, the invoice, license assignments and audit ' +
          'entries all happen or none do. Send an `Idempotency-Key` header to retry safely: a replay ' +
          'returns the first response; the same key with another body is refused (422 ' +
          '`idempotency_key_reused`); a retry while the first request is still running waits for its answer ' +
          '(409 `idempotency_key_in_flight` after 15 s). A declined card answers 402 and stores only the failed ' +
          'order and its payment attempt. 503 `payment_gateway_unavailable`: the payment is in doubt; retry ' +
          'with the same key (never charged twice).',
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        body: placeOrderRequestSchema,
        response: {
          201: orderSchema,
          402: problemSchema,
          409: problemSchema,
          422: problemSchema,
          503: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request, 'billing:write');
      const idempotency = idempotencyClaim(
        p.tenantId,
        request.headers['idempotency-key'],
        'POST /api/orders',
        request.body,
      );
      try {
        const order = await placeOrder(ctx, {
          tenantId: p.tenantId,
          tenant: p.tenant,
          actor: actorOf(p),
          items: request.body.items,
          payment: request.body.payment,
          lang: localeOf(request),
          idempotency,
        });
        return reply.status(201).send(order);
      } catch (error) {
        if (error instanceof IdempotentReplay) {
          // A stored refusal is raised again, so it is worded in this request's language.
          const refusal = problemOf(error.stored);
          if (!refusal) return replay(reply, error.stored);
          reply.header('idempotent-replayed', 'true');
          throw refusal;
        }
        throw error;
      }
    },
  );

  api.get(
    '/orders',
    {
      schema: {
        tags: ['checkout'],
        summary: 'Orders of the tenant, newest first (failed attempts included)',
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(200).default(50),
          before: z
            .string()
            .max(100)
            .optional()
            .describe('Cursor: the id of the last order of the previous page'),
        }),
        response: { 200: z.object({ orders: z.array(orderSchema) }) },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      const rows = await listOrders(ctx.db, p.tenantId, {
        limit: request.query.limit,
        ...(request.query.before ? { before: request.query.before } : {}),
      });
      return { orders: await Promise.all(rows.map((o) => loadOrderView(ctx.db, p.tenantId, o.id))) };
    },
  );

  api.get(
    '/orders/:id',
    {
      schema: {
        tags: ['checkout'],
        summary: 'One order with its lines, payment, invoice and auto-assign report',
        params: idParam,
        response: { 200: orderSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      return loadOrderView(ctx.db, p.tenantId, request.params.id);
    },
  );
}
