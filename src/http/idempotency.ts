import type { FastifyReply } from 'fastify';
import type { StoredResponse } from '../modules/idempotency/index.js';

/** Sends a response stored under an Idempotency-Key again, byte for byte. */
export function replay(reply: FastifyReply, stored: StoredResponse): FastifyReply {
  const isProblem = stored.status >= 400;
  // The stored body is already JSON-shaped (dates as strings): skip the route's serializer.
  return reply
    .serializer((payload: unknown) => JSON.stringify(payload))
    .status(stored.status)
    .header('idempotent-replayed', 'true')
    .header('content-type', isProblem ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8')
    .send(stored.body);
}
