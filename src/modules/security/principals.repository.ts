import type { Tenant } from '../../db/schema.js';
import type { Executor } from '../audit/index.js';

/** Who calls: the credential's row with its user's role and its tenant, read in one statement. */
const tenantColumns = [
  'tenants.name as tenant_name',
  'tenants.billing_country as tenant_billing_country',
  'tenants.currency as tenant_currency',
  'tenants.locale as tenant_locale',
  'tenants.created_at as tenant_created_at',
  // A tenant on a test clock lives at the clock's time (docs/test-clocks.md): read with the credential.
  'test_clocks.frozen_time as test_clock_time',
] as const;

export function tenantOf(row: {
  tenant_id: string;
  tenant_name: string;
  tenant_billing_country: string;
  tenant_currency: string;
  tenant_locale: string;
  tenant_created_at: Date;
}): Tenant {
  return {
    id: row.tenant_id,
    name: row.tenant_name,
    billing_country: row.tenant_billing_country,
    currency: row.tenant_currency,
    locale: row.tenant_locale,
    created_at: row.tenant_created_at,
  };
}

/** A live (not revoked) API token by its hash. */
export async function findApiTokenPrincipal(db: Executor, tokenHash: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .innerJoin('tenants', 'tenants.id', 'api_tokens.tenant_id')
    .leftJoin('test_clocks', 'test_clocks.tenant_id', 'api_tokens.tenant_id')
    .select([
      'api_tokens.id',
      'api_tokens.tenant_id',
      'api_tokens.user_id',
      'api_tokens.last_used_at',
      'users.role',
    ])
    .select(tenantColumns)
    .where('api_tokens.token_hash', '=', tokenHash)
    .where('api_tokens.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiToken(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

/** A signed-in session (not expired, second step done) by its cookie's hash. */
export async function findSessionPrincipal(db: Executor, tokenHash: string, now: Date) {
  return (
    db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .innerJoin('tenants', 'tenants.id', 'sessions.tenant_id')
      .leftJoin('test_clocks', 'test_clocks.tenant_id', 'sessions.tenant_id')
      .leftJoin('tenant_security_settings', 'tenant_security_settings.tenant_id', 'sessions.tenant_id')
      .select([
        'sessions.id',
        'sessions.tenant_id',
        'sessions.user_id',
        'sessions.last_seen_at',
        'users.role',
        'users.totp_enabled_at',
        'tenant_security_settings.require_two_step_for_admins',
      ])
      .select(tenantColumns)
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', now)
      // Password given, second step still owed: not signed in.
      .where('sessions.second_step_pending', '=', false)
      .executeTakeFirst()
  );
}

export async function touchSession(db: Executor, id: string, now: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

/** Sign-out: the session of this cookie ends. */
export async function deleteSessionByTokenHash(db: Executor, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}
