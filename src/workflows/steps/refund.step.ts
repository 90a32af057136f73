import type { Transaction } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type { Database, PaymentAttempt } from '../../db/schema.js';
import { inTransaction } from '../../db/transaction.js';
import { newId } from '../../shared/ids.js';
import { enqueueJob } from '../../jobs/index.js';
import {
  GatewayRequestError,
  GatewayUnavailableError,
  findPaymentAttempt,
  insertPaymentAttempt,
  recordAttemptPayment,
  resolvePaymentAttempt,
} from '../../modules/payments/index.js';

export const refundJob = 'payments.refund';

/**
 * The refund step, part one, inside the business transaction (the credit note, the undo of a
 * charge): the refund attempt and the job that sends it, committed together. The money goes
 * back only once the change that justifies it is durable.
 */
export async function scheduleRefund(
  ctx: AppContext,
  trx: Transaction<Database>,
  input: {
    charge: PaymentAttempt;
    amount: number;
    purpose: 'credit' | 'undo';
    operationType: string;
    operationId: string;
    invoiceId: string | null;
  },
): Promise<PaymentAttempt> {
  const now = ctx.clock.now();
  const id = newId('paymentAttempt', now.getTime());
  const attempt = await insertPaymentAttempt(trx, {
    id,
    tenant_id: input.charge.tenant_id,
    kind: 'refund',
    purpose: input.purpose,
    operation_type: input.operationType,
    operation_id: input.operationId,
    amount: input.amount,
    currency: input.charge.currency,
    payment_method_id: input.charge.payment_method_id,
    refund_of: input.charge.id,
    idempotency_key: `bc-${id}`,
    request: JSON.stringify({ invoiceId: input.invoiceId }),
    created_at: now,
  });
  await enqueueJob(ctx, trx, refundJob, { attemptId: id }, { singletonKey: id });
  return attempt;
}

/**
 * The refund step, part two (job `payments.refund`, also called right after the commit):
 * sends a pending refund attempt to the gateway and records the outcome. Idempotent: a
 * settled attempt is left alone, and the gateway key makes a repeated call return the same
 * refund. An unknown outcome throws, so the job is retried.
 */
export async function executeRefund(ctx: AppContext, attemptId: string): Promise<void> {
  const attempt = await findPaymentAttempt(ctx.db, attemptId);
  if (!attempt || attempt.status !== 'pending') return;
  const charge = attempt.refund_of ? await findPaymentAttempt(ctx.db, attempt.refund_of) : undefined;
  if (!charge?.gateway_reference) throw new Error(`Refund ${attemptId} has no charge to draw on`);
  let outcome: { status: 'succeeded' | 'failed'; reference: string | null; message: string | null };
  try {
    const refund = await ctx.gateway.refund({
      chargeId: charge.gateway_reference,
      amount: attempt.amount,
      idempotencyKey: attempt.idempotency_key,
      metadata: { attempt_id: attempt.id, tenant_id: attempt.tenant_id },
    });
    outcome =
      refund.status === 'failed'
        ? {
            status: 'failed',
            reference: refund.id,
            message: 'The payment service could not refund this charge.',
          }
        : { status: 'succeeded', reference: refund.id, message: null };
  } catch (error) {
    if (error instanceof GatewayRequestError)
      outcome = { status: 'failed', reference: null, message: error.message };
    else if (error instanceof GatewayUnavailableError) throw error;
    else throw error;
  }
  await recordRefundOutcome(ctx, attempt, outcome);
}

/** Reconciliation of a refund in doubt: ask the gateway, else send it again (same key). */
export async function reconcileRefund(ctx: AppContext, attempt: PaymentAttempt): Promise<void> {
  const charge = attempt.refund_of ? await findPaymentAttempt(ctx.db, attempt.refund_of) : undefined;
  if (!charge?.gateway_reference) return;
  const found = await ctx.gateway.findRefund({ chargeId: charge.gateway_reference, attemptId: attempt.id });
  if (found && found.status !== 'failed') {
    await recordRefundOutcome(ctx, attempt, { status: 'succeeded', reference: found.id, message: null });
    return;
  }
  await executeRefund(ctx, attempt.id);
}

async function recordRefundOutcome(
  ctx: AppContext,
  attempt: PaymentAttempt,
  outcome: { status: 'succeeded' | 'failed'; reference: string | null; message: string | null },
): Promise<void> {
  const now = ctx.clock.now();
  await inTransaction(ctx.db, async (trx) => {
    const resolved = await resolvePaymentAttempt(trx, attempt.id, {
      status: outcome.status,
      gatewayReference: outcome.reference,
      message: outcome.message,
      at: now,
    });
    if (resolved && resolved.status === 'succeeded') await recordAttemptPayment(trx, resolved, now);
  });
}
