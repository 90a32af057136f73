import type { AppContext } from '../app-context.js';
import type { PaymentAttempt } from '../db/schema.js';
import { listAttemptsInDoubt } from '../modules/payments/index.js';
import { lookUpCharge, settleCharge } from './steps/charge.step.js';
import { reconcileRefund } from './steps/refund.step.js';

export interface ReconcileReport {
  settled: number;
  stillInDoubt: number;
}

/**
 * Resolves one attempt left pending: asks the gateway by the attempt's id (its metadata), then
 * finishes or undoes the business operation exactly as the request would have (the same
 * `settleCharge`). A charge the gateway never received is recorded as failed; a refund in
 * doubt is looked up and, if absent, sent again with the same key.
 */
export async function reconcileAttempt(ctx: AppContext, attempt: PaymentAttempt): Promise<boolean> {
  if (attempt.status !== 'pending') return true;
  if (attempt.kind === 'refund') {
    await reconcileRefund(ctx, attempt);
    return true;
  }
  const outcome = await lookUpCharge(ctx, attempt);
  if (!outcome) return false;
  await settleCharge(ctx, attempt, outcome);
  return true;
}

/**
 * The reconciliation job (`payments.reconcile`): at start and every
 * BILLING_CENTER_RECONCILE_INTERVAL_SECONDS, every attempt pending for longer than
 * BILLING_CENTER_RECONCILE_AFTER_SECONDS (its request died or its call never answered).
 */
export async function reconcilePayments(ctx: AppContext): Promise<ReconcileReport> {
  const report: ReconcileReport = { settled: 0, stillInDoubt: 0 };
  const before = new Date(ctx.clock.now().getTime() - ctx.config.reconcileAfterSeconds * 1000);
  const skipped = new Set<string>();
  for (;;) {
    const batch = (await listAttemptsInDoubt(ctx.db, before, 100 + skipped.size)).filter(
      (a) => !skipped.has(a.id),
    );
    if (batch.length === 0) break;
    for (const attempt of batch) {
      if (await reconcileAttempt(ctx, attempt)) report.settled++;
      else {
        report.stillInDoubt++;
        skipped.add(attempt.id);
      }
    }
  }
  return report;
}

export async function reconcilePaymentsJob(ctx: AppContext): Promise<void> {
  await reconcilePayments(ctx);
}
