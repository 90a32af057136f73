import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import {
  createUser,
  createUserBodySchema,
  deleteUser,
  getUser,
  importReportSchema,
  importUsers,
  listUsers,
  listUsersQuerySchema,
  parseUsersCsv,
  updateUser,
  updateUserBodySchema,
  userListSchema,
  userViewSchema,
} from '../../modules/users/index.js';
import { idParam, problemSchema, queryBoolean, type Api } from '../api.js';
import { actorOf, requireTenant } from '../auth.js';
import { allow } from '../permission-guard.js';
import { localeOf } from '../problem.js';
import { renderMessage } from '../../shared/messages/index.js';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
};

export async function registerUsersRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/users',
    {
      preValidation: allow('users:read'),
      schema: {
        tags: ['users'],
        summary: 'List the users of your tenant, with their licenses',
        description:
          'Sorted by display name. Filter by text (email or name), role, or holders of a product license; page with limit and offset.',
        querystring: listUsersQuerySchema,
        response: { 200: userListSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'users:read');
      return listUsers(ctx.db, principal.tenantId, request.query);
    },
  );

  api.post(
    '/users',
    {
      preValidation: allow('users:write'),
      schema: {
        tags: ['users'],
        summary: 'Add a user (role defaults to user; no license is assigned)',
        body: createUserBodySchema,
        response: { 201: userViewSchema, ...errors },
      },
    },
    async (request, reply) => {
      const principal = requireTenant(request, 'users:write');
      const user = await createUser(ctx.db, {
        tenantId: principal.tenantId,
        input: request.body,
        now: ctx.clock.now(),
        actor: actorOf(principal),
      });
      return reply.status(201).send(user);
    },
  );

  api.post(
    '/users/import',
    {
      preValidation: allow('users:write'),
      schema: {
        tags: ['users'],
        summary: 'Import users from a CSV file (email,displayName,role)',
        description:
          'Send the file as the body with Content-Type: text/csv. Answers 200 with a report per row even when rows ' +
          'have errors; a row with an error never stops the others unless atomic=true (then nothing is created and ' +
          '`applied` is false). Rows whose email already exists are skipped. 400 csv_invalid when the header is unusable.',
        consumes: ['text/csv'],
        querystring: z.strictObject({
          atomic: queryBoolean
            .optional()
            .describe('All rows or none: any row error leaves the tenant unchanged'),
        }),
        body: z.string({ error: 'Send the CSV file as the request body with Content-Type: text/csv' }),
        response: { 200: importReportSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'users:write');
      const rows = parseUsersCsv(request.body);
      const report = await importUsers(ctx.db, {
        tenantId: principal.tenantId,
        rows,
        now: ctx.clock.now(),
        actor: actorOf(principal),
        atomic: request.query.atomic ?? false,
      });
      const locale = localeOf(request);
      return {
        ...report,
        rows: report.rows.map((row) => ({ ...row, message: renderMessage(row.message, locale) })),
      };
    },
  );

  api.get(
    '/users/:id',
    {
      preValidation: allow('users:read'),
      schema: {
        tags: ['users'],
        summary: 'One user of your tenant, with its licenses',
        params: idParam,
        response: { 200: userViewSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'users:read');
      return getUser(ctx.db, principal.tenantId, request.params.id);
    },
  );

  api.patch(
    '/users/:id',
    {
      preValidation: allow('users:write'),
      schema: {
        tags: ['users'],
        summary: 'Change a user’s email, display name, role or password',
        description: 'The last Global admin of the tenant keeps that role (409 last_global_admin).',
        params: idParam,
        body: updateUserBodySchema,
        response: { 200: userViewSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'users:write');
      return updateUser(ctx.db, {
        tenantId: principal.tenantId,
        userId: request.params.id,
        patch: request.body,
        now: ctx.clock.now(),
        actor: actorOf(principal),
        keepSessionId: principal.userId === request.params.id ? principal.sessionId : null,
      });
    },
  );

  api.delete(
    '/users/:id',
    {
      preValidation: allow('users:write'),
      schema: {
        tags: ['users'],
        summary: 'Delete a user: its licenses go back to the pool, its sessions and API tokens end',
        description: 'The last Global admin of the tenant cannot be deleted (409 last_global_admin).',
        params: idParam,
        response: {
          200: z.object({
            user: userViewSchema.describe('The user as it was'),
            releasedLicenses: z
              .array(z.string())
              .describe('Product ids whose licenses went back to the pool'),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'users:write');
      return deleteUser(ctx.db, {
        tenantId: principal.tenantId,
        userId: request.params.id,
        now: ctx.clock.now(),
        actor: actorOf(principal),
      });
    },
  );
}
