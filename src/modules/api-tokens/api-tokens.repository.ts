import type { Executor } from '../audit/index.js';

export async function insertApiToken(
  db: Executor,
  row: { id: string; tenant_id: string; user_id: string; name: string; token_hash: string; created_at: Date },
): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

function selectTokens(db: Executor, tenantId: string) {
  return db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.user_id',
      'users.email',
      'api_tokens.created_at',
      'api_tokens.last_used_at',
      'api_tokens.revoked_at',
    ])
    .where('api_tokens.tenant_id', '=', tenantId)
    .where('users.tenant_id', '=', tenantId);
}

export async function findApiToken(db: Executor, tenantId: string, tokenId: string) {
  return selectTokens(db, tenantId).where('api_tokens.id', '=', tokenId).executeTakeFirst();
}

export async function listApiTokens(db: Executor, tenantId: string) {
  return selectTokens(db, tenantId)
    .orderBy('api_tokens.created_at', 'desc')
    .orderBy('api_tokens.id', 'desc')
    .execute();
}

export async function revokeApiTokenRow(
  db: Executor,
  tenantId: string,
  tokenId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', tokenId)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function userExists(db: Executor, tenantId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}
