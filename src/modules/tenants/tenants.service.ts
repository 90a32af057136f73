import { cloudProfiles, type Cloud } from '../../config.js';
import type { Role, Tenant } from '../../db/schema.js';
import { AppError, msg } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { recordAudit, type Actor, type Executor } from '../audit/index.js';
import { hashPassword } from './passwords.js';
import { findUserByEmail, insertTenant, insertUser } from './tenants.repository.js';
import type { CreateTenantInput, TenantView } from './tenants.types.js';

const countryCurrency: Record<string, 'USD' | 'EUR' | 'CNY'> = {
  US: 'USD',
  CA: 'USD',
  FR: 'EUR',
  DE: 'EUR',
  BE: 'EUR',
  ES: 'EUR',
  IT: 'EUR',
  NL: 'EUR',
  AT: 'EUR',
  IE: 'EUR',
  LU: 'EUR',
  PT: 'EUR',
  FI: 'EUR',
  CN: 'CNY',
};

export function toTenantView(t: Tenant): TenantView {
  return {
    id: t.id,
    name: t.name,
    billingCountry: t.billing_country,
    currency: t.currency,
    locale: t.locale,
    createdAt: t.created_at,
  };
}

/**
 * Creates a tenant and its first Global admin. The currency follows the billing country when
 * known, else the cloud's default; the locale follows the cloud unless given.
 */
export async function createTenant(
  db: Executor,
  input: CreateTenantInput,
  options: { cloud: Cloud; now: Date; actor: Actor },
): Promise<{ tenant: TenantView; adminUserId: string }> {
  const profile = cloudProfiles[options.cloud];
  const tenant: Tenant = {
    id: newId('tenant', options.now.getTime()),
    name: input.name,
    billing_country: input.billingCountry,
    currency: input.currency ?? countryCurrency[input.billingCountry] ?? profile.currency,
    locale: input.locale ?? profile.locale,
    created_at: options.now,
  };
  await insertTenant(db, tenant);
  const adminUserId = await createUserRecord(db, {
    tenantId: tenant.id,
    email: input.admin.email,
    displayName: input.admin.displayName,
    role: 'global_admin',
    password: input.admin.password,
    now: options.now,
  });
  await recordAudit(db, {
    tenantId: tenant.id,
    actor: options.actor,
    action: 'tenant.created',
    entityType: 'tenant',
    entityId: tenant.id,
    after: toTenantView(tenant),
    at: options.now,
  });
  return { tenant: toTenantView(tenant), adminUserId };
}

/** The raw insert shared by tenant creation, the users area and the seed. */
export async function createUserRecord(
  db: Executor,
  input: {
    tenantId: string;
    email: string;
    displayName: string;
    role: Role;
    password?: string | undefined;
    now: Date;
  },
): Promise<string> {
  if (await findUserByEmail(db, input.tenantId, input.email)) {
    throw new AppError('user_email_taken', msg.emailTaken({ email: input.email }), { field: 'body.email' });
  }
  const id = newId('user', input.now.getTime());
  await insertUser(db, {
    id,
    tenant_id: input.tenantId,
    email: input.email,
    display_name: input.displayName,
    role: input.role,
    password_hash: input.password ? await hashPassword(input.password) : null,
    created_at: input.now,
  });
  return id;
}
