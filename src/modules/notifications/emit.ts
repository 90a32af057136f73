import type { AppContext } from '../../app-context.js';
import { newId } from '../../shared/ids.js';
import type { Executor } from '../audit/index.js';
import { enqueueJob, enqueueJobs } from '../../jobs/index.js';
import { eventApiVersion, type EventData, type EventType } from './events.catalog.js';
import { insertEvent, insertEvents } from './notifications.repository.js';

export const dispatchJob = 'notifications.dispatch';
/** Events per dispatch job of `emitEvents` (each still dispatched in its own transaction). */
const dispatchGroup = 100;

export interface EmitInput<T extends EventType> {
  tenantId: string;
  type: T;
  data: EventData<T>;
  /**
   * Webhook deliveries with the same key reach an endpoint in the order the events were
   * emitted. Defaults to the subscription, invoice, order or support request the data names.
   */
  orderingKey?: string;
  /** A scheduled event (reminder, overdue) is emitted once per key, however often it is swept. */
  dedupeKey?: string;
}

function defaultOrderingKey(data: Record<string, unknown>, tenantId: string): string {
  for (const field of ['subscriptionId', 'orderId', 'invoiceId', 'supportRequestId', 'userId']) {
    const value = data[field];
    if (typeof value === 'string' && value) return value;
  }
  return tenantId;
}

/**
 * Records an event in the caller's transaction and enqueues its dispatch there too (the
 * outbox): if the change rolls back, nobody is told; if it commits, the emails and webhooks
 * follow, retried until they go through. Returns the event id, or null when `dedupeKey` was
 * already used.
 *
 * @example
 * await emitEvent(ctx, trx, { tenantId, type: 'subscription.expired', data: { subscriptionId, productId, disabledAt } });
 */
export async function emitEvent<T extends EventType>(
  ctx: AppContext,
  db: Executor,
  input: EmitInput<T>,
): Promise<string | null> {
  const row = await insertEvent(db, eventRow(ctx.clock.now(), input));
  if (!row) return null;
  await enqueueJob(ctx, db, dispatchJob, { eventId: row.id });
  return row.id;
}

function eventRow<T extends EventType>(now: Date, input: EmitInput<T>) {
  const data = input.data as Record<string, unknown>;
  return {
    id: newId('event', now.getTime()),
    tenant_id: input.tenantId,
    type: input.type,
    api_version: eventApiVersion,
    data: JSON.stringify(data),
    ordering_key: input.orderingKey ?? defaultOrderingKey(data, input.tenantId),
    dedupe_key: input.dedupeKey ?? null,
    created_at: now,
  };
}

/** An event to emit with `emitEvents`: checked against the catalog where it is built. */
export type AnyEmitInput = { [T in EventType]: EmitInput<T> }[EventType];

/**
 * `emitEvent` for several events of one change, in two statements whatever their number (the
 * events, then one dispatch job per 100 of them), in the given order. Returns the ids of the events written.
 */
export async function emitEvents(ctx: AppContext, db: Executor, inputs: AnyEmitInput[]): Promise<string[]> {
  const now = ctx.clock.now();
  const ids: string[] = [];
  // A billing batch emits thousands: chunks keep each statement under PostgreSQL's parameter limit.
  for (let i = 0; i < inputs.length; i += 2000) {
    const written = await insertEvents(
      db,
      inputs.slice(i, i + 2000).map((input) => eventRow(now, input)),
    );
    // One dispatch job per group of events, not per event: a billing cycle's hundred thousand
    // events would otherwise be as many queue rows, written in the cycle's transactions.
    const jobs: { name: string; data: Record<string, unknown> }[] = [];
    for (let k = 0; k < written.length; k += dispatchGroup)
      jobs.push({ name: dispatchJob, data: { eventIds: written.slice(k, k + dispatchGroup) } });
    await enqueueJobs(ctx, db, jobs);
    ids.push(...written);
  }
  return ids;
}
