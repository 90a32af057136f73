import type { Executor } from '../audit/index.js';
import type { Role, Tenant } from '../../db/schema.js';

export async function insertTenant(db: Executor, tenant: Omit<Tenant, 'created_at'> & { created_at: Date }) {
  await db.insertInto('tenants').values(tenant).execute();
}

export async function findTenant(db: Executor, id: string) {
  return db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findTenants(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('tenants').selectAll().where('id', 'in', ids).execute();
}

export async function listTenants(db: Executor) {
  return db.selectFrom('tenants').selectAll().orderBy('created_at').execute();
}

export async function insertUser(
  db: Executor,
  user: {
    id: string;
    tenant_id: string;
    email: string;
    display_name: string;
    role: Role;
    password_hash: string | null;
    created_at: Date;
  },
) {
  await db
    .insertInto('users')
    .values({ ...user, updated_at: user.created_at })
    .execute();
}

export async function findUserByEmail(db: Executor, tenantId: string, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

/** Login looks a user up by email across tenants: emails are unique per tenant, not globally. */
export async function findUsersByEmailAnyTenant(db: Executor, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .execute();
}
