import type { AppContext } from '../app-context.js';
import type { DunningStage, Invoice } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { addDays } from '../shared/dates.js';
import { recordAudit, systemActor, type Executor } from '../modules/audit/index.js';
import {
  amountDueOf,
  findActiveSuspension,
  insertSuspension,
  listOverdueInvoices,
  lockInvoice,
  setDunningStage,
  subscriptionIdsOf,
} from '../modules/billing/index.js';
import { findSubscription, liveStatuses, updateSubscription } from '../modules/subscriptions/index.js';
import type { Policy } from '../config.js';
import { emitEvent } from '../modules/notifications/index.js';

export interface DunningReport {
  reminded: number;
  warned: number;
  suspended: number;
}

const order: DunningStage[] = ['none', 'first_reminder', 'second_reminder', 'warning', 'suspended'];
const dayMs = 86_400_000;

/** The stage an invoice due at `dueAt` has reached at `now` (days past due, PRODUCT policy numbers). */
export function dunningStageAt(dueAt: Date, now: Date, policy: Policy): DunningStage {
  const late = now.getTime() - dueAt.getTime();
  if (late <= 0) return 'none';
  if (late >= policy.dunningSuspensionDays * dayMs) return 'suspended';
  if (late >= policy.dunningWarningDays * dayMs) return 'warning';
  if (late >= policy.dunningSecondReminderDays * dayMs) return 'second_reminder';
  if (late >= policy.dunningFirstReminderDays * dayMs) return 'first_reminder';
  return 'none';
}

/**
 * Moves every overdue invoice to the dunning stage its lateness calls for: reminders, then a
 * warning, then suspension of the subscriptions it bills (given back when it is paid). A
 * clock moved far ahead goes straight to the stage reached: what is late is late. Each
 * invoice moves in its own transaction; the stage is stored, so a second run does nothing.
 */
export async function runDunning(
  ctx: AppContext,
  scope: { tenantId?: string | undefined } = {},
): Promise<DunningReport> {
  const report: DunningReport = { reminded: 0, warned: 0, suspended: 0 };
  const policy = ctx.config.policy;
  const now = ctx.clock.now();
  const earliest = Math.min(
    policy.dunningFirstReminderDays,
    policy.dunningSecondReminderDays,
    policy.dunningWarningDays,
    policy.dunningSuspensionDays,
  );
  let after: { dueAt: Date; id: string } | null = null;
  for (;;) {
    const batch = await listOverdueInvoices(ctx.db, addDays(now, -earliest), after, 200, scope);
    if (batch.length === 0) break;
    for (const row of batch) {
      const moved = await inTransaction(ctx.db, (trx) =>
        advance(ctx, trx, row.tenant_id, row.id, now, policy),
      );
      if (moved === 'first_reminder' || moved === 'second_reminder') report.reminded++;
      else if (moved === 'warning') report.warned++;
      else if (moved === 'suspended') report.suspended++;
    }
    const last = batch[batch.length - 1]!;
    after = { dueAt: last.due_at, id: last.id };
  }
  return report;
}

async function advance(
  ctx: AppContext,
  trx: Executor,
  tenantId: string,
  id: string,
  now: Date,
  policy: Policy,
): Promise<DunningStage | null> {
  const invoice = await lockInvoice(trx, tenantId, id);
  if (!invoice || invoice.status !== 'open') return null;
  const target = dunningStageAt(invoice.due_at, now, policy);
  if (order.indexOf(target) <= order.indexOf(invoice.dunning_stage)) return null;
  await setDunningStage(trx, invoice, target, now);
  await recordAudit(trx, {
    tenantId,
    actor: systemActor,
    action: `invoice.dunning_${target}`,
    entityType: 'invoice',
    entityId: invoice.id,
    before: { dunningStage: invoice.dunning_stage },
    after: {
      dunningStage: target,
      amountDue: amountDueOf(invoice),
      suspensionOn: addDays(invoice.due_at, policy.dunningSuspensionDays),
    },
    at: now,
  });
  const suspended = target === 'suspended' ? await suspendCoveredSubscriptions(trx, invoice, now) : [];
  // In the stage's transaction (the outbox): mail and webhooks follow if and only if it commits.
  await emitEvent(ctx, trx, {
    tenantId,
    type: 'invoice.dunning_stage_changed',
    data: {
      invoiceId: invoice.id,
      number: invoice.number,
      stage: target as 'first_reminder' | 'second_reminder' | 'warning' | 'suspended',
      currency: invoice.currency,
      amountDue: amountDueOf(invoice),
      dueAt: invoice.due_at.toISOString(),
      suspensionAt: addDays(invoice.due_at, policy.dunningSuspensionDays).toISOString(),
      subscriptionId: invoice.subscription_id,
      suspendedSubscriptionIds: suspended,
    },
    orderingKey: invoice.subscription_id ?? invoice.order_id ?? invoice.id,
    dedupeKey: `invoice.dunning:${invoice.id}:${target}`,
  });
  return target;
}

/** Subscriptions the invoice bills go to disabled (admins only) until it is paid. */
async function suspendCoveredSubscriptions(trx: Executor, invoice: Invoice, now: Date): Promise<string[]> {
  const suspended: string[] = [];
  for (const subscriptionId of subscriptionIdsOf(invoice)) {
    const sub = await findSubscription(trx, invoice.tenant_id, subscriptionId, { forUpdate: true });
    if (!sub) continue;
    const live = (liveStatuses as readonly string[]).includes(sub.status);
    const held =
      sub.status === 'disabled' ? await findActiveSuspension(trx, invoice.tenant_id, sub.id) : undefined;
    if (!live && !held) continue;
    // Already suspended by another invoice: remember the state from before the first suspension.
    await insertSuspension(trx, {
      tenantId: invoice.tenant_id,
      invoiceId: invoice.id,
      subscriptionId: sub.id,
      previousStatus: held ? held.previous_status : sub.status,
      previousNextActionAt: held ? held.previous_next_action_at : sub.next_action_at,
      at: now,
    });
    suspended.push(sub.id);
    if (held) continue;
    await updateSubscription(trx, invoice.tenant_id, sub.id, {
      status: 'disabled',
      status_changed_at: now,
      next_action_at: null,
      updated_at: now,
    });
    await recordAudit(trx, {
      tenantId: invoice.tenant_id,
      actor: systemActor,
      action: 'subscription.suspended',
      entityType: 'subscription',
      entityId: sub.id,
      before: { status: sub.status },
      after: { status: 'disabled', invoiceId: invoice.id },
      at: now,
    });
  }
  return suspended;
}
