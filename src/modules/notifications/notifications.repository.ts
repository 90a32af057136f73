import { sql } from 'kysely';
import type { EmailDeliveryTable, WebhookDeliveryStatus, WebhookEndpointTable } from '../../db/schema.js';
import type { Executor } from '../audit/index.js';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { EventTable } from '../../db/schema.js';

export type EventRow = Selectable<EventTable>;
export type EmailDelivery = Selectable<EmailDeliveryTable>;
export type WebhookEndpoint = Selectable<WebhookEndpointTable>;

/** Inserts an event; with a dedupe key already used by the tenant, inserts nothing (null). */
export async function insertEvent(db: Executor, row: Insertable<EventTable>): Promise<EventRow | null> {
  const inserted = await db
    .insertInto('events')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  return inserted ?? null;
}

/**
 * Several events in one statement, in order; returns the ids written (an event whose
 * `dedupe_key` was already used is left out). Without dedupe keys nothing can conflict, so
 * nothing is read back and the insert can join a `writeTogether` batch.
 */
export async function insertEvents(db: Executor, rows: Insertable<EventTable>[]): Promise<string[]> {
  if (rows.length === 0) return [];
  if (rows.every((r) => r.dedupe_key == null)) {
    await db.insertInto('events').values(rows).execute();
    return rows.map((r) => r.id);
  }
  const inserted = await db
    .insertInto('events')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing(),
    )
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

export async function findEvent(db: Executor, id: string, tenantId?: string): Promise<EventRow | undefined> {
  let q = db.selectFrom('events').selectAll().where('id', '=', id);
  if (tenantId) q = q.where('tenant_id', '=', tenantId);
  return q.executeTakeFirst();
}

export async function listEvents(
  db: Executor,
  input: { tenantId: string; type?: string | undefined; limit: number },
): Promise<EventRow[]> {
  let q = db.selectFrom('events').selectAll().where('tenant_id', '=', input.tenantId);
  if (input.type) q = q.where('type', '=', input.type);
  return q.orderBy('seq', 'desc').limit(input.limit).execute();
}

export async function tenantAdmins(db: Executor, tenantId: string) {
  return db
    .selectFrom('users')
    .leftJoin('notification_preferences as np', (j) =>
      j.onRef('np.user_id', '=', 'users.id').onRef('np.tenant_id', '=', 'users.tenant_id'),
    )
    .select(['users.id', 'users.email', 'users.display_name', 'users.role', 'np.opted_out', 'np.locale'])
    .where('users.tenant_id', '=', tenantId)
    .where('users.role', 'in', ['global_admin', 'billing_admin'])
    .orderBy('users.email')
    .execute();
}

export async function findUserForMail(db: Executor, tenantId: string, userId: string) {
  return db
    .selectFrom('users')
    .leftJoin('notification_preferences as np', (j) =>
      j.onRef('np.user_id', '=', 'users.id').onRef('np.tenant_id', '=', 'users.tenant_id'),
    )
    .select(['users.id', 'users.email', 'users.display_name', 'np.locale'])
    .where('users.tenant_id', '=', tenantId)
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

export async function findPreferences(db: Executor, tenantId: string, userId: string) {
  return db
    .selectFrom('notification_preferences')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function upsertPreferences(
  db: Executor,
  row: { tenant_id: string; user_id: string; opted_out: string[]; locale: string | null; updated_at: Date },
) {
  const values = { ...row, opted_out: JSON.stringify(row.opted_out) };
  await db
    .insertInto('notification_preferences')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'user_id']).doUpdateSet({
        opted_out: values.opted_out,
        locale: values.locale,
        updated_at: values.updated_at,
      }),
    )
    .execute();
}

/** Returns the ids of the deliveries this call created (a second run of a job creates none). */
export async function insertEmailDeliveries(
  db: Executor,
  rows: Insertable<EmailDeliveryTable>[],
): Promise<string[]> {
  if (!rows.length) return [];
  const inserted = await db
    .insertInto('email_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['event_id', 'recipient_email']).doNothing())
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

export async function findEmailDelivery(db: Executor, id: string): Promise<EmailDelivery | undefined> {
  return db.selectFrom('email_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateEmailDelivery(db: Executor, id: string, patch: Updateable<EmailDeliveryTable>) {
  await db
    .updateTable('email_deliveries')
    .set({ ...patch, attempts: sql`attempts + 1` })
    .where('id', '=', id)
    .execute();
}

export async function listEmailDeliveries(
  db: Executor,
  input: { tenantId?: string | undefined; limit: number },
): Promise<EmailDelivery[]> {
  let q = db.selectFrom('email_deliveries').selectAll();
  if (input.tenantId) q = q.where('tenant_id', '=', input.tenantId);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(input.limit).execute();
}

// ── webhooks ────────────────────────────────────────────────────────────────────────────

/** Endpoints scoped to a tenant (`tenantId`) or to the operator (`null`). */
function scoped(db: Executor, tenantId: string | null) {
  const q = db.selectFrom('webhook_endpoints').selectAll().where('deleted_at', 'is', null);
  return tenantId === null ? q.where('tenant_id', 'is', null) : q.where('tenant_id', '=', tenantId);
}

export async function insertEndpoint(
  db: Executor,
  row: Insertable<WebhookEndpointTable>,
): Promise<WebhookEndpoint> {
  return db.insertInto('webhook_endpoints').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function listEndpoints(db: Executor, tenantId: string | null): Promise<WebhookEndpoint[]> {
  return scoped(db, tenantId).orderBy('created_at').orderBy('id').execute();
}

export async function findEndpoint(
  db: Executor,
  tenantId: string | null,
  id: string,
  forUpdate = false,
): Promise<WebhookEndpoint | undefined> {
  let q = scoped(db, tenantId).where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function updateEndpoint(
  db: Executor,
  id: string,
  patch: Updateable<WebhookEndpointTable>,
): Promise<WebhookEndpoint> {
  return db
    .updateTable('webhook_endpoints')
    .set(patch)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findEndpointById(db: Executor, id: string): Promise<WebhookEndpoint | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Live endpoints that want this event: the tenant's own and the operator's. */
export async function endpointsFor(db: Executor, tenantId: string, type: string): Promise<WebhookEndpoint[]> {
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('deleted_at', 'is', null)
    .where('enabled', '=', true)
    .where((eb) => eb.or([eb('tenant_id', '=', tenantId), eb('tenant_id', 'is', null)]))
    .where(sql<boolean>`(event_types ? ${type} OR event_types ? '*')`)
    .orderBy('id')
    .execute();
}

export async function insertWebhookDeliveries(
  db: Executor,
  rows: {
    id: string;
    endpoint_id: string;
    endpoint_tenant_id: string | null;
    tenant_id: string;
    event_id: string;
    event_seq: number;
    event_type: string;
    ordering_key: string;
    status: WebhookDeliveryStatus;
    next_attempt_at: Date;
    created_at: Date;
  }[],
): Promise<string[]> {
  if (!rows.length) return [];
  const inserted = await db
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

/**
 * Takes a delivery for one attempt, if it is due and nothing older for the same endpoint and
 * ordering key is still waiting: that is what keeps a subscription's events in order. A claim
 * older than `staleBefore` (a worker that died mid-attempt) can be taken again.
 */
export async function claimWebhookDelivery(db: Executor, id: string, now: Date, staleBefore: Date) {
  const result = await sql<{ id: string }>`
    UPDATE webhook_deliveries d SET status = 'sending', claimed_at = ${now}
    WHERE d.id = ${id}
      AND ((d.status = 'pending' AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= ${now}))
        OR (d.status = 'sending' AND d.claimed_at < ${staleBefore}))
      AND NOT EXISTS (
        SELECT 1 FROM webhook_deliveries p
        WHERE p.endpoint_id = d.endpoint_id AND p.ordering_key = d.ordering_key
          AND p.event_seq < d.event_seq AND p.status IN ('pending', 'sending'))
    RETURNING d.id`.execute(db);
  return result.rows.length === 1;
}

export async function findWebhookDelivery(db: Executor, id: string) {
  return db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function finishWebhookAttempt(
  db: Executor,
  input: {
    id: string;
    status: WebhookDeliveryStatus;
    nextAttemptAt: Date | null;
    statusCode: number | null;
    completedAt: Date | null;
    attempt: {
      attempted_at: Date;
      status_code: number | null;
      response_body: string | null;
      error: string | null;
      duration_ms: number;
      manual: boolean;
    };
  },
) {
  await db
    .insertInto('webhook_attempts')
    .values({ delivery_id: input.id, ...input.attempt })
    .execute();
  await db
    .updateTable('webhook_deliveries')
    .set({
      status: input.status,
      next_attempt_at: input.nextAttemptAt,
      claimed_at: null,
      last_status_code: input.statusCode,
      completed_at: input.completedAt,
      attempt_count: sql`attempt_count + 1`,
    })
    .where('id', '=', input.id)
    .execute();
}

/** The oldest delivery still waiting behind this one's endpoint and ordering key. */
export async function nextWaitingDelivery(db: Executor, endpointId: string, orderingKey: string) {
  return db
    .selectFrom('webhook_deliveries')
    .select(['id', 'next_attempt_at'])
    .where('endpoint_id', '=', endpointId)
    .where('ordering_key', '=', orderingKey)
    .where('status', '=', 'pending')
    .orderBy('event_seq')
    .limit(1)
    .executeTakeFirst();
}

/** Deliveries due by the clock and not waiting behind an older one of the same ordering key. */
export async function dueWebhookDeliveries(db: Executor, now: Date, staleBefore: Date, limit: number) {
  const result = await sql<{ id: string }>`
    SELECT d.id FROM webhook_deliveries d
    WHERE ((d.status = 'pending' AND d.next_attempt_at <= ${now})
        OR (d.status = 'sending' AND d.claimed_at < ${staleBefore}))
      AND NOT EXISTS (
        SELECT 1 FROM webhook_deliveries p
        WHERE p.endpoint_id = d.endpoint_id AND p.ordering_key = d.ordering_key
          AND p.event_seq < d.event_seq AND p.status IN ('pending', 'sending'))
    ORDER BY d.event_seq
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

export async function resetWebhookDelivery(db: Executor, id: string, now: Date) {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: now, completed_at: null })
    .where('id', '=', id)
    .where('status', '!=', 'sending')
    .execute();
}

export async function listWebhookDeliveries(
  db: Executor,
  input: { endpointId: string; limit: number; tenantId?: string | undefined },
) {
  let q = db.selectFrom('webhook_deliveries').selectAll().where('endpoint_id', '=', input.endpointId);
  if (input.tenantId) q = q.where('tenant_id', '=', input.tenantId);
  return q.orderBy('event_seq', 'desc').limit(input.limit).execute();
}

export async function listWebhookAttempts(db: Executor, deliveryIds: readonly string[]) {
  if (!deliveryIds.length) return [];
  return db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('delivery_id', 'in', deliveryIds)
    .orderBy('id')
    .execute();
}

// ── scheduled notices ───────────────────────────────────────────────────────────────────

/** The dedupe key of a renewal reminder, the same in SQL below and in the sweep. */
export function reminderKey(subscriptionId: string, termEnd: Date, daysBefore: number): string {
  return `renewal_reminder:${subscriptionId}:${Math.floor(termEnd.getTime() / 1000)}:${daysBefore}`;
}

/**
 * Live subscriptions that renew by themselves (traditional add-ons follow their base) and are
 * owed a reminder now: 7 days before the term ends, or 30 days before when the term is longer
 * than that. Once the 7-day one is due the 30-day one is not sent any more.
 */
/** One tenant (a test clock advancing), or every tenant not on a test clock (docs/test-clocks.md). */
export interface SweepScope {
  tenantId?: string | undefined;
}

function sweepTenant(scope: SweepScope) {
  return scope.tenantId !== undefined
    ? sql`s.tenant_id = ${scope.tenantId}`
    : sql`NOT EXISTS (SELECT 1 FROM test_clocks tc WHERE tc.tenant_id = s.tenant_id)`;
}

export async function subscriptionsOwedReminder(
  db: Executor,
  now: Date,
  limit: number,
  scope: SweepScope = {},
) {
  const result = await sql<{ id: string; tenant_id: string; days_before: number }>`
    SELECT s.id, s.tenant_id, d.days AS days_before
    FROM subscriptions s
    CROSS JOIN LATERAL (SELECT CASE WHEN s.term_end <= ${now}::timestamptz + interval '7 days' THEN 7 ELSE 30 END AS days) d
    WHERE ${sweepTenant(scope)} AND s.status IN ('active', 'warning') AND s.kind <> 'traditional_addon' AND s.recurring_billing
      AND s.term_end > ${now} AND s.term_end <= ${now}::timestamptz + interval '30 days'
      AND s.term_start < s.term_end - make_interval(days => d.days)
      AND NOT EXISTS (
        SELECT 1 FROM events e WHERE e.tenant_id = s.tenant_id
          AND e.dedupe_key = 'renewal_reminder:' || s.id || ':' || floor(extract(epoch FROM s.term_end))::bigint || ':' || d.days)
    ORDER BY s.term_end, s.id
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

export async function subscriptionsToBeDeleted(
  db: Executor,
  now: Date,
  until: Date,
  limit: number,
  scope: SweepScope = {},
) {
  const result = await sql<{ id: string; tenant_id: string; product_id: string; next_action_at: Date }>`
    SELECT s.id, s.tenant_id, s.product_id, s.next_action_at
    FROM subscriptions s
    WHERE ${sweepTenant(scope)} AND s.status = 'disabled' AND s.kind <> 'traditional_addon'
      AND s.next_action_at > ${now} AND s.next_action_at <= ${until}
      AND NOT EXISTS (
        SELECT 1 FROM events e WHERE e.tenant_id = s.tenant_id
          AND e.dedupe_key = 'about_to_be_deleted:' || s.id || ':' || floor(extract(epoch FROM s.next_action_at))::bigint)
    ORDER BY s.next_action_at, s.id
    LIMIT ${limit}`.execute(db);
  return result.rows;
}

export async function overdueInvoices(db: Executor, now: Date, limit: number, scope: SweepScope = {}) {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where((eb) =>
      scope.tenantId !== undefined
        ? eb('invoices.tenant_id', '=', scope.tenantId)
        : eb.not(
            eb.exists(
              eb
                .selectFrom('test_clocks')
                .select('test_clocks.id')
                .whereRef('test_clocks.tenant_id', '=', 'invoices.tenant_id'),
            ),
          ),
    )
    .where('status', '=', 'open')
    .where('due_at', '<', now)
    .where('kind', '!=', 'credit')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('events')
            .select(sql`1`.as('one'))
            .whereRef('events.tenant_id', '=', 'invoices.tenant_id')
            .where(sql<boolean>`events.dedupe_key = 'invoice.overdue:' || invoices.id`),
        ),
      ),
    )
    .orderBy('due_at')
    .limit(limit)
    .execute();
}

export async function productNames(db: Executor, ids: readonly string[]) {
  if (!ids.length) return [];
  return db.selectFrom('products').select(['id', 'names', 'unit']).where('id', 'in', ids).execute();
}

export async function findTenantForMail(db: Executor, tenantId: string) {
  return db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirst();
}

export async function findInvoiceForEvent(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function usersByIds(db: Executor, tenantId: string, ids: readonly string[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
}
