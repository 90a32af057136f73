import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../app-context.js';
import { AppError } from '../shared/app-error.js';
import { problemBody } from './problem.js';

const replayedStatuses = new Set([402]);

/**
 * `Idempotency-Key` handling (Stripe's semantics): the first request with a key runs and its
 * response is kept; a replay with the same body gets that response again (header
 * `Idempotent-Replayed: true`); the same key with another body is refused. A request refused
 * before anything happened (validation) releases its key so the caller can correct and retry;
 * a declined payment keeps it, because an attempt was made and recorded.
 */
export async function withIdempotency<T>(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: { tenantId: string; route: string },
  run: () => Promise<{ status: number; body: T }>,
): Promise<FastifyReply> {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined) {
    const result = await run();
    return reply.status(result.status).send(result.body);
  }
  if (key.length < 1 || key.length > 255) {
    throw new AppError('validation_failed', 'Idempotency-Key must be 1 to 255 characters.', {
      messageFr: 'Idempotency-Key doit comporter de 1 à 255 caractères.',
    });
  }
  const requestHash = createHash('sha256')
    .update(`${scope.route}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
  const inserted = await ctx.db
    .insertInto('idempotency_keys')
    .values({
      tenant_id: scope.tenantId,
      key,
      route: scope.route,
      request_hash: requestHash,
      created_at: ctx.clock.now(),
    })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await ctx.db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (existing.request_hash !== requestHash || existing.route !== scope.route) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request.', {
        messageFr: 'Cette clé Idempotency-Key a déjà été utilisée pour une requête différente.',
        hint: 'Use a new key for a new request; reuse a key only to retry the very same request.',
        hintFr: 'Utilisez une nouvelle clé pour une nouvelle requête.',
      });
    }
    if (existing.response_status === null) {
      throw new AppError('idempotency_key_in_flight', 'The first request with this Idempotency-Key is still running.', {
        messageFr: 'La première requête avec cette clé est encore en cours.',
        hint: 'Retry in a moment.',
      });
    }
    const isProblem = existing.response_status >= 400;
    // The stored body is already JSON-shaped (dates as strings): skip the route's serializer.
    return reply
      .serializer((payload: unknown) => JSON.stringify(payload))
      .status(existing.response_status)
      .header('idempotent-replayed', 'true')
      .header('content-type', isProblem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8')
      .send(existing.response_body);
  }
  const release = () =>
    ctx.db.deleteFrom('idempotency_keys').where('tenant_id', '=', scope.tenantId).where('key', '=', key).execute();
  try {
    const result = await run();
    // Store what the client receives (dates as ISO strings), so a replay is byte-for-byte alike.
    await ctx.db
      .updateTable('idempotency_keys')
      .set({ response_status: result.status, response_body: JSON.stringify(result.body) })
      .where('tenant_id', '=', scope.tenantId)
      .where('key', '=', key)
      .execute();
    return reply.status(result.status).send(result.body);
  } catch (error) {
    if (error instanceof AppError && replayedStatuses.has(error.status)) {
      const body = problemBody(request, error);
      await ctx.db
        .updateTable('idempotency_keys')
        .set({ response_status: body.status, response_body: JSON.stringify(body) })
        .where('tenant_id', '=', scope.tenantId)
        .where('key', '=', key)
        .execute();
    } else {
      await release();
    }
    throw error;
  }
}
