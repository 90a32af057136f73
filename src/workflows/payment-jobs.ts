import type { JobHandler } from '../jobs/index.js';
import { reconcilePaymentsJob } from './reconcile-payments.js';
import { executeRefund, refundJob } from './steps/refund.step.js';
// Loaded for their finishers: reconciliation settles attempts of every purpose.
import './place-order.js';

/** The money area's jobs: sending refunds written by the outbox, and reconciliation. */
export const paymentJobs: [string, JobHandler][] = [
  [
    refundJob,
    async (ctx, data) => {
      await executeRefund(ctx, (data as { attemptId: string }).attemptId);
    },
  ],
  ['payments.reconcile', reconcilePaymentsJob],
];
