import { z } from 'zod';
import type { AppContext } from '../../app-context.js';
import { AppError } from '../../shared/app-error.js';
import { findInvoice, listInvoices, type InvoiceLine } from '../../modules/billing/index.js';
import type { Invoice } from '../../db/schema.js';
import type { Api } from '../api.js';
import { idParam } from '../api.js';
import { requireTenant } from '../auth.js';

const invoiceSchema = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(['order', 'quantity_change', 'renewal', 'period', 'credit']),
  status: z.enum(['paid', 'open', 'void', 'refunded', 'uncollectible']),
  orderId: z.string().nullable(),
  subscriptionId: z.string().nullable(),
  currency: z.string(),
  subtotal: z.number().int(),
  tax: z.number().int(),
  total: z.number().int().describe('Negative for a credit note'),
  lines: z.array(
    z.object({
      description: z.string(),
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

function toView(i: Invoice) {
  return {
    id: i.id,
    number: i.number,
    kind: i.kind,
    status: i.status,
    orderId: i.order_id,
    subscriptionId: i.subscription_id,
    currency: i.currency,
    subtotal: i.subtotal,
    tax: i.tax,
    total: i.total,
    lines: i.lines as InvoiceLine[],
    paymentMethodId: i.payment_method_id,
    issuedAt: i.issued_at,
    dueAt: i.due_at,
    paidAt: i.paid_at,
  };
}

export async function registerInvoicesRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/invoices',
    {
      schema: {
        tags: ['billing'],
        summary: 'Bills and credit notes, newest first',
        querystring: z.object({ subscriptionId: z.string().max(100).optional() }),
        response: { 200: z.object({ invoices: z.array(invoiceSchema) }) },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      const rows = await listInvoices(ctx.db, p.tenantId, {
        ...(request.query.subscriptionId ? { subscriptionId: request.query.subscriptionId } : {}),
      });
      return { invoices: rows.map(toView) };
    },
  );

  api.get(
    '/invoices/:id',
    {
      schema: {
        tags: ['billing'],
        summary: 'One invoice',
        params: idParam,
        response: { 200: invoiceSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:read');
      const invoice = await findInvoice(ctx.db, p.tenantId, request.params.id);
      if (!invoice) {
        throw new AppError('not_found', `Invoice ${request.params.id} not found.`, {
          messageFr: `Facture ${request.params.id} introuvable.`,
        });
      }
      return toView(invoice);
    },
  );
}
