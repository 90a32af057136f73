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

/**
 * Thrown when the key's first request is still running (its payment is at the gateway, or
 * its process died and reconciliation will answer): the caller waits for its answer.
 */
export class IdempotentInFlight extends Error {
  constructor(readonly attemptId: string | null) {
    super('idempotent request in flight');
  }
}

/** A refusal stored under a key, kept as the error itself so a replay speaks the caller's language. */
export interface StoredProblem {
  problem: {
    code: string;
    message: string;
    messageFr?: string;
    hint?: string;
    hintFr?: string;
    details?: Record<string, unknown>;
  };
}

export function storedProblem(error: AppError): StoredResponse {
  const problem: StoredProblem['problem'] = { code: error.code, message: error.message };
  if (error.messageFr) problem.messageFr = error.messageFr;
  if (error.hint) problem.hint = error.hint;
  if (error.hintFr) problem.hintFr = error.hintFr;
  if (error.details) problem.details = error.details;
  return { status: error.status, body: { problem } };
}

/** The error a stored refusal was made from, or null for a stored success. */
export function problemOf(stored: StoredResponse): AppError | null {
  const body = stored.body as Partial<StoredProblem> | null;
  if (stored.status < 400 || !body?.problem) return null;
  const p = body.problem;
  return new AppError(p.code as AppError['code'], p.message, {
    ...(p.messageFr ? { messageFr: p.messageFr } : {}),
    ...(p.hint ? { hint: p.hint } : {}),
    ...(p.hintFr ? { hintFr: p.hintFr } : {}),
    ...(p.details ? { details: p.details } : {}),
  });
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
    throw new AppError(
      'idempotency_key_reused',
      'This Idempotency-Key was already used with a different request.',
      {
        messageFr: 'Cette clé Idempotency-Key a déjà été utilisée pour une requête différente.',
        hint: 'Use a new key for a new request; reuse a key only to retry the very same request.',
        hintFr: 'Utilisez une nouvelle clé pour une nouvelle requête.',
      },
    );
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
