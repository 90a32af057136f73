import { z } from 'zod';
import { readerLocale } from '../reader-locale.js';
import { inTransaction } from '../../db/transaction.js';
import type { AppContext } from '../../app-context.js';
import { AppError, msg } from '../../shared/app-error.js';
import { movableClockOf } from '../../shared/clock.js';
import { operatorActor } from '../../modules/audit/index.js';
import {
  createTenant,
  createTenantSchema,
  findTenant,
  listTenants,
  tenantSchema,
  toTenantView,
} from '../../modules/tenants/index.js';
import {
  addSupportMessage,
  findSupportRequest,
  listSupportRequests,
  resolveSupportRequestSchema,
  supportRequestNotFound,
  supportRequestSchema,
  toSupportRequestView,
  subjectRecordOf,
} from '../../modules/support/index.js';
import { listOrders, orderSchema } from '../../modules/orders/index.js';
import { emitEvent } from '../../modules/notifications/index.js';
import { loadOrderView } from '../../workflows/place-order.js';
import { resolveSupportRequest } from '../../workflows/resolve-support-request.js';
import { runBilling } from '../../workflows/run-billing.js';
import type { Api } from '../api.js';
import { idParam } from '../api.js';
import { requireOperator } from '../auth.js';
import { messageBodySchema } from './support.routes.js';

const tenantQuery = z.object({ tenantId: z.string().max(100) });

export async function registerOperatorRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/operator/tenants',
    {
      schema: {
        tags: ['operator'],
        summary: 'Every tenant of the instance',
        response: { 200: z.object({ tenants: z.array(tenantSchema) }) },
      },
    },
    async (request) => {
      requireOperator(request);
      return { tenants: (await listTenants(ctx.db)).map(toTenantView) };
    },
  );

  api.post(
    '/operator/tenants',
    {
      schema: {
        tags: ['operator'],
        summary: 'Create a tenant with its first Global admin',
        body: createTenantSchema,
        response: { 201: z.object({ tenant: tenantSchema, adminUserId: z.string() }) },
      },
    },
    async (request, reply) => {
      requireOperator(request);
      const result = await inTransaction(ctx.db, (trx) =>
        createTenant(trx, request.body, {
          cloud: ctx.config.cloud,
          now: ctx.clock.now(),
          actor: operatorActor,
        }),
      );
      return reply.status(201).send(result);
    },
  );

  api.get(
    '/operator/tenants/:id',
    {
      schema: { tags: ['operator'], summary: 'One tenant', params: idParam, response: { 200: tenantSchema } },
    },
    async (request) => {
      requireOperator(request);
      const tenant = await findTenant(ctx.db, request.params.id);
      if (!tenant) throw new AppError('not_found', msg.tenantNotFound());
      return toTenantView(tenant);
    },
  );

  api.get(
    '/operator/orders',
    {
      schema: {
        tags: ['operator'],
        summary: 'Orders of one tenant',
        querystring: tenantQuery.extend({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.object({ orders: z.array(orderSchema) }) },
      },
    },
    async (request) => {
      requireOperator(request);
      const rows = await listOrders(ctx.db, request.query.tenantId, { limit: request.query.limit });
      return {
        orders: await Promise.all(rows.map((o) => loadOrderView(ctx.db, request.query.tenantId, o.id))),
      };
    },
  );

  api.get(
    '/operator/support-requests',
    {
      schema: {
        tags: ['operator'],
        summary: 'Support requests of every tenant (filter by status or tenant)',
        querystring: z.object({
          status: z.enum(['open', 'resolved', 'rejected']).optional(),
          tenantId: z.string().max(100).optional(),
        }),
        response: { 200: z.object({ supportRequests: z.array(supportRequestSchema) }) },
      },
    },
    async (request) => {
      requireOperator(request);
      const rows = await listSupportRequests(ctx.db, request.query);
      return {
        supportRequests: await Promise.all(
          rows.map((r) => toSupportRequestView(ctx.db, r, readerLocale(request))),
        ),
      };
    },
  );

  api.get(
    '/operator/support-requests/:id',
    {
      schema: {
        tags: ['operator'],
        summary: 'One support request',
        params: idParam,
        response: { 200: supportRequestSchema },
      },
    },
    async (request) => {
      requireOperator(request);
      const r = await findSupportRequest(ctx.db, null, request.params.id);
      if (!r) throw supportRequestNotFound(request.params.id);
      return toSupportRequestView(ctx.db, r, readerLocale(request));
    },
  );

  api.post(
    '/operator/support-requests/:id/messages',
    {
      schema: {
        tags: ['operator'],
        summary: 'Answer a support request',
        params: idParam,
        body: messageBodySchema,
        response: { 201: supportRequestSchema },
      },
    },
    async (request, reply) => {
      requireOperator(request);
      const view = await inTransaction(ctx.db, async (trx) => {
        const r = await addSupportMessage(trx, {
          tenantId: null,
          id: request.params.id,
          author: 'operator',
          actor: operatorActor,
          body: request.body.body,
          now: ctx.clock.now(),
        });
        await emitEvent(ctx, trx, {
          tenantId: r.tenant_id,
          type: 'support_request.updated',
          data: {
            supportRequestId: r.id,
            subject: r.subject,
            subjectRecord: subjectRecordOf(r),
            status: r.status,
            change: 'message',
            message: request.body.body,
            currency: (await findTenant(trx, r.tenant_id))?.currency ?? 'USD',
            creditAmount: null,
          },
        });
        return toSupportRequestView(trx, r, readerLocale(request));
      });
      return reply.status(201).send(view);
    },
  );

  api.post(
    '/operator/support-requests/:id/resolve',
    {
      schema: {
        tags: ['operator'],
        summary:
          'Resolve a support request; remove_addon ends the traditional add-on with the credit the policy allows',
        params: idParam,
        body: resolveSupportRequestSchema,
        response: { 200: supportRequestSchema },
      },
    },
    async (request) => {
      requireOperator(request);
      const r = await resolveSupportRequest(ctx, { id: request.params.id, ...request.body });
      return toSupportRequestView(ctx.db, r, readerLocale(request));
    },
  );

  api.post(
    '/operator/billing/run',
    {
      schema: {
        tags: ['operator'],
        summary: 'Run renewals and the subscription lifecycle now (the server also runs it on a timer)',
        response: {
          200: z.object({
            renewed: z.number(),
            charged: z.number(),
            failed: z.number(),
            expired: z.number(),
            disabled: z.number(),
            deleted: z.number(),
            reminded: z.number().describe('Overdue invoices that reached a reminder stage'),
            warned: z.number().describe('Overdue invoices that reached the final warning'),
            suspended: z.number().describe('Overdue invoices whose subscriptions were suspended'),
          }),
        },
      },
    },
    async (request) => {
      requireOperator(request);
      return runBilling(ctx);
    },
  );

  api.post(
    '/operator/clock',
    {
      schema: {
        tags: ['operator'],
        summary:
          'Move the instance clock forward (only with BILLING_CENTER_MANUAL_CLOCK=true: demos and tests)',
        body: z.strictObject({
          advanceDays: z.number().int().min(0).max(3660).default(0),
          advanceHours: z.number().int().min(0).max(87_840).default(0),
        }),
        response: { 200: z.object({ now: z.date() }) },
      },
    },
    async (request) => {
      requireOperator(request);
      const movable = movableClockOf(ctx.clock);
      if (!ctx.config.manualClock || !movable) {
        throw new AppError('forbidden', msg.clockNotManual());
      }
      movable.advance((request.body.advanceDays * 24 + request.body.advanceHours) * 3_600_000);
      return { now: ctx.clock.now() };
    },
  );
}
