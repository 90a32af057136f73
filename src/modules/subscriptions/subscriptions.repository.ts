import { sql } from 'kysely';
import type { Executor } from '../audit/index.js';
import type {
  NewSubscription,
  Subscription,
  SubscriptionStatus,
  SubscriptionUpdate,
} from '../../db/schema.js';

/** Statuses in which a subscription still carries licenses (PRODUCT.md §5 lifecycle). */
export const licenseBearingStatuses: SubscriptionStatus[] = ['active', 'warning', 'expired', 'disabled'];
/** Statuses in which a subscription can be changed, renewed or carry new add-ons. */
export const liveStatuses: SubscriptionStatus[] = ['active', 'warning'];

export async function findSubscription(
  db: Executor,
  tenantId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Subscription | undefined> {
  let q = db.selectFrom('subscriptions').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  if (options.forUpdate) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listSubscriptions(
  db: Executor,
  tenantId: string,
  filter: { statuses?: SubscriptionStatus[]; productIds?: string[]; kinds?: Subscription['kind'][] } = {},
) {
  let q = db.selectFrom('subscriptions').selectAll().where('tenant_id', '=', tenantId);
  if (filter.statuses?.length) q = q.where('status', 'in', filter.statuses);
  if (filter.productIds) {
    if (filter.productIds.length === 0) return [];
    q = q.where('product_id', 'in', filter.productIds);
  }
  if (filter.kinds?.length) q = q.where('kind', 'in', filter.kinds);
  return q.orderBy('created_at').orderBy('id').execute();
}

export async function listAddonsOfBase(
  db: Executor,
  tenantId: string,
  baseSubscriptionId: string,
  options: { forUpdate?: boolean; statuses?: SubscriptionStatus[] } = {},
) {
  let q = db
    .selectFrom('subscriptions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('base_subscription_id', '=', baseSubscriptionId);
  if (options.statuses?.length) q = q.where('status', 'in', options.statuses);
  if (options.forUpdate) q = q.forUpdate();
  return q.orderBy('created_at').execute();
}

export async function insertSubscription(db: Executor, row: NewSubscription) {
  await db.insertInto('subscriptions').values(row).execute();
}

/** Every update bumps `version`, which the API exposes as the ETag. */
export async function updateSubscription(
  db: Executor,
  tenantId: string,
  id: string,
  patch: SubscriptionUpdate & { updated_at: Date },
): Promise<Subscription> {
  return db
    .updateTable('subscriptions')
    .set({ ...patch, version: sql`version + 1` })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Where the billing cycle decides what is due: THE one selection every run goes through (the
 * global run, a run scoped to one tenant, each batch of tenants). A subscription is due when
 * its billing period has ended (live ones) or its next lifecycle step is; traditional add-ons
 * are never due alone, they follow their base.
 */
export function dueSubscriptions(
  db: Executor,
  now: Date,
  scope: { tenantId?: string | undefined; tenantIds?: string[] | undefined } = {},
) {
  let q = db
    .selectFrom('subscriptions')
    .where((eb) =>
      eb.and([
        eb('kind', '!=', 'traditional_addon'),
        eb.or([
          eb.and([eb('status', 'in', liveStatuses), eb('period_end', '<=', now)]),
          eb('next_action_at', '<=', now),
        ]),
      ]),
    );
  // Without `tenantId` this is the global run: every tenant that follows the server's clock,
  // not those on a test clock, which live at their own time (docs/test-clocks.md).
  if (scope.tenantId !== undefined) q = q.where('tenant_id', '=', scope.tenantId);
  else
    q = q.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('test_clocks')
            .select('test_clocks.id')
            .whereRef('test_clocks.tenant_id', '=', 'subscriptions.tenant_id'),
        ),
      ),
    );
  if (scope.tenantIds !== undefined)
    q = q.where('tenant_id', 'in', scope.tenantIds.length ? scope.tenantIds : ['']);
  return q;
}

/** Tenants with billing work due at `now`, in id order (the order batches are cut in). */
export async function listTenantsWithDueWork(
  db: Executor,
  now: Date,
  scope: { tenantId?: string | undefined } = {},
): Promise<string[]> {
  const rows = await dueSubscriptions(db, now, scope)
    .select('tenant_id')
    .distinct()
    .orderBy('tenant_id')
    .execute();
  return rows.map((r) => r.tenant_id);
}

/** The due subscriptions of some tenants (a batch of a run with this scope), oldest period first. */
export async function listDueSubscriptions(
  db: Executor,
  now: Date,
  tenantIds: string[],
  scope: { tenantId?: string | undefined } = {},
) {
  return dueSubscriptions(db, now, { ...scope, tenantIds })
    .select(['id', 'tenant_id'])
    .orderBy('tenant_id')
    .orderBy('period_end')
    .orderBy('id')
    .execute();
}

/**
 * `lockSubscriptionsInOrder` (with `family`) for several tenants at once, each tenant's rows in
 * the same order; the caller holds the billing locks of all of them, taken in tenant order.
 */
export async function lockSubscriptionsOfTenants(
  db: Executor,
  tenantIds: string[],
  ids: string[],
): Promise<Subscription[]> {
  if (ids.length === 0 || tenantIds.length === 0) return [];
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('tenant_id', 'in', tenantIds)
    .where((eb) => eb.or([eb('id', 'in', ids), eb('base_subscription_id', 'in', ids)]))
    .orderBy('tenant_id')
    .orderBy(sql`kind <> 'base'`)
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Columns the billing cycle changes in bulk. */
export type BulkSubscriptionColumn =
  | 'status'
  | 'status_changed_at'
  | 'next_action_at'
  | 'quantity'
  | 'pending_quantity'
  | 'term_start'
  | 'term_end'
  | 'period_start'
  | 'period_end'
  | 'window_start'
  | 'renewal_attempts';

/**
 * Many `updateSubscription`s in one statement: each row sets `columns` to its own values
 * (and bumps `version`, as every update does). Rows must all carry the same columns.
 */
export async function updateSubscriptions(
  db: Executor,
  columns: BulkSubscriptionColumn[],
  rows: (Partial<Subscription> & { id: string; tenant_id: string; updated_at: Date })[],
): Promise<void> {
  if (rows.length === 0) return;
  const sets = sql.join(
    [...columns, 'updated_at'].map((c) => sql`${sql.ref(c)} = r.${sql.ref(c)}`),
    sql`, `,
  );
  const payload = JSON.stringify(
    rows.map((r) => {
      const out: Record<string, unknown> = { id: r.id, tenant_id: r.tenant_id, updated_at: r.updated_at };
      for (const c of columns) out[c] = r[c] ?? null;
      return out;
    }),
  );
  await sql`
    UPDATE subscriptions s SET ${sets}, version = s.version + 1
    FROM jsonb_populate_recordset(null::subscriptions, ${payload}::jsonb) r
    WHERE s.tenant_id = r.tenant_id AND s.id = r.id
  `.execute(db);
}

/**
 * Locks subscriptions of one tenant in the one order every money path uses: bases before
 * add-ons, then by id. With `family`, a traditional add-on brings its base and a base its
 * add-ons, so a change on one cannot race a change on the other.
 */
export async function lockSubscriptionsInOrder(
  db: Executor,
  tenantId: string,
  ids: string[],
  options: { family?: boolean } = {},
): Promise<Subscription[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) =>
      options.family
        ? eb.or([
            eb('id', 'in', ids),
            eb('base_subscription_id', 'in', ids),
            eb(
              'id',
              'in',
              eb
                .selectFrom('subscriptions as s')
                .select('s.base_subscription_id')
                .where('s.tenant_id', '=', tenantId)
                .where('s.id', 'in', ids)
                .where('s.base_subscription_id', 'is not', null)
                .$narrowType<{ base_subscription_id: string }>(),
            ),
          ])
        : eb('id', 'in', ids),
    )
    .orderBy(sql`kind <> 'base'`)
    .orderBy('id')
    .forUpdate()
    .execute();
}
