import { z } from 'zod';
import type { Invoice, InvoiceBankTransfer } from '../../db/schema.js';
import type { InvoiceLine } from './invoices.repository.js';
import { amountDueOf, paymentStatusOf } from './invoice-status.js';
import type { Executor } from '../../db/executor.js';
import type { UiLocale } from '../../shared/locale.js';
import { loadProductNames, productIdOf, recordView, recordSchema, renderRecord } from '../records/index.js';

export const invoiceSchema = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(['order', 'quantity_change', 'renewal', 'period', 'credit']),
  status: z
    .enum(['paid', 'open', 'overdue', 'void', 'refunded', 'uncollectible'])
    .describe('overdue: open and past its due date'),
  orderId: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  currency: z.string(),
  subtotal: z.number().int(),
  tax: z.number().int(),
  total: z.number().int().describe('Negative for a credit note'),
  amountPaid: z.number().int().describe('Collected so far (the total once paid)'),
  amountCredited: z.number().int().describe('Taken off by credit notes while it was open'),
  amountDue: z.number().int().describe('Left to pay: 0 unless open or overdue'),
  dunningStage: z
    .enum(['none', 'first_reminder', 'second_reminder', 'warning', 'suspended'])
    .describe('How far the dunning of an overdue invoice has gone (docs/invoices.md)'),
  lines: z.array(
    z.object({
      description: z
        .string()
        .describe(
          'In the reader’s language (Accept-Language, else the tenant’s locale), rendered from `record`',
        ),
      record: recordSchema.nullable(),
      productId: z.string(),
      subscriptionId: z.string().nullable(),
      quantity: z.number().int().describe('Negative on a credit note'),
      unitAmount: z.number().int(),
      amount: z.number().int(),
      tax: z.number().int(),
      periodStart: z.string(),
      periodEnd: z.string(),
      proratedDays: z.number().int().optional(),
      periodDays: z.number().int().optional(),
    }),
  ),
  paymentMethodId: z.string().nullable(),
  issuedAt: z.date(),
  dueAt: z.date(),
  paidAt: z.date().nullable(),
});
export type InvoiceView = z.infer<typeof invoiceSchema>;

export function toInvoiceView(i: Invoice, now: Date): InvoiceView {
  const status = paymentStatusOf(i, now);
  const unpaid = status === 'open' || status === 'overdue';
  return {
    id: i.id,
    number: i.number,
    kind: i.kind,
    status,
    orderId: i.order_id,
    subscriptionId: i.subscription_id,
    currency: i.currency,
    subtotal: i.subtotal,
    tax: i.tax,
    total: i.total,
    amountPaid: status === 'paid' ? i.total - i.amount_credited : i.amount_paid,
    amountCredited: i.amount_credited,
    amountDue: unpaid ? amountDueOf(i) : 0,
    dunningStage: i.dunning_stage,
    lines: (i.lines as InvoiceLine[]).map(({ record: rec, ...line }) => ({
      ...line,
      record: rec ? recordView(rec) : null,
    })),
    paymentMethodId: i.payment_method_id,
    issuedAt: i.issued_at,
    dueAt: i.due_at,
    paidAt: i.paid_at,
  };
}

/**
 * Invoices for one reader: every line's description rendered in `locale` from its record
 * (the stored English text when a line has none). Product names are read once per product.
 */
export async function inReaderLanguage<T extends Pick<InvoiceView, 'lines'>>(
  db: Executor,
  views: T[],
  locale: UiLocale,
): Promise<T[]> {
  const ids = views.flatMap((v) => v.lines.map((l) => productIdOf(l.record) ?? l.productId));
  const names = await loadProductNames(db, ids);
  return views.map((v) => ({
    ...v,
    lines: v.lines.map((l) => ({ ...l, description: renderRecord(l.record, locale, names, l.description) })),
  }));
}

export const bankTransferSchema = z.object({
  id: z.string(),
  invoiceId: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  receivedOn: z.string().describe('YYYY-MM-DD'),
  reference: z.string(),
  createdAt: z.date(),
});

export function toBankTransferView(t: InvoiceBankTransfer) {
  return {
    id: t.id,
    invoiceId: t.invoice_id,
    amount: t.amount,
    currency: t.currency,
    receivedOn: t.received_on,
    reference: t.reference,
    createdAt: t.created_at,
  };
}
