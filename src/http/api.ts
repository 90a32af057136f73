import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The Fastify instance every route file receives: zod schemas type the handlers. */
export type Api = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The problem+json body, for response schemas and the OpenAPI document. */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().describe('What went wrong, in the reader’s language (see Accept-Language)'),
    instance: z.string(),
    hint: z.string().optional().describe('What to do next, in the reader’s language'),
    errors: z
      .array(
        z
          .object({
            path: z
              .string()
              .describe(
                'Where the input sits in the request: `body.<field>` (dots for nesting, indexes for arrays, ' +
                  'e.g. `body.items.0.quantity`), `querystring.<name>`, `params.<name>` or `headers.<name>`',
              ),
            code: z.string().describe('The problem’s code (`validation_failed` for a schema violation)'),
            message: z.string().describe('Why this input was refused, in the reader’s language'),
          })
          .catchall(z.unknown()),
      )
      .optional()
      .describe(
        'The inputs the problem is about. A business error about one input (quantity out of bounds, base ' +
          'subscription not eligible, email taken, wrong current password…) lists that input here, like a ' +
          'schema violation does, so a form can show `message` beside the field `path` points at.',
      ),
  })
  .catchall(z.unknown())
  .describe('RFC 9457 problem details');

export const idParam = z.object({ id: z.string().min(1).max(100) });

/** Query-string booleans arrive as text. */
export const queryBoolean = z.enum(['true', 'false']).transform((v) => v === 'true');
