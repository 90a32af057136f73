import { createHash } from 'node:crypto';
import { AppError } from '../../shared/app-error.js';

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
