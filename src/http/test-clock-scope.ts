import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import type { AppContext } from '../app-context.js';
import { runAtTestClockTime } from '../shared/clock.js';
import { isTestMode } from '../modules/test-clocks/index.js';

/**
 * Requests that stay on the instance's time even for a tenant on a test clock: credentials
 * (sign-in, sessions, two-step codes, API tokens) and webhook endpoints (deliveries, retries
 * and secret overlaps run on the instance's time), so a clock run months ahead never signs
 * anybody out nor breaks a signature. See docs/test-clocks.md.
 */
const instanceTimeRoutes = [
  /^\/api\/auth\//,
  /^\/api\/me(\/|$)/,
  /^\/api\/tenant\/security/,
  /^\/api\/tokens/,
  /^\/api\/users\/:id\/api-tokens/,
  /^\/api\/webhooks\//,
];

/** The clock's time, read with the credential in the same query (src/http/auth.ts). */
function testClockTimeFor(request: FastifyRequest): Date | undefined {
  const principal = request.principal;
  if (principal?.kind !== 'tenant' || !principal.testClockTime) return undefined;
  const route = request.routeOptions.url ?? '';
  if (!route.startsWith('/api/') || instanceTimeRoutes.some((r) => r.test(route))) return undefined;
  return principal.testClockTime;
}

/**
 * Runs every route handler of a tenant on a test clock at that clock's time: `ctx.clock` reads
 * it (order dates, cancellation windows, proration, events). Outside test mode no clock can
 * exist: handlers are left as they are.
 */
export function registerTestClockScope(app: FastifyInstance, ctx: AppContext): void {
  if (!isTestMode(ctx.config)) return;
  app.addHook('onRoute', (route) => {
    const handler = route.handler as (
      this: FastifyInstance,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => unknown;
    const scoped = function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      const at = testClockTimeFor(request);
      return at
        ? runAtTestClockTime(at, () => handler.call(this, request, reply))
        : handler.call(this, request, reply);
    };
    route.handler = scoped as RouteHandlerMethod;
  });
}
