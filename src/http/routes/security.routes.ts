import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { inTransaction } from '../../db/transaction.js';
import { recordAudit } from '../../modules/audit/index.js';
import {
  acceptTotp,
  countUnusedRecoveryCodes,
  deleteUserSession,
  deleteUserSessions,
  enableTotp,
  findTenantSecurity,
  findUserSecurity,
  isAdminRole,
  issueRecoveryCodes,
  listUserSessions,
  lockedFor,
  newTotpSecret,
  passwordAccount,
  registerFailure,
  registerSuccess,
  revokeUserApiTokens,
  saveTenantSecurity,
  setPasswordHash,
  setTotpSecret,
  tooManyAttempts,
} from '../../modules/security/index.js';
import { hashPassword, newPasswordSchema, verifyPassword } from '../../modules/tenants/index.js';
import { AppError, msg } from '../../shared/app-error.js';
import { idParam, problemSchema, type Api } from '../api.js';
import { actorOf, requireTenant, sessionCookieName, type TenantPrincipal } from '../auth.js';
import { allow } from '../permission-guard.js';
import type { FastifyReply } from 'fastify';

const errors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
  429: problemSchema,
};

const sessionSchema = z.object({
  id: z.string(),
  createdAt: z.date(),
  lastSeenAt: z.date().nullable(),
  expiresAt: z.date(),
  userAgent: z.string().nullable(),
  clientAddress: z.string().nullable(),
  current: z.boolean().describe('The session this request came with'),
});

const twoStepSchema = z.object({
  enabled: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  requiredByTenant: z.boolean().describe('The tenant requires two-step sign-in of every admin'),
});

const tenantSecuritySchema = z.object({
  requireTwoStepForAdmins: z
    .boolean()
    .describe(
      'Every admin (Global, Billing, License) must sign in in two steps; those without it set it up at their next sign-in',
    ),
});

function wrongPassword(field: string): AppError {
  return new AppError('invalid_credentials', msg.currentPasswordWrong(), { field });
}

/**
 * Checks the signed-in user's own password before a sensitive change, with the same lockout
 * as sign-in: a stolen session cannot guess its way to a new password.
 */
async function confirmPassword(
  ctx: AppContext,
  p: TenantPrincipal,
  password: string,
  reply: FastifyReply,
  field = 'body.currentPassword',
) {
  const now = ctx.clock.now();
  const user = await findUserSecurity(ctx.db, p.tenantId, p.userId);
  if (!user) throw new AppError('not_found', msg.userNotFound());
  const account = passwordAccount(user.email);
  const wait = await lockedFor(ctx.db, account, now);
  if (wait > 0) {
    reply.header('retry-after', String(wait));
    throw tooManyAttempts(wait);
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    const { lockSeconds } = await registerFailure(ctx.db, account, now);
    if (lockSeconds > 0) {
      reply.header('retry-after', String(lockSeconds));
      throw tooManyAttempts(lockSeconds);
    }
    throw wrongPassword(field);
  }
  await registerSuccess(ctx.db, account);
  return user;
}

export async function registerSecurityRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/me/sessions',
    {
      schema: {
        tags: ['security'],
        summary: 'Your open sessions in the admin center (any role)',
        response: { 200: z.object({ items: z.array(sessionSchema) }), ...errors },
      },
    },
    async (request) => {
      const p = requireTenant(request);
      const rows = await listUserSessions(ctx.db, p.tenantId, p.userId, ctx.clock.now());
      return {
        items: rows.map((r) => ({
          id: r.id,
          createdAt: r.created_at,
          lastSeenAt: r.last_seen_at,
          expiresAt: r.expires_at,
          userAgent: r.user_agent,
          clientAddress: r.client_address,
          current: r.id === p.sessionId,
        })),
      };
    },
  );

  api.delete(
    '/me/sessions/:id',
    {
      schema: {
        tags: ['security'],
        summary: 'Sign out one of your sessions',
        params: idParam,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request);
      if (!(await deleteUserSession(ctx.db, p.tenantId, p.userId, request.params.id))) {
        throw new AppError('not_found', msg.noSession({ id: request.params.id }));
      }
      if (request.params.id === p.sessionId) reply.clearCookie(sessionCookieName, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  api.post(
    '/me/sessions/sign-out-everywhere',
    {
      schema: {
        tags: ['security'],
        summary: 'Sign out every session of yours, this one included',
        response: { 200: z.object({ endedSessions: z.number().int() }), ...errors },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request);
      const now = ctx.clock.now();
      const ended = await deleteUserSessions(ctx.db, p.tenantId, p.userId, null);
      await recordAudit(ctx.db, {
        tenantId: p.tenantId,
        actor: actorOf(p),
        action: 'user.signed_out_everywhere',
        entityType: 'user',
        entityId: p.userId,
        after: { endedSessions: ended },
        at: now,
      });
      reply.clearCookie(sessionCookieName, { path: '/' });
      return { endedSessions: ended };
    },
  );

  api.post(
    '/me/password',
    {
      schema: {
        tags: ['security'],
        summary: 'Change your password; your other sessions end',
        body: z.strictObject({ currentPassword: z.string().min(1).max(200), newPassword: newPasswordSchema }),
        response: { 200: z.object({ endedSessions: z.number().int() }), ...errors },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request);
      const now = ctx.clock.now();
      await confirmPassword(ctx, p, request.body.currentPassword, reply);
      const hash = await hashPassword(request.body.newPassword);
      const ended = await inTransaction(ctx.db, async (trx) => {
        await setPasswordHash(trx, p.tenantId, p.userId, hash, now);
        const count = await deleteUserSessions(trx, p.tenantId, p.userId, p.sessionId);
        await recordAudit(trx, {
          tenantId: p.tenantId,
          actor: actorOf(p),
          action: 'user.password_changed',
          entityType: 'user',
          entityId: p.userId,
          after: { endedSessions: count },
          at: now,
        });
        return count;
      });
      return { endedSessions: ended };
    },
  );

  api.get(
    '/me/two-step',
    {
      schema: {
        tags: ['security'],
        summary: 'Whether your sign-in takes two steps',
        response: { 200: twoStepSchema, ...errors },
      },
    },
    async (request) => {
      const p = requireTenant(request);
      const user = await findUserSecurity(ctx.db, p.tenantId, p.userId);
      const tenant = await findTenantSecurity(ctx.db, p.tenantId);
      return {
        enabled: !!user?.totp_enabled_at,
        recoveryCodesLeft: user?.totp_enabled_at ? await countUnusedRecoveryCodes(ctx.db, p.userId) : 0,
        requiredByTenant: tenant.requireTwoStepForAdmins && isAdminRole(p.role),
      };
    },
  );

  api.post(
    '/me/two-step/enrol',
    {
      schema: {
        tags: ['security'],
        summary:
          'Start setting up an authenticator app: returns the secret to scan (RFC 6238, 6 digits, 30 s)',
        description:
          'Two-step sign-in stays off until POST /me/two-step/confirm accepts a code of this secret.',
        response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }), ...errors },
      },
    },
    async (request) => {
      const p = requireTenant(request);
      const user = await findUserSecurity(ctx.db, p.tenantId, p.userId);
      if (!user) throw new AppError('not_found', msg.userNotFound());
      if (user.totp_enabled_at) {
        throw new AppError('conflict', msg.twoStepAlreadyOn());
      }
      const enrolment = newTotpSecret(user.email);
      await setTotpSecret(ctx.db, p.tenantId, p.userId, enrolment.secret);
      return enrolment;
    },
  );

  api.post(
    '/me/two-step/confirm',
    {
      schema: {
        tags: ['security'],
        summary:
          'Turn two-step sign-in on with a code of the app; returns single-use recovery codes (shown once)',
        body: z.strictObject({ code: z.string().min(6).max(6) }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => {
      const p = requireTenant(request);
      const now = ctx.clock.now();
      const user = await findUserSecurity(ctx.db, p.tenantId, p.userId);
      if (!user?.totp_secret || user.totp_enabled_at) {
        throw new AppError('conflict', msg.startWithEnrol());
      }
      if (!(await acceptTotp(ctx.db, user, request.body.code, now))) {
        throw new AppError('invalid_second_factor', msg.codeDoesNotMatch(), { field: 'body.code' });
      }
      const recoveryCodes = await inTransaction(ctx.db, async (trx) => {
        await enableTotp(trx, p.tenantId, p.userId, now);
        const codes = await issueRecoveryCodes(trx, p.tenantId, p.userId);
        await recordAudit(trx, {
          tenantId: p.tenantId,
          actor: actorOf(p),
          action: 'user.two_step_enabled',
          entityType: 'user',
          entityId: p.userId,
          at: now,
        });
        return codes;
      });
      return { recoveryCodes };
    },
  );

  api.post(
    '/me/two-step/disable',
    {
      schema: {
        tags: ['security'],
        summary: 'Turn two-step sign-in off (needs your password)',
        body: z.strictObject({ password: z.string().min(1).max(200) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request);
      const now = ctx.clock.now();
      await confirmPassword(ctx, p, request.body.password, reply, 'body.password');
      const tenant = await findTenantSecurity(ctx.db, p.tenantId);
      if (tenant.requireTwoStepForAdmins && isAdminRole(p.role)) {
        throw new AppError('conflict', msg.organisationRequiresTwoStepShort(), {
          hint: msg.globalAdminCanChange(),
        });
      }
      await inTransaction(ctx.db, async (trx) => {
        await setTotpSecret(trx, p.tenantId, p.userId, null);
        await recordAudit(trx, {
          tenantId: p.tenantId,
          actor: actorOf(p),
          action: 'user.two_step_disabled',
          entityType: 'user',
          entityId: p.userId,
          at: now,
        });
      });
      return reply.status(204).send(null);
    },
  );

  api.get(
    '/tenant/security',
    {
      preValidation: allow('users:read'),
      schema: {
        tags: ['security'],
        summary: 'The tenant’s sign-in rules',
        response: { 200: tenantSecuritySchema, ...errors },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'users:read');
      return findTenantSecurity(ctx.db, p.tenantId);
    },
  );

  api.put(
    '/tenant/security',
    {
      preValidation: allow('users:write'),
      schema: {
        tags: ['security'],
        summary: 'Change the tenant’s sign-in rules (Global admin)',
        body: tenantSecuritySchema.strict(),
        response: { 200: tenantSecuritySchema, ...errors },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'users:write');
      const now = ctx.clock.now();
      const before = await findTenantSecurity(ctx.db, p.tenantId);
      await inTransaction(ctx.db, async (trx) => {
        await saveTenantSecurity(trx, p.tenantId, request.body.requireTwoStepForAdmins, now);
        await recordAudit(trx, {
          tenantId: p.tenantId,
          actor: actorOf(p),
          action: 'tenant.security_changed',
          entityType: 'tenant',
          entityId: p.tenantId,
          before,
          after: request.body,
          at: now,
        });
      });
      return request.body;
    },
  );

  api.delete(
    '/users/:id/api-tokens',
    {
      preValidation: allow('tokens:write'),
      schema: {
        tags: ['security'],
        summary: 'Revoke every API token acting as this user (Global admin)',
        params: idParam,
        response: { 200: z.object({ revokedTokenIds: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'tokens:write');
      const now = ctx.clock.now();
      const target = await findUserSecurity(ctx.db, p.tenantId, request.params.id);
      if (!target) {
        throw new AppError('not_found', msg.userNotFoundId({ id: request.params.id }));
      }
      const revokedTokenIds = await inTransaction(ctx.db, async (trx) => {
        const ids = await revokeUserApiTokens(trx, p.tenantId, target.id, now);
        await recordAudit(trx, {
          tenantId: p.tenantId,
          actor: actorOf(p),
          action: 'user.api_tokens_revoked',
          entityType: 'user',
          entityId: target.id,
          after: { revokedTokenIds: ids },
          at: now,
        });
        return ids;
      });
      return { revokedTokenIds };
    },
  );
}
