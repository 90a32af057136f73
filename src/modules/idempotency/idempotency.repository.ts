import type { Executor } from '../../db/executor.js';
import { AppError, msg } from '../../shared/app-error.js';
import {
  IdempotentInFlight,
  IdempotentReplay,
  type IdempotencyClaim,
  type StoredResponse,
} from './idempotency.js';

export async function claimIdempotencyKey(trx: Executor, claim: IdempotencyClaim, now: Date): Promise<void> {
  const inserted = await trx
    .insertInto('idempotency_keys')
    .values({
      tenant_id: claim.tenantId,
      key: claim.key,
      route: claim.route,
      request_hash: claim.requestHash,
      created_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (inserted) return;
  const existing = await trx
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('tenant_id', '=', claim.tenantId)
    .where('key', '=', claim.key)
    .executeTakeFirstOrThrow();
  if (existing.request_hash !== claim.requestHash || existing.route !== claim.route) {
    throw new AppError('idempotency_key_reused', msg.idempotencyKeyReused(), { hint: msg.useNewKey() });
  }
  if (existing.response_status === null) throw new IdempotentInFlight(existing.attempt_id);
  throw new IdempotentReplay({ status: existing.response_status, body: existing.response_body });
}

/** The work under this key now waits for a payment attempt (committed with the attempt). */
export async function attachAttemptToKey(trx: Executor, claim: IdempotencyClaim, attemptId: string) {
  await trx
    .updateTable('idempotency_keys')
    .set({ attempt_id: attemptId })
    .where('tenant_id', '=', claim.tenantId)
    .where('key', '=', claim.key)
    .execute();
}

/** The stored answer of a key, or null while its work is still running. */
export async function findIdempotentResponse(
  db: Executor,
  tenantId: string,
  key: string,
): Promise<StoredResponse | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['response_status', 'response_body'])
    .where('tenant_id', '=', tenantId)
    .where('key', '=', key)
    .executeTakeFirst();
  if (!row || row.response_status === null) return null;
  return { status: row.response_status, body: row.response_body };
}

export async function storeIdempotentResponse(
  trx: Executor,
  claim: IdempotencyClaim,
  response: StoredResponse,
) {
  await trx
    .updateTable('idempotency_keys')
    .set({ response_status: response.status, response_body: JSON.stringify(response.body) })
    .where('tenant_id', '=', claim.tenantId)
    .where('key', '=', claim.key)
    .execute();
}

/**
 * For a response decided in a later transaction than the claim (a payment's outcome, written
 * by the request or by reconciliation): the first answer stays.
 */
export async function recordIdempotentResponse(
  trx: Executor,
  claim: IdempotencyClaim,
  response: StoredResponse,
  now: Date,
) {
  await trx
    .insertInto('idempotency_keys')
    .values({
      tenant_id: claim.tenantId,
      key: claim.key,
      route: claim.route,
      request_hash: claim.requestHash,
      response_status: response.status,
      response_body: JSON.stringify(response.body),
      created_at: now,
    })
    .onConflict((oc) =>
      oc
        .columns(['tenant_id', 'key'])
        .doUpdateSet({
          response_status: response.status,
          response_body: JSON.stringify(response.body),
        })
        .where('idempotency_keys.response_status', 'is', null),
    )
    .execute();
}
