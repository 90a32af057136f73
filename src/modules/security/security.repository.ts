import { sql } from 'kysely';
import type { Executor } from '../audit/index.js';

// ---- sign-in throttle ---------------------------------------------------------------------

export async function findThrottle(db: Executor, account: string) {
  return db.selectFrom('sign_in_throttle').selectAll().where('account', '=', account).executeTakeFirst();
}

/** One more failure, counted from zero again when the last one is older than `forgetBefore`. */
export async function addFailure(
  db: Executor,
  account: string,
  now: Date,
  forgetBefore: Date,
): Promise<number> {
  const row = await db
    .insertInto('sign_in_throttle')
    .values({ account, failures: 1, last_failure_at: now, locked_until: null })
    .onConflict((oc) =>
      oc.column('account').doUpdateSet({
        failures: sql<number>`CASE WHEN sign_in_throttle.last_failure_at < ${forgetBefore} THEN 1 ELSE sign_in_throttle.failures + 1 END`,
        last_failure_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return row.failures;
}

export async function lockAccount(db: Executor, account: string, until: Date): Promise<void> {
  await db
    .updateTable('sign_in_throttle')
    .set({ locked_until: until })
    .where('account', '=', account)
    .execute();
}

export async function clearThrottle(db: Executor, account: string): Promise<void> {
  await db.deleteFrom('sign_in_throttle').where('account', '=', account).execute();
}

// ---- sessions -----------------------------------------------------------------------------

export async function insertSession(
  db: Executor,
  row: {
    id: string;
    token_hash: string;
    tenant_id: string;
    user_id: string;
    created_at: Date;
    expires_at: Date;
    user_agent: string | null;
    client_address: string | null;
    second_step_pending: boolean;
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ ...row, last_seen_at: row.created_at })
    .execute();
}

export async function findSessionByTokenHash(db: Executor, tokenHash: string, now: Date) {
  return db
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

export async function completeSecondStep(
  db: Executor,
  sessionId: string,
  newTokenHash: string,
  expiresAt: Date,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ second_step_pending: false, token_hash: newTokenHash, expires_at: expiresAt })
    .where('id', '=', sessionId)
    .execute();
}

export async function listUserSessions(db: Executor, tenantId: string, userId: string, now: Date) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'user_agent', 'client_address'])
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .where('second_step_pending', '=', false)
    .orderBy('created_at', 'desc')
    .execute();
}

/** Ends one of the user's sessions; false when it is not theirs (or gone). */
export async function deleteUserSession(db: Executor, tenantId: string, userId: string, sessionId: string) {
  const result = await db
    .deleteFrom('sessions')
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('id', '=', sessionId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function deleteUserSessions(
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

export async function setPasswordHash(
  db: Executor,
  tenantId: string,
  userId: string,
  hash: string,
  now: Date,
) {
  await db
    .updateTable('users')
    .set({ password_hash: hash, updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .execute();
}

// ---- two-step sign-in ---------------------------------------------------------------------

export async function findUserSecurity(db: Executor, tenantId: string, userId: string) {
  return db
    .selectFrom('users')
    .select([
      'id',
      'tenant_id',
      'email',
      'role',
      'password_hash',
      'totp_secret',
      'totp_enabled_at',
      'totp_last_step',
    ])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirst();
}

export async function setTotpSecret(db: Executor, tenantId: string, userId: string, secret: string | null) {
  await db
    .updateTable('users')
    .set({ totp_secret: secret, totp_enabled_at: null, totp_last_step: null })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .execute();
}

export async function enableTotp(db: Executor, tenantId: string, userId: string, now: Date) {
  await db
    .updateTable('users')
    .set({ totp_enabled_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .execute();
}

/** Records the time step a code was accepted for; false when that step (or a later one) was used. */
export async function claimTotpStep(db: Executor, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceRecoveryCodes(
  db: Executor,
  tenantId: string,
  userId: string,
  codes: { id: string; code_hash: string }[],
): Promise<void> {
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (codes.length)
    await db
      .insertInto('recovery_codes')
      .values(codes.map((c) => ({ ...c, tenant_id: tenantId, user_id: userId, used_at: null })))
      .execute();
}

export async function useRecoveryCode(
  db: Executor,
  userId: string,
  codeHash: string,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: Executor, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findTenantSecurity(
  db: Executor,
  tenantId: string,
): Promise<{ requireTwoStepForAdmins: boolean }> {
  const row = await db
    .selectFrom('tenant_security_settings')
    .select('require_two_step_for_admins')
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  return { requireTwoStepForAdmins: row?.require_two_step_for_admins ?? false };
}

export async function saveTenantSecurity(
  db: Executor,
  tenantId: string,
  requireTwoStepForAdmins: boolean,
  now: Date,
) {
  await db
    .insertInto('tenant_security_settings')
    .values({ tenant_id: tenantId, require_two_step_for_admins: requireTwoStepForAdmins, updated_at: now })
    .onConflict((oc) =>
      oc
        .column('tenant_id')
        .doUpdateSet({ require_two_step_for_admins: requireTwoStepForAdmins, updated_at: now }),
    )
    .execute();
}

// ---- API tokens ---------------------------------------------------------------------------

export async function revokeUserApiTokens(
  db: Executor,
  tenantId: string,
  userId: string,
  now: Date,
): Promise<string[]> {
  const rows = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('tenant_id', '=', tenantId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
