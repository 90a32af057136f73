import type { AppContext } from '../app-context.js';
import type { Transaction } from 'kysely';
import type {
  Database,
  PaymentAttempt,
  PaymentMethod,
  Product,
  Subscription,
  SubscriptionStatus,
  Tenant,
} from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { AppError, msg } from '../shared/app-error.js';
import { frozenClock } from '../shared/clock.js';
import { addDays } from '../shared/dates.js';
import { newId } from '../shared/ids.js';
import { extend, taxOn } from '../shared/money.js';
import { recordAudits, systemActor, type AuditInput } from '../modules/audit/index.js';
import {
  emitEvents,
  invoiceIssuedEvent,
  subscriptionStatusEvent,
  type AnyEmitInput,
} from '../modules/notifications/index.js';
import { getProduct, getTaxRate } from '../modules/catalog/index.js';
import {
  firstPeriodEnd,
  insertInvoices,
  lockMoneyPath,
  lockMoneyPaths,
  nextPeriodEnd,
  termEndFor,
  type InvoiceLine,
  type NewInvoiceInput,
} from '../modules/billing/index.js';
import { countAssigned, purchasedQuantity } from '../modules/licensing/index.js';
import {
  listChargedOperations,
  listUsablePaymentMethodsOfTenants,
  recordInvoicePayments,
} from '../modules/payments/index.js';
import {
  registerChargeFinisher,
  reserveCharge,
  sendCharge,
  settleCharges,
  type ChargeFinisher,
  type ChargeOutcome,
} from './steps/charge.step.js';
import {
  listDueSubscriptions,
  listTenantsWithDueWork,
  liveStatuses,
  updateSubscriptions,
  type BulkSubscriptionColumn,
} from '../modules/subscriptions/index.js';
import { findTenants } from '../modules/tenants/index.js';
import { enqueueJobs } from '../jobs/index.js';
import { endSubscription } from './end-subscription.js';
import { runDunning, type DunningReport } from './run-dunning.js';
import { paymentMethodFor } from './subscription-helpers.js';
import { describedRecord, namesOf, record } from '../modules/records/index.js';

export interface BillingRunReport extends DunningReport {
  renewed: number;
  charged: number;
  failed: number;
  expired: number;
  disabled: number;
  deleted: number;
}

export interface BillingRunOptions {
  /** The moment the run bills up to (default: `ctx.clock.now()`). */
  now?: Date;
  /** Only this tenant's subscriptions (and no dunning of other tenants' invoices). */
  tenantId?: string;
}

/** Tenants per batch: one transaction moves all their due subscriptions that need no card. */
export const billingBatchTenants = 250;
/** Card charges of one batch in flight at once (outside any transaction). */
const chargeConcurrency = 16;
/** The job that runs one batch; the periodic `billing.run` splits the due work into them. */
export const billingBatchJob = 'billing.batch';

/** A report with every count at zero (also the start of a test clock's advance report). */
export function emptyBillingReport(): BillingRunReport {
  return {
    renewed: 0,
    charged: 0,
    failed: 0,
    expired: 0,
    disabled: 0,
    deleted: 0,
    reminded: 0,
    warned: 0,
    suspended: 0,
  };
}

function addReport(into: BillingRunReport, from: BillingRunReport): void {
  for (const key of Object.keys(into) as (keyof BillingRunReport)[]) into[key] += from[key];
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The billing clock's tick (PRODUCT.md §5 "Term end"): bills new periods, renews terms with
 * recurring billing on, retries failed renewals (warning), and walks the lifecycle of those
 * with it off: expired → disabled → deleted. The due work is cut into batches of tenants
 * (docs/renewals.md): everything that needs no card moves in one transaction per batch with
 * bulk statements, card charges are reserved in it and sent after it commits. Safe to run
 * often and from several processes: a batch holds its tenants' billing locks, and a step
 * already taken is not due any more.
 */
export async function runBilling(
  ctx: AppContext,
  options: BillingRunOptions = {},
): Promise<BillingRunReport> {
  // A test clock's run (docs/test-clocks.md): everything it touches reads that one instant.
  if (options.now) ctx = { ...ctx, clock: frozenClock(options.now) };
  const report = emptyBillingReport();
  const now = ctx.clock.now();
  const tenants = await listTenantsWithDueWork(ctx.db, now, { tenantId: options.tenantId });
  for (const tenantIds of chunk(tenants, billingBatchTenants))
    await billTenants(ctx, tenantIds, now, report, { tenantId: options.tenantId });
  // Overdue invoices after the subscriptions have moved: reminders, warning, suspension.
  Object.assign(report, await runDunning(ctx, { tenantId: options.tenantId }));
  return report;
}

/**
 * The periodic job (`billing.run`, keyed so runs never overlap): splits the due work into one
 * `billing.batch` job per batch of tenants, which every worker process shares through the
 * queue (each job is handed to one worker at a time), then runs dunning.
 */
export async function runBillingJob(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  const tenants = await listTenantsWithDueWork(ctx.db, now);
  await enqueueJobs(
    ctx,
    ctx.db,
    chunk(tenants, billingBatchTenants).map((tenantIds) => ({
      name: billingBatchJob,
      data: { tenantIds, at: now.toISOString() },
    })),
  );
  await runDunning(ctx);
}

/** One `billing.batch` job. Idempotent: a second run finds its steps taken, nothing due. */
export async function runBillingBatchJob(ctx: AppContext, data: unknown): Promise<void> {
  const { tenantIds, at } = data as { tenantIds: string[]; at: string };
  await billTenants(ctx, tenantIds, new Date(at), emptyBillingReport());
}

/**
 * Moves every due subscription of these tenants, one step per pass; one far behind (clock
 * moved by a year) takes several passes. A subscription that could not move (declined, paid
 * by another run right now) is not tried again in this run.
 */
async function billTenants(
  ctx: AppContext,
  tenantIds: string[],
  now: Date,
  report: BillingRunReport,
  scope: { tenantId?: string | undefined } = {},
): Promise<void> {
  const stuck = new Set<string>();
  for (let pass = 0; pass < 10_000; pass++) {
    const due = (await listDueSubscriptions(ctx.db, now, tenantIds, scope)).filter((d) => !stuck.has(d.id));
    if (due.length === 0) return;
    const moved = await billPass(ctx, due, now, report);
    for (const d of due) if (!moved.has(d.id)) stuck.add(d.id);
  }
}

/** A card charge reserved in the batch's transaction, sent once it has committed. */
interface ReservedCharge {
  attempt: PaymentAttempt;
  method: PaymentMethod;
}

/**
 * One step of each due subscription of a batch. Transaction 1 takes the batch's locks
 * (`lockMoneyPaths`: the tenants' billing locks in order, then their subscriptions), decides
 * every step from rows read in bulk, writes the steps that need no card in bulk, and writes the
 * payment attempt of each card charge. After it commits, the cards are charged with no
 * transaction open, and each outcome is settled by the `period` finisher below (or later by
 * reconciliation, if this process dies in between). Returns the subscriptions that moved.
 */
async function billPass(
  ctx: AppContext,
  due: { id: string; tenant_id: string }[],
  now: Date,
  report: BillingRunReport,
): Promise<Set<string>> {
  const moved = new Set<string>();
  const counted = emptyBillingReport();
  const tenantIds = [...new Set(due.map((d) => d.tenant_id))];
  const charges = await inTransaction(ctx.db, async (trx) => {
    const batch = await loadBatch(
      trx,
      tenantIds,
      due.map((d) => d.id),
    );
    const writes = new BillingWrites();
    const reserved: ReservedCharge[] = [];
    for (const d of due) {
      const result = await step(ctx, trx, batch, writes, d.tenant_id, d.id, now, counted);
      if (result === true) moved.add(d.id);
      else if (result !== false) reserved.push(result);
    }
    await writes.flush(ctx, trx);
    return reserved;
  });
  addReport(report, counted);
  // The cards are charged, then every known outcome is settled in one transaction (an unknown
  // one stays pending for reconciliation).
  const queue = [...charges];
  const sent: { attempt: PaymentAttempt; outcome: ChargeOutcome }[] = [];
  const sendAll = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const request = next.attempt.request as PeriodRequest;
      const outcome = await sendCharge(ctx, next.attempt, next.method, {
        offSession: true,
        description: `${request.renewal ? 'Renewal' : 'Billing period'} of ${request.subscriptionId}`,
      });
      if (outcome) sent.push({ attempt: next.attempt, outcome });
    }
  };
  await Promise.all(Array.from({ length: chargeConcurrency }, sendAll));
  const settled = await settleCharges(ctx, sent, (trx, resolved) => finishPeriods(ctx, trx, resolved));
  settled.forEach((s, i) => {
    const request = sent[i]!.attempt.request as PeriodRequest;
    const paid = s.kind === 'finished' && (s.result as { paid: boolean }).paid;
    if (paid) {
      moved.add(request.subscriptionId);
      if (request.renewal) report.renewed++;
      else report.charged++;
    } else if (s.kind !== 'already') report.failed++;
  });
  return moved;
}

/**
 * The `period` finisher for the charges of a batch at once: their tenants' billing locks and
 * subscriptions in `lockMoneyPaths` order, then each outcome applied as the finisher would, and
 * one flush. A period no longer the one paid refuses them all (`settleCharges` then settles each
 * on its own, refunding that one).
 */
async function finishPeriods(
  ctx: AppContext,
  trx: Transaction<Database>,
  resolved: { attempt: PaymentAttempt; outcome: ChargeOutcome }[],
): Promise<{ paid: boolean }[]> {
  const requests = resolved.map((r) => r.attempt.request as PeriodRequest);
  const locked = await lockMoneyPaths(
    trx,
    resolved.map((r) => r.attempt.tenant_id),
    requests.map((r) => r.subscriptionId),
  );
  const now = ctx.clock.now();
  const writes = new BillingWrites();
  const results = resolved.map(({ attempt, outcome }, i) => {
    const req = requests[i]!;
    const sub = locked.find((s) => s.id === req.subscriptionId);
    const due = sub && liveStatuses.includes(sub.status) && sub.period_end.toISOString() === req.periodStart;
    const subs = due
      ? [sub, ...locked.filter((s) => s.base_subscription_id === sub.id && liveStatuses.includes(s.status))]
      : null;
    return recordPeriodOutcome(ctx, writes, attempt, outcome, subs, now);
  });
  await writes.flush(ctx, trx);
  return results;
}

/**
 * One charge's outcome written for its period: paid, the period is applied; declined or failed,
 * the collection failure is marked. `subs` null: the period is no longer the one charged (the
 * subscription ended or moved on meanwhile). A charge that took no money then only stays
 * recorded; money taken is refused with a 409, whose undo refunds it.
 */
function recordPeriodOutcome(
  ctx: AppContext,
  writes: BillingWrites,
  attempt: PaymentAttempt,
  outcome: ChargeOutcome,
  subs: Subscription[] | null,
  now: Date,
): { paid: boolean } {
  const req = attempt.request as PeriodRequest;
  const paid = outcome.status === 'succeeded';
  if (!subs) {
    if (!paid) return { paid };
    throw new AppError('conflict', msg.subscriptionChangedWhilePaid({ id: req.subscriptionId }));
  }
  if (paid) applyPeriod(ctx, writes, attempt.tenant_id, subs, req, attempt.payment_method_id, true, now);
  else
    markCollectionFailed(
      ctx,
      writes,
      attempt.tenant_id,
      subs,
      req.renewal,
      attempt.payment_method_id,
      attempt.amount,
      now,
    );
  return { paid };
}

/** What a batch reads once, in bulk, under its locks (and memoised reads of the catalog). */
interface Batch {
  subs: Map<string, Subscription>;
  addons: Map<string, Subscription[]>;
  tenants: Map<string, Tenant>;
  methods: Map<string, PaymentMethod[]>;
  /** Periods of these subscriptions whose charge is in flight (another run is paying it) or taken. */
  paying: Set<string>;
  products: Map<string, Product | undefined>;
  taxRates: Map<string, number>;
  purchased: Map<string, number>;
  assigned: Map<string, number>;
}

async function loadBatch(trx: Transaction<Database>, tenantIds: string[], ids: string[]): Promise<Batch> {
  const locked = await lockMoneyPaths(trx, tenantIds, ids);
  const subs = new Map(locked.map((s) => [s.id, s]));
  const addons = new Map<string, Subscription[]>();
  for (const s of [...locked].sort(
    (a, b) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1),
  )) {
    if (!s.base_subscription_id) continue;
    addons.set(s.base_subscription_id, [...(addons.get(s.base_subscription_id) ?? []), s]);
  }
  const tenants = new Map((await findTenants(trx, tenantIds)).map((t) => [t.id, t]));
  const methods = new Map<string, PaymentMethod[]>();
  for (const m of await listUsablePaymentMethodsOfTenants(trx, tenantIds))
    methods.set(m.tenant_id, [...(methods.get(m.tenant_id) ?? []), m]);
  const paying = await listChargedOperations(
    trx,
    tenantIds,
    'subscription_period',
    locked.map((s) => `${s.id}@${s.period_end.toISOString()}`),
  );
  return {
    subs,
    addons,
    tenants,
    methods,
    paying,
    products: new Map(),
    taxRates: new Map(),
    purchased: new Map(),
    assigned: new Map(),
  };
}

async function productOf(trx: Transaction<Database>, batch: Batch, id: string): Promise<Product | undefined> {
  if (!batch.products.has(id)) batch.products.set(id, await getProduct(trx, id));
  return batch.products.get(id);
}

async function taxRateOf(trx: Transaction<Database>, batch: Batch, country: string): Promise<number> {
  let rate = batch.taxRates.get(country);
  if (rate === undefined) {
    rate = await getTaxRate(trx, country);
    batch.taxRates.set(country, rate);
  }
  return rate;
}

/** `paymentMethodFor` from the batch's rows; the order's method only when there is no default. */
async function methodOf(trx: Transaction<Database>, batch: Batch, sub: Subscription) {
  const first = batch.methods.get(sub.tenant_id)?.[0];
  if (first?.is_default) return first;
  return paymentMethodFor(trx, sub);
}

/**
 * Moves one subscription one step: true when it moved, false when it cannot now, or the card
 * charge to send once the batch has committed.
 */
async function step(
  ctx: AppContext,
  trx: Transaction<Database>,
  batch: Batch,
  writes: BillingWrites,
  tenantId: string,
  id: string,
  now: Date,
  report: BillingRunReport,
): Promise<boolean | ReservedCharge> {
  const sub = batch.subs.get(id);
  const tenant = batch.tenants.get(tenantId);
  if (!sub || !tenant || sub.tenant_id !== tenantId) return false;
  const policy = ctx.config.policy;
  const addons = batch.addons.get(sub.id) ?? [];

  if (sub.status === 'active' && sub.period_end.getTime() <= now.getTime()) {
    if (sub.period_end.getTime() >= sub.term_end.getTime() && !sub.recurring_billing) {
      const next = addDays(sub.term_end, policy.expiredDays);
      moveWithAddons(writes, sub, addons, 'expired', sub.term_end, next, now);
      writes.event(subscriptionStatusEvent(sub, 'expired', next));
      report.expired++;
      return true;
    }
    return collect(ctx, trx, batch, writes, tenant, sub, now, report);
  }
  if (!sub.next_action_at || sub.next_action_at.getTime() > now.getTime()) return false;
  if (sub.status === 'warning') {
    // The warning ends warningDays after the period's end whether or not a retry is due.
    const deadline = addDays(sub.period_end, policy.warningDays);
    if (now.getTime() >= deadline.getTime()) {
      const next = addDays(deadline, policy.expiredDays);
      moveWithAddons(writes, sub, addons, 'expired', deadline, next, now);
      writes.event(subscriptionStatusEvent(sub, 'expired', next));
      report.expired++;
      return true;
    }
    return collect(ctx, trx, batch, writes, tenant, sub, now, report);
  }
  if (sub.status === 'expired') {
    const next = addDays(sub.next_action_at, policy.disabledDays);
    moveWithAddons(writes, sub, addons, 'disabled', sub.next_action_at, next, now);
    writes.event(subscriptionStatusEvent(sub, 'disabled', next));
    report.disabled++;
    return true;
  }
  if (sub.status === 'disabled') {
    // Rare and many-sided (licenses released, add-ons ended): the one step written row by row.
    await endSubscription(ctx, trx, {
      tenant,
      subscription: sub,
      status: 'deleted',
      refund: false,
      actor: systemActor,
      action: 'subscription.deleted',
      now,
    });
    report.deleted++;
    return true;
  }
  return false;
}

/**
 * The writes of a batch's steps, kept in the order the steps made them and flushed in bulk
 * statements in the batch's transaction (the charge finisher flushes its one step the same
 * way, so both write exactly the same rows).
 */
class BillingWrites {
  private invoices: NewInvoiceInput[] = [];
  private payments: Parameters<typeof recordInvoicePayments>[1] = [];
  private updates = new Map<
    string,
    { columns: BulkSubscriptionColumn[]; rows: Parameters<typeof updateSubscriptions>[2] }
  >();
  private audits: AuditInput[] = [];
  /** Events in order; an issued invoice's event is built once the invoice has its number. */
  private events: (AnyEmitInput | { invoiceId: string })[] = [];

  invoice(input: NewInvoiceInput): void {
    this.invoices.push(input);
  }

  payment(input: Parameters<typeof recordInvoicePayments>[1][number]): void {
    this.payments.push(input);
  }

  update(sub: Subscription, patch: Partial<Record<BulkSubscriptionColumn, unknown>>, now: Date): void {
    const columns = (Object.keys(patch) as BulkSubscriptionColumn[]).sort();
    const key = columns.join(',');
    const group = this.updates.get(key) ?? { columns, rows: [] };
    group.rows.push({
      ...(patch as Partial<Subscription>),
      id: sub.id,
      tenant_id: sub.tenant_id,
      updated_at: now,
    });
    this.updates.set(key, group);
  }

  audit(entry: AuditInput): void {
    this.audits.push(entry);
  }

  event(input: AnyEmitInput): void {
    this.events.push(input);
  }

  invoiceIssued(invoiceId: string): void {
    this.events.push({ invoiceId });
  }

  async flush(ctx: AppContext, trx: Transaction<Database>): Promise<void> {
    const invoices = new Map((await insertInvoices(trx, this.invoices)).map((i) => [i.id, i]));
    await recordInvoicePayments(trx, this.payments);
    for (const { columns, rows } of this.updates.values()) await updateSubscriptions(trx, columns, rows);
    await recordAudits(trx, this.audits);
    const events: AnyEmitInput[] = [];
    for (const e of this.events) {
      if ('type' in e) events.push(e);
      else {
        const invoice = invoices.get(e.invoiceId);
        if (invoice) events.push(invoiceIssuedEvent(invoice));
      }
    }
    await emitEvents(ctx, trx, events);
  }
}

function moveWithAddons(
  writes: BillingWrites,
  sub: Subscription,
  addons: Subscription[],
  status: SubscriptionStatus,
  changedAt: Date,
  nextActionAt: Date | null,
  now: Date,
) {
  for (const s of [sub, ...addons.filter((a) => a.status === sub.status)]) {
    writes.update(
      s,
      { status, status_changed_at: changedAt, next_action_at: s.id === sub.id ? nextActionAt : null },
      now,
    );
    writes.audit({
      tenantId: s.tenant_id,
      actor: systemActor,
      action: `subscription.${status}`,
      entityType: 'subscription',
      entityId: s.id,
      before: { status: s.status },
      after: { status, nextStatusChangeAt: s.id === sub.id ? nextActionAt : null },
      at: now,
    });
  }
}

/** The quantity a renewal bills: the scheduled reduction, but never below what is assigned. */
async function renewalQuantity(trx: Transaction<Database>, batch: Batch, sub: Subscription): Promise<number> {
  const wanted = sub.pending_quantity ?? sub.quantity;
  if (wanted === sub.quantity) return wanted;
  const product = await productOf(trx, batch, sub.product_id);
  if (product?.unit !== 'user') return wanted;
  const key = `${sub.tenant_id}:${sub.product_id}`;
  if (!batch.assigned.has(key))
    batch.assigned.set(key, await countAssigned(trx, sub.tenant_id, sub.product_id));
  if (!batch.purchased.has(key))
    batch.purchased.set(key, await purchasedQuantity(trx, sub.tenant_id, sub.product_id));
  const others = batch.purchased.get(key)! - sub.quantity;
  return Math.max(wanted, batch.assigned.get(key)! - others);
}

/**
 * One invoice line of a billing period. The one place lines of the billing cycle are made
 * (renewals, periods, their add-ons).
 */
function periodLine(
  s: Subscription,
  product: Product | undefined,
  quantity: number,
  renewal: boolean,
  taxRate: number,
  periodStart: Date,
  periodEnd: Date,
): InvoiceLine {
  const amount = extend(s.unit_amount, quantity);
  return {
    ...describedRecord(
      record(renewal ? 'line.renewal' : 'line.billing_period', {
        productId: s.product_id,
        unit: product?.unit ?? 'user',
        quantity,
        periodStart: periodStart.toISOString(),
        periodEnd: periodEnd.toISOString(),
      }),
      product ? namesOf(product) : new Map(),
    ),
    productId: s.product_id,
    subscriptionId: s.id,
    quantity,
    unitAmount: s.unit_amount,
    amount,
    tax: taxOn(amount, taxRate),
    periodStart: periodStart.toISOString(),
    periodEnd: periodEnd.toISOString(),
  };
}

/**
 * Charges the next billing period of a subscription and its traditional add-ons (a renewal
 * when the term has ended). Paid, or owed on an open invoice: the period starts. Declined:
 * the subscription goes to warning and is retried. A card is only reserved here (the
 * attempt row); it is charged after the batch commits.
 */
async function collect(
  ctx: AppContext,
  trx: Transaction<Database>,
  batch: Batch,
  writes: BillingWrites,
  tenant: Tenant,
  sub: Subscription,
  now: Date,
  report: BillingRunReport,
): Promise<boolean | ReservedCharge> {
  const renewal = sub.period_end.getTime() >= sub.term_end.getTime();
  const anchor = sub.created_at.getUTCDate();
  const termStart = renewal ? sub.term_end : sub.term_start;
  const termEnd = renewal ? termEndFor(sub.term_end, sub.commitment, anchor) : sub.term_end;
  const periodStart = sub.period_end;
  const periodEnd = renewal
    ? firstPeriodEnd(periodStart, sub.billing_frequency, termEnd)
    : nextPeriodEnd(sub.period_end, sub.billing_frequency, sub.term_end, anchor);
  const operationId = `${sub.id}@${periodStart.toISOString()}`;
  // Another run is paying this very period (its attempt is in flight), or a charge for it was
  // taken and refunded: leave it (the database would refuse a second attempt).
  if (batch.paying.has(operationId)) return false;
  const addons = (batch.addons.get(sub.id) ?? []).filter((a) => liveStatuses.includes(a.status));
  const taxRate = await taxRateOf(trx, batch, tenant.billing_country);
  const plan: { s: Subscription; quantity: number; line: InvoiceLine }[] = [];
  for (const s of [sub, ...addons]) {
    const quantity = renewal ? await renewalQuantity(trx, batch, s) : s.quantity;
    const product = await productOf(trx, batch, s.product_id);
    plan.push({
      s,
      quantity,
      line: periodLine(s, product, quantity, renewal, taxRate, periodStart, periodEnd),
    });
  }
  const total = plan.reduce((t, p) => t + p.line.amount + p.line.tax, 0);
  const method = await methodOf(trx, batch, sub);
  const invoiceId = newId('invoice', now.getTime());
  const request: PeriodRequest = {
    subscriptionId: sub.id,
    renewal,
    invoiceId,
    periodStart: periodStart.toISOString(),
    periodEnd: periodEnd.toISOString(),
    termStart: termStart.toISOString(),
    termEnd: termEnd.toISOString(),
    plan: plan.map((p) => ({ subscriptionId: p.s.id, quantity: p.quantity, line: p.line })),
  };
  if (total > 0 && method?.type === 'card') {
    const attempt = await reserveCharge(ctx, trx, {
      tenantId: tenant.id,
      purpose: renewal ? 'renewal' : 'period',
      operationType: 'subscription_period',
      operationId,
      amount: total,
      currency: sub.currency,
      paymentMethod: method,
      request,
    });
    return { attempt, method };
  }
  if (total > 0 && !method) {
    markCollectionFailed(ctx, writes, tenant.id, [sub, ...addons], renewal, null, total, now);
    report.failed++;
    return false;
  }
  let paymentId: string | null = null;
  if (total > 0 && method) {
    paymentId = newId('payment', now.getTime());
    writes.payment({
      id: paymentId,
      tenantId: tenant.id,
      paymentMethodId: method.id,
      orderId: null,
      invoiceId,
      amount: total,
      currency: sub.currency,
      now,
    });
  }
  applyPeriod(ctx, writes, tenant.id, [sub, ...addons], request, method?.id ?? null, paymentId === null, now);
  // Later renewals of this batch see the quantities this one leaves (as one by one would).
  for (const p of plan) {
    const key = `${p.s.tenant_id}:${p.s.product_id}`;
    const purchased = batch.purchased.get(key);
    if (purchased !== undefined) batch.purchased.set(key, purchased + p.quantity - p.s.quantity);
  }
  if (renewal) report.renewed++;
  else report.charged++;
  return true;
}

/** What a period's charge attempt carries, so reconciliation can apply the period alone. */
interface PeriodRequest extends Record<string, unknown> {
  subscriptionId: string;
  renewal: boolean;
  invoiceId: string;
  periodStart: string;
  periodEnd: string;
  termStart: string;
  termEnd: string;
  plan: { subscriptionId: string; quantity: number; line: InvoiceLine }[];
}

/** The period starts: its invoice (paid, or open for bank transfer) and the new dates. */
function applyPeriod(
  ctx: AppContext,
  writes: BillingWrites,
  tenantId: string,
  subs: Subscription[],
  request: PeriodRequest,
  paymentMethodId: string | null,
  paid: boolean,
  now: Date,
): void {
  const policy = ctx.config.policy;
  const [sub] = subs;
  if (!sub) return;
  const periodStart = new Date(request.periodStart);
  const termStart = new Date(request.termStart);
  const termEnd = new Date(request.termEnd);
  const periodEnd = new Date(request.periodEnd);
  writes.invoice({
    id: request.invoiceId,
    tenantId,
    kind: request.renewal ? 'renewal' : 'period',
    status: paid ? 'paid' : 'open',
    orderId: null,
    subscriptionId: sub.id,
    currency: sub.currency,
    lines: request.plan.map((p) => p.line),
    paymentMethodId,
    issuedAt: now,
    dueAt: paid ? now : addDays(now, policy.invoicePaymentTermDays),
    paidAt: paid ? now : null,
    billedPeriodStart: periodStart,
  });
  for (const p of request.plan) {
    const s = subs.find((x) => x.id === p.subscriptionId);
    if (!s) continue;
    writes.update(
      s,
      {
        status: 'active',
        status_changed_at: s.status === 'active' ? s.status_changed_at : now,
        quantity: p.quantity,
        pending_quantity: null,
        term_start: request.renewal ? termStart : s.term_start,
        term_end: termEnd,
        period_start: periodStart,
        period_end: periodEnd,
        window_start: request.renewal ? termStart : s.window_start,
        renewal_attempts: 0,
        next_action_at: null,
      },
      now,
    );
    writes.audit({
      tenantId,
      actor: systemActor,
      action: request.renewal ? 'subscription.renewed' : 'subscription.period_billed',
      entityType: 'subscription',
      entityId: s.id,
      before: { quantity: s.quantity, termEnd: s.term_end, periodEnd: s.period_end },
      after: { quantity: p.quantity, termEnd, periodEnd, invoiceId: request.invoiceId },
      at: now,
    });
  }
  if (request.renewal) {
    writes.event({
      tenantId,
      type: 'subscription.renewed',
      data: {
        subscriptionId: sub.id,
        productId: sub.product_id,
        quantity: request.plan.find((p) => p.subscriptionId === sub.id)?.quantity ?? sub.quantity,
        termStart: request.termStart,
        termEnd: request.termEnd,
        invoiceId: request.invoiceId,
        currency: sub.currency,
        total: request.plan.reduce((t, p) => t + p.line.amount + p.line.tax, 0),
      },
    });
  }
  writes.invoiceIssued(request.invoiceId);
}

/**
 * A period that could not be collected: warning, retried every renewalRetryIntervalDays, but
 * never later than the warning's end (warningDays after the period's end), when it expires.
 */
function markCollectionFailed(
  ctx: AppContext,
  writes: BillingWrites,
  tenantId: string,
  subs: Subscription[],
  renewal: boolean,
  paymentMethodId: string | null,
  amount: number,
  now: Date,
): void {
  const policy = ctx.config.policy;
  const [sub] = subs;
  if (!sub) return;
  const retryAt = addDays(now, policy.renewalRetryIntervalDays);
  const deadline = addDays(sub.period_end, policy.warningDays);
  const next = retryAt.getTime() < deadline.getTime() ? retryAt : deadline;
  for (const s of subs) {
    writes.update(
      s,
      {
        status: 'warning',
        status_changed_at: s.status === 'warning' ? s.status_changed_at : now,
        renewal_attempts: s.renewal_attempts + 1,
        next_action_at: s.id === sub.id ? next : null,
      },
      now,
    );
  }
  writes.audit({
    tenantId,
    actor: systemActor,
    action: renewal ? 'subscription.renewal_failed' : 'subscription.period_charge_failed',
    entityType: 'subscription',
    entityId: sub.id,
    after: { attempt: sub.renewal_attempts + 1, paymentMethodId, amount },
    at: now,
  });
  writes.event({
    tenantId,
    type: 'payment.failed',
    data: {
      subscriptionId: sub.id,
      productId: sub.product_id,
      attempt: sub.renewal_attempts + 1,
      currency: sub.currency,
      amount,
      paymentMethodId,
      nextAttemptAt: next.toISOString(),
      expiresAt: deadline.toISOString(),
    },
  });
}

/** The subscriptions of a period attempt, locked, if the period is still the one it pays. */
async function lockPeriod(
  trx: Transaction<Database>,
  attempt: PaymentAttempt,
): Promise<Subscription[] | null> {
  const req = attempt.request as PeriodRequest;
  const locked = await lockMoneyPath(trx, attempt.tenant_id, { subscriptionIds: [req.subscriptionId] });
  const sub = locked.get(req.subscriptionId);
  if (!sub || !liveStatuses.includes(sub.status) || sub.period_end.toISOString() !== req.periodStart)
    return null;
  return [sub, ...[...locked.values()].filter((s) => s.id !== sub.id && liveStatuses.includes(s.status))];
}

const periodFinisher: ChargeFinisher = {
  async finish(ctx, trx, attempt, outcome) {
    const subs = await lockPeriod(trx, attempt);
    const writes = new BillingWrites();
    // A declined charge for a period no longer due is only recorded: refusing it would leave the
    // attempt pending, reconciliation failing on it for ever.
    const result = recordPeriodOutcome(ctx, writes, attempt, outcome, subs, ctx.clock.now());
    if (subs) await writes.flush(ctx, trx);
    return result;
  },
  async undone(ctx, trx, attempt, error) {
    await recordAudits(trx, [
      {
        tenantId: attempt.tenant_id,
        actor: systemActor,
        action: 'subscription.period_charge_refunded',
        entityType: 'subscription',
        entityId: (attempt.request as PeriodRequest).subscriptionId,
        after: { amount: attempt.amount, reason: error.message },
        at: ctx.clock.now(),
      },
    ]);
  },
};
registerChargeFinisher('renewal', periodFinisher);
registerChargeFinisher('period', periodFinisher);
