import type { Transaction } from 'kysely';
import { inOrJoinTransaction } from '../../db/transaction.js';
import type { Database, LocalizedText } from '../../db/schema.js';
import { AppError, localized, msg, type Message } from '../../shared/app-error.js';
import type { Localized } from '../../shared/messages/index.js';
import { pickLocale, textIn, type UiLocale } from '../../shared/locale.js';
import { newId } from '../../shared/ids.js';
import { recordAudit, type Actor, type Executor } from '../audit/index.js';
import {
  assignmentsOfProduct,
  countAssignments,
  deleteAssignment,
  findProducts,
  findTenantUsers,
  insertAssignment,
  licensesOfUsers,
  lockTenantLicenses,
  newestAssignments,
  sumPurchased,
  summaryRows,
  usersWithoutProduct,
  type LicensedProduct,
} from './licensing.repository.js';
import type {
  AutoAssignReport,
  LicenseAssignmentView,
  LicenseChangeResult,
  LicenseRefusalCode,
  LicenseSummaryItem,
  ReleasedLicense,
} from './licensing.types.js';

type Trx = Transaction<Database>;

/** The product's name in a UI locale (or the former `en`, `fr`), else English, else `fallback`. */
export function productName(
  names: LocalizedText,
  language: UiLocale | 'en' | 'fr',
  fallback: string,
): string {
  return textIn(names, pickLocale(language), fallback);
}

/** A product's names as a message parameter, or its id when the product is unknown. */
function nameOf(products: readonly LicensedProduct[], id: string): Localized | string {
  const p = products.find((x) => x.id === id);
  return p ? localized(p.names, id) : id;
}

/** The base plans a license of `product` needs on the same user, or null when it needs none. */
function requiredBaseProducts(
  product: Pick<LicensedProduct, 'kind' | 'eligible_base_product_ids'>,
): string[] | null {
  if (product.kind !== 'addon' || product.eligible_base_product_ids.length === 0) return null;
  return product.eligible_base_product_ids;
}

function productNotFound(productId: string): AppError {
  return new AppError('product_not_found', msg.noProductId({ id: productId }), {
    hint: msg.listLicensedProducts(),
  });
}

async function loadProduct(db: Executor, productId: string): Promise<LicensedProduct> {
  const [product] = await findProducts(db, [productId]);
  if (!product) throw productNotFound(productId);
  return product;
}

/** Only per-user products are assigned to users; storage (GB) and credits belong to the tenant. */
function assertAssignable(product: LicensedProduct): void {
  if (product.unit === 'user') return;
  throw new AppError(
    'license_not_assignable',
    msg.licenseSharedByTenant({ product: localized(product.names, product.id), unit: product.unit }),
    { details: { productId: product.id, unit: product.unit } },
  );
}

/**
 * The products that lose their last eligible base license when `removing` leaves `held`
 * (add-ons of add-ons included), not counting `removing` itself.
 */
function dependentsAfterRemoval(
  held: ReadonlySet<string>,
  removing: ReadonlySet<string>,
  products: ReadonlyMap<string, LicensedProduct>,
): string[] {
  const removed = new Set(removing);
  let changed = true;
  while (changed) {
    changed = false;
    for (const productId of held) {
      if (removed.has(productId)) continue;
      const product = products.get(productId);
      const required = product ? requiredBaseProducts(product) : null;
      if (required && !required.some((b) => held.has(b) && !removed.has(b))) {
        removed.add(productId);
        changed = true;
      }
    }
  }
  return [...removed].filter((p) => !removing.has(p));
}

function groupLicenses(rows: readonly { user_id: string; product_id: string }[]): Map<string, Set<string>> {
  const byUser = new Map<string, Set<string>>();
  for (const r of rows) {
    let set = byUser.get(r.user_id);
    if (!set) byUser.set(r.user_id, (set = new Set()));
    set.add(r.product_id);
  }
  return byUser;
}

/** Every product held, plus the products they may depend on, for the dependency rules. */
async function productsFor(
  db: Executor,
  productIds: Iterable<string>,
): Promise<Map<string, LicensedProduct>> {
  const products = await findProducts(db, [...new Set(productIds)]);
  return new Map(products.map((p) => [p.id, p]));
}

type AuditReason = 'auto_assign' | 'excess_release' | 'base_license_removed' | 'cascade' | 'user_deleted';

async function auditLicenseChange(
  trx: Trx,
  entry: {
    tenantId: string;
    actor: Actor;
    now: Date;
    userId: string;
    productId: string;
    assigned: boolean;
    licensesBefore: ReadonlySet<string>;
    licensesAfter: ReadonlySet<string>;
    reason?: AuditReason;
  },
): Promise<void> {
  await recordAudit(trx, {
    tenantId: entry.tenantId,
    actor: entry.actor,
    action: entry.assigned ? 'license.assigned' : 'license.unassigned',
    entityType: 'user',
    entityId: entry.userId,
    before: { licenses: [...entry.licensesBefore].sort() },
    after: {
      licenses: [...entry.licensesAfter].sort(),
      productId: entry.productId,
      ...(entry.reason ? { reason: entry.reason } : {}),
    },
    at: entry.now,
  });
}

function refused(
  userId: string,
  code: LicenseRefusalCode,
  message: Message,
  hint: Message | null = null,
  details: Record<string, unknown> | null = null,
): LicenseChangeResult {
  return {
    userId,
    status: 'refused',
    code,
    message,
    hint,
    details,
    alsoUnassigned: [],
  };
}

function success(
  userId: string,
  status: 'assigned' | 'unassigned',
  alsoUnassigned: string[] = [],
): LicenseChangeResult {
  return {
    userId,
    status,
    code: null,
    message: null,
    hint: null,
    details: null,
    alsoUnassigned,
  };
}

/** A refused result as the error a single-user request answers with. */
export function refusalAsError(result: LicenseChangeResult): AppError | null {
  if (result.status !== 'refused' || !result.code || !result.message) return null;
  return new AppError(result.code, result.message, {
    ...(result.hint ? { hint: result.hint } : {}),
    ...(result.details ? { details: result.details } : {}),
  });
}

function uniqueInOrder(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function userNotFound(userId: string): LicenseChangeResult {
  return refused(userId, 'not_found', msg.noUserInTenant({ userId }));
}

/** Licenses of `productId` bought by the tenant: subscriptions that still count (§5). */
/**
 * What a bulk assign or unassign starts from, under the tenant's license lock: the product
 * (refused whole if it is not assignable), the users asked for (each once, in order) and the
 * licenses they hold.
 */
async function startBulkChange(
  trx: Trx,
  input: { tenantId: string; productId: string; userIds: readonly string[] },
) {
  const product = await loadProduct(trx, input.productId);
  assertAssignable(product);
  await lockTenantLicenses(trx, input.tenantId);
  const userIds = uniqueInOrder(input.userIds);
  const users = new Map((await findTenantUsers(trx, input.tenantId, userIds)).map((u) => [u.id, u]));
  const held = groupLicenses(await licensesOfUsers(trx, input.tenantId, userIds));
  return { product, userIds, users, held };
}

export async function purchasedQuantity(db: Executor, tenantId: string, productId: string): Promise<number> {
  return sumPurchased(db, tenantId, productId);
}

/** Licenses of `productId` assigned to users of the tenant. */
export async function countAssigned(db: Executor, tenantId: string, productId: string): Promise<number> {
  return countAssignments(db, tenantId, productId);
}

/**
 * Purchased, assigned and available licenses per product the tenant pays for (or still has
 * licenses of after a cancellation).
 *
 * @example
 * const rows = await licenseSummary(ctx.db, tenantId);
 * // [{ productId: 'o365-e3', names: { en: 'Office 365 E3', fr: … }, purchased: 10, assigned: 7, available: 3, … }]
 */
export async function licenseSummary(db: Executor, tenantId: string): Promise<LicenseSummaryItem[]> {
  const rows = await summaryRows(db, tenantId);
  return rows.map((r) => ({
    productId: r.id,
    names: r.names,
    kind: r.kind,
    unit: r.unit,
    assignable: r.unit === 'user',
    purchased: r.purchased,
    assigned: r.unit === 'user' ? r.assigned : 0,
    available: Math.max(0, r.purchased - (r.unit === 'user' ? r.assigned : 0)),
  }));
}

/** The users holding a license of `productId`, oldest assignment first. */
export async function listProductAssignments(
  db: Executor,
  tenantId: string,
  productId: string,
): Promise<LicenseAssignmentView[]> {
  await loadProduct(db, productId);
  const rows = await assignmentsOfProduct(db, tenantId, productId);
  return rows.map((r) => ({
    userId: r.user_id,
    email: r.email,
    displayName: r.display_name,
    assignedAt: r.assigned_at,
  }));
}

/** Product ids held by each of the given users (users without licenses map to []). */
export async function licensesByUser(
  db: Executor,
  tenantId: string,
  userIds: readonly string[],
): Promise<Map<string, string[]>> {
  const rows = await licensesOfUsers(db, tenantId, userIds);
  const result = new Map<string, string[]>(userIds.map((id) => [id, []]));
  for (const r of rows) result.get(r.user_id)?.push(r.product_id);
  return result;
}

/**
 * Assigns a license of `productId` to each user, in order. Every rule is checked for every
 * user before anything is written; users that break a rule are reported `refused` and the
 * others are still assigned. Capacity is consumed in the order of `userIds`: with 3 licenses
 * available and 5 users, the first 3 eligible users get one and the last 2 are refused with
 * `no_licenses_available`.
 *
 * Throws (whole request) `product_not_found` or `license_not_assignable`.
 *
 * @example
 * const results = await assignLicenses(trx, { tenantId, productId: 'o365-e3', userIds: [a, b], now, actor });
 * results.filter((r) => r.status === 'refused'); // [{ userId: b, code: 'no_licenses_available', … }]
 */
export async function assignLicenses(
  db: Executor,
  input: { tenantId: string; productId: string; userIds: readonly string[]; now: Date; actor: Actor },
): Promise<LicenseChangeResult[]> {
  return inOrJoinTransaction(db, async (trx) => {
    const { tenantId, productId, now, actor } = input;
    const { product, userIds, users, held } = await startBulkChange(trx, input);
    const purchased = await sumPurchased(trx, tenantId, productId);
    const assignedBefore = await countAssignments(trx, tenantId, productId);
    const availableBefore = Math.max(0, purchased - assignedBefore);
    const required = requiredBaseProducts(product);
    const baseProducts = required ? await findProducts(trx, required) : [];
    const name = localized(product.names, productId);

    let available = availableBefore;
    const results: LicenseChangeResult[] = [];
    const toAssign: string[] = [];
    for (const userId of userIds) {
      const licenses = held.get(userId) ?? new Set<string>();
      if (!users.has(userId)) {
        results.push(userNotFound(userId));
      } else if (licenses.has(productId)) {
        results.push(
          refused(
            userId,
            'license_already_assigned',
            msg.userAlreadyHasLicense({ email: users.get(userId)!.email, product: name }),
          ),
        );
      } else if (required && !required.some((b) => licenses.has(b))) {
        results.push(
          refused(
            userId,
            'base_license_required',
            msg.needsBaseLicenseOnUser({
              product: name,
              bases: required.map((id) => nameOf(baseProducts, id)),
              email: users.get(userId)!.email,
            }),
            msg.assignBaseLicenseFirst(),
            { eligibleBaseProductIds: required },
          ),
        );
      } else if (available <= 0) {
        const ofRequest = availableBefore > 0;
        results.push(
          refused(
            userId,
            'no_licenses_available',
            ofRequest
              ? msg.licensesWentToEarlierUsers({
                  available: availableBefore,
                  product: name,
                  purchased,
                  assigned: assignedBefore,
                })
              : msg.noLicenseAvailable({ product: name, purchased, assigned: assignedBefore }),
            msg.buyMoreOrUnassign(),
            { available: availableBefore, purchased, assigned: assignedBefore },
          ),
        );
      } else {
        available--;
        toAssign.push(userId);
        results.push(success(userId, 'assigned'));
      }
    }

    for (const userId of toAssign) {
      const before = held.get(userId) ?? new Set<string>();
      await insertAssignment(trx, {
        id: newId('licenseAssignment', now.getTime()),
        tenant_id: tenantId,
        user_id: userId,
        product_id: productId,
        assigned_at: now,
      });
      await auditLicenseChange(trx, {
        tenantId,
        actor,
        now,
        userId,
        productId,
        assigned: true,
        licensesBefore: before,
        licensesAfter: new Set([...before, productId]),
      });
    }
    return results;
  });
}

/**
 * Unassigns `productId` from each user. A base license that an add-on license of the same
 * user depends on (no other eligible base left) is refused with `base_license_in_use`,
 * unless `cascade` is true: then those add-on licenses go too and are listed in
 * `alsoUnassigned`. Refused users never stop the others.
 *
 * @example
 * await unassignLicenses(trx, { tenantId, productId: 'o365-e5', userIds: [a], cascade: true, now, actor });
 * // [{ userId: a, status: 'unassigned', alsoUnassigned: ['phone-system'] }]
 */
export async function unassignLicenses(
  db: Executor,
  input: {
    tenantId: string;
    productId: string;
    userIds: readonly string[];
    cascade?: boolean | undefined;
    now: Date;
    actor: Actor;
  },
): Promise<LicenseChangeResult[]> {
  return inOrJoinTransaction(db, async (trx) => {
    const { tenantId, productId, now, actor } = input;
    const { product, userIds, users, held } = await startBulkChange(trx, input);
    const products = await productsFor(
      trx,
      [...held.values()].flatMap((s) => [...s]),
    );
    const name = localized(product.names, productId);

    const results: LicenseChangeResult[] = [];
    const plan: { userId: string; remove: string[] }[] = [];
    for (const userId of userIds) {
      const licenses = held.get(userId) ?? new Set<string>();
      if (!users.has(userId)) {
        results.push(userNotFound(userId));
        continue;
      }
      const email = users.get(userId)!.email;
      if (!licenses.has(productId)) {
        results.push(refused(userId, 'license_not_assigned', msg.userHasNoLicense({ email, product: name })));
        continue;
      }
      const dependents = dependentsAfterRemoval(licenses, new Set([productId]), products);
      if (dependents.length > 0 && !input.cascade) {
        const dependentProducts = [...products.values()];
        results.push(
          refused(
            userId,
            'base_license_in_use',
            msg.addonLicenseNeedsThis({
              email,
              dependents: dependents.map((id) => nameOf(dependentProducts, id)),
              product: name,
            }),
            msg.unassignAddonsFirstOrCascade(),
            { dependentProductIds: dependents },
          ),
        );
        continue;
      }
      plan.push({ userId, remove: [productId, ...dependents] });
      results.push(success(userId, 'unassigned', dependents));
    }

    for (const { userId, remove } of plan) {
      const current = new Set(held.get(userId));
      for (const removed of remove) {
        const before = new Set(current);
        current.delete(removed);
        await deleteAssignment(trx, tenantId, userId, removed);
        await auditLicenseChange(trx, {
          tenantId,
          actor,
          now,
          userId,
          productId: removed,
          assigned: false,
          licensesBefore: before,
          licensesAfter: current,
          ...(removed === productId ? {} : { reason: 'cascade' as const }),
        });
      }
    }
    return results;
  });
}

/**
 * Auto-assign at purchase (PRODUCT.md §5): gives a license of `productId` to users without
 * one who hold an eligible base license (everyone when `eligibleBaseProductIds` is null — a
 * base plan), oldest user first, up to the licenses available once the purchase is written in
 * the same transaction. Reports who got one and who did not, and why.
 *
 * @example
 * const report = await autoAssignLicenses(trx, { tenantId, productId, eligibleBaseProductIds: ['o365-e5'], now, actor });
 * report.notAssigned; // [{ userId, email, displayName, reason: 'no_license_left' }]
 */
export async function autoAssignLicenses(
  db: Executor,
  input: {
    tenantId: string;
    productId: string;
    eligibleBaseProductIds: readonly string[] | null;
    now: Date;
    actor: Actor;
  },
): Promise<AutoAssignReport> {
  return inOrJoinTransaction(db, async (trx) => {
    const { tenantId, productId, now, actor } = input;
    const product = await loadProduct(trx, productId);
    assertAssignable(product);
    await lockTenantLicenses(trx, tenantId);

    const candidates = await usersWithoutProduct(trx, tenantId, productId);
    const held = groupLicenses(
      await licensesOfUsers(
        trx,
        tenantId,
        candidates.map((c) => c.id),
      ),
    );
    let available =
      (await sumPurchased(trx, tenantId, productId)) - (await countAssignments(trx, tenantId, productId));
    const eligible = input.eligibleBaseProductIds;
    const report: AutoAssignReport = { assigned: [], notAssigned: [] };
    for (const user of candidates) {
      const who = { userId: user.id, email: user.email, displayName: user.display_name };
      const licenses = held.get(user.id) ?? new Set<string>();
      if (eligible !== null && !eligible.some((b) => licenses.has(b))) {
        report.notAssigned.push({ ...who, reason: 'no_eligible_base_license' });
      } else if (available <= 0) {
        report.notAssigned.push({ ...who, reason: 'no_license_left' });
      } else {
        available--;
        await insertAssignment(trx, {
          id: newId('licenseAssignment', now.getTime()),
          tenant_id: tenantId,
          user_id: user.id,
          product_id: productId,
          assigned_at: now,
        });
        await auditLicenseChange(trx, {
          tenantId,
          actor,
          now,
          userId: user.id,
          productId,
          assigned: true,
          licensesBefore: licenses,
          licensesAfter: new Set([...licenses, productId]),
          reason: 'auto_assign',
        });
        report.assigned.push(who);
      }
    }
    return report;
  });
}

/**
 * After a cancellation, deletion or reduction lowered `purchased` below `assigned`:
 * unassigns the most recently assigned licenses of `productId` until assigned ≤ purchased,
 * then the add-on licenses of those users that no longer have any eligible base license.
 * Returns every license it removed.
 *
 * @example
 * const released = await releaseExcessLicenses(trx, { tenantId, productId: 'o365-e5', now, actor: systemActor });
 * // [{ userId, email, productId: 'o365-e5' }, { userId, email, productId: 'phone-system' }]
 */
export async function releaseExcessLicenses(
  db: Executor,
  input: { tenantId: string; productId: string; now: Date; actor: Actor },
): Promise<ReleasedLicense[]> {
  return inOrJoinTransaction(db, async (trx) => {
    const { tenantId, productId, now, actor } = input;
    await lockTenantLicenses(trx, tenantId);
    const excess =
      (await countAssignments(trx, tenantId, productId)) - (await sumPurchased(trx, tenantId, productId));
    if (excess <= 0) return [];
    const victims = await newestAssignments(trx, tenantId, productId, excess);
    return removeWithDependents(trx, {
      tenantId,
      now,
      actor,
      removals: victims.map((v) => ({ userId: v.user_id, productId })),
      reason: 'excess_release',
    });
  });
}

/**
 * Removes every license of one user (the user is being deleted): they go back to the pool.
 * Returns the product ids removed.
 */
export async function releaseUserLicenses(
  db: Executor,
  input: { tenantId: string; userId: string; now: Date; actor: Actor },
): Promise<string[]> {
  return inOrJoinTransaction(db, async (trx) => {
    await lockTenantLicenses(trx, input.tenantId);
    const licenses = await licensesOfUsers(trx, input.tenantId, [input.userId]);
    const current = new Set(licenses.map((l) => l.product_id));
    // Add-ons first, so the log never shows an add-on left without its base, even for an instant.
    const products = await productsFor(trx, current);
    const ordered = [...current].sort(
      (a, b) => Number(products.get(a)?.kind === 'base') - Number(products.get(b)?.kind === 'base'),
    );
    for (const productId of ordered) {
      const before = new Set(current);
      current.delete(productId);
      await deleteAssignment(trx, input.tenantId, input.userId, productId);
      await auditLicenseChange(trx, {
        tenantId: input.tenantId,
        actor: input.actor,
        now: input.now,
        userId: input.userId,
        productId,
        assigned: false,
        licensesBefore: before,
        licensesAfter: current,
        reason: 'user_deleted',
      });
    }
    return ordered;
  });
}

async function removeWithDependents(
  trx: Trx,
  input: {
    tenantId: string;
    now: Date;
    actor: Actor;
    removals: { userId: string; productId: string }[];
    reason: AuditReason;
  },
): Promise<ReleasedLicense[]> {
  const { tenantId, now, actor } = input;
  const userIds = uniqueInOrder(input.removals.map((r) => r.userId));
  const users = new Map((await findTenantUsers(trx, tenantId, userIds)).map((u) => [u.id, u]));
  const held = groupLicenses(await licensesOfUsers(trx, tenantId, userIds));
  const products = await productsFor(
    trx,
    [...held.values()].flatMap((s) => [...s]),
  );
  const released: ReleasedLicense[] = [];

  const remove = async (userId: string, productId: string, reason: AuditReason) => {
    const current = held.get(userId);
    if (!current?.has(productId)) return;
    const before = new Set(current);
    current.delete(productId);
    await deleteAssignment(trx, tenantId, userId, productId);
    await auditLicenseChange(trx, {
      tenantId,
      actor,
      now,
      userId,
      productId,
      assigned: false,
      licensesBefore: before,
      licensesAfter: current,
      reason,
    });
    released.push({ userId, email: users.get(userId)?.email ?? '', productId });
  };

  for (const r of input.removals) await remove(r.userId, r.productId, input.reason);
  for (const userId of userIds) {
    const current = held.get(userId);
    if (!current) continue;
    // `current` already lacks the released licenses: what is left without a base must go.
    for (const dependent of dependentsAfterRemoval(current, new Set(), products)) {
      await remove(userId, dependent, 'base_license_removed');
    }
  }
  return released;
}
