import { z } from 'zod';
import { inTransaction } from '../../db/transaction.js';
import type { AppContext } from '../../app-context.js';
import {
  assignLicenses,
  assignLicensesBodySchema,
  countAssigned,
  licenseAssignmentSchema,
  licenseChangeResultSchema,
  licenseSummary,
  licenseSummaryItemSchema,
  listProductAssignments,
  purchasedQuantity,
  refusalAsError,
  unassignLicenses,
  unassignLicensesBodySchema,
  type LicenseChangeResult,
} from '../../modules/licensing/index.js';
import { getUser, userViewSchema } from '../../modules/users/index.js';
import { emitLicensesAssigned } from '../../modules/notifications/index.js';
import { problemSchema, queryBoolean, type Api } from '../api.js';
import { actorOf, requireTenant } from '../auth.js';
import { allow } from '../permission-guard.js';
import { localeOf } from '../problem.js';
import type { UiLocale } from '../../shared/locale.js';
import { renderMessage } from '../../shared/messages/index.js';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  422: problemSchema,
};

const productParam = z.object({ productId: z.string().min(1).max(100) });
const userProductParams = z.object({ id: z.string().min(1).max(100), productId: z.string().min(1).max(100) });

const countsSchema = z.object({
  purchased: z.number().int(),
  assigned: z.number().int(),
  available: z.number().int(),
});

const bulkResponseSchema = z.object({
  productId: z.string(),
  results: z.array(licenseChangeResultSchema).describe('One entry per distinct user, in request order'),
  changed: z.number().int().describe('Users assigned (or unassigned)'),
  refused: z.number().int(),
  license: countsSchema.describe('The product’s counts after the request'),
});

function localise(result: LicenseChangeResult, language: UiLocale) {
  return {
    userId: result.userId,
    status: result.status,
    code: result.code,
    message: result.message && renderMessage(result.message, language),
    hint: result.hint && renderMessage(result.hint, language),
    details: result.details,
    alsoUnassigned: result.alsoUnassigned,
  };
}

async function counts(ctx: AppContext, tenantId: string, productId: string) {
  const purchased = await purchasedQuantity(ctx.db, tenantId, productId);
  const assigned = await countAssigned(ctx.db, tenantId, productId);
  return { purchased, assigned, available: Math.max(0, purchased - assigned) };
}

/** The answer of a bulk assign or unassign: one result per user, then the new counts. */
async function bulkReport(
  ctx: AppContext,
  tenantId: string,
  productId: string,
  results: LicenseChangeResult[],
  language: UiLocale,
) {
  return {
    productId,
    results: results.map((r) => localise(r, language)),
    changed: results.filter((r) => r.status !== 'refused').length,
    refused: results.filter((r) => r.status === 'refused').length,
    license: await counts(ctx, tenantId, productId),
  };
}

/** Assigns, and tells each user who got the license by email (`license.assigned`), in one transaction. */
async function assignAndNotify(ctx: AppContext, input: Parameters<typeof assignLicenses>[1]) {
  return inTransaction(ctx.db, async (trx) => {
    const results = await assignLicenses(trx, input);
    const userIds = results.filter((r) => r.status === 'assigned').map((r) => r.userId);
    await emitLicensesAssigned(ctx, trx, { tenantId: input.tenantId, productId: input.productId, userIds });
    return results;
  });
}

export async function registerLicensesRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/licenses',
    {
      preValidation: allow('licenses:read'),
      schema: {
        tags: ['licenses'],
        summary: 'Purchased, assigned and available licenses per product',
        description:
          'Products your tenant has an active, warning, expired or disabled subscription for (or still has licenses of). ' +
          'Storage (GB) and credits are listed with assignable=false: they belong to the whole tenant.',
        response: { 200: z.object({ items: z.array(licenseSummaryItemSchema) }), ...errors },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'licenses:read');
      return { items: await licenseSummary(ctx.db, principal.tenantId) };
    },
  );

  api.get(
    '/licenses/:productId/assignments',
    {
      preValidation: allow('licenses:read'),
      schema: {
        tags: ['licenses'],
        summary: 'The users holding a license of a product, oldest assignment first',
        params: productParam,
        response: {
          200: countsSchema.extend({ productId: z.string(), items: z.array(licenseAssignmentSchema) }),
          ...errors,
        },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'licenses:read');
      const { productId } = request.params;
      const items = await listProductAssignments(ctx.db, principal.tenantId, productId);
      return { productId, ...(await counts(ctx, principal.tenantId, productId)), items };
    },
  );

  api.post(
    '/licenses/:productId/assign',
    {
      preValidation: allow('licenses:write'),
      schema: {
        tags: ['licenses'],
        summary: 'Assign a license of a product to several users',
        description:
          'Answers 200 with one result per user: users that break a rule are `refused` with a code ' +
          '(not_found, license_already_assigned, base_license_required, no_licenses_available) and the others are ' +
          'still assigned. Licenses go to users in the order given: with 3 available and 5 users, the first 3 ' +
          'eligible users get one. An unknown product (404 product_not_found) or a tenant-wide product ' +
          '(422 license_not_assignable) fails the whole request.',
        params: productParam,
        body: assignLicensesBodySchema,
        response: { 200: bulkResponseSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'licenses:write');
      const { productId } = request.params;
      const results = await assignAndNotify(ctx, {
        tenantId: principal.tenantId,
        productId,
        userIds: request.body.userIds,
        now: ctx.clock.now(),
        actor: actorOf(principal),
      });
      return bulkReport(ctx, principal.tenantId, productId, results, localeOf(request));
    },
  );

  api.post(
    '/licenses/:productId/unassign',
    {
      preValidation: allow('licenses:write'),
      schema: {
        tags: ['licenses'],
        summary: 'Unassign a license of a product from several users',
        description:
          'Answers 200 with one result per user; refused users (not_found, license_not_assigned, base_license_in_use) ' +
          'never stop the others. A base license an add-on license of the same user depends on is refused unless ' +
          'cascade is true: then the add-on licenses are unassigned too and listed in alsoUnassigned.',
        params: productParam,
        body: unassignLicensesBodySchema,
        response: { 200: bulkResponseSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'licenses:write');
      const { productId } = request.params;
      const results = await unassignLicenses(ctx.db, {
        tenantId: principal.tenantId,
        productId,
        userIds: request.body.userIds,
        cascade: request.body.cascade,
        now: ctx.clock.now(),
        actor: actorOf(principal),
      });
      return bulkReport(ctx, principal.tenantId, productId, results, localeOf(request));
    },
  );

  api.put(
    '/users/:id/licenses/:productId',
    {
      preValidation: allow('licenses:write'),
      schema: {
        tags: ['licenses'],
        summary: 'Assign a license of a product to one user',
        description:
          'The single-user form of POST /licenses/{productId}/assign: a refusal is the error response.',
        params: userProductParams,
        response: { 200: userViewSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'licenses:write');
      const [result] = await assignAndNotify(ctx, {
        tenantId: principal.tenantId,
        productId: request.params.productId,
        userIds: [request.params.id],
        now: ctx.clock.now(),
        actor: actorOf(principal),
      });
      const error = result && refusalAsError(result);
      if (error) throw error;
      return getUser(ctx.db, principal.tenantId, request.params.id);
    },
  );

  api.delete(
    '/users/:id/licenses/:productId',
    {
      preValidation: allow('licenses:write'),
      schema: {
        tags: ['licenses'],
        summary: 'Unassign a license of a product from one user',
        description:
          'The single-user form of POST /licenses/{productId}/unassign: a refusal is the error response. ' +
          'cascade=true also unassigns the add-on licenses that depend on this base license.',
        params: userProductParams,
        querystring: z.strictObject({ cascade: queryBoolean.optional() }),
        response: { 200: userViewSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'licenses:write');
      const [result] = await unassignLicenses(ctx.db, {
        tenantId: principal.tenantId,
        productId: request.params.productId,
        userIds: [request.params.id],
        cascade: request.query.cascade ?? false,
        now: ctx.clock.now(),
        actor: actorOf(principal),
      });
      const error = result && refusalAsError(result);
      if (error) throw error;
      return getUser(ctx.db, principal.tenantId, request.params.id);
    },
  );
}
