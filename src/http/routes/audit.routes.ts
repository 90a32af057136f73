import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { listAudit, type AuditParams } from '../../modules/audit/index.js';
import { loadProductNames, renderAudit } from '../../modules/records/index.js';
import { listSubscriptions } from '../../modules/subscriptions/index.js';
import { readerLocale } from '../reader-locale.js';
import { problemSchema, type Api } from '../api.js';
import { requireTenant } from '../auth.js';
import { allow } from '../permission-guard.js';

const auditEntrySchema = z.object({
  id: z.number().int(),
  actorType: z.enum(['user', 'api_token', 'operator', 'system']),
  actorId: z.string().nullable(),
  action: z.string(),
  description: z
    .string()
    .describe(
      'What happened, in the reader’s language (Accept-Language, else the tenant’s locale), from action and params',
    ),
  params: z
    .record(z.string(), z.union([z.string(), z.number()]))
    .describe('The facts the description names: productId, from, to, number, email, count (docs/records.md)'),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown().describe('The entity before the change (null when it was created)'),
  after: z.unknown().describe('The entity after the change (null when it was deleted)'),
  createdAt: z.date(),
});

export async function registerAuditRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/audit-log',
    {
      preValidation: allow('audit:read'),
      schema: {
        tags: ['audit'],
        summary: 'What changed in your tenant, who changed it, newest first',
        description:
          'Filter by entityType, entityId and action. Page with `before`: pass the `nextBefore` of the previous page.',
        querystring: z.strictObject({
          entityType: z.string().min(1).max(100).optional(),
          entityId: z.string().min(1).max(200).optional(),
          action: z.string().min(1).max(100).optional(),
          before: z.coerce.number().int().min(1).optional().describe('Only entries with a smaller id'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.object({
            items: z.array(auditEntrySchema),
            nextBefore: z.number().int().nullable().describe('Cursor of the next page; null on the last one'),
          }),
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
        },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'audit:read');
      const q = request.query;
      const rows = await listAudit(ctx.db, {
        tenantId: principal.tenantId,
        entityType: q.entityType,
        entityId: q.entityId,
        action: q.action,
        beforeId: q.before,
        limit: q.limit,
      });
      const locale = readerLocale(request);
      // A subscription's entries name its product, read from the subscription itself: the
      // quantity and status changes keep only what changed.
      const productOf = new Map<string, string>();
      if (rows.some((r) => r.entity_type === 'subscription' && r.params.productId === undefined)) {
        for (const s of await listSubscriptions(ctx.db, principal.tenantId))
          productOf.set(s.id, s.product_id);
      }
      const paramsOf = (r: (typeof rows)[number]): AuditParams => {
        const params = r.params as AuditParams;
        const productId = r.entity_type === 'subscription' ? productOf.get(r.entity_id) : undefined;
        return params.productId === undefined && productId ? { ...params, productId } : params;
      };
      const names = await loadProductNames(
        ctx.db,
        rows.flatMap((r) => paramsOf(r).productId ?? []),
      );
      const items = rows.map((r) => ({
        id: Number(r.id),
        actorType: r.actor_type,
        actorId: r.actor_id,
        action: r.action,
        description: renderAudit(
          { action: r.action, entityType: r.entity_type, params: paramsOf(r) },
          locale,
          names,
        ),
        params: paramsOf(r) as Record<string, string | number>,
        entityType: r.entity_type,
        entityId: r.entity_id,
        before: r.before ?? null,
        after: r.after ?? null,
        createdAt: r.created_at,
      }));
      const last = items[items.length - 1];
      return { items, nextBefore: items.length === q.limit && last ? last.id : null };
    },
  );
}
