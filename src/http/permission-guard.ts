import type { FastifyRequest } from 'fastify';
import type { Permission } from './access.js';
import { requireTenant } from './auth.js';

/**
 * A `preValidation` hook that checks the caller's role before the body is validated, so a
 * role without the permission always gets 401/403, never a 400 about a body it may not send.
 *
 * @example
 * api.post('/users', { preValidation: allow('users:write'), schema }, handler);
 */
export function allow(permission: Permission) {
  return async (request: FastifyRequest): Promise<void> => {
    requireTenant(request, permission);
  };
}
