import { createHash } from 'node:crypto';
import { AppError, localized, msg } from '../../shared/app-error.js';
import { Message, reviveMessages } from '../../shared/messages/index.js';

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
    /** The English text (logs); `detail` is what is rendered for the reader of a replay. */
    message: string;
    /** Before the message catalogs, a refusal was stored as two sentences. */
    messageFr?: string;
    detail?: unknown;
    hint?: unknown;
    field?: string;
    details?: Record<string, unknown>;
  };
}

export function storedProblem(error: AppError): StoredResponse {
  // JSON keeps messages as `{ $message, params }` (see Message.toJSON), revived by problemOf.
  const problem: StoredProblem['problem'] = {
    code: error.code,
    message: error.message,
    detail: JSON.parse(JSON.stringify(error.detailMessage)) as unknown,
  };
  if (error.hintMessage) problem.hint = JSON.parse(JSON.stringify(error.hintMessage)) as unknown;
  if (error.field) problem.field = error.field;
  if (error.details) problem.details = JSON.parse(JSON.stringify(error.details)) as Record<string, unknown>;
  return { status: error.status, body: { problem } };
}

/** The error a stored refusal was made from, or null for a stored success. */
export function problemOf(stored: StoredResponse): AppError | null {
  const body = stored.body as Partial<StoredProblem> | null;
  if (stored.status < 400 || !body?.problem) return null;
  const p = body.problem;
  const detail = reviveMessages(p.detail);
  const hint = reviveMessages(p.hint);
  return new AppError(
    p.code as AppError['code'],
    detail instanceof Message
      ? detail
      : msg.storedText({
          text: localized({ 'en-US': p.message, ...(p.messageFr ? { 'fr-FR': p.messageFr } : {}) }),
        }),
    {
      ...(hint instanceof Message ? { hint } : {}),
      ...(p.field ? { field: p.field } : {}),
      ...(p.details ? { details: reviveMessages(p.details) as Record<string, unknown> } : {}),
    },
  );
}

export function idempotencyClaim(
  tenantId: string,
  key: string | undefined,
  route: string,
  body: unknown,
): IdempotencyClaim | undefined {
  if (key === undefined) return undefined;
  if (key.length < 1 || key.length > 255) {
    throw new AppError('validation_failed', msg.idempotencyKeyLength(), { field: 'headers.idempotency-key' });
  }
  const requestHash = createHash('sha256')
    .update(`${route}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
  return { tenantId, key, route, requestHash };
}
