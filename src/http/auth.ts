import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../app-context.js';
import type { Role, Tenant } from '../db/schema.js';
import { AppError, msg } from '../shared/app-error.js';
import type { Actor } from '../modules/audit/index.js';
import { roleAllows, type Permission } from './access.js';

export const sessionCookieName = 'bc_session';

export interface TenantPrincipal {
  kind: 'tenant';
  tenantId: string;
  /** The tenant as read with the credential (one query): currency, country, locale. */
  tenant: Tenant;
  userId: string;
  role: Role;
  via: 'session' | 'api_token';
  tokenId: string | null;
  /** The session's id when signed in through the admin center. */
  sessionId: string | null;
  /**
   * The tenant requires two-step sign-in of admins and this admin has not set it up: the
   * session may only do that (src/http/routes/security.routes.ts).
   */
  mustEnrolTwoStep: boolean;
}

export interface OperatorPrincipal {
  kind: 'operator';
}

export type Principal = TenantPrincipal | OperatorPrincipal;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

const tenantColumns = [
  'tenants.name as tenant_name',
  'tenants.billing_country as tenant_billing_country',
  'tenants.currency as tenant_currency',
  'tenants.locale as tenant_locale',
  'tenants.created_at as tenant_created_at',
] as const;

function tenantOf(row: {
  tenant_id: string;
  tenant_name: string;
  tenant_billing_country: string;
  tenant_currency: string;
  tenant_locale: string;
  tenant_created_at: Date;
}): Tenant {
  return {
    id: row.tenant_id,
    name: row.tenant_name,
    billing_country: row.tenant_billing_country,
    currency: row.tenant_currency,
    locale: row.tenant_locale,
    created_at: row.tenant_created_at,
  };
}

/**
 * Resolves who is calling, once per request: an operator Bearer credential, a tenant API
 * token (Bearer `bct_…`), or the session cookie of the web admin center.
 */
export const authPlugin = fp(async (app: FastifyInstance, opts: { ctx: AppContext }) => {
  const { ctx } = opts;
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const now = ctx.clock.now();
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match) throw new AppError('unauthenticated', msg.authorizationHeaderShape());
      const token = match[1]!;
      if (ctx.config.operatorToken && sameSecret(token, ctx.config.operatorToken)) {
        request.principal = { kind: 'operator' };
        return;
      }
      const row = await ctx.db
        .selectFrom('api_tokens')
        .innerJoin('users', 'users.id', 'api_tokens.user_id')
        .innerJoin('tenants', 'tenants.id', 'api_tokens.tenant_id')
        .select([
          'api_tokens.id',
          'api_tokens.tenant_id',
          'api_tokens.user_id',
          'api_tokens.last_used_at',
          'users.role',
        ])
        .select(tenantColumns)
        .where('api_tokens.token_hash', '=', hashToken(token))
        .where('api_tokens.revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) {
        throw new AppError('unauthenticated', msg.apiTokenUnknown());
      }
      request.principal = {
        kind: 'tenant',
        tenantId: row.tenant_id,
        tenant: tenantOf(row),
        userId: row.user_id,
        role: row.role,
        via: 'api_token',
        tokenId: row.id,
        sessionId: null,
        // Scripts have no second factor: the tenant's rule is about interactive sign-in.
        mustEnrolTwoStep: false,
      };
      // Last use is informative only (to the minute): never let it slow or fail the request.
      if (row.last_used_at && now.getTime() - row.last_used_at.getTime() < 60_000) return;
      void ctx.db
        .updateTable('api_tokens')
        .set({ last_used_at: now })
        .where('id', '=', row.id)
        .execute()
        .catch(() => {});
      return;
    }
    const cookie = request.cookies?.[sessionCookieName];
    if (cookie) {
      const row = await ctx.db
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .innerJoin('tenants', 'tenants.id', 'sessions.tenant_id')
        .leftJoin('tenant_security_settings', 'tenant_security_settings.tenant_id', 'sessions.tenant_id')
        .select([
          'sessions.id',
          'sessions.tenant_id',
          'sessions.user_id',
          'sessions.last_seen_at',
          'users.role',
          'users.totp_enabled_at',
          'tenant_security_settings.require_two_step_for_admins',
        ])
        .select(tenantColumns)
        .where('sessions.token_hash', '=', hashToken(cookie))
        .where('sessions.expires_at', '>', now)
        // Password given, second step still owed: not signed in.
        .where('sessions.second_step_pending', '=', false)
        .executeTakeFirst();
      if (row) {
        request.principal = {
          kind: 'tenant',
          tenantId: row.tenant_id,
          tenant: tenantOf(row),
          userId: row.user_id,
          role: row.role,
          via: 'session',
          tokenId: null,
          sessionId: row.id,
          mustEnrolTwoStep: !!row.require_two_step_for_admins && row.role !== 'user' && !row.totp_enabled_at,
        };
        // "Last seen" for the user's list of sessions, to the minute, never in the way.
        if (!row.last_seen_at || now.getTime() - row.last_seen_at.getTime() >= 60_000) {
          void ctx.db
            .updateTable('sessions')
            .set({ last_seen_at: now })
            .where('id', '=', row.id)
            .execute()
            .catch(() => {});
        }
      }
    }
  });
});

/** The signed-in tenant user, with the permission checked; throws 401/403 otherwise. */
export function requireTenant(request: FastifyRequest, permission?: Permission): TenantPrincipal {
  const p = request.principal;
  if (!p) {
    throw new AppError('unauthenticated', msg.signInOrSendToken());
  }
  if (p.kind !== 'tenant') {
    throw new AppError('forbidden', msg.operatorCannotActForTenant());
  }
  if (permission && !roleAllows(p.role, permission)) {
    throw new AppError('forbidden', msg.roleDoesNotAllow({ role: p.role, permission }), {
      details: { role: p.role, permission },
    });
  }
  return p;
}

export function requireOperator(request: FastifyRequest): OperatorPrincipal {
  const p = request.principal;
  if (!p || p.kind !== 'operator') {
    throw new AppError('operator_only', msg.sendOperatorCredential());
  }
  return p;
}

export function actorOf(principal: Principal): Actor {
  if (principal.kind === 'operator') return { type: 'operator', id: null };
  return principal.via === 'api_token'
    ? { type: 'api_token', id: principal.tokenId }
    : { type: 'user', id: principal.userId };
}
