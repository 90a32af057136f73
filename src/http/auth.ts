import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../app-context.js';
import type { Role, Tenant } from '../db/schema.js';
import {
  findApiTokenPrincipal,
  findSessionPrincipal,
  tenantOf,
  touchApiToken,
  touchSession,
} from '../modules/security/index.js';
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
  /** The tenant's test clock time, read with the credential (docs/test-clocks.md); null: none. */
  testClockTime: Date | null;
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
      const row = await findApiTokenPrincipal(ctx.db, hashToken(token));
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
        testClockTime: row.test_clock_time,
      };
      // Last use is informative only (to the minute): never let it slow or fail the request.
      if (row.last_used_at && now.getTime() - row.last_used_at.getTime() < 60_000) return;
      void touchApiToken(ctx.db, row.id, now).catch(() => {});
      return;
    }
    const cookie = request.cookies?.[sessionCookieName];
    if (cookie) {
      const row = await findSessionPrincipal(ctx.db, hashToken(cookie), now);
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
          testClockTime: row.test_clock_time,
        };
        // "Last seen" for the user's list of sessions, to the minute, never in the way.
        if (!row.last_seen_at || now.getTime() - row.last_seen_at.getTime() >= 60_000) {
          void touchSession(ctx.db, row.id, now).catch(() => {});
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
