import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { insertJsonRows } from '../../db/bulk.repository.js';
import type { PaymentAttempt, PaymentAttemptStatus, PaymentAttemptTable } from '../../db/schema.js';

export type NewPaymentAttempt = Omit<
  Insertable<PaymentAttemptTable>,
  'status' | 'gateway_reference' | 'decline_code' | 'message' | 'settled' | 'resolved_at' | 'updated_at'
>;

/**
 * The new row is not read back (every column is known here), so the insert can join a
 * `writeTogether` batch on the checkout's hot path.
 */
export async function insertPaymentAttempt(db: Executor, row: NewPaymentAttempt): Promise<PaymentAttempt> {
  await db
    .insertInto('payment_attempts')
    .values({ ...row, updated_at: row.created_at })
    .execute();
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    kind: row.kind,
    purpose: row.purpose,
    operation_type: row.operation_type,
    operation_id: row.operation_id,
    amount: row.amount,
    currency: row.currency,
    payment_method_id: row.payment_method_id ?? null,
    refund_of: row.refund_of ?? null,
    idempotency_key: row.idempotency_key,
    status: 'pending',
    gateway_reference: null,
    decline_code: null,
    message: null,
    request: (typeof row.request === 'string' ? JSON.parse(row.request) : (row.request ?? {})) as Record<
      string,
      unknown
    >,
    settled: false,
    created_at: new Date(row.created_at),
    updated_at: new Date(row.created_at),
    resolved_at: null,
  };
}

/** By id alone: jobs and reconciliation act for the system, across tenants. */
export async function findPaymentAttempt(db: Executor, id: string): Promise<PaymentAttempt | undefined> {
  return db.selectFrom('payment_attempts').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Records an outcome if, and only if, the attempt is still pending: the request that made the
 * call and a reconciliation that asked the gateway may both try, and exactly one wins (the
 * winner writes the business change in the same transaction).
 */
export async function resolvePaymentAttempt(
  db: Executor,
  id: string,
  outcome: {
    status: Exclude<PaymentAttemptStatus, 'pending'>;
    gatewayReference: string | null;
    declineCode?: string | null;
    message?: string | null;
    at: Date;
  },
): Promise<PaymentAttempt | undefined> {
  return db
    .updateTable('payment_attempts')
    .set({
      status: outcome.status,
      gateway_reference: outcome.gatewayReference,
      decline_code: outcome.declineCode ?? null,
      message: outcome.message ?? null,
      settled: true,
      resolved_at: outcome.at,
      updated_at: outcome.at,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/** Pending attempts created before `before`: their request died or their call never answered. */
export async function listAttemptsInDoubt(
  db: Executor,
  before: Date,
  limit: number,
): Promise<PaymentAttempt[]> {
  return db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('status', '=', 'pending')
    .where('created_at', '<=', before)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/**
 * The charges that paid for one subscription (its order, its quantity increases, its billing
 * periods, or its base's periods for a traditional add-on) that still have money a refund can
 * draw on, newest first: money goes back to the method it came from, never beyond what it took.
 */
export async function listRefundableChargesOf(
  db: Executor,
  sub: { tenant_id: string; id: string; order_id: string | null; base_subscription_id: string | null },
): Promise<(PaymentAttempt & { refundable: number })[]> {
  const periodKeys = [sub.id, sub.base_subscription_id]
    .filter((x): x is string => !!x)
    .map((id) => `${id}@%`);
  const rows = await sql<PaymentAttempt & { refundable: number }>`
    SELECT c.*, c.amount - COALESCE((
      SELECT sum(r.amount) FROM payment_attempts r
      WHERE r.refund_of = c.id AND r.status IN ('pending', 'succeeded')
    ), 0)::bigint AS refundable
    FROM payment_attempts c
    WHERE c.tenant_id = ${sub.tenant_id} AND c.kind = 'charge' AND c.status = 'succeeded'
      AND (
        (c.operation_type = 'order' AND c.operation_id = ${sub.order_id ?? ''})
        OR (c.operation_type = 'quantity_change' AND c.operation_id LIKE ${`${sub.id}@%`})
        OR (c.operation_type = 'subscription_period' AND c.operation_id LIKE ANY (${periodKeys}))
      )
    ORDER BY c.created_at DESC, c.id DESC
  `.execute(db);
  return rows.rows.filter((r) => r.refundable > 0);
}

/** The refund attempts already made against a charge attempt (an undo is made once). */
export async function listRefundsOf(db: Executor, chargeAttemptId: string): Promise<PaymentAttempt[]> {
  return db.selectFrom('payment_attempts').selectAll().where('refund_of', '=', chargeAttemptId).execute();
}

/** Where an Idempotency-Key's work waits for the gateway: the attempt that will answer it. */
export async function findAttemptOfOperation(
  db: Executor,
  tenantId: string,
  operationType: string,
  operationId: string,
): Promise<PaymentAttempt | undefined> {
  return db
    .selectFrom('payment_attempts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('operation_type', '=', operationType)
    .where('operation_id', '=', operationId)
    .where('kind', '=', 'charge')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The payment row of a resolved attempt (what invoices, orders and the admin center show).
 * `payments.attempt_id` is unique: one attempt is recorded once.
 */
export async function recordAttemptPayment(
  db: Executor,
  attempt: PaymentAttempt,
  now: Date,
): Promise<string> {
  const id = `pay_${attempt.id.slice(4)}`;
  const request = attempt.request as { invoiceId?: string | null };
  await db
    .insertInto('payments')
    .values({
      id,
      tenant_id: attempt.tenant_id,
      payment_method_id: attempt.payment_method_id,
      order_id: attempt.operation_type === 'order' ? attempt.operation_id : null,
      invoice_id: attempt.status === 'succeeded' ? (request.invoiceId ?? null) : null,
      kind: attempt.kind,
      amount: attempt.amount,
      currency: attempt.currency,
      status: attempt.status === 'succeeded' ? 'succeeded' : 'declined',
      decline_code: attempt.status === 'succeeded' ? null : (attempt.decline_code ?? 'processing_error'),
      message: attempt.message,
      gateway_reference: attempt.gateway_reference,
      refund_of: attempt.refund_of ? `pay_${attempt.refund_of.slice(4)}` : null,
      attempt_id: attempt.id,
      created_at: now,
    })
    .onConflict((oc) => oc.column('attempt_id').doNothing())
    .execute();
  return id;
}

/** A payment method by id, removed or not: a card used once is recorded already removed. */
export async function findPaymentMethodEvenRemoved(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('payment_methods')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * A payment row that no gateway call stands behind (bank transfer, account credit): no attempt,
 * no gateway reference.
 */
async function insertGatewaylessPayment(
  db: Executor,
  input: {
    id: string;
    tenantId: string;
    paymentMethodId: string | null;
    orderId: string | null;
    invoiceId: string;
    kind: 'charge' | 'refund';
    status: 'pending' | 'succeeded';
    amount: number;
    currency: string;
    now: Date;
  },
) {
  await db
    .insertInto('payments')
    .values({
      id: input.id,
      tenant_id: input.tenantId,
      payment_method_id: input.paymentMethodId,
      order_id: input.orderId,
      invoice_id: input.invoiceId,
      kind: input.kind,
      amount: input.amount,
      currency: input.currency,
      status: input.status,
      decline_code: null,
      message: null,
      gateway_reference: null,
      refund_of: null,
      created_at: input.now,
    })
    .execute();
}

/** Bank transfer: nothing goes to a gateway; the open invoice will collect it. */
export async function recordInvoicePayment(
  db: Executor,
  input: {
    id: string;
    tenantId: string;
    paymentMethodId: string;
    orderId: string | null;
    invoiceId: string;
    amount: number;
    currency: string;
    now: Date;
  },
) {
  await insertGatewaylessPayment(db, { ...input, kind: 'charge', status: 'pending' });
}

/** `recordInvoicePayment` for many invoices at once (the billing cycle's batches). */
export async function recordInvoicePayments(
  db: Executor,
  inputs: Parameters<typeof recordInvoicePayment>[1][],
) {
  await insertJsonRows(
    db,
    'payments',
    inputs.map((input) => ({
      id: input.id,
      tenant_id: input.tenantId,
      payment_method_id: input.paymentMethodId,
      order_id: input.orderId,
      invoice_id: input.invoiceId,
      kind: 'charge',
      amount: input.amount,
      currency: input.currency,
      status: 'pending',
      created_at: input.now,
    })),
  );
}

/**
 * Which of these operations already have a charge in flight or taken (a pending or succeeded
 * attempt: the ones `payment_attempts_one_charge` allows only once).
 */
export async function listChargedOperations(
  db: Executor,
  tenantIds: string[],
  operationType: string,
  operationIds: string[],
): Promise<Set<string>> {
  if (tenantIds.length === 0 || operationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('payment_attempts')
    .select('operation_id')
    .where('tenant_id', 'in', tenantIds)
    .where('kind', '=', 'charge')
    .where('operation_type', '=', operationType)
    .where('operation_id', 'in', operationIds)
    .where('status', 'in', ['pending', 'succeeded'])
    .execute();
  return new Set(rows.map((r) => r.operation_id));
}

export async function findPayment(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('payments')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Money owed back that no gateway returns (paid by bank transfer): a credit on the account. */
export async function recordAccountCredit(
  db: Executor,
  input: {
    id: string;
    tenantId: string;
    paymentMethodId: string | null;
    invoiceId: string;
    amount: number;
    currency: string;
    now: Date;
  },
) {
  await insertGatewaylessPayment(db, { ...input, orderId: null, kind: 'refund', status: 'succeeded' });
}

/**
 * `resolvePaymentAttempt` and `recordAttemptPayment` in one statement (one round trip on the
 * checkout's hot path): the outcome if the attempt is still pending, and its payment row.
 * `paymentId` is the id `recordAttemptPayment` would give.
 */
export async function resolveAttemptWithPayment(
  db: Executor,
  id: string,
  outcome: {
    status: Exclude<PaymentAttemptStatus, 'pending'>;
    gatewayReference: string | null;
    declineCode: string | null;
    message: string | null;
    at: Date;
  },
): Promise<{ attempt: PaymentAttempt; paymentId: string } | undefined> {
  const rows = await sql<PaymentAttempt>`
    WITH a AS (
      UPDATE payment_attempts
      SET status = ${outcome.status}, gateway_reference = ${outcome.gatewayReference},
          decline_code = ${outcome.declineCode}, message = ${outcome.message}, settled = true,
          resolved_at = ${outcome.at}, updated_at = ${outcome.at}
      WHERE id = ${id} AND status = 'pending'
      RETURNING *
    ), p AS (
      INSERT INTO payments (id, tenant_id, payment_method_id, order_id, invoice_id, kind, amount,
        currency, status, decline_code, message, gateway_reference, refund_of, attempt_id, created_at)
      SELECT 'pay_' || substr(a.id, 5), a.tenant_id, a.payment_method_id,
        CASE WHEN a.operation_type = 'order' THEN a.operation_id END,
        CASE WHEN a.status = 'succeeded' THEN a.request->>'invoiceId' END,
        a.kind, a.amount, a.currency,
        CASE WHEN a.status = 'succeeded' THEN 'succeeded' ELSE 'declined' END,
        CASE WHEN a.status <> 'succeeded' THEN COALESCE(a.decline_code, 'processing_error') END,
        a.message, a.gateway_reference,
        CASE WHEN a.refund_of IS NOT NULL THEN 'pay_' || substr(a.refund_of, 5) END,
        a.id, ${outcome.at}
      FROM a
      ON CONFLICT (attempt_id) DO NOTHING
    )
    SELECT * FROM a
  `.execute(db);
  const attempt = rows.rows[0];
  return attempt ? { attempt, paymentId: `pay_${attempt.id.slice(4)}` } : undefined;
}
