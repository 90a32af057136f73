import type { AppContext } from '../app-context.js';

export type JobHandler = (
  ctx: AppContext,
  data: unknown,
  job: { id: string; retryCount: number },
) => Promise<void>;

export interface JobHandlerOptions {
  /** How many jobs of this queue one process runs at once (default 1). */
  teamSize?: number;
  /**
   * After a job, look for the next one at once instead of after the polling interval: for
   * queues that receive many jobs at once (the billing cycle's batches).
   */
  eager?: boolean;
}

/** Handlers by job name; filled by `src/jobs/handlers.ts` when workers or the queue start. */
export const jobHandlers = new Map<string, { handler: JobHandler; options: JobHandlerOptions }>();

/**
 * Registers the handler of one job name. A job may run more than once (a worker killed after
 * the work but before pg-boss marked it done, an expiry, a retry), so every handler must be
 * idempotent: it checks what is already done before doing anything.
 */
export function registerJobHandler(name: string, handler: JobHandler, options: JobHandlerOptions = {}): void {
  if (!/^[a-z][a-z0-9_.-]*$/.test(name))
    throw new Error(`Job name "${name}" must be lowercase letters, digits, . _ -`);
  if (jobHandlers.has(name)) throw new Error(`Job "${name}" already has a handler.`);
  jobHandlers.set(name, { handler, options });
}
