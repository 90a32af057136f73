import { z } from 'zod';
import { inTransaction } from '../../db/transaction.js';
import type { AppContext } from '../../app-context.js';
import { recordAudit } from '../../modules/audit/index.js';
import { paymentMethodIdSchema } from '../../modules/orders/index.js';
import { findTenant } from '../../modules/tenants/index.js';
import {
  ensureInvoiceMethod,
  listPaymentMethods,
  detachCard,
  prepareCard,
  removePaymentMethod,
  requirePaymentMethod,
  saveCard,
  setDefaultPaymentMethod,
  toPaymentMethodView,
} from '../../modules/payments/index.js';
import { AppError, msg } from '../../shared/app-error.js';
import type { Api } from '../api.js';
import { idParam } from '../api.js';
import { actorOf, requireTenant } from '../auth.js';

const paymentMethodSchema = z.object({
  id: z.string(),
  type: z.enum(['card', 'invoice']),
  brand: z.string().nullable(),
  last4: z.string().nullable(),
  expMonth: z.number().nullable(),
  expYear: z.number().nullable(),
  holderName: z.string().nullable(),
  isDefault: z.boolean(),
  createdAt: z.date(),
});

export async function registerPaymentMethodsRoutes(api: Api, ctx: AppContext) {
  async function requireTenantRow(tenantId: string) {
    const tenant = await findTenant(ctx.db, tenantId);
    if (!tenant) throw new AppError('not_found', msg.tenantNotFound());
    return tenant;
  }

  api.get(
    '/payment-methods',
    {
      schema: {
        tags: ['payments'],
        summary: 'Saved payment methods (cards show brand and last four digits only)',
        response: { 200: z.object({ paymentMethods: z.array(paymentMethodSchema) }) },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      return { paymentMethods: (await listPaymentMethods(ctx.db, p.tenantId)).map(toPaymentMethodView) };
    },
  );

  api.post(
    '/payment-methods',
    {
      schema: {
        tags: ['payments'],
        summary:
          'Save a card the browser handed to the payment gateway (by its pm_… id; Billing Center never sees the number) or enable pay-by-invoice',
        body: z.discriminatedUnion('type', [
          z.strictObject({
            type: z.literal('card'),
            paymentMethodId: paymentMethodIdSchema,
            makeDefault: z.boolean().default(false),
          }),
          z.strictObject({ type: z.literal('invoice'), makeDefault: z.boolean().default(false) }),
        ]),
        response: { 201: paymentMethodSchema },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request, 'billing:write');
      const body = request.body;
      // The gateway is asked before the transaction: no gateway call holds a database lock.
      const card =
        body.type === 'card'
          ? await prepareCard(ctx, {
              tenant: await requireTenantRow(p.tenantId),
              paymentMethodId: body.paymentMethodId,
              keep: true,
            })
          : null;
      const pm = await inTransaction(ctx.db, async (trx) => {
        if (card) {
          return saveCard(ctx, trx, {
            tenantId: p.tenantId,
            card,
            makeDefault: body.makeDefault,
            actor: actorOf(p),
          });
        }
        const method = await ensureInvoiceMethod(ctx, trx, {
          tenantId: p.tenantId,
          makeDefault: body.makeDefault,
          actor: actorOf(p),
        });
        if (body.makeDefault && !method.is_default) {
          await setDefaultPaymentMethod(trx, p.tenantId, method.id);
          return { ...method, is_default: true };
        }
        return method;
      });
      return reply.status(201).send(toPaymentMethodView(pm));
    },
  );

  api.post(
    '/payment-methods/:id/default',
    {
      schema: {
        tags: ['payments'],
        summary: 'Make this the method renewals are charged to',
        params: idParam,
        response: { 200: paymentMethodSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:write');
      return inTransaction(ctx.db, async (trx) => {
        const pm = await requirePaymentMethod(trx, p.tenantId, request.params.id);
        await setDefaultPaymentMethod(trx, p.tenantId, pm.id);
        await recordAudit(trx, {
          tenantId: p.tenantId,
          actor: actorOf(p),
          action: 'payment_method.made_default',
          entityType: 'payment_method',
          entityId: pm.id,
          at: ctx.clock.now(),
        });
        return toPaymentMethodView({ ...pm, is_default: true });
      });
    },
  );

  api.delete(
    '/payment-methods/:id',
    {
      schema: {
        tags: ['payments'],
        summary: 'Remove a saved payment method (a card is detached at the gateway and its id dropped)',
        params: idParam,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request, 'billing:write');
      // Detached at the gateway first, outside the transaction: if the removal below then
      // fails, a retry detaches again (a no-op) and removes it; a card is never left removed
      // here yet still chargeable there.
      await detachCard(ctx, await requirePaymentMethod(ctx.db, p.tenantId, request.params.id));
      await inTransaction(ctx.db, async (trx) => {
        const pm = await requirePaymentMethod(trx, p.tenantId, request.params.id);
        const now = ctx.clock.now();
        await removePaymentMethod(trx, p.tenantId, pm.id, now);
        await recordAudit(trx, {
          tenantId: p.tenantId,
          actor: actorOf(p),
          action: 'payment_method.removed',
          entityType: 'payment_method',
          entityId: pm.id,
          before: toPaymentMethodView(pm),
          at: now,
        });
      });
      return reply.status(204).send(null);
    },
  );
}
