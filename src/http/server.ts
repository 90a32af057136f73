import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { $ZodType } from 'zod/v4/core';
import type { AppContext } from '../app-context.js';
import { AppError, msg } from '../shared/app-error.js';
import { authPlugin } from './auth.js';
import { decorateOpenApi, openApiInfo, openApiServers, openApiTags } from './openapi.js';
import { errorHandler, maxPathIdLength, sendProblem } from './problem.js';
import { registerRoutes } from './routes/index.js';
import { registerTestClockScope } from './test-clock-scope.js';
import { securityPlugin } from './security.js';
import { zodValidator } from './validation.js';
import { registerWebApp } from './static.js';

export interface ServerOptions {
  logger?: boolean | { level: string };
}

export async function buildServer(ctx: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 5 * 1024 * 1024,
    // Ids in the path are short; a long one is a mistake, not a reason to work hard.
    routerOptions: { maxParamLength: maxPathIdLength },
    // Secure cookies, https detection (HSTS) and client addresses (rate limits) behind a proxy.
    trustProxy:
      typeof ctx.config.trustProxy === 'number' ? hopCount(ctx.config.trustProxy) : ctx.config.trustProxy,
    // Bad %-encoding and the like, found before any route runs: problem+json like every error.
    frameworkErrors: (error, request, reply) =>
      errorHandler(error, request as unknown as FastifyRequest, reply as unknown as FastifyReply),
  });
  // Fastify hands a missing body to the validator as null, which an optional body schema
  // refuses (POST /subscriptions/{id}/cancel without a body): no body is undefined.
  app.setValidatorCompiler((route) => {
    const validate = zodValidator(route.schema as unknown as $ZodType);
    return route.httpPart === 'body'
      ? (data: unknown) => validate(data === null ? undefined : data)
      : validate;
  });
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      new AppError(
        'not_found',
        msg.noRoute({ method: request.method, path: request.url.split('?')[0] ?? '' }),
        {
          hint: msg.seeApiDocs(),
        },
      ),
    ),
  );
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  await app.register(cookie);
  await app.register(authPlugin, { ctx });
  await app.register(securityPlugin, { gateway: ctx.gateway.browser });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: openApiInfo,
      servers: openApiServers,
      tags: openApiTags,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (bct_…) or operator token' },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: 'bc_session',
            description: 'Session cookie set by POST /api/auth/login (the admin center)',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    // operationIds and documented errors live in one table (openapi.ts), not in every route.
    transformObject: (document) =>
      'openapiObject' in document ? decorateOpenApi(document.openapiObject) : document.swaggerObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Hashes of Swagger UI's own inline scripts; never framed, like the admin center.
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(' upgrade-insecure-requests;', ''),
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerTestClockScope(app, ctx);
  await app.register(async (api) => registerRoutes(api.withTypeProvider<ZodTypeProvider>(), ctx), {
    prefix: '/api',
  });
  await registerWebApp(app);
  return app;
}

/** BILLING_CENTER_TRUST_PROXY=2: trust the two proxies nearest to this server. */
function hopCount(hops: number) {
  return (_address: string, hop: number) => hop < hops;
}
