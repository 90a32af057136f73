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

/** Subscriptions whose billing period has ended or whose next lifecycle step is due. */
/**
 * `tenantId` set: that tenant's only (a test clock advancing); unset: every tenant but those on
 * a test clock, which live at their own time (docs/test-clocks.md).
 */
export async function listDueSubscriptions(
  db: Executor,
  now: Date,
  limit: number,
  scope: { tenantId?: string | undefined } = {},
) {
  return db
    .selectFrom('subscriptions')
    .select(['id', 'tenant_id'])
    .where((eb) =>
      scope.tenantId !== undefined
        ? eb('tenant_id', '=', scope.tenantId)
        : eb.not(
            eb.exists(
              eb
                .selectFrom('test_clocks')
                .select('test_clocks.id')
                .whereRef('test_clocks.tenant_id', '=', 'subscriptions.tenant_id'),
            ),
          ),
    )
    .where((eb) =>
      eb.or([
        eb.and([
          eb('status', 'in', liveStatuses),
          eb('period_end', '<=', now),
          eb('kind', '!=', 'traditional_addon'),
        ]),
        eb.and([eb('next_action_at', '<=', now), eb('kind', '!=', 'traditional_addon')]),
      ]),
    )
    .orderBy('period_end')
    .limit(limit)
    .execute();
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
