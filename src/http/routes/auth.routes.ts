import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../shared/app-error.js';
import { addHours } from '../../shared/dates.js';
import { newId, newSecret } from '../../shared/ids.js';
import { findTenant, findUsersByEmailAnyTenant, verifyPassword } from '../../modules/tenants/index.js';
import { recordAudit } from '../../modules/audit/index.js';
import type { Api } from '../api.js';
import { hashToken, requireTenant, sessionCookieName } from '../auth.js';
import { roleAllows, permissions, type Permission } from '../access.js';

const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), displayName: z.string(), role: z.string() }),
  tenant: z.object({
    id: z.string(),
    name: z.string(),
    billingCountry: z.string(),
    currency: z.string(),
    locale: z.string(),
  }),
  permissions: z.array(z.string()),
});

export async function registerAuthRoutes(api: Api, ctx: AppContext) {
  api.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in with email and password; sets the session cookie',
        body: z.strictObject({
          email: z.email(),
          password: z.string().min(1).max(200),
          tenantId: z.string().optional().describe('Needed only when the email exists in several tenants'),
        }),
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const { email, password, tenantId } = request.body;
      const candidates = (await findUsersByEmailAnyTenant(ctx.db, email)).filter(
        (u) => !tenantId || u.tenant_id === tenantId,
      );
      const matches = [];
      for (const user of candidates)
        if (await verifyPassword(password, user.password_hash)) matches.push(user);
      if (matches.length === 0) {
        throw new AppError('invalid_credentials', 'The email or password is wrong.', {
          messageFr: 'L’adresse e-mail ou le mot de passe est incorrect.',
        });
      }
      if (matches.length > 1) {
        throw new AppError('validation_failed', 'This email signs in to several tenants; say which one.', {
          details: { tenantIds: matches.map((m) => m.tenant_id) },
          hint: 'Send tenantId with the login.',
        });
      }
      const user = matches[0]!;
      const now = ctx.clock.now();
      const token = newSecret('bcs');
      await ctx.db
        .insertInto('sessions')
        .values({
          id: newId('session', now.getTime()),
          token_hash: hashToken(token),
          tenant_id: user.tenant_id,
          user_id: user.id,
          created_at: now,
          expires_at: addHours(now, ctx.config.policy.sessionHours),
        })
        .execute();
      await recordAudit(ctx.db, {
        tenantId: user.tenant_id,
        actor: { type: 'user', id: user.id },
        action: 'user.signed_in',
        entityType: 'user',
        entityId: user.id,
        at: now,
      });
      reply.setCookie(sessionCookieName, token, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        secure: request.protocol === 'https',
        maxAge: ctx.config.policy.sessionHours * 3600,
      });
      return describe(ctx, user.tenant_id, user.id);
    },
  );

  api.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } } },
    async (request, reply) => {
      const cookie = request.cookies[sessionCookieName];
      if (cookie) await ctx.db.deleteFrom('sessions').where('token_hash', '=', hashToken(cookie)).execute();
      reply.clearCookie(sessionCookieName, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, in which tenant, allowed to do what',
        response: { 200: meSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request);
      return describe(ctx, p.tenantId, p.userId);
    },
  );
}

async function describe(ctx: AppContext, tenantId: string, userId: string) {
  const tenant = await findTenant(ctx.db, tenantId);
  const user = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  if (!tenant) throw new AppError('not_found', 'Tenant not found.');
  return {
    user: { id: user.id, email: user.email, displayName: user.display_name, role: user.role },
    tenant: {
      id: tenant.id,
      name: tenant.name,
      billingCountry: tenant.billing_country,
      currency: tenant.currency,
      locale: tenant.locale,
    },
    permissions: (Object.keys(permissions) as Permission[]).filter((p) => roleAllows(user.role, p)),
  };
}
