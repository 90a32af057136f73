import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { newSecret } from '../../shared/ids.js';
import {
  apiTokenViewSchema,
  createApiToken,
  createApiTokenBodySchema,
  createdApiTokenSchema,
  listApiTokens,
  revokeApiToken,
} from '../../modules/api-tokens/index.js';
import { idParam, problemSchema, type Api } from '../api.js';
import { actorOf, hashToken, requireTenant } from '../auth.js';
import { allow } from '../permission-guard.js';

const errors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

export async function registerTokensRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/tokens',
    {
      preValidation: allow('tokens:write'),
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token for scripts (the secret is shown once)',
        description:
          'The token acts as userId (yourself when absent) with that user’s role. Send it as ' +
          '"Authorization: Bearer bct_…". Only its hash is stored: a lost secret cannot be shown again.',
        body: createApiTokenBodySchema,
        response: { 201: createdApiTokenSchema, ...errors },
      },
    },
    async (request, reply) => {
      const principal = requireTenant(request, 'tokens:write');
      const secret = newSecret('bct');
      const view = await createApiToken(ctx.db, {
        tenantId: principal.tenantId,
        userId: request.body.userId ?? principal.userId,
        name: request.body.name,
        tokenHash: hashToken(secret),
        now: ctx.clock.now(),
        actor: actorOf(principal),
      });
      return reply.status(201).send({ ...view, token: secret });
    },
  );

  api.get(
    '/tokens',
    {
      preValidation: allow('tokens:write'),
      schema: {
        tags: ['tokens'],
        summary: 'List the API tokens of your tenant (never their secrets)',
        response: { 200: z.object({ items: z.array(apiTokenViewSchema) }), ...errors },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'tokens:write');
      return { items: await listApiTokens(ctx.db, principal.tenantId) };
    },
  );

  api.delete(
    '/tokens/:id',
    {
      preValidation: allow('tokens:write'),
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token; it stops working at once',
        params: idParam,
        response: { 200: apiTokenViewSchema, ...errors },
      },
    },
    async (request) => {
      const principal = requireTenant(request, 'tokens:write');
      return revokeApiToken(ctx.db, {
        tenantId: principal.tenantId,
        tokenId: request.params.id,
        now: ctx.clock.now(),
        actor: actorOf(principal),
      });
    },
  );
}
