import { sql } from 'kysely';
import type { Executor } from '../audit/index.js';
import type { InvoiceKind, Invoice } from '../../db/schema.js';

export interface InvoiceLine {
  description: string;
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

/** Gap-free numbering per tenant (`INV-000001`), allocated under a row lock. */
async function nextInvoiceNumber(db: Executor, tenantId: string): Promise<string> {
  const row = await sql<{ next_number: number }>`
    INSERT INTO invoice_counters (tenant_id, next_number) VALUES (${tenantId}, 2)
    ON CONFLICT (tenant_id) DO UPDATE SET next_number = invoice_counters.next_number + 1
    RETURNING next_number - 1 AS next_number
  `.execute(db);
  const n = row.rows[0]!.next_number;
  return `INV-${String(n).padStart(6, '0')}`;
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
  },
): Promise<Invoice> {
  const subtotal = input.lines.reduce((s, l) => s + l.amount, 0);
  const tax = input.lines.reduce((s, l) => s + l.tax, 0);
  const row = {
    id: input.id,
    tenant_id: input.tenantId,
    number: await nextInvoiceNumber(db, input.tenantId),
    kind: input.kind,
    status: input.status,
    order_id: input.orderId,
    subscription_id: input.subscriptionId,
    currency: input.currency,
    subtotal,
    tax,
    total: subtotal + tax,
    lines: JSON.stringify(input.lines),
    payment_method_id: input.paymentMethodId,
    issued_at: input.issuedAt,
    due_at: input.dueAt,
    paid_at: input.paidAt,
  };
  await db.insertInto('invoices').values(row).execute();
  return { ...row, lines: input.lines };
}

export async function listInvoices(db: Executor, tenantId: string, filter: { subscriptionId?: string } = {}) {
  let q = db.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId);
  if (filter.subscriptionId) q = q.where('subscription_id', '=', filter.subscriptionId);
  return q.orderBy('issued_at', 'desc').orderBy('number', 'desc').execute();
}

export async function findInvoice(db: Executor, tenantId: string, id: string) {
  return db.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}
