import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { Invoice } from './types';

/*
 * The invoicing endpoints (billing profile, paying an open invoice, PDFs) through the typed
 * client, which also sends the CSRF header the server asks of cookie-authenticated changes.
 */

export interface BillingProfile {
  legalName: string;
  addressLines: string[];
  postalCode: string;
  city: string;
  country: string;
  taxId: string | null;
  billingEmail: string | null;
  version: number;
  updatedAt: string | null;
}

export type BillingProfileInput = Omit<BillingProfile, 'updatedAt'>;

export type InvoiceStatus = Invoice['status'] | 'overdue';
export type DunningStage = 'none' | 'first_reminder' | 'second_reminder' | 'warning' | 'suspended';

/** What the API says about collecting an invoice, beside the fields every invoice has. */
export interface InvoiceCollection {
  status: InvoiceStatus;
  amountPaid: number;
  amountCredited: number;
  amountDue: number;
  dunningStage: DunningStage;
}

export function collectionOf(invoice: Invoice): InvoiceCollection {
  const i = invoice as Invoice & Partial<InvoiceCollection>;
  return {
    status: i.status,
    amountPaid: i.amountPaid ?? 0,
    amountCredited: i.amountCredited ?? 0,
    amountDue: i.amountDue ?? 0,
    dunningStage: i.dunningStage ?? 'none',
  };
}

export const invoicePdfUrl = (id: string, locale?: string) =>
  `/api/invoices/${encodeURIComponent(id)}/pdf${locale ? `?locale=${encodeURIComponent(locale)}` : ''}`;

const profileKey = ['billing-profile'] as const;

export function useBillingProfile() {
  return useQuery({
    queryKey: profileKey,
    queryFn: (): Promise<BillingProfile> => call(api.GET('/api/billing/profile')),
  });
}

export function useSaveBillingProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (profile: BillingProfileInput): Promise<BillingProfile> =>
      call(api.PUT('/api/billing/profile', { body: profile })),
    onSuccess: (saved) => client.setQueryData(profileKey, saved),
  });
}

export function usePayInvoice(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (
      body: { paymentMethodId: string } | { card: { paymentMethodId: string; save: boolean } },
    ): Promise<Invoice> => call(api.POST('/api/invoices/{id}/pay', { params: { path: { id } }, body })),
    onSettled: () => client.invalidateQueries({ queryKey: ['invoices'] }),
  });
}
