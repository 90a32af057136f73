import { sql } from 'kysely';
import type { Executor } from '../audit/index.js';
import type { DunningStage, Invoice, InvoiceBankTransfer, SubscriptionStatus } from '../../db/schema.js';

/** The invoice with its row locked; `tenantId` null only for the operator, who sees every tenant. */
export async function lockInvoice(
  db: Executor,
  tenantId: string | null,
  id: string,
): Promise<Invoice | undefined> {
  let q = db.selectFrom('invoices').selectAll().where('id', '=', id);
  if (tenantId !== null) q = q.where('tenant_id', '=', tenantId);
  return q.forUpdate().executeTakeFirst();
}

/** Any tenant's invoice, for the operator (no lock: a read). */
export async function findInvoiceAnyTenant(db: Executor, id: string): Promise<Invoice | undefined> {
  return db.selectFrom('invoices').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Adds money collected on an open invoice; settles it when nothing is left to pay. */
export async function addInvoicePayment(
  db: Executor,
  invoice: Invoice,
  amount: number,
  now: Date,
): Promise<Invoice> {
  const amountPaid = invoice.amount_paid + amount;
  const settled = amountPaid + invoice.amount_credited >= invoice.total;
  const changes = settled
    ? { amount_paid: amountPaid, status: 'paid' as const, paid_at: now }
    : { amount_paid: amountPaid };
  await db
    .updateTable('invoices')
    .set(changes)
    .where('tenant_id', '=', invoice.tenant_id)
    .where('id', '=', invoice.id)
    .execute();
  return { ...invoice, ...changes };
}

/** The method that paid the invoice (a card from the admin center), once it has. */
export async function setInvoicePaymentMethod(
  db: Executor,
  invoice: Invoice,
  paymentMethodId: string | null,
) {
  if (!paymentMethodId) return;
  await db
    .updateTable('invoices')
    .set({ payment_method_id: paymentMethodId })
    .where('tenant_id', '=', invoice.tenant_id)
    .where('id', '=', invoice.id)
    .execute();
}

export async function findBankTransfer(db: Executor, tenantId: string, invoiceId: string, reference: string) {
  return db
    .selectFrom('invoice_bank_transfers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .where('reference', '=', reference)
    .executeTakeFirst();
}

export async function insertBankTransfer(db: Executor, row: InvoiceBankTransfer): Promise<void> {
  await db.insertInto('invoice_bank_transfers').values(row).execute();
}

export async function listBankTransfers(db: Executor, tenantId: string, invoiceId: string) {
  return db
    .selectFrom('invoice_bank_transfers')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .orderBy('created_at')
    .execute();
}

/**
 * Open invoices (not credit notes) due before `before` whose dunning can still move, in
 * (due_at, id) order after the given position, so one pass visits each once.
 */
export async function listOverdueInvoices(
  db: Executor,
  before: Date,
  after: { dueAt: Date; id: string } | null,
  limit: number,
  scope: { tenantId?: string | undefined } = {},
) {
  let q = db
    .selectFrom('invoices')
    .select(['id', 'tenant_id', 'due_at'])
    // One tenant (a test clock advancing), or every tenant not on a test clock.
    .where((eb) =>
      scope.tenantId !== undefined
        ? eb('tenant_id', '=', scope.tenantId)
        : eb.not(
            eb.exists(
              eb
                .selectFrom('test_clocks')
                .select('test_clocks.id')
                .whereRef('test_clocks.tenant_id', '=', 'invoices.tenant_id'),
            ),
          ),
    )
    .where('status', '=', 'open')
    .where('kind', '!=', 'credit')
    // Inclusive, like dunningStageAt: an invoice exactly a threshold late has reached it.
    .where('due_at', '<=', before)
    .where('dunning_stage', '!=', 'suspended');
  if (after) {
    const { dueAt, id } = after;
    q = q.where((eb) =>
      eb.or([eb('due_at', '>', dueAt), eb.and([eb('due_at', '=', dueAt), eb('id', '>', id)])]),
    );
  }
  return q.orderBy('due_at').orderBy('id').limit(limit).execute();
}

export async function setDunningStage(
  db: Executor,
  invoice: Invoice,
  stage: DunningStage,
  at: Date,
): Promise<void> {
  await db
    .updateTable('invoices')
    .set({ dunning_stage: stage, dunning_stage_at: at })
    .where('tenant_id', '=', invoice.tenant_id)
    .where('id', '=', invoice.id)
    .execute();
}

/** Every subscription an invoice bills: the one it names and those on its lines. */
export function subscriptionIdsOf(invoice: Invoice): string[] {
  const ids = new Set<string>();
  if (invoice.subscription_id) ids.add(invoice.subscription_id);
  for (const line of invoice.lines as { subscriptionId?: string | null }[]) {
    if (line.subscriptionId) ids.add(line.subscriptionId);
  }
  return [...ids];
}

export async function insertSuspension(
  db: Executor,
  row: {
    tenantId: string;
    invoiceId: string;
    subscriptionId: string;
    previousStatus: SubscriptionStatus;
    previousNextActionAt: Date | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('invoice_suspensions')
    .values({
      tenant_id: row.tenantId,
      invoice_id: row.invoiceId,
      subscription_id: row.subscriptionId,
      previous_status: row.previousStatus,
      previous_next_action_at: row.previousNextActionAt,
      suspended_at: row.at,
      lifted_at: null,
    })
    .onConflict((oc) => oc.columns(['invoice_id', 'subscription_id']).doNothing())
    .execute();
}

export async function listActiveSuspensions(db: Executor, tenantId: string, invoiceId: string) {
  return db
    .selectFrom('invoice_suspensions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .where('lifted_at', 'is', null)
    .execute();
}

/** Whether another unpaid invoice still holds this subscription suspended. */
export async function isSuspendedByOtherInvoice(
  db: Executor,
  tenantId: string,
  subscriptionId: string,
  invoiceId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('invoice_suspensions')
    .select(sql<number>`1`.as('one'))
    .where('tenant_id', '=', tenantId)
    .where('subscription_id', '=', subscriptionId)
    .where('invoice_id', '!=', invoiceId)
    .where('lifted_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The suspension that holds a subscription now, if any (to keep its state from before). */
export async function findActiveSuspension(db: Executor, tenantId: string, subscriptionId: string) {
  return db
    .selectFrom('invoice_suspensions')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('subscription_id', '=', subscriptionId)
    .where('lifted_at', 'is', null)
    .orderBy('suspended_at')
    .executeTakeFirst();
}

export async function markSuspensionLifted(
  db: Executor,
  tenantId: string,
  invoiceId: string,
  subscriptionId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('invoice_suspensions')
    .set({ lifted_at: at })
    .where('tenant_id', '=', tenantId)
    .where('invoice_id', '=', invoiceId)
    .where('subscription_id', '=', subscriptionId)
    .execute();
}
