import helmet from '@fastify/helmet';
import type { GatewayBrowserSettings } from '../modules/payments/index.js';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, msg, type Message } from '../shared/app-error.js';
import { routeAccess } from './access.js';
import { requireOperator, requireTenant, sessionCookieName } from './auth.js';

/**
 * The HTTP-level defences every route gets (docs/security.md):
 * - headers through @fastify/helmet: a CSP without inline scripts, no framing, nosniff, a
 *   referrer policy, and HSTS when the request came over TLS (directly or through a trusted proxy);
 * - CSRF: a state-changing request carried by the session cookie must come from this origin
 *   (`Origin`, else `Sec-Fetch-Site`) and carry `X-Requested-With: BillingCenter`, which a
 *   cross-site form cannot send and a cross-site fetch cannot send without a CORS preflight
 *   this server never grants;
 * - bodies only in the media types a route declares (`schema.consumes`, JSON by default), so a
 *   `text/plain` or form POST never reaches a JSON route;
 * - strings with NUL bytes or lone UTF-16 surrogates refused in every path id, query value and
 *   body string: PostgreSQL cannot store them, and they are never meant.
 */

export const csrfHeader = 'x-requested-with';
export const csrfHeaderValue = 'BillingCenter';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** NUL, or a high surrogate not followed by a low one, or a low one not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const hostileCharacter = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first path (`body.items.0.name`) whose key or string value holds a hostile character. */
export function findHostileString(value: unknown, where: string, depth = 0): string | undefined {
  if (typeof value === 'string') return hostileCharacter.test(value) ? where : undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findHostileString(value[i], `${where}.${i}`, depth + 1);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (hostileCharacter.test(key)) return `${where}.(key)`;
    const found = findHostileString(child, `${where}.${key}`, depth + 1);
    if (found) return found;
  }
  return undefined;
}

function mediaType(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  if (!header) return undefined;
  return header.split(';')[0]!.trim().toLowerCase();
}

function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function csrfRefusal(reason: Message): AppError {
  return new AppError('csrf_rejected', reason, { hint: msg.useAdminCenterOrToken() });
}

export function checkCsrf(request: FastifyRequest): void {
  if (!unsafeMethods.has(request.method)) return;
  // A Bearer credential is never sent by a browser on its own: no cross-site request carries it.
  if (request.headers.authorization) return;
  const origin = request.headers.origin;
  const fetchSite = request.headers['sec-fetch-site'];
  if (origin !== undefined && origin !== ownOrigin(request)) {
    throw csrfRefusal(msg.csrfOrigin({ origin }));
  }
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    throw csrfRefusal(msg.csrfFetchSite({ fetchSite }));
  }
  if (!request.cookies?.[sessionCookieName]) return;
  if (origin === undefined && fetchSite === undefined) {
    throw csrfRefusal(msg.csrfOriginMissing());
  }
  if (request.headers[csrfHeader] !== csrfHeaderValue) {
    throw csrfRefusal(msg.csrfHeaderMissing({ value: csrfHeaderValue }));
  }
}

export function checkMediaType(request: FastifyRequest): void {
  const type = mediaType(request);
  if (!type) return;
  const declared = (request.routeOptions.schema as { consumes?: readonly string[] } | undefined)?.consumes;
  const accepted = declared ?? ['application/json'];
  if (accepted.includes(type)) return;
  throw new AppError('unsupported_media_type', msg.contentTypeRefused({ contentType: type }), {
    hint: msg.sendOneOf({ types: accepted }),
  });
}

export function checkHostileInput(request: FastifyRequest): void {
  const where =
    findHostileString(request.params, 'path') ??
    findHostileString(request.query, 'query') ??
    findHostileString(request.body, 'body');
  if (!where) return;
  throw new AppError('validation_failed', msg.hostileString({ where }), {
    details: { errors: [{ path: where, code: 'validation_failed', message: msg.hostileStringShort() }] },
  });
}

/** What an admin who owes the tenant a two-step set-up may still do with the session. */
const allowedWhileEnrolling = new Set([
  'GET /api/me',
  'GET /api/instance',
  'POST /api/auth/logout',
  'GET /api/me/two-step',
  'POST /api/me/two-step/enrol',
  'POST /api/me/two-step/confirm',
]);

export function checkTwoStepEnrolment(request: FastifyRequest): void {
  const p = request.principal;
  if (!p || p.kind !== 'tenant' || !p.mustEnrolTwoStep) return;
  if (allowedWhileEnrolling.has(`${request.method} ${request.routeOptions.url ?? ''}`)) return;
  throw new AppError('two_step_enrolment_required', msg.organisationRequiresTwoStep(), {
    hint: msg.openMyAccountSecurity(),
  });
}

/**
 * The role check of `routeAccess`, before the body is read. Routes missing from the table
 * (the API docs, the web app, an operation added without a row) are left to their handlers.
 */
export function checkAccess(request: FastifyRequest): void {
  const access = routeAccess[`${request.method} ${request.routeOptions.url ?? ''}`];
  if (!access || access.kind === 'public') return;
  if (access.kind === 'operator') {
    requireOperator(request);
    return;
  }
  if (access.kind === 'permission' && access.operator && request.principal?.kind === 'operator') return;
  requireTenant(request, access.kind === 'permission' ? access.permission : undefined);
}

/**
 * Where the browser may send card details and load the gateway's script: the test gateway's
 * own origin in test mode, Stripe's hosts with a Stripe key (docs/payments.md). The card never
 * reaches this server, so the CSP must let it reach the gateway and nothing else.
 */
export function gatewayCspSources(browser: GatewayBrowserSettings): {
  connect: string[];
  script: string[];
  frame: string[];
} {
  if (browser.kind === 'stripe')
    return {
      connect: ['https://api.stripe.com'],
      script: ['https://js.stripe.com'],
      frame: ['https://js.stripe.com', 'https://hooks.stripe.com'],
    };
  return { connect: [new URL(browser.apiBase).origin], script: [], frame: [] };
}

export const securityPlugin = fp(
  async (app: FastifyInstance, options: { gateway?: GatewayBrowserSettings }) => {
    const gateway = options.gateway
      ? gatewayCspSources(options.gateway)
      : { connect: [], script: [], frame: [] };
    // An empty JSON body is no body: routes whose body is optional (cancel) accept it, the others
    // say which fields are missing. Everything else goes through Fastify's own (safe) parser.
    const jsonParser = app.getDefaultJsonParser('error', 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = body.toString();
      if (text.trim() === '') return done(null, undefined);
      return jsonParser(request, text, done);
    });
    // Limits are declared per route (config.rateLimit): the sign-in routes.
    await app.register(rateLimit, {
      global: false,
      keyGenerator: (request) => request.ip,
      errorResponseBuilder: (_request, context) => {
        const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
        return new AppError('too_many_requests', msg.tooManySignIns({ seconds }), {
          details: { retryAfterSeconds: seconds },
        });
      },
    });
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          scriptSrc: ["'self'", ...gateway.script],
          scriptSrcAttr: ["'none'"],
          // Fluent UI (Griffel) inserts its style elements at run time.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", ...gateway.connect],
          frameSrc: gateway.frame.length ? gateway.frame : ["'none'"],
          objectSrc: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // Sent below only over TLS: on plain http it would be ignored, and on localhost it would
      // pin every other local service to https.
      strictTransportSecurity: false,
      // The same as frame-ancestors 'none', for browsers that only read the older header.
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    });
    app.addHook('onRequest', async (request, reply) => {
      if (request.protocol === 'https') {
        reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
      }
    });
    // After authentication (onRequest) and before the body is read.
    app.addHook('preParsing', async (request) => {
      checkAccess(request);
      checkCsrf(request);
      checkTwoStepEnrolment(request);
      checkMediaType(request);
    });
    // After the route's role check (preValidation) and the schema: a caller without the role gets
    // 403 whatever the body holds.
    app.addHook('preHandler', async (request) => {
      checkHostileInput(request);
    });
  },
);
