import { z } from 'zod';
import { readerLocale } from '../reader-locale.js';
import type { AppContext } from '../../app-context.js';
import { AppError, msg } from '../../shared/app-error.js';
import {
  bankTransferSchema,
  invoiceSchema,
  listBankTransfers,
  findInvoiceAnyTenant,
  toBankTransferView,
  toInvoiceView,
  inReaderLanguage,
} from '../../modules/billing/index.js';
import { recordBankTransfer } from '../../workflows/collect-invoice.js';
import type { Api } from '../api.js';
import { idParam } from '../api.js';
import { requireOperator } from '../auth.js';

const withTransfers = z.object({
  tenantId: z.string(),
  invoice: invoiceSchema,
  bankTransfers: z.array(bankTransferSchema),
});

export async function registerOperatorInvoicesRoutes(api: Api, ctx: AppContext) {
  api.get(
    '/operator/invoices/:id',
    {
      schema: {
        tags: ['operator'],
        summary: 'One invoice of any tenant, with the bank transfers recorded against it',
        params: idParam,
        response: { 200: withTransfers },
      },
    },
    async (request) => {
      requireOperator(request);
      const invoice = await findInvoiceAnyTenant(ctx.db, request.params.id);
      if (!invoice) throw new AppError('not_found', msg.invoiceNotFound({ id: request.params.id }));
      return {
        tenantId: invoice.tenant_id,
        invoice: (
          await inReaderLanguage(ctx.db, [toInvoiceView(invoice, ctx.clock.now())], readerLocale(request))
        )[0]!,
        bankTransfers: (await listBankTransfers(ctx.db, invoice.tenant_id, invoice.id)).map(
          toBankTransferView,
        ),
      };
    },
  );

  api.post(
    '/operator/invoices/:id/bank-transfers',
    {
      schema: {
        tags: ['operator'],
        summary:
          'Record a bank transfer received for an open invoice (full or partial; the same reference again is answered, not counted twice)',
        params: idParam,
        body: z.strictObject({
          amount: z.number().int().min(1).describe('Minor units, in the invoice’s currency'),
          receivedOn: z.iso.date().describe('The day on the bank statement (YYYY-MM-DD)'),
          reference: z.string().trim().min(1).max(140).describe('The bank’s reference for the transfer'),
        }),
        response: {
          200: z.object({ invoice: invoiceSchema, bankTransfer: bankTransferSchema }),
          201: z.object({ invoice: invoiceSchema, bankTransfer: bankTransferSchema }),
        },
      },
    },
    async (request, reply) => {
      requireOperator(request);
      const result = await recordBankTransfer(ctx, { invoiceId: request.params.id, ...request.body });
      return reply.status(result.replayed ? 200 : 201).send({
        invoice: (await inReaderLanguage(ctx.db, [result.invoice], readerLocale(request)))[0]!,
        bankTransfer: toBankTransferView(result.transfer),
      });
    },
  );
}
