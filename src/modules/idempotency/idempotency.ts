import { createHash } from 'node:crypto';
import { AppError } from '../../shared/app-error.js';
import type { Executor } from '../audit/index.js';

/**
 * `Idempotency-Key` (Stripe's semantics). The key is claimed by the first statement of the
 * transaction that does the work and its response is stored by the last one, so the key, the
 * work and the response commit together or not at all: a request refused before anything
 * happened leaves no key behind and can be corrected and retried with the same key. A retry
 * racing the first request waits on the key's row and then replays the stored response.
 */
export interface IdempotencyClaim {
  tenantId: string;
  key: string;
  route: string;
  requestHash: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** Thrown inside the transaction when the key was already used: the caller replays `stored`. */
export class IdempotentReplay extends Error {
  constructor(readonly stored: StoredResponse) {
    super('idempotent replay');
  }
}

export function idempotencyClaim(
  tenantId: string,
  key: string | undefined,
  route: string,
  body: unknown,
): IdempotencyClaim | undefined {
  if (key === undefined) return undefined;
  if (key.length < 1 || key.length > 255) {
    throw new AppError('validation_failed', 'Idempotency-Key must be 1 to 255 characters.', {
      messageFr: 'Idempotency-Key doit comporter de 1 à 255 caractères.',
    });
  }
  const requestHash = createHash('sha256')
    .update(`${route}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
  return { tenantId, key, route, requestHash };
}

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
    throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request.', {
      messageFr: 'Cette clé Idempotency-Key a déjà été utilisée pour une requête différente.',
      hint: 'Use a new key for a new request; reuse a key only to retry the very same request.',
      hintFr: 'Utilisez une nouvelle clé pour une nouvelle requête.',
    });
  }
  throw new IdempotentReplay({ status: existing.response_status ?? 500, body: existing.response_body });
}

export async function storeIdempotentResponse(trx: Executor, claim: IdempotencyClaim, response: StoredResponse) {
  await trx
    .updateTable('idempotency_keys')
    .set({ response_status: response.status, response_body: JSON.stringify(response.body) })
    .where('tenant_id', '=', claim.tenantId)
    .where('key', '=', claim.key)
    .execute();
}

/** For a response decided outside the work's transaction (a declined payment). */
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
    .onConflict((oc) => oc.doNothing())
    .execute();
}
