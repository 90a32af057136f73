import type { Role } from '../../db/schema.js';
import type { Executor } from '../audit/index.js';

export async function findUser(db: Executor, tenantId: string, userId: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

export async function findUsers(db: Executor, tenantId: string, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', [...userIds])
    .execute();
}

export interface UserFilter {
  tenantId: string;
  search?: string | undefined;
  role?: Role | undefined;
  hasLicenseFor?: string | undefined;
  limit: number;
  offset: number;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A page of users sorted by display name (then id, so pages never overlap), and the total. */
export async function listUsers(db: Executor, filter: UserFilter) {
  let query = db.selectFrom('users').where('users.tenant_id', '=', filter.tenantId);
  if (filter.search) {
    const pattern = `%${escapeLike(filter.search)}%`;
    query = query.where((eb) =>
      eb.or([eb('users.email', 'ilike', pattern), eb('users.display_name', 'ilike', pattern)]),
    );
  }
  if (filter.role) query = query.where('users.role', '=', filter.role);
  if (filter.hasLicenseFor) {
    const productId = filter.hasLicenseFor;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('license_assignments')
          .select('license_assignments.id')
          .where('license_assignments.tenant_id', '=', filter.tenantId)
          .whereRef('license_assignments.user_id', '=', 'users.id')
          .where('license_assignments.product_id', '=', productId),
      ),
    );
  }
  const [rows, count] = await Promise.all([
    query
      .selectAll('users')
      .orderBy((eb) => eb.fn('lower', ['users.display_name']))
      .orderBy('users.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.total ?? 0) };
}

/**
 * Locks the tenant's Global admins until the transaction ends and returns their ids, so two
 * concurrent demotions or deletions cannot both remove "the other" last admin.
 */
export async function lockGlobalAdmins(db: Executor, tenantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('role', '=', 'global_admin')
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  return rows.map((r) => r.id);
}

export async function updateUserRow(
  db: Executor,
  tenantId: string,
  userId: string,
  patch: { email?: string; display_name?: string; role?: Role; password_hash?: string; updated_at: Date },
) {
  return db
    .updateTable('users')
    .set(patch)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Sessions and API tokens of the user go with it (ON DELETE CASCADE). */
export async function deleteUserRow(db: Executor, tenantId: string, userId: string): Promise<void> {
  await db.deleteFrom('users').where('tenant_id', '=', tenantId).where('id', '=', userId).execute();
}

/** Ends a user's sessions (all, or all but the one that made the change). */
export async function deleteSessionsOfUser(
  db: Executor,
  tenantId: string,
  userId: string,
  keepSessionId: string | null,
): Promise<number> {
  let query = db.deleteFrom('sessions').where('tenant_id', '=', tenantId).where('user_id', '=', userId);
  if (keepSessionId) query = query.where('id', '!=', keepSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
