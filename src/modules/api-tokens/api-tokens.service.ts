import { inOrJoinTransaction } from '../../db/transaction.js';
import { AppError, msg } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import { recordAudit, type Actor, type Executor } from '../audit/index.js';
import {
  findApiToken,
  insertApiToken,
  listApiTokens as listRows,
  revokeApiTokenRow,
  userExists,
} from './api-tokens.repository.js';
import type { ApiTokenView } from './api-tokens.types.js';

function toView(row: NonNullable<Awaited<ReturnType<typeof findApiToken>>>): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    userEmail: row.email,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function tokenNotFound(tokenId: string): AppError {
  return new AppError('not_found', msg.noApiToken({ id: tokenId }), { hint: msg.listTokens() });
}

/**
 * Records a new API token acting as `userId`. Only the hash of the secret is given (and
 * stored): the secret itself never reaches this module, the database or the log.
 *
 * @example
 * const secret = newSecret('bct');
 * await createApiToken(ctx.db, { tenantId, userId, name: 'HR sync', tokenHash: hashToken(secret), now, actor });
 */
export async function createApiToken(
  db: Executor,
  input: { tenantId: string; userId: string; name: string; tokenHash: string; now: Date; actor: Actor },
): Promise<ApiTokenView> {
  return inOrJoinTransaction(db, async (trx) => {
    if (!(await userExists(trx, input.tenantId, input.userId))) {
      throw new AppError('not_found', msg.userNotFoundId({ id: input.userId }), { field: 'body.userId' });
    }
    const id = newId('apiToken', input.now.getTime());
    await insertApiToken(trx, {
      id,
      tenant_id: input.tenantId,
      user_id: input.userId,
      name: input.name,
      token_hash: input.tokenHash,
      created_at: input.now,
    });
    const view = toView((await findApiToken(trx, input.tenantId, id))!);
    await recordAudit(trx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'api_token.created',
      entityType: 'api_token',
      entityId: id,
      after: { name: view.name, userId: view.userId },
      at: input.now,
    });
    return view;
  });
}

/** Every token of the tenant, newest first, revoked ones included; never a secret. */
export async function listApiTokens(db: Executor, tenantId: string): Promise<ApiTokenView[]> {
  return (await listRows(db, tenantId)).map(toView);
}

/** Revokes a token at once; revoking a revoked token changes nothing and is not an error. */
export async function revokeApiToken(
  db: Executor,
  input: { tenantId: string; tokenId: string; now: Date; actor: Actor },
): Promise<ApiTokenView> {
  return inOrJoinTransaction(db, async (trx) => {
    const before = await findApiToken(trx, input.tenantId, input.tokenId);
    if (!before) throw tokenNotFound(input.tokenId);
    if (before.revoked_at) return toView(before);
    await revokeApiTokenRow(trx, input.tenantId, input.tokenId, input.now);
    await recordAudit(trx, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: 'api_token.revoked',
      entityType: 'api_token',
      entityId: input.tokenId,
      before: { name: before.name, userId: before.user_id, revokedAt: null },
      after: { name: before.name, userId: before.user_id, revokedAt: input.now },
      at: input.now,
    });
    return toView({ ...before, revoked_at: input.now });
  });
}
