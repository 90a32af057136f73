import { sql } from 'kysely';
import type { Executor } from '../audit/index.js';
import { insertJsonRows } from '../../db/bulk.repository.js';
import type { InvoiceKind, Invoice } from '../../db/schema.js';
import type { StoredRecord } from '../records/index.js';

export interface InvoiceLine {
  /** The English text of `record`, kept as the fallback for readers that know only text. */
  description: string;
  /** What the line is, as data, rendered in the reader's language (docs/records.md). */
  record?: StoredRecord;
  productId: string;
  subscriptionId: string | null;
  quantity: number;
  unitAmount: number;
  amount: number;
  tax: number;
  periodStart: string;
  periodEnd: string;
  proratedDays?: number;
  periodDays?: number;
}

export async function insertInvoice(
  db: Executor,
  input: {
    id: string;
    tenantId: string;
    kind: InvoiceKind;
    status: Invoice['status'];
    orderId: string | null;
    subscriptionId: string | null;
    currency: string;
    lines: InvoiceLine[];
    paymentMethodId: string | null;
    issuedAt: Date;
    dueAt: Date;
    paidAt: Date | null;
    /** Renewal and period invoices: the period billed; the database refuses a second one. */
    billedPeriodStart?: Date | null;
    /** A credit note that reduced an open invoice. */
    creditedInvoiceId?: string | null;
  },
): Promise<Invoice> {
  const row = { ...invoiceRow(input), lines: JSON.stringify(input.lines) };
  // Gap-free numbering per tenant (INV-000001): the counter row is taken and the invoice
  // written in one statement, under the counter's row lock until the transaction ends.
  const inserted = await sql<{ number: string }>`
    WITH counter AS (
      INSERT INTO invoice_counters (tenant_id, next_number) VALUES (${row.tenant_id}, 2)
      ON CONFLICT (tenant_id) DO UPDATE SET next_number = invoice_counters.next_number + 1
      RETURNING next_number - 1 AS n
    )
    INSERT INTO invoices (id, tenant_id, number, kind, status, order_id, subscription_id, currency,
      subtotal, tax, total, lines, payment_method_id, issued_at, due_at, paid_at, billed_period_start,
      credited_invoice_id)
    SELECT ${row.id}, ${row.tenant_id}, 'INV-' || lpad(n::text, 6, '0'), ${row.kind}, ${row.status},
      ${row.order_id}, ${row.subscription_id}, ${row.currency}, ${row.subtotal}, ${row.tax}, ${row.total},
      ${row.lines}::jsonb, ${row.payment_method_id}, ${row.issued_at}, ${row.due_at}, ${row.paid_at},
      ${row.billed_period_start}, ${row.credited_invoice_id}
    FROM counter
    RETURNING number
  `.execute(db);
  return {
    ...row,
    number: inserted.rows[0]!.number,
    lines: input.lines,
    amount_paid: 0,
    dunning_stage: 'none',
    dunning_stage_at: null,
  };
}

/** What `insertInvoice` takes, for `insertInvoices`. */
export type NewInvoiceInput = Parameters<typeof insertInvoice>[1];

/** The columns of a new invoice (totals from its lines), whether written alone or in bulk. */
function invoiceRow(input: NewInvoiceInput) {
  const subtotal = input.lines.reduce((s, l) => s + l.amount, 0);
  const tax = input.lines.reduce((s, l) => s + l.tax, 0);
  return {
    id: input.id,
    tenant_id: input.tenantId,
    kind: input.kind,
    status: input.status,
    order_id: input.orderId,
    subscription_id: input.subscriptionId,
    currency: input.currency,
    subtotal,
    tax,
    total: subtotal + tax,
    lines: input.lines,
    payment_method_id: input.paymentMethodId,
    issued_at: input.issuedAt,
    due_at: input.dueAt,
    paid_at: input.paidAt,
    billed_period_start: input.billedPeriodStart ?? null,
    credited_invoice_id: input.creditedInvoiceId ?? null,
    amount_credited: 0,
  };
}

/**
 * Many `insertInvoice`s in three statements (the billing cycle's batches): each tenant's counter
 * is moved once by the number of its invoices, which are numbered in the order given. Same rows,
 * same gap-free numbers as one call per invoice.
 */
export async function insertInvoices(db: Executor, inputs: NewInvoiceInput[]): Promise<Invoice[]> {
  if (inputs.length === 0) return [];
  const perTenant = new Map<string, number>();
  for (const i of inputs) perTenant.set(i.tenantId, (perTenant.get(i.tenantId) ?? 0) + 1);
  // Counters in tenant order: the same order the billing locks were taken in.
  const counts = [...perTenant].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const bumped = await sql<{ tenant_id: string; next_number: number }>`
    INSERT INTO invoice_counters (tenant_id, next_number)
    SELECT t, k + 1 FROM unnest(${counts.map(([t]) => t)}::text[], ${counts.map(([, k]) => k)}::int[]) AS c(t, k)
    ORDER BY t
    ON CONFLICT (tenant_id) DO UPDATE SET next_number = invoice_counters.next_number + EXCLUDED.next_number - 1
    RETURNING tenant_id, next_number
  `.execute(db);
  const next = new Map<string, number>();
  for (const r of bumped.rows)
    next.set(r.tenant_id, Number(r.next_number) - (perTenant.get(r.tenant_id) ?? 0));
  const rows = inputs.map((input) => {
    const n = next.get(input.tenantId)!;
    next.set(input.tenantId, n + 1);
    return { ...invoiceRow(input), number: `INV-${String(n).padStart(6, '0')}` };
  });
  await insertJsonRows(db, 'invoices', rows);
  return rows.map((r) => ({
    ...r,
    amount_paid: 0,
    dunning_stage: 'none' as const,
    dunning_stage_at: null,
  }));
}

export async function listInvoices(db: Executor, tenantId: string, filter: { subscriptionId?: string } = {}) {
  let q = db.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId);
  if (filter.subscriptionId) {
    const id = filter.subscriptionId;
    // An order's invoice names its subscriptions on its lines, not in subscription_id.
    q = q.where((eb) =>
      eb.or([
        eb('subscription_id', '=', id),
        sql<boolean>`lines @> ${JSON.stringify([{ subscriptionId: id }])}::jsonb`,
      ]),
    );
  }
  return q.orderBy('issued_at', 'desc').orderBy('number', 'desc').execute();
}

export async function findInvoice(db: Executor, tenantId: string, id: string) {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Open invoices of a subscription, oldest first, locked: a credit reduces what is still owed
 * before any money goes back (order invoices name the subscription on their lines).
 */
export async function listOpenInvoicesOfSubscription(db: Executor, tenantId: string, subscriptionId: string) {
  return db
    .selectFrom('invoices')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('status', '=', 'open')
    .where('kind', '!=', 'credit')
    .where((eb) =>
      eb.or([
        eb('subscription_id', '=', subscriptionId),
        sql<boolean>`lines @> ${JSON.stringify([{ subscriptionId }])}::jsonb`,
      ]),
    )
    .orderBy('issued_at')
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** Takes `amount` off an open invoice; voided when nothing is left to pay. */
export async function creditOpenInvoice(db: Executor, tenantId: string, id: string, amount: number) {
  await db
    .updateTable('invoices')
    .set((eb) => ({
      amount_credited: eb('amount_credited', '+', amount),
      // Settled by credit alone: void; by credit and money received (bank transfers): paid.
      status: sql<Invoice['status']>`CASE WHEN amount_credited + ${amount} + amount_paid >= total
        THEN (CASE WHEN amount_paid > 0 THEN 'paid' ELSE 'void' END) ELSE status END`,
    }))
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('status', '=', 'open')
    .execute();
}

export async function markInvoicePaid(db: Executor, tenantId: string, id: string, now: Date) {
  await db
    .updateTable('invoices')
    .set({ status: 'paid', paid_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

export async function findInvoiceOfOrder(db: Executor, tenantId: string, orderId: string) {
  return db
    .selectFrom('invoices')
    .select(['id', 'number', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('order_id', '=', orderId)
    .executeTakeFirst();
}

/** An invoice whose charge was declined after the change it bills was undone. */
export async function voidInvoice(db: Executor, tenantId: string, id: string) {
  await db
    .updateTable('invoices')
    .set({ status: 'void' })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}
