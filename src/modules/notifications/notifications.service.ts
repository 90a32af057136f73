import type { AppContext } from '../../app-context.js';
import { productIdOf } from '../records/index.js';
import type { LocalizedText } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { addDays } from '../../shared/dates.js';
import { newId } from '../../shared/ids.js';
import { extend } from '../../shared/money.js';
import { enqueueJob } from '../../jobs/index.js';
import { findSubscription } from '../subscriptions/index.js';
import { emitEvent } from './emit.js';
import { eventApiVersion, eventEmail, isEventType, type EventType } from './events.catalog.js';
import { toMailLocale } from './mail.texts.js';
import { renderMail, type RenderedMail } from './mail.render.js';
import { sendMail } from './mailer.js';
import {
  claimWebhookDelivery,
  dueWebhookDeliveries,
  endpointsFor,
  findEmailDelivery,
  findEndpointById,
  findEvent,
  findTenantForMail,
  findUserForMail,
  findWebhookDelivery,
  finishWebhookAttempt,
  insertEmailDeliveries,
  insertWebhookDeliveries,
  nextWaitingDelivery,
  overdueInvoices,
  productNames,
  reminderKey,
  subscriptionsOwedReminder,
  subscriptionsToBeDeleted,
  tenantAdmins,
  updateEmailDelivery,
  type EmailDelivery,
  type EventRow,
  type SweepScope,
} from './notifications.repository.js';
import { signatureHeader, signatureHeaderName } from './webhook-signing.js';
import { postWebhook, webhookNetworkPolicy } from './webhook-address.js';
import { mailPublicUrl } from './public-url.js';
import { openSecret } from '../security/index.js';

export const emailJob = 'notifications.email';
export const webhookJob = 'webhooks.deliver';
export const sweepJob = 'notifications.sweep';

/** SMTP hiccups are retried by the queue: 8 retries, 30 s doubling (about two hours in all). */
const emailRetryLimit = 8;
function emailRetry(ctx: AppContext) {
  return { retryLimit: emailRetryLimit, retryDelaySeconds: ctx.config.mailRetrySeconds, retryBackoff: true };
}

/** The body every endpoint receives for an event: versioned, the same bytes on each attempt. */
export function eventEnvelope(event: EventRow) {
  return {
    id: event.id,
    object: 'event' as const,
    type: event.type,
    apiVersion: event.api_version,
    createdAt: event.created_at.toISOString(),
    tenantId: event.tenant_id,
    data: event.data,
  };
}

/**
 * The outbox job of one event: creates one email delivery per recipient and one webhook
 * delivery per subscribed endpoint, and enqueues their jobs, in one transaction. Delivery rows
 * are unique per event and recipient, so running this twice creates nothing the second time.
 */
export async function dispatchEvent(ctx: AppContext, eventId: string): Promise<void> {
  await inTransaction(ctx.db, async (trx) => {
    const event = await findEvent(trx, eventId);
    if (!event || !isEventType(event.type)) return;
    const type: EventType = event.type;
    const tenant = await findTenantForMail(trx, event.tenant_id);
    if (!tenant) return;
    const now = ctx.clock.now();
    const audience = eventEmail[type];
    const recipients: { userId: string | null; email: string; locale: string }[] = [];
    if (audience.audience === 'user') {
      const userId = (event.data as { userId?: unknown }).userId;
      const user = typeof userId === 'string' ? await findUserForMail(trx, tenant.id, userId) : undefined;
      if (user) recipients.push({ userId: user.id, email: user.email, locale: user.locale ?? tenant.locale });
    } else {
      for (const admin of await tenantAdmins(trx, tenant.id)) {
        if (!audience.essential && (admin.opted_out ?? []).includes(type)) continue;
        recipients.push({ userId: admin.id, email: admin.email, locale: admin.locale ?? tenant.locale });
      }
    }
    const emailIds = await insertEmailDeliveries(
      trx,
      recipients.map((r) => ({
        id: newId('emailDelivery', now.getTime()),
        tenant_id: tenant.id,
        event_id: event.id,
        event_type: type,
        recipient_user_id: r.userId,
        recipient_email: r.email,
        locale: toMailLocale(r.locale),
        subject: null,
        status: 'pending' as const,
        last_error: null,
        transport: null,
        message_id: null,
        file_name: null,
        created_at: now,
        sent_at: null,
      })),
    );
    for (const id of emailIds) await enqueueJob(ctx, trx, emailJob, { deliveryId: id }, emailRetry(ctx));

    const endpoints = await endpointsFor(trx, tenant.id, type);
    const webhookIds = await insertWebhookDeliveries(
      trx,
      endpoints.map((e) => ({
        id: newId('webhookDelivery', now.getTime()),
        endpoint_id: e.id,
        endpoint_tenant_id: e.tenant_id,
        tenant_id: tenant.id,
        event_id: event.id,
        event_seq: event.seq,
        event_type: type,
        ordering_key: event.ordering_key ?? tenant.id,
        status: 'pending' as const,
        next_attempt_at: now,
        created_at: now,
      })),
    );
    for (const id of webhookIds) await enqueueJob(ctx, trx, webhookJob, { deliveryId: id });
  });
}

/** Renders one delivery's email (also what the operator's mail page shows). */
export async function renderDelivery(
  ctx: AppContext,
  delivery: EmailDelivery,
  publicUrl?: string,
): Promise<RenderedMail | null> {
  const event = await findEvent(ctx.db, delivery.event_id);
  const tenant = await findTenantForMail(ctx.db, delivery.tenant_id);
  if (!event || !tenant || !isEventType(event.type)) return null;
  const data = event.data;
  const ids = new Set<string>();
  if (typeof data.productId === 'string') ids.add(data.productId);
  const recordProduct = productIdOf(data.subjectRecord);
  if (recordProduct) ids.add(recordProduct);
  if (Array.isArray(data.lines)) {
    for (const line of data.lines as { productId?: unknown }[]) {
      if (typeof line.productId === 'string') ids.add(line.productId);
    }
  }
  const products = new Map<string, LocalizedText>(
    (await productNames(ctx.db, [...ids])).map((p) => [p.id, p.names]),
  );
  const user = delivery.recipient_user_id
    ? await findUserForMail(ctx.db, tenant.id, delivery.recipient_user_id)
    : undefined;
  return renderMail({
    type: event.type,
    data,
    locale: toMailLocale(delivery.locale),
    recipientName: user?.display_name ?? delivery.recipient_email,
    tenantName: tenant.name,
    products,
    publicUrl: publicUrl ?? (await mailPublicUrl(ctx)),
    cloud: ctx.config.cloud,
  });
}

/**
 * Sends one email delivery. Already sent: nothing to do (the job ran twice). A failure is
 * recorded and thrown so the queue retries; after the last retry the delivery is `failed`.
 * A crash between the SMTP answer and the update below can send a message twice: its
 * Message-ID is the same both times, so mail clients show it once.
 */
export async function sendEmailDelivery(
  ctx: AppContext,
  deliveryId: string,
  job: { retryCount: number } = { retryCount: 0 },
): Promise<void> {
  const delivery = await findEmailDelivery(ctx.db, deliveryId);
  if (!delivery || delivery.status !== 'pending') return;
  try {
    const publicUrl = await mailPublicUrl(ctx);
    const mail = await renderDelivery(ctx, delivery, publicUrl);
    if (!mail) {
      await updateEmailDelivery(ctx.db, delivery.id, {
        status: 'failed',
        last_error: 'event or tenant is gone',
      });
      return;
    }
    const event = await findEvent(ctx.db, delivery.event_id);
    const host = new URL(publicUrl).hostname || 'billing-center';
    const sent = await sendMail(
      ctx.config,
      {
        to: delivery.recipient_email,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        locale: delivery.locale,
        messageId: `<${delivery.id}@${host}>`,
        ...(event ? { date: event.created_at } : {}),
        headers: {
          'X-Billing-Center-Event': delivery.event_type,
          'X-Billing-Center-Event-Id': delivery.event_id,
        },
      },
      `${delivery.created_at.toISOString().replace(/[:.]/g, '-')}-${delivery.id}`,
    );
    await updateEmailDelivery(ctx.db, delivery.id, {
      status: 'sent',
      subject: mail.subject,
      transport: sent.transport,
      message_id: sent.messageId,
      file_name: sent.fileName,
      last_error: null,
      sent_at: ctx.clock.now(),
    });
  } catch (error) {
    const last = job.retryCount >= emailRetryLimit;
    await updateEmailDelivery(ctx.db, delivery.id, {
      status: last ? 'failed' : 'pending',
      last_error: error instanceof Error ? error.message.slice(0, 1000) : String(error),
    });
    throw error;
  }
}

// ── webhooks ────────────────────────────────────────────────────────────────────────────

/** A claim older than this belongs to a worker that died mid-attempt. */
const staleClaimMs = 10 * 60_000;
/** Retries stop once the next one would fall later than this after the event. */
export const webhookRetryWindowMs = 3 * 86_400_000;
const attemptTimeoutMs = 10_000;

/** 1 min, 4 min, 16 min, 64 min, ~4 h, then every 12 h: about 9 attempts in 3 days. */
export function webhookBackoffMs(attempt: number): number {
  return Math.min(60_000 * 4 ** (attempt - 1), 12 * 3_600_000);
}

async function kickNext(ctx: AppContext, endpointId: string, orderingKey: string, now: Date) {
  const next = await nextWaitingDelivery(ctx.db, endpointId, orderingKey);
  if (!next) return;
  const later = next.next_attempt_at && next.next_attempt_at > now;
  await enqueueJob(
    ctx,
    ctx.db,
    webhookJob,
    { deliveryId: next.id },
    later ? { startAfter: next.next_attempt_at! } : {},
  );
}

/**
 * One attempt at one webhook delivery, outside any transaction (the receiver may be slow).
 * Deliveries to an endpoint with the same ordering key (a subscription) go one at a time in
 * event order: a later one waits while an earlier one is still being retried.
 */
export async function deliverWebhook(
  ctx: AppContext,
  deliveryId: string,
  options: { manual?: boolean } = {},
): Promise<void> {
  const now = ctx.clock.now();
  const claimed = await claimWebhookDelivery(ctx.db, deliveryId, now, new Date(now.getTime() - staleClaimMs));
  if (!claimed) return;
  const delivery = (await findWebhookDelivery(ctx.db, deliveryId))!;
  const endpoint = await findEndpointById(ctx.db, delivery.endpoint_id);
  const event = await findEvent(ctx.db, delivery.event_id);
  const started = Date.now();
  const attemptBase = { attempted_at: now, manual: options.manual ?? false };

  if (!endpoint || endpoint.deleted_at || !endpoint.enabled || !event) {
    await finishWebhookAttempt(ctx.db, {
      id: delivery.id,
      status: 'failed',
      nextAttemptAt: null,
      statusCode: null,
      completedAt: now,
      attempt: {
        ...attemptBase,
        status_code: null,
        response_body: null,
        error: 'The endpoint was disabled or deleted.',
        duration_ms: 0,
      },
    });
    await kickNext(ctx, delivery.endpoint_id, delivery.ordering_key, now);
    return;
  }

  const body = JSON.stringify(eventEnvelope(event));
  const secrets = [openSecret(ctx.config, endpoint.secret)];
  if (
    endpoint.previous_secret &&
    endpoint.previous_secret_expires_at &&
    endpoint.previous_secret_expires_at > now
  ) {
    secrets.push(openSecret(ctx.config, endpoint.previous_secret));
  }
  const timestamp = Math.floor(now.getTime() / 1000);
  let statusCode: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  try {
    // Checked again now, on the connection's own DNS answer: a name registered while public
    // that now points inside (DNS rebinding) is refused, not called.
    const response = await postWebhook(
      endpoint.url,
      {
        'content-type': 'application/json',
        'user-agent': 'Billing-Center-Webhooks/1',
        [signatureHeaderName]: signatureHeader(secrets, timestamp, body),
        'Billing-Center-Event-Id': event.id,
        'Billing-Center-Event-Type': event.type,
        'Billing-Center-Delivery-Id': delivery.id,
        'Billing-Center-Api-Version': eventApiVersion,
      },
      body,
      { policy: webhookNetworkPolicy(ctx.config), timeoutMs: attemptTimeoutMs, maxBodyBytes: 2000 },
    );
    statusCode = response.status;
    responseBody = response.body;
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
  const attempt = delivery.attempt_count + 1;
  const nextAt = new Date(now.getTime() + webhookBackoffMs(attempt));
  const giveUp = !ok && nextAt.getTime() > delivery.created_at.getTime() + webhookRetryWindowMs;
  await finishWebhookAttempt(ctx.db, {
    id: delivery.id,
    status: ok ? 'succeeded' : giveUp ? 'failed' : 'pending',
    nextAttemptAt: ok || giveUp ? null : nextAt,
    statusCode,
    completedAt: ok || giveUp ? now : null,
    attempt: {
      ...attemptBase,
      status_code: statusCode,
      response_body: responseBody,
      error: error ?? (ok ? null : `HTTP ${statusCode}`),
      duration_ms: Date.now() - started,
    },
  });
  if (ok || giveUp) await kickNext(ctx, delivery.endpoint_id, delivery.ordering_key, now);
  else await enqueueJob(ctx, ctx.db, webhookJob, { deliveryId: delivery.id }, { startAfter: nextAt });
}

// ── the periodic sweep ──────────────────────────────────────────────────────────────────

export interface SweepReport {
  reminders: number;
  overdue: number;
  aboutToBeDeleted: number;
  webhookRetries: number;
}

/** Days before deletion that admins are warned. */
const deletionNoticeDays = 7;
const batch = 500;

/**
 * What time alone triggers: renewal reminders (30 and 7 days before a term ends), overdue
 * invoices, subscriptions about to be deleted, and webhook retries that are due by
 * `ctx.clock` (a job's own start time follows the wall clock). Each notice has a dedupe key,
 * so running this often, or from several processes, tells people once.
 */
export async function sweepNotifications(ctx: AppContext, scope: SweepScope = {}): Promise<SweepReport> {
  const now = ctx.clock.now();
  const report: SweepReport = { reminders: 0, overdue: 0, aboutToBeDeleted: 0, webhookRetries: 0 };

  for (const owed of await subscriptionsOwedReminder(ctx.db, now, batch, scope)) {
    await inTransaction(ctx.db, async (trx) => {
      const sub = await findSubscription(trx, owed.tenant_id, owed.id);
      if (!sub) return;
      const renewalQuantity = sub.pending_quantity ?? sub.quantity;
      const id = await emitEvent(ctx, trx, {
        tenantId: sub.tenant_id,
        type: 'subscription.renewal_reminder',
        data: {
          subscriptionId: sub.id,
          productId: sub.product_id,
          daysBefore: owed.days_before,
          termEnd: sub.term_end.toISOString(),
          quantity: sub.quantity,
          renewalQuantity,
          currency: sub.currency,
          periodAmount: extend(sub.unit_amount, renewalQuantity),
        },
        dedupeKey: reminderKey(sub.id, sub.term_end, owed.days_before),
      });
      if (id) report.reminders++;
    });
  }

  for (const invoice of await overdueInvoices(ctx.db, now, batch, scope)) {
    const id = await inTransaction(ctx.db, (trx) =>
      emitEvent(ctx, trx, {
        tenantId: invoice.tenant_id,
        type: 'invoice.overdue',
        data: {
          invoiceId: invoice.id,
          number: invoice.number,
          currency: invoice.currency,
          total: invoice.total,
          dueAt: invoice.due_at.toISOString(),
          subscriptionId: invoice.subscription_id,
        },
        orderingKey: invoice.subscription_id ?? invoice.order_id ?? invoice.id,
        dedupeKey: `invoice.overdue:${invoice.id}`,
      }),
    );
    if (id) report.overdue++;
  }

  for (const sub of await subscriptionsToBeDeleted(
    ctx.db,
    now,
    addDays(now, deletionNoticeDays),
    batch,
    scope,
  )) {
    const id = await inTransaction(ctx.db, (trx) =>
      emitEvent(ctx, trx, {
        tenantId: sub.tenant_id,
        type: 'subscription.about_to_be_deleted',
        data: {
          subscriptionId: sub.id,
          productId: sub.product_id,
          deletedAt: sub.next_action_at.toISOString(),
        },
        dedupeKey: `about_to_be_deleted:${sub.id}:${Math.floor(sub.next_action_at.getTime() / 1000)}`,
      }),
    );
    if (id) report.aboutToBeDeleted++;
  }

  // Deliveries run on the instance's time whoever they are for: only the instance's sweep.
  if (scope.tenantId !== undefined) return report;
  for (const due of await dueWebhookDeliveries(ctx.db, now, new Date(now.getTime() - staleClaimMs), batch)) {
    await enqueueJob(ctx, ctx.db, webhookJob, { deliveryId: due.id });
    report.webhookRetries++;
  }
  return report;
}
