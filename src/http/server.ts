import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { AppContext } from '../app-context.js';
import { AppError } from '../shared/app-error.js';
import { authPlugin } from './auth.js';
import { decorateOpenApi, openApiInfo, openApiServers, openApiTags } from './openapi.js';
import { errorHandler, sendProblem } from './problem.js';
import { registerRoutes } from './routes/index.js';
import { registerWebApp } from './static.js';

export interface ServerOptions {
  logger?: boolean | { level: string };
}

export async function buildServer(ctx: AppContext, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 5 * 1024 * 1024,
    // Ids in the path are short; a long one is a mistake, not a reason to work hard.
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`, {
        messageFr: `Aucune route ${request.method} ${request.url.split('?')[0]}.`,
        hint: 'See /api/docs for the routes this server offers.',
      }),
    ),
  );
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );

  await app.register(cookie);
  await app.register(authPlugin, { ctx });
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
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(async (api) => registerRoutes(api.withTypeProvider<ZodTypeProvider>(), ctx), {
    prefix: '/api',
  });
  await registerWebApp(app);
  return app;
}
