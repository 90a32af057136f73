import type { AppContext } from '../../app-context.js';
import type { WebhookDeliveryStatus } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError, msg, type Message } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { enqueueJob } from '../../jobs/index.js';
import { eventTypes, isEventType, optionalEmailTypes } from './events.catalog.js';
import { mailLocales, type MailLocale } from './mail.texts.js';
import {
  findEndpoint,
  findPreferences,
  findWebhookDelivery,
  insertEndpoint,
  listEndpoints,
  listWebhookAttempts,
  listWebhookDeliveries,
  resetWebhookDelivery,
  updateEndpoint,
  upsertPreferences,
  type WebhookEndpoint,
} from './notifications.repository.js';
import { webhookJob } from './notifications.service.js';
import { newWebhookSecret } from './webhook-signing.js';
import { openSecret, sealSecret } from '../security/index.js';
import { addressAllowed, hostKind, webhookNetworkPolicy } from './webhook-address.js';

/** Whose endpoints a caller manages: a tenant's, or the operator's (tenantId null, every tenant's events). */
export type EndpointScope = { tenantId: string } | { tenantId: null };

export interface EndpointView {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  scope: 'tenant' | 'operator';
  secretRotation: { previousSecretExpiresAt: Date } | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toEndpointView(e: WebhookEndpoint, now: Date): EndpointView {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    eventTypes: e.event_types,
    enabled: e.enabled,
    scope: e.tenant_id ? 'tenant' : 'operator',
    secretRotation:
      e.previous_secret_expires_at && e.previous_secret_expires_at > now
        ? { previousSecretExpiresAt: e.previous_secret_expires_at }
        : null,
    createdAt: e.created_at,
    updatedAt: e.updated_at,
  };
}

function endpointNotFound(id: string): AppError {
  return new AppError('not_found', msg.webhookEndpointNotFound({ id }));
}

/**
 * HTTPS to a public address only. Loopback is accepted (over plain http too) when
 * BILLING_CENTER_WEBHOOKS_ALLOW_LOCALHOST=true, private and link-local networks when
 * BILLING_CENTER_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true. A name is judged by what DNS answers now
 * and again at every delivery (a name that changes its answer is refused then).
 */
export async function checkEndpointUrl(ctx: AppContext, raw: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidUrl(raw, msg.webhookNotUrl());
  }
  if (url.username || url.password) throw invalidUrl(raw, msg.webhookCredentials());
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidUrl(raw, msg.webhookHttpsOnly());
  const policy = webhookNetworkPolicy(ctx.config);
  const kind = await hostKind(url.hostname);
  if (kind && !addressAllowed(kind, policy)) {
    throw new AppError(
      'webhook_url_not_allowed',
      msg.webhookAddressRefused({ url: raw, loopback: kind === 'loopback' }),
      {
        hint: kind === 'loopback' ? msg.webhookAllowLoopbackHint() : msg.webhookAllowPrivateHint(),
        field: 'body.url',
      },
    );
  }
  if (url.protocol !== 'https:' && !(kind && kind !== 'public' && addressAllowed(kind, policy))) {
    throw invalidUrl(raw, msg.webhookHttpsOnly());
  }
  url.hash = '';
  return url.toString();
}

function invalidUrl(raw: string, why: Message): AppError {
  return new AppError('validation_failed', msg.webhookUrlRefused({ url: raw, reason: why }), {
    hint: msg.useHttpsUrl(),
    field: 'body.url',
  });
}

function checkEventTypes(types: readonly string[]): string[] {
  const unknown = types.filter((t) => t !== '*' && !isEventType(t));
  if (unknown.length) {
    throw new AppError('validation_failed', msg.unknownEventTypes({ types: unknown }), {
      hint: msg.knownEventTypes({ types: eventTypes }),
      details: { eventTypes },
      field: 'body.eventTypes',
    });
  }
  return [...new Set(types)];
}

export async function createEndpoint(
  ctx: AppContext,
  scope: EndpointScope,
  input: { url: string; eventTypes: string[]; description?: string | undefined },
): Promise<{ endpoint: EndpointView; secret: string }> {
  const now = ctx.clock.now();
  const secret = newWebhookSecret();
  const row = await insertEndpoint(ctx.db, {
    id: newId('webhookEndpoint', now.getTime()),
    tenant_id: scope.tenantId,
    url: await checkEndpointUrl(ctx, input.url),
    description: input.description ?? '',
    event_types: JSON.stringify(checkEventTypes(input.eventTypes)),
    enabled: true,
    secret: sealSecret(ctx.config, secret),
    previous_secret: null,
    previous_secret_expires_at: null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  });
  return { endpoint: toEndpointView(row, now), secret };
}

export async function getEndpoints(ctx: AppContext, scope: EndpointScope): Promise<EndpointView[]> {
  const now = ctx.clock.now();
  return (await listEndpoints(ctx.db, scope.tenantId)).map((e) => toEndpointView(e, now));
}

export async function requireEndpoint(
  ctx: AppContext,
  scope: EndpointScope,
  id: string,
): Promise<WebhookEndpoint> {
  const e = await findEndpoint(ctx.db, scope.tenantId, id);
  if (!e) throw endpointNotFound(id);
  return e;
}

export async function changeEndpoint(
  ctx: AppContext,
  scope: EndpointScope,
  id: string,
  patch: {
    url?: string | undefined;
    eventTypes?: string[] | undefined;
    description?: string | undefined;
    enabled?: boolean | undefined;
  },
): Promise<EndpointView> {
  const now = ctx.clock.now();
  const url = patch.url !== undefined ? await checkEndpointUrl(ctx, patch.url) : undefined;
  const types = patch.eventTypes !== undefined ? checkEventTypes(patch.eventTypes) : undefined;
  return inTransaction(ctx.db, async (trx) => {
    const e = await findEndpoint(trx, scope.tenantId, id, true);
    if (!e) throw endpointNotFound(id);
    const updated = await updateEndpoint(trx, e.id, {
      ...(url !== undefined ? { url } : {}),
      ...(types !== undefined ? { event_types: JSON.stringify(types) } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
      updated_at: now,
    });
    return toEndpointView(updated, now);
  });
}

export async function deleteEndpoint(ctx: AppContext, scope: EndpointScope, id: string): Promise<void> {
  const now = ctx.clock.now();
  await inTransaction(ctx.db, async (trx) => {
    const e = await findEndpoint(trx, scope.tenantId, id, true);
    if (!e) throw endpointNotFound(id);
    await updateEndpoint(trx, e.id, { deleted_at: now, enabled: false, updated_at: now });
  });
}

/**
 * A new secret, shown once. The old one keeps signing beside it (a second v1) for
 * `overlapHours`, so receivers can switch without missing a delivery.
 */
export async function rotateEndpointSecret(
  ctx: AppContext,
  scope: EndpointScope,
  id: string,
  overlapHours: number,
): Promise<{ endpoint: EndpointView; secret: string }> {
  const now = ctx.clock.now();
  const secret = newWebhookSecret();
  return inTransaction(ctx.db, async (trx) => {
    const e = await findEndpoint(trx, scope.tenantId, id, true);
    if (!e) throw endpointNotFound(id);
    const updated = await updateEndpoint(trx, e.id, {
      secret: sealSecret(ctx.config, secret),
      // Still sealed as stored (a value from before encryption gets sealed here).
      previous_secret: overlapHours > 0 ? sealSecret(ctx.config, openSecret(ctx.config, e.secret)) : null,
      previous_secret_expires_at:
        overlapHours > 0 ? new Date(now.getTime() + overlapHours * 3_600_000) : null,
      updated_at: now,
    });
    return { endpoint: toEndpointView(updated, now), secret };
  });
}

export interface DeliveryView {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  tenantId: string;
  status: WebhookDeliveryStatus;
  attemptCount: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  createdAt: Date;
  completedAt: Date | null;
  attempts: {
    attemptedAt: Date;
    statusCode: number | null;
    responseBody: string | null;
    error: string | null;
    durationMs: number;
    manual: boolean;
  }[];
}

async function toDeliveryViews(
  ctx: AppContext,
  rows: Awaited<ReturnType<typeof listWebhookDeliveries>>,
): Promise<DeliveryView[]> {
  const attempts = await listWebhookAttempts(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    eventType: r.event_type,
    tenantId: r.tenant_id,
    status: r.status,
    attemptCount: r.attempt_count,
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    lastStatusCode: r.last_status_code,
    createdAt: r.created_at,
    completedAt: r.completed_at,
    attempts: attempts
      .filter((a) => a.delivery_id === r.id)
      .map((a) => ({
        attemptedAt: a.attempted_at,
        statusCode: a.status_code,
        responseBody: a.response_body,
        error: a.error,
        durationMs: a.duration_ms,
        manual: a.manual,
      })),
  }));
}

export async function getEndpointDeliveries(
  ctx: AppContext,
  scope: EndpointScope,
  endpointId: string,
  limit: number,
): Promise<DeliveryView[]> {
  const e = await requireEndpoint(ctx, scope, endpointId);
  return toDeliveryViews(ctx, await listWebhookDeliveries(ctx.db, { endpointId: e.id, limit }));
}

async function requireDelivery(ctx: AppContext, scope: EndpointScope, id: string) {
  const d = await findWebhookDelivery(ctx.db, id);
  // An operator endpoint's deliveries belong to the operator, even those about a tenant's event.
  if (!d || d.endpoint_tenant_id !== scope.tenantId) {
    throw new AppError('not_found', msg.webhookDeliveryNotFound({ id }));
  }
  return d;
}

export async function getDelivery(ctx: AppContext, scope: EndpointScope, id: string): Promise<DeliveryView> {
  const d = await requireDelivery(ctx, scope, id);
  return (await toDeliveryViews(ctx, [d]))[0]!;
}

/** Sends a delivery again now, whatever became of it (a receiver that was fixed, a replay). */
export async function resendDelivery(
  ctx: AppContext,
  scope: EndpointScope,
  id: string,
): Promise<DeliveryView> {
  const d = await requireDelivery(ctx, scope, id);
  if (d.status === 'sending') {
    throw new AppError('conflict', msg.webhookDeliverySending({ id }), { hint: msg.waitThenResend() });
  }
  const now = ctx.clock.now();
  await inTransaction(ctx.db, async (trx) => {
    await resetWebhookDelivery(trx, d.id, now);
    await enqueueJob(ctx, trx, webhookJob, { deliveryId: d.id, manual: true });
  });
  return getDelivery(ctx, scope, id);
}

// ── email preferences ───────────────────────────────────────────────────────────────────

export interface PreferencesView {
  locale: MailLocale | null;
  optedOut: string[];
  eventTypes: { type: string; optional: boolean; enabled: boolean }[];
}

export async function getPreferences(
  ctx: AppContext,
  tenantId: string,
  userId: string,
): Promise<PreferencesView> {
  const row = await findPreferences(ctx.db, tenantId, userId);
  const optedOut = row?.opted_out ?? [];
  return {
    locale: (row?.locale as MailLocale | null | undefined) ?? null,
    optedOut,
    eventTypes: eventTypes
      .filter((t) => t !== 'license.assigned')
      .map((t) => ({
        type: t,
        optional: optionalEmailTypes.includes(t),
        enabled: !optionalEmailTypes.includes(t) || !optedOut.includes(t),
      })),
  };
}

export async function setPreferences(
  ctx: AppContext,
  tenantId: string,
  userId: string,
  input: { locale: MailLocale | null; optedOut: string[] },
): Promise<PreferencesView> {
  const essential = input.optedOut.filter(
    (t) => !optionalEmailTypes.includes(t as (typeof optionalEmailTypes)[number]),
  );
  if (essential.length) {
    throw new AppError('validation_failed', msg.emailsNotOptional({ types: essential }), {
      hint: msg.onlyTheseOptional({ types: optionalEmailTypes }),
      details: { optional: optionalEmailTypes },
      field: 'body.optedOut',
    });
  }
  if (input.locale !== null && !mailLocales.includes(input.locale)) {
    throw new AppError('validation_failed', msg.unsupportedLanguage({ locale: String(input.locale) }), {
      field: 'body.locale',
    });
  }
  await upsertPreferences(ctx.db, {
    tenant_id: tenantId,
    user_id: userId,
    opted_out: [...new Set(input.optedOut)],
    locale: input.locale,
    updated_at: ctx.clock.now(),
  });
  return getPreferences(ctx, tenantId, userId);
}
