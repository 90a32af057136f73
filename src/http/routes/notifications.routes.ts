import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { AppError, msg } from '../../shared/app-error.js';
import {
  changeEndpoint,
  createEndpoint,
  deleteEndpoint,
  eventEmail,
  eventEnvelope,
  eventEnvelopeSchema,
  eventTypes,
  findEmailDelivery,
  findEvent,
  getDelivery,
  getEndpointDeliveries,
  getEndpoints,
  getPreferences,
  listEmailDeliveries,
  listEvents,
  mailDir,
  mailLocales,
  renderDelivery,
  requireEndpoint,
  resendDelivery,
  rotateEndpointSecret,
  setPreferences,
  sweepNotifications,
  toEndpointView,
  type EndpointScope,
} from '../../modules/notifications/index.js';
import type { Api } from '../api.js';
import { idParam } from '../api.js';
import { requireOperator, requireTenant } from '../auth.js';
import type { FastifyRequest } from 'fastify';
import { operatorMailPage, operatorMailScript } from './operator-mail-page.js';

const eventTypeSchema = z.string().min(1).max(100);

const endpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  enabled: z.boolean(),
  scope: z.enum(['tenant', 'operator']),
  secretRotation: z.object({ previousSecretExpiresAt: z.date() }).nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const endpointWithSecretSchema = z.object({
  endpoint: endpointSchema,
  secret: z.string().describe('The signing secret: shown this once, keep it in your receiver'),
});

const createEndpointBody = z.strictObject({
  url: z.string().min(1).max(2000),
  eventTypes: z.array(eventTypeSchema).min(1).max(50).describe('Event types to receive, or ["*"] for all'),
  description: z.string().max(500).optional(),
});

const updateEndpointBody = z.strictObject({
  url: z.string().min(1).max(2000).optional(),
  eventTypes: z.array(eventTypeSchema).min(1).max(50).optional(),
  description: z.string().max(500).optional(),
  enabled: z.boolean().optional(),
});

const rotateBody = z.strictObject({
  overlapHours: z
    .number()
    .int()
    .min(0)
    .max(168)
    .default(24)
    .describe('How long the previous secret still signs deliveries (a second v1 in the signature header)'),
});

const deliverySchema = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  tenantId: z.string(),
  status: z.enum(['pending', 'sending', 'succeeded', 'failed']),
  attemptCount: z.number().int(),
  nextAttemptAt: z.date().nullable(),
  lastStatusCode: z.number().int().nullable(),
  createdAt: z.date(),
  completedAt: z.date().nullable(),
  attempts: z.array(
    z.object({
      attemptedAt: z.date(),
      statusCode: z.number().int().nullable(),
      responseBody: z.string().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int(),
      manual: z.boolean(),
    }),
  ),
});

const eventTypeCatalogSchema = z.object({
  eventTypes: z.array(
    z.object({
      type: z.string(),
      email: z.enum(['admins', 'user']),
      essential: z.boolean(),
    }),
  ),
});

const preferencesSchema = z.object({
  locale: z.enum(mailLocales).nullable().describe('Language of your emails; null follows the organization'),
  optedOut: z.array(z.string()),
  eventTypes: z.array(z.object({ type: z.string(), optional: z.boolean(), enabled: z.boolean() })),
});

const mailSchema = z.object({
  id: z.string(),
  tenantId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  to: z.string(),
  locale: z.string(),
  subject: z.string().nullable(),
  status: z.enum(['pending', 'sent', 'failed']),
  transport: z.enum(['smtp', 'file']).nullable(),
  fileName: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

type MailRow = Awaited<ReturnType<typeof listEmailDeliveries>>[number];
function toMailView(m: MailRow) {
  return {
    id: m.id,
    tenantId: m.tenant_id,
    eventId: m.event_id,
    eventType: m.event_type,
    to: m.recipient_email,
    locale: m.locale,
    subject: m.subject,
    status: m.status,
    transport: m.transport,
    fileName: m.file_name,
    attempts: m.attempts,
    lastError: m.last_error,
    createdAt: m.created_at,
    sentAt: m.sent_at,
  };
}

/**
 * Webhook endpoints, for a tenant's Global admin under /webhooks and for the operator under
 * /operator/webhooks (operator endpoints receive every tenant's events). Same handlers, two
 * scopes: a tenant never sees the operator's endpoints nor another tenant's (404).
 */
function registerEndpointRoutes(
  api: Api,
  ctx: AppContext,
  prefix: string,
  tag: string,
  scopeOf: (request: FastifyRequest) => EndpointScope,
) {
  api.get(
    `${prefix}/endpoints`,
    {
      schema: {
        tags: [tag],
        summary: 'Webhook endpoints',
        response: { 200: z.object({ endpoints: z.array(endpointSchema) }) },
      },
    },
    async (request) => ({ endpoints: await getEndpoints(ctx, scopeOf(request)) }),
  );

  api.post(
    `${prefix}/endpoints`,
    {
      schema: {
        tags: [tag],
        summary: 'Register a webhook endpoint (HTTPS); the signing secret is in this answer only',
        body: createEndpointBody,
        response: { 201: endpointWithSecretSchema },
      },
    },
    async (request, reply) => {
      const result = await createEndpoint(ctx, scopeOf(request), request.body);
      return reply.status(201).send(result);
    },
  );

  api.get(
    `${prefix}/endpoints/:id`,
    {
      schema: {
        tags: [tag],
        summary: 'One webhook endpoint',
        params: idParam,
        response: { 200: endpointSchema },
      },
    },
    async (request) =>
      toEndpointView(await requireEndpoint(ctx, scopeOf(request), request.params.id), ctx.clock.now()),
  );

  api.patch(
    `${prefix}/endpoints/:id`,
    {
      schema: {
        tags: [tag],
        summary: 'Change a webhook endpoint’s URL, event types, description, or turn it off',
        params: idParam,
        body: updateEndpointBody,
        response: { 200: endpointSchema },
      },
    },
    async (request) => changeEndpoint(ctx, scopeOf(request), request.params.id, request.body),
  );

  api.delete(
    `${prefix}/endpoints/:id`,
    {
      schema: {
        tags: [tag],
        summary: 'Delete a webhook endpoint (its waiting deliveries are abandoned)',
        params: idParam,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deleteEndpoint(ctx, scopeOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  api.post(
    `${prefix}/endpoints/:id/rotate-secret`,
    {
      schema: {
        tags: [tag],
        summary: 'New signing secret (shown once); the old one keeps signing during the overlap',
        params: idParam,
        body: rotateBody,
        response: { 200: endpointWithSecretSchema },
      },
    },
    async (request) =>
      rotateEndpointSecret(ctx, scopeOf(request), request.params.id, request.body.overlapHours),
  );

  api.get(
    `${prefix}/endpoints/:id/deliveries`,
    {
      schema: {
        tags: [tag],
        summary: 'Deliveries to an endpoint, newest first, with every attempt and response',
        params: idParam,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
        response: { 200: z.object({ deliveries: z.array(deliverySchema) }) },
      },
    },
    async (request) => ({
      deliveries: await getEndpointDeliveries(ctx, scopeOf(request), request.params.id, request.query.limit),
    }),
  );

  api.get(
    `${prefix}/deliveries/:id`,
    {
      schema: {
        tags: [tag],
        summary: 'One webhook delivery with its attempts',
        params: idParam,
        response: { 200: deliverySchema },
      },
    },
    async (request) => getDelivery(ctx, scopeOf(request), request.params.id),
  );

  api.post(
    `${prefix}/deliveries/:id/resend`,
    {
      schema: {
        tags: [tag],
        summary: 'Send a delivery again now (same event, same body, a fresh signature)',
        params: idParam,
        response: { 202: deliverySchema },
      },
    },
    async (request, reply) => {
      const view = await resendDelivery(ctx, scopeOf(request), request.params.id);
      return reply.status(202).send(view);
    },
  );
}

export async function registerNotificationsRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/events/types',
    {
      schema: {
        tags: ['events'],
        summary: 'The event catalog: every type, who is emailed, and whether it can be turned off',
        response: { 200: eventTypeCatalogSchema },
      },
    },
    async (request) => {
      requireTenant(request);
      return {
        eventTypes: eventTypes.map((type) => ({
          type,
          email: eventEmail[type].audience,
          essential: eventEmail[type].essential,
        })),
      };
    },
  );

  api.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        summary: 'The tenant’s recent events, newest first, as webhooks deliver them',
        querystring: z.object({
          type: eventTypeSchema.optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ events: z.array(eventEnvelopeSchema()) }) },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      const rows = await listEvents(ctx.db, {
        tenantId: p.tenantId,
        type: request.query.type,
        limit: request.query.limit,
      });
      return { events: rows.map(eventEnvelope) as never };
    },
  );

  api.get(
    '/events/:id',
    {
      schema: {
        tags: ['events'],
        summary: 'One event: the versioned payload a webhook delivery carries',
        description:
          'Every webhook POST has this JSON as its body, signed in the `Billing-Center-Signature` header ' +
          '(`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`). See docs/webhooks.md.',
        params: idParam,
        response: { 200: eventEnvelopeSchema() },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      const event = await findEvent(ctx.db, request.params.id, p.tenantId);
      if (!event) {
        throw new AppError('not_found', msg.eventNotFound({ id: request.params.id }));
      }
      return eventEnvelope(event) as never;
    },
  );

  api.get(
    '/notification-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Your email notifications (Global and Billing admins): language and the ones turned off',
        response: { 200: preferencesSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      return getPreferences(ctx, p.tenantId, p.userId);
    },
  );

  api.put(
    '/notification-preferences',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Turn optional emails off or on, and choose their language',
        body: z.strictObject({
          locale: z.enum(mailLocales).nullable().default(null),
          optedOut: z.array(eventTypeSchema).max(50).default([]),
        }),
        response: { 200: preferencesSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      return setPreferences(ctx, p.tenantId, p.userId, request.body);
    },
  );

  registerEndpointRoutes(api, ctx, '/webhooks', 'webhooks', (request) => ({
    tenantId: requireTenant(request, 'webhooks:manage').tenantId,
  }));
  registerEndpointRoutes(api, ctx, '/operator/webhooks', 'operator', (request) => {
    requireOperator(request);
    return { tenantId: null };
  });

  api.get(
    '/operator/mail',
    {
      schema: {
        tags: ['operator'],
        summary: 'Every email sent or written as .eml (without SMTP), newest first',
        querystring: z.object({
          tenantId: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(200),
        }),
        response: { 200: z.object({ mailDir: z.string().nullable(), mail: z.array(mailSchema) }) },
      },
    },
    async (request) => {
      requireOperator(request);
      const rows = await listEmailDeliveries(ctx.db, request.query);
      return { mailDir: ctx.config.smtpUrl ? null : mailDir(ctx.config), mail: rows.map(toMailView) };
    },
  );

  api.get(
    '/operator/mail/:id',
    {
      schema: {
        tags: ['operator'],
        summary: 'One email with its subject, HTML and plain text',
        params: idParam,
        response: { 200: mailSchema.extend({ html: z.string(), text: z.string() }) },
      },
    },
    async (request) => {
      requireOperator(request);
      const m = await findEmailDelivery(ctx.db, request.params.id);
      const rendered = m ? await renderDelivery(ctx, m) : null;
      if (!m || !rendered) throw new AppError('not_found', msg.emailNotFound({ id: request.params.id }));
      return {
        ...toMailView(m),
        subject: m.subject ?? rendered.subject,
        html: rendered.html,
        text: rendered.text,
      };
    },
  );

  api.get(
    '/operator/mail/:id/eml',
    {
      schema: {
        tags: ['operator'],
        summary: 'The .eml file of an email written without SMTP (message/rfc822)',
        params: idParam,
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      requireOperator(request);
      const m = await findEmailDelivery(ctx.db, request.params.id);
      if (!m?.file_name) {
        throw new AppError('not_found', msg.emailHasNoEml({ id: request.params.id }));
      }
      const raw = await readFile(path.join(mailDir(ctx.config), path.basename(m.file_name)), 'utf8');
      return reply
        .type('message/rfc822')
        .header('content-disposition', `attachment; filename="${path.basename(m.file_name)}"`)
        .send(raw);
    },
  );

  api.post(
    '/operator/notifications/sweep',
    {
      schema: {
        tags: ['operator'],
        summary:
          'Send what time alone triggers now: renewal reminders, overdue invoices, deletion notices, webhook retries',
        response: {
          200: z.object({
            reminders: z.number(),
            overdue: z.number(),
            aboutToBeDeleted: z.number(),
            webhookRetries: z.number(),
          }),
        },
      },
    },
    async (request) => {
      requireOperator(request);
      return sweepNotifications(ctx);
    },
  );

  api.get('/operator/mail.html', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(operatorMailPage),
  );
  api.get('/operator/mail.js', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(operatorMailScript),
  );
}
