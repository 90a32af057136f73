import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { AppError, msg } from '../../shared/app-error.js';
import { addHours } from '../../shared/dates.js';
import { newId, newSecret } from '../../shared/ids.js';
import { findTenant, findUsersByEmailAnyTenant, verifyPassword } from '../../modules/tenants/index.js';
import { recordAudit } from '../../modules/audit/index.js';
import { findUserRow } from '../../modules/users/index.js';
import {
  acceptRecoveryCode,
  acceptTotp,
  completeSecondStep,
  deleteSessionByTokenHash,
  findSessionByTokenHash,
  findUserSecurity,
  insertSession,
  lockedFor,
  passwordAccount,
  registerFailure,
  registerSuccess,
  secondStepAccount,
  tooManyAttempts,
} from '../../modules/security/index.js';
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
      config: { rateLimit: signInRateLimit(ctx) },
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
      const now = ctx.clock.now();
      const account = passwordAccount(email);
      const wait = await lockedFor(ctx.db, account, now);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw tooManyAttempts(wait);
      }
      const candidates = (await findUsersByEmailAnyTenant(ctx.db, email)).filter(
        (u) => !tenantId || u.tenant_id === tenantId,
      );
      const matches = [];
      // An unknown email is checked against a throw-away hash: the answer takes as long.
      if (candidates.length === 0) await verifyPassword(password, null);
      for (const user of candidates)
        if (await verifyPassword(password, user.password_hash)) matches.push(user);
      if (matches.length === 0) {
        const { failures, lockSeconds } = await registerFailure(ctx.db, account, now);
        for (const user of candidates) {
          await recordAudit(ctx.db, {
            tenantId: user.tenant_id,
            actor: { type: 'user', id: user.id },
            action: lockSeconds > 0 ? 'user.sign_in_locked' : 'user.sign_in_failed',
            entityType: 'user',
            entityId: user.id,
            after: { failures, lockSeconds, clientAddress: request.ip },
            at: now,
          });
        }
        if (candidates.length === 0)
          request.log.warn({ failures, lockSeconds }, 'sign-in failed for an unknown email');
        if (lockSeconds > 0) {
          reply.header('retry-after', String(lockSeconds));
          throw tooManyAttempts(lockSeconds);
        }
        throw new AppError('invalid_credentials', msg.emailOrPasswordWrong());
      }
      if (matches.length > 1) {
        throw new AppError('validation_failed', msg.emailInSeveralTenants(), {
          details: { tenantIds: matches.map((m) => m.tenant_id) },
          hint: msg.sendTenantId(),
          field: 'body.tenantId',
        });
      }
      await registerSuccess(ctx.db, account);
      const user = matches[0]!;
      const security = await findUserSecurity(ctx.db, user.tenant_id, user.id);
      const secondStep = !!security?.totp_enabled_at;
      const token = newSecret('bcs');
      await insertSession(ctx.db, {
        id: newId('session', now.getTime()),
        token_hash: hashToken(token),
        tenant_id: user.tenant_id,
        user_id: user.id,
        created_at: now,
        // A half-done sign-in is good for a few minutes only.
        expires_at: secondStep
          ? new Date(now.getTime() + 10 * 60_000)
          : addHours(now, ctx.config.policy.sessionHours),
        user_agent: request.headers['user-agent']?.slice(0, 300) ?? null,
        client_address: request.ip,
        second_step_pending: secondStep,
      });
      setSessionCookie(ctx, request, reply, token);
      if (secondStep) {
        throw new AppError('second_factor_required', msg.enterAuthenticatorCode(), {
          hint: msg.postSecondStep(),
        });
      }
      await recordAudit(ctx.db, {
        tenantId: user.tenant_id,
        actor: { type: 'user', id: user.id },
        action: 'user.signed_in',
        entityType: 'user',
        entityId: user.id,
        at: now,
      });
      return describe(ctx, user.tenant_id, user.id);
    },
  );

  api.post(
    '/auth/second-step',
    {
      config: { rateLimit: signInRateLimit(ctx) },
      schema: {
        tags: ['auth'],
        summary: 'Second step of sign-in: a code of the authenticator app, or a recovery code',
        description:
          'After /auth/login answered 401 second_factor_required and set a provisional cookie. Wrong codes ' +
          'lock the account like wrong passwords (429 with Retry-After). A recovery code works once.',
        body: z.strictObject({ code: z.string().min(6).max(20) }),
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const now = ctx.clock.now();
      const cookie = request.cookies[sessionCookieName];
      const session = cookie ? await findSessionByTokenHash(ctx.db, hashToken(cookie), now) : undefined;
      if (!session || !session.second_step_pending) {
        throw new AppError('unauthenticated', msg.signInWithPasswordFirst());
      }
      const account = secondStepAccount(session.user_id);
      const wait = await lockedFor(ctx.db, account, now);
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw tooManyAttempts(wait);
      }
      const user = await findUserSecurity(ctx.db, session.tenant_id, session.user_id);
      const code = request.body.code.trim();
      const ok =
        !!user &&
        ((await acceptTotp(ctx.db, user, code, now)) ||
          (await acceptRecoveryCode(ctx.db, user.id, code, now)));
      if (!ok) {
        const { failures, lockSeconds } = await registerFailure(ctx.db, account, now);
        await recordAudit(ctx.db, {
          tenantId: session.tenant_id,
          actor: { type: 'user', id: session.user_id },
          action: lockSeconds > 0 ? 'user.sign_in_locked' : 'user.second_step_failed',
          entityType: 'user',
          entityId: session.user_id,
          after: { failures, lockSeconds, clientAddress: request.ip },
          at: now,
        });
        if (lockSeconds > 0) {
          reply.header('retry-after', String(lockSeconds));
          throw tooManyAttempts(lockSeconds);
        }
        throw new AppError('invalid_second_factor', msg.codeWrongOrUsed(), { field: 'body.code' });
      }
      await registerSuccess(ctx.db, account);
      // A new secret once the sign-in is complete: the provisional one never becomes a session.
      const token = newSecret('bcs');
      await completeSecondStep(
        ctx.db,
        session.id,
        hashToken(token),
        addHours(now, ctx.config.policy.sessionHours),
      );
      setSessionCookie(ctx, request, reply, token);
      await recordAudit(ctx.db, {
        tenantId: session.tenant_id,
        actor: { type: 'user', id: session.user_id },
        action: 'user.signed_in',
        entityType: 'user',
        entityId: session.user_id,
        after: { twoStep: true },
        at: now,
      });
      return describe(ctx, session.tenant_id, session.user_id);
    },
  );

  api.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'End the session', response: { 204: z.null() } } },
    async (request, reply) => {
      const cookie = request.cookies[sessionCookieName];
      if (cookie) await deleteSessionByTokenHash(ctx.db, hashToken(cookie));
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

/** Per client address, on top of the per-account lockout: slows password spraying and floods. */
function signInRateLimit(ctx: AppContext) {
  return { max: ctx.config.signInAttemptsPerMinute, timeWindow: 60_000 };
}

function setSessionCookie(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(sessionCookieName, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    // request.protocol follows X-Forwarded-Proto only from proxies BILLING_CENTER_TRUST_PROXY trusts.
    secure: request.protocol === 'https',
    maxAge: ctx.config.policy.sessionHours * 3600,
  });
}

async function describe(ctx: AppContext, tenantId: string, userId: string) {
  const tenant = await findTenant(ctx.db, tenantId);
  const user = await findUserRow(ctx.db, tenantId, userId);
  if (!user) throw new AppError('not_found', msg.userNotFound());
  if (!tenant) throw new AppError('not_found', msg.tenantNotFound());
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
