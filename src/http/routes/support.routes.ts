import { z } from 'zod';
import { readerLocale } from '../reader-locale.js';
import type { AppContext } from '../../app-context.js';
import { inTransaction } from '../../db/transaction.js';
import {
  addSupportMessage,
  createSupportRequest,
  createSupportRequestSchema,
  findSupportRequest,
  listSupportRequests,
  supportRequestNotFound,
  supportRequestSchema,
  toSupportRequestView,
} from '../../modules/support/index.js';
import type { Api } from '../api.js';
import { idParam } from '../api.js';
import { actorOf, requireTenant } from '../auth.js';

export const messageBodySchema = z.strictObject({ body: z.string().trim().min(1).max(5000) });

export async function registerSupportRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/support-requests',
    {
      schema: {
        tags: ['support'],
        summary: 'Open a support request (e.g. to remove a traditional add-on)',
        description:
          'For `remove_traditional_addon`, an open request for the same add-on is returned (200) ' +
          'instead of opening a second one (201).',
        body: createSupportRequestSchema,
        response: { 200: supportRequestSchema, 201: supportRequestSchema },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request, 'support:write');
      const result = await inTransaction(ctx.db, async (trx) => {
        const created = await createSupportRequest(trx, {
          ...request.body,
          tenantId: p.tenantId,
          actor: actorOf(p),
          now: ctx.clock.now(),
        });
        return { ...created, view: await toSupportRequestView(trx, created.request, readerLocale(request)) };
      });
      return reply.status(result.created ? 201 : 200).send(result.view);
    },
  );

  api.get(
    '/support-requests',
    {
      schema: {
        tags: ['support'],
        summary: 'The tenant’s support requests, newest first',
        querystring: z.object({ status: z.enum(['open', 'resolved', 'rejected']).optional() }),
        response: { 200: z.object({ supportRequests: z.array(supportRequestSchema) }) },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'support:read');
      const rows = await listSupportRequests(ctx.db, { tenantId: p.tenantId, status: request.query.status });
      return {
        supportRequests: await Promise.all(
          rows.map((r) => toSupportRequestView(ctx.db, r, readerLocale(request))),
        ),
      };
    },
  );

  api.get(
    '/support-requests/:id',
    {
      schema: {
        tags: ['support'],
        summary: 'Follow one support request: status, resolution, messages',
        params: idParam,
        response: { 200: supportRequestSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'support:read');
      const r = await findSupportRequest(ctx.db, p.tenantId, request.params.id);
      if (!r) throw supportRequestNotFound(request.params.id);
      return toSupportRequestView(ctx.db, r, readerLocale(request));
    },
  );

  api.post(
    '/support-requests/:id/messages',
    {
      schema: {
        tags: ['support'],
        summary: 'Add a message to an open support request',
        params: idParam,
        body: messageBodySchema,
        response: { 201: supportRequestSchema },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request, 'support:write');
      const view = await inTransaction(ctx.db, async (trx) => {
        const r = await addSupportMessage(trx, {
          tenantId: p.tenantId,
          id: request.params.id,
          author: 'tenant',
          actor: actorOf(p),
          body: request.body.body,
          now: ctx.clock.now(),
        });
        return toSupportRequestView(trx, r, readerLocale(request));
      });
      return reply.status(201).send(view);
    },
  );
}
