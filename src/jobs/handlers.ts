/**
 * Every job handler, one line per area. Handlers must be idempotent (see registry.ts).
 */
import { registerJobHandler } from './registry.js';
import { runBillingJob } from '../workflows/run-billing.js';

registerJobHandler('billing.run', runBillingJob);
import { registerNotificationJobs } from '../modules/notifications/index.js';

registerNotificationJobs();
