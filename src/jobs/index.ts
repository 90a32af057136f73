/**
 * The job queue (pg-boss 10 on the application's PostgreSQL) and its transactional outbox:
 * `enqueueJob` in the business transaction, handlers registered per area in `handlers.ts`,
 * workers in `serve` or in `billing-center worker` processes. See ARCHITECTURE.md.
 */
export { enqueueJob, enqueueJobs, installJobQueue, startJobWorkers, periodicJobs } from './queue.js';
export type { EnqueueOptions, JobWorkers } from './queue.js';
export { registerJobHandler } from './registry.js';
export type { JobHandler, JobHandlerOptions } from './registry.js';
