/**
 * Every job handler, one line per area. Handlers must be idempotent (see registry.ts).
 */
import { registerJobHandler } from './registry.js';
import { billingBatchJob, runBillingBatchJob, runBillingJob } from '../workflows/run-billing.js';
import { paymentJobs } from '../workflows/payment-jobs.js';
import { registerNotificationJobs } from '../modules/notifications/index.js';

registerJobHandler('billing.run', runBillingJob);
// Two batches at once per process: one waits on PostgreSQL or the gateway while the other computes.
registerJobHandler(billingBatchJob, runBillingBatchJob, { teamSize: 2, eager: true });
for (const [name, handler] of paymentJobs) registerJobHandler(name, handler, { teamSize: 2 });
registerNotificationJobs();
