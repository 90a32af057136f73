import type { Transaction } from 'kysely';
import type { AppContext } from '../../app-context.js';
import type {
  Database,
  PaymentAttempt,
  PaymentAttemptPurpose,
  PaymentMethod,
  Tenant,
} from '../../db/schema.js';
import type { Executor } from '../../db/executor.js';
import { inTransaction } from '../../db/transaction.js';
import { AppError } from '../../shared/app-error.js';
import { newId } from '../../shared/ids.js';
import {
  GatewayRequestError,
  GatewayUnavailableError,
  findTenantGatewayCustomer,
  insertPaymentAttempt,
  resolveAttemptWithPayment,
} from '../../modules/payments/index.js';
import { scheduleRefund } from './refund.step.js';
import type { Step } from './runner.js';

/** What the gateway said about a charge; `null` where it is used means "unknown yet". */
export type ChargeOutcome =
  | { status: 'succeeded'; reference: string }
  | { status: 'declined'; code: string; message: string; reference: string | null }
  | { status: 'failed'; message: string };

export interface ChargeReservation {
  tenantId: string;
  purpose: Exclude<PaymentAttemptPurpose, 'credit' | 'undo'>;
  operationType: string;
  operationId: string;
  amount: number;
  currency: string;
  paymentMethod: PaymentMethod;
  /** Everything finishing the operation needs, so reconciliation finishes it the same way. */
  request: Record<string, unknown>;
}

/**
 * Step 1 of every charge, inside the caller's first transaction (under its locks): the
 * attempt row, with the idempotency key the gateway will receive. Committed before the call.
 */
export async function reserveCharge(ctx: AppContext, trx: Executor, input: ChargeReservation) {
  const now = ctx.clock.now();
  const id = newId('paymentAttempt', now.getTime());
  return insertPaymentAttempt(trx, {
    id,
    tenant_id: input.tenantId,
    kind: 'charge',
    purpose: input.purpose,
    operation_type: input.operationType,
    operation_id: input.operationId,
    amount: input.amount,
    currency: input.currency,
    payment_method_id: input.paymentMethod.id,
    refund_of: null,
    idempotency_key: `bc-${id}`,
    request: JSON.stringify(input.request),
    created_at: now,
  });
}

/**
 * Step 2: the gateway call, outside any transaction. `null` when the outcome is unknown
 * (timeout, network, 5xx): the attempt stays pending and reconciliation asks the gateway.
 */
export async function sendCharge(
  ctx: AppContext,
  attempt: PaymentAttempt,
  method: PaymentMethod,
  options: { offSession: boolean; description: string },
): Promise<ChargeOutcome | null> {
  if (!method.gateway_token) return { status: 'failed', message: 'This payment method cannot be charged.' };
  try {
    // A card kept for one payment only (save: false) is not attached to the customer.
    const customerId = method.removed_at ? null : await gatewayCustomerOf(ctx, attempt.tenant_id);
    const answer = await ctx.gateway.charge({
      amount: attempt.amount,
      currency: attempt.currency,
      customerId,
      paymentMethodId: method.gateway_token,
      offSession: options.offSession,
      description: options.description,
      idempotencyKey: attempt.idempotency_key,
      metadata: {
        attempt_id: attempt.id,
        tenant_id: attempt.tenant_id,
        operation: `${attempt.operation_type}:${attempt.operation_id}`,
      },
    });
    return answer.status === 'succeeded'
      ? { status: 'succeeded', reference: answer.id }
      : { status: 'declined', code: answer.code, message: answer.message, reference: answer.id };
  } catch (error) {
    if (error instanceof GatewayUnavailableError) return null;
    if (error instanceof GatewayRequestError) return { status: 'failed', message: error.message };
    // Anything else (a bug, a crash of the adapter): the charge may or may not exist.
    return null;
  }
}

/**
 * A tenant's gateway customer never changes once created (tenant_gateway_customers is written
 * once), so it is kept in memory after the first read: one statement less on every charge.
 */
const gatewayCustomers = new WeakMap<object, Map<string, string>>();
async function gatewayCustomerOf(ctx: AppContext, tenantId: string): Promise<string | null> {
  let known = gatewayCustomers.get(ctx.db);
  if (!known) gatewayCustomers.set(ctx.db, (known = new Map()));
  const cached = known.get(tenantId);
  if (cached) return cached;
  const id = (await findTenantGatewayCustomer(ctx.db, tenantId)) ?? null;
  if (id) known.set(tenantId, id);
  return id;
}

/** Reconciliation: what the gateway knows of an attempt in doubt; `null` if it cannot say now. */
export async function lookUpCharge(ctx: AppContext, attempt: PaymentAttempt): Promise<ChargeOutcome | null> {
  try {
    const found = await ctx.gateway.findCharge({ attemptId: attempt.id });
    if (!found) return { status: 'failed', message: 'The charge never reached the payment service.' };
    return found.status === 'succeeded'
      ? { status: 'succeeded', reference: found.id }
      : { status: 'declined', code: found.code, message: found.message, reference: found.id };
  } catch (error) {
    if (error instanceof GatewayUnavailableError) return null;
    throw error;
  }
}

/**
 * What each purpose does once a charge has an outcome. `finish` writes the business change in
 * the transaction that records the outcome; when it refuses a charge that succeeded (the
 * subscription changed meanwhile, the order no longer prices the same), the charge is undone:
 * a refund goes through the outbox and `undone` writes what the customer sees instead.
 */
export interface ChargeFinisher {
  finish(
    ctx: AppContext,
    trx: Transaction<Database>,
    attempt: PaymentAttempt,
    outcome: ChargeOutcome,
    paymentId: string,
    known: KnownRows,
  ): Promise<unknown>;
  /**
   * Takes the operation's money-path locks before the attempt row is touched. Needed when a
   * concurrent first transaction, holding those locks, can wait on this attempt's row (a second
   * charge for the same operation meets it in the unique index): locking first avoids a
   * deadlock between the two.
   */
  lock?(ctx: AppContext, trx: Transaction<Database>, attempt: PaymentAttempt): Promise<void>;
  /** Returns the refusal the customer sees instead (default: the error that refused it). */
  undone(
    ctx: AppContext,
    trx: Transaction<Database>,
    attempt: PaymentAttempt,
    error: AppError,
    paymentId: string,
  ): Promise<AppError | void>;
}

const finishers = new Map<string, ChargeFinisher>();

export function registerChargeFinisher(
  purpose: ChargeReservation['purpose'],
  finisher: ChargeFinisher,
): void {
  finishers.set(purpose, finisher);
}

/**
 * Rows the request that made the call already read (tenant, payment method): the finisher uses
 * them instead of reading them again. Reconciliation passes none.
 */
export interface KnownRows {
  tenant?: Tenant | undefined;
  method?: PaymentMethod | undefined;
}

export type Settlement =
  | { kind: 'finished'; result: unknown }
  | { kind: 'undone'; error: AppError }
  /** Someone else (reconciliation, a concurrent request) recorded the outcome first. */
  | { kind: 'already' };

/** What an outcome records on its attempt: the gateway's reference, decline code and message. */
function resolutionOf(outcome: ChargeOutcome, at: Date) {
  return {
    status: outcome.status,
    gatewayReference: outcome.status === 'failed' ? null : outcome.reference,
    declineCode: outcome.status === 'declined' ? outcome.code : null,
    message: outcome.status === 'succeeded' ? null : outcome.message,
    at,
  };
}

/**
 * Step 3: records the outcome and finishes the operation in one transaction, or, when the
 * operation refuses a successful charge, records it with its undo (a refund job). The same
 * function serves the request that made the call and reconciliation, so both end the same.
 */
export async function settleCharge(
  ctx: AppContext,
  attempt: PaymentAttempt,
  outcome: ChargeOutcome,
  known: KnownRows = {},
): Promise<Settlement> {
  const finisher = finishers.get(attempt.purpose);
  if (!finisher) throw new Error(`No finisher for payment purpose ${attempt.purpose}`);
  const now = ctx.clock.now();
  const resolve = async (trx: Transaction<Database>) => {
    if (finisher.lock) await finisher.lock(ctx, trx, attempt);
    const r = await resolveAttemptWithPayment(trx, attempt.id, resolutionOf(outcome, now));
    return r && { resolved: r.attempt, paymentId: r.paymentId };
  };
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const r = await resolve(trx);
      if (!r) return { kind: 'already' as const };
      return {
        kind: 'finished' as const,
        result: await finisher.finish(ctx, trx, r.resolved, outcome, r.paymentId, known),
      };
    });
  } catch (error) {
    if (outcome.status !== 'succeeded' || !(error instanceof AppError)) throw error;
    return inTransaction(ctx.db, async (trx) => {
      const r = await resolve(trx);
      if (!r) return { kind: 'already' as const };
      await scheduleRefund(ctx, trx, {
        charge: r.resolved,
        amount: r.resolved.amount,
        purpose: 'undo',
        operationType: r.resolved.operation_type,
        operationId: r.resolved.operation_id,
        invoiceId: null,
      });
      const shown = (await finisher.undone(ctx, trx, r.resolved, error, r.paymentId)) ?? error;
      return { kind: 'undone' as const, error: shown };
    });
  }
}

/**
 * `settleCharge` for several outcomes in one transaction (the card charges of a billing batch):
 * each attempt is resolved, in attempt order, then `finishAll` finishes them all under its
 * locks with bulk writes; the attempt rows are touched before the locks, as in `settleCharge`.
 * One transaction instead of one per charge: the charges of a tenant no longer queue on its
 * billing lock one after the other. If it fails (a period changed while it was paid, a
 * deadlock), none of it stays and each outcome is settled on its own by `settleCharge`, which
 * refunds a charge whose change is refused.
 */
export async function settleCharges(
  ctx: AppContext,
  items: { attempt: PaymentAttempt; outcome: ChargeOutcome }[],
  finishAll: (
    trx: Transaction<Database>,
    resolved: { attempt: PaymentAttempt; outcome: ChargeOutcome }[],
  ) => Promise<unknown[]>,
): Promise<Settlement[]> {
  if (items.length <= 1) return Promise.all(items.map((i) => settleCharge(ctx, i.attempt, i.outcome)));
  const now = ctx.clock.now();
  const order = items.map((_, i) => i).sort((a, b) => (items[a]!.attempt.id < items[b]!.attempt.id ? -1 : 1));
  try {
    return await inTransaction(ctx.db, async (trx) => {
      const settlements: Settlement[] = items.map(() => ({ kind: 'already' as const }));
      const resolved: { attempt: PaymentAttempt; outcome: ChargeOutcome }[] = [];
      const at: number[] = [];
      for (const i of order) {
        const { attempt, outcome } = items[i]!;
        const r = await resolveAttemptWithPayment(trx, attempt.id, resolutionOf(outcome, now));
        if (!r) continue;
        resolved.push({ attempt: r.attempt, outcome });
        at.push(i);
      }
      const results = await finishAll(trx, resolved);
      results.forEach((result, k) => (settlements[at[k]!] = { kind: 'finished', result }));
      return settlements;
    });
  } catch {
    const settlements: Settlement[] = [];
    for (const { attempt, outcome } of items) settlements.push(await settleCharge(ctx, attempt, outcome));
    return settlements;
  }
}

/**
 * The charge step for compositions: the call, then the settlement. Its compensation is the
 * undo inside `settleCharge`: a charge whose business change is refused is refunded through
 * the outbox, never from memory.
 */
export const chargeStep: Step<
  { attempt: PaymentAttempt; method: PaymentMethod; offSession: boolean; description: string },
  { outcome: ChargeOutcome | null; settlement: Settlement | null }
> = {
  name: 'charge',
  async action(ctx, input) {
    const outcome = await sendCharge(ctx, input.attempt, input.method, input);
    if (!outcome) return { outcome: null, settlement: null };
    return { outcome, settlement: await settleCharge(ctx, input.attempt, outcome) };
  },
};
