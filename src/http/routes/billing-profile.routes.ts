import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, msg } from '../../shared/app-error.js';
import {
  billingProfileInputSchema,
  billingProfileSchema,
  loadBillingProfile,
  saveBillingProfile,
} from '../../modules/billing/index.js';
import { findTenant } from '../../modules/tenants/index.js';
import type { Api } from '../api.js';
import { actorOf, requireTenant } from '../auth.js';

async function tenantOf(ctx: AppContext, tenantId: string) {
  const tenant = await findTenant(ctx.db, tenantId);
  if (!tenant) throw new AppError('not_found', msg.tenantNotFound());
  return tenant;
}

export async function registerBillingProfileRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/billing/profile',
    {
      schema: {
        tags: ['billing'],
        summary: 'The billing profile printed on invoices (the tenant’s name and country until one is saved)',
        response: { 200: billingProfileSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      return loadBillingProfile(ctx.db, await tenantOf(ctx, p.tenantId));
    },
  );

  api.put(
    '/billing/profile',
    {
      schema: {
        tags: ['billing'],
        summary: 'Save the billing profile; later invoices and every PDF print it',
        body: billingProfileInputSchema.extend({
          version: z
            .number()
            .int()
            .min(0)
            .optional()
            .describe('The version read; refused with 412 when someone saved in between'),
        }),
        response: { 200: billingProfileSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:write');
      const { version, ...profile } = request.body;
      const tenant = await tenantOf(ctx, p.tenantId);
      return inTransaction(ctx.db, (trx) =>
        saveBillingProfile(trx, {
          tenant,
          profile,
          ...(version !== undefined ? { expectedVersion: version } : {}),
          actor: actorOf(p),
          now: ctx.clock.now(),
        }),
      );
    },
  );
}
