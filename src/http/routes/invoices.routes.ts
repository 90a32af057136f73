import { z } from 'zod';
import { readerLocale } from '../reader-locale.js';
import type { AppContext } from '../../app-context.js';
import { AppError, msg } from '../../shared/app-error.js';
import {
  findInvoice,
  invoiceLocaleFor,
  invoiceLocales,
  invoiceSchema,
  listInvoices,
  loadBillingProfile,
  renderInvoicePdf,
  toInvoiceView,
  inReaderLanguage,
  type InvoiceLine,
} from '../../modules/billing/index.js';
import { getProduct, getTaxRate } from '../../modules/catalog/index.js';
import { paymentMethodIdSchema } from '../../modules/orders/index.js';
import { findTenant } from '../../modules/tenants/index.js';
import type { LocalizedText } from '../../db/schema.js';
import { payInvoice } from '../../workflows/collect-invoice.js';
import type { Api } from '../api.js';
import { idParam } from '../api.js';
import { actorOf, requireTenant } from '../auth.js';

function invoiceNotFound(id: string) {
  return new AppError('not_found', msg.invoiceNotFound({ id }));
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
      const now = ctx.clock.now();
      return {
        invoices: await inReaderLanguage(
          ctx.db,
          rows.map((i) => toInvoiceView(i, now)),
          readerLocale(request),
        ),
      };
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
      if (!invoice) throw invoiceNotFound(request.params.id);
      const [view] = await inReaderLanguage(
        ctx.db,
        [toInvoiceView(invoice, ctx.clock.now())],
        readerLocale(request),
      );
      return view!;
    },
  );

  api.get(
    '/invoices/:id/pdf',
    {
      schema: {
        tags: ['billing'],
        summary: 'The invoice or credit note as a PDF, in the tenant’s language unless another is asked for',
        params: idParam,
        querystring: z.object({
          locale: z.enum(invoiceLocales).optional().describe('Defaults to the tenant’s language'),
        }),
        response: {
          200: z
            .unknown()
            .describe('application/pdf; Content-Disposition names the file after the invoice number'),
        },
      },
    },
    async (request, reply) => {
      const p = requireTenant(request, 'billing:read');
      const invoice = await findInvoice(ctx.db, p.tenantId, request.params.id);
      const tenant = await findTenant(ctx.db, p.tenantId);
      if (!invoice || !tenant) throw invoiceNotFound(request.params.id);
      const productNames: Record<string, LocalizedText> = {};
      for (const line of invoice.lines as InvoiceLine[]) {
        if (productNames[line.productId]) continue;
        const product = await getProduct(ctx.db, line.productId);
        if (product) productNames[line.productId] = product.names;
      }
      const pdf = await renderInvoicePdf({
        invoice,
        locale: request.query.locale ?? invoiceLocaleFor(tenant.locale),
        seller: ctx.config.seller,
        buyer: await loadBillingProfile(ctx.db, tenant),
        productNames,
        countryTaxRate: await getTaxRate(ctx.db, tenant.billing_country),
        now: ctx.clock.now(),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${invoice.number}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  api.post(
    '/invoices/:id/pay',
    {
      schema: {
        tags: ['billing'],
        summary: 'Pay what is left on an open or overdue invoice with a saved card or a new one',
        params: idParam,
        body: z.union([
          z.strictObject({ paymentMethodId: z.string().min(1).max(100) }),
          z.strictObject({
            card: z.strictObject({
              paymentMethodId: paymentMethodIdSchema,
              save: z.boolean().default(true).describe('Keep the card for later payments'),
            }),
          }),
        ]),
        response: { 200: invoiceSchema },
      },
    },
    async (request) => {
      const p = requireTenant(request, 'billing:write');
      const base = { tenantId: p.tenantId, invoiceId: request.params.id, actor: actorOf(p) };
      const body = request.body;
      const paid = await payInvoice(
        ctx,
        'card' in body ? { ...base, newCard: body.card } : { ...base, paymentMethodId: body.paymentMethodId },
      );
      const [view] = await inReaderLanguage(ctx.db, [paid], readerLocale(request));
      return view!;
    },
  );
}
