import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiLanguage } from './client';
import type { Invoice } from './types';

/*
 * The invoicing endpoints (billing profile, paying an open invoice, PDFs), typed here from
 * src/modules/billing until `npm run api:types` is run on the merged main: the payment API
 * changed shape on another branch, and regenerating here would break pages that branch ports.
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

async function request<T>(method: 'GET' | 'PUT' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      'Accept-Language': apiLanguage(),
      // The CSRF header every cookie-authenticated change needs (docs/security.md).
      'X-Requested-With': 'BillingCenter',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (response.ok) return json as T;
  const problem = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  throw new ApiError(
    response.status,
    typeof problem.code === 'string' ? problem.code : `http_${response.status}`,
    typeof problem.detail === 'string' ? problem.detail : response.statusText,
    typeof problem.hint === 'string' ? problem.hint : undefined,
    problem,
  );
}

const profileKey = ['billing-profile'] as const;

export function useBillingProfile() {
  return useQuery({
    queryKey: profileKey,
    queryFn: () => request<BillingProfile>('GET', '/api/billing/profile'),
  });
}

export function useSaveBillingProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (profile: BillingProfileInput) =>
      request<BillingProfile>('PUT', '/api/billing/profile', profile),
    onSuccess: (saved) => client.setQueryData(profileKey, saved),
  });
}

export function usePayInvoice(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { paymentMethodId: string } | { card: { paymentMethodId: string; save: boolean } }) =>
      request<Invoice>('POST', `/api/invoices/${encodeURIComponent(id)}/pay`, body),
    onSettled: () => client.invalidateQueries({ queryKey: ['invoices'] }),
  });
}
