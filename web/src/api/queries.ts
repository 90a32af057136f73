import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from './client';

/**
 * Query keys: the UI language is part of every key whose answer is translated by the server
 * (product names, error reasons, invoice lines, support subjects: docs/records.md), so
 * switching language fetches them again.
 */
export const keys = {
  instance: ['instance'] as const,
  me: ['me'] as const,
  subscriptions: (lang: string) => ['subscriptions', lang] as const,
  subscription: (id: string, lang: string) => ['subscriptions', lang, id] as const,
  addons: (lang: string) => ['catalog', 'addons', lang] as const,
  baseProducts: (lang: string, currency: string) => ['catalog', 'base', lang, currency] as const,
  product: (id: string, lang: string, currency: string) =>
    ['catalog', 'product', id, lang, currency] as const,
  availableAddons: (lang: string) => ['catalog', 'available-addons', lang] as const,
  paymentMethods: ['payment-methods'] as const,
  licenses: ['licenses'] as const,
  assignments: (productId: string) => ['licenses', productId] as const,
  users: (search: string) => ['users', search] as const,
  /** Every list of support requests, whatever its language (a prefix to invalidate). */
  supportRequests: ['support-requests', 'list'] as const,
  supportRequest: (id: string, lang: string) => ['support-requests', 'one', id, lang] as const,
  invoices: (subscriptionId: string, lang: string) => ['invoices', subscriptionId, lang] as const,
  invoice: (id: string, lang: string) => ['invoices', 'one', id, lang] as const,
};

export function useInstance() {
  return useQuery({
    queryKey: keys.instance,
    queryFn: () => call(api.GET('/api/instance')),
    staleTime: Infinity,
  });
}

export function useMe() {
  return useQuery({
    queryKey: keys.me,
    queryFn: () => call(api.GET('/api/me')),
    retry: false,
    staleTime: 60_000,
  });
}

function useLang() {
  return useTranslation().i18n.language;
}

export function useSubscriptions() {
  const lang = useLang();
  return useQuery({
    queryKey: keys.subscriptions(lang),
    queryFn: () => call(api.GET('/api/subscriptions', { params: { query: {} } })),
  });
}

export function useSubscription(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: keys.subscription(id, lang),
    enabled: !!id,
    queryFn: () => call(api.GET('/api/subscriptions/{id}', { params: { path: { id } } })),
  });
}

export function useAddons() {
  const lang = useLang();
  return useQuery({
    queryKey: keys.addons(lang),
    queryFn: () => call(api.GET('/api/catalog/addons', { params: { query: {} } })),
  });
}

export function useBaseProducts(currency: string | undefined) {
  const lang = useLang();
  return useQuery({
    queryKey: keys.baseProducts(lang, currency ?? ''),
    enabled: !!currency,
    queryFn: () =>
      call(
        api.GET('/api/catalog/products', {
          params: { query: { kind: 'base', currency: currency as 'USD' | 'EUR' | 'CNY' } },
        }),
      ),
  });
}

export function usePaymentMethods() {
  return useQuery({ queryKey: keys.paymentMethods, queryFn: () => call(api.GET('/api/payment-methods')) });
}

export function useLicenses() {
  return useQuery({ queryKey: keys.licenses, queryFn: () => call(api.GET('/api/licenses')) });
}

export function useSupportRequests() {
  const lang = useLang();
  return useQuery({
    queryKey: [...keys.supportRequests, lang],
    queryFn: () => call(api.GET('/api/support-requests', { params: { query: {} } })),
  });
}

/** Bills and credit notes, newest first; only one subscription's when `subscriptionId` is given. */
export function useInvoices(subscriptionId?: string) {
  const lang = useLang();
  return useQuery({
    queryKey: keys.invoices(subscriptionId ?? '', lang),
    queryFn: () =>
      call(api.GET('/api/invoices', { params: { query: subscriptionId ? { subscriptionId } : {} } })),
  });
}

export function useInvoice(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: keys.invoice(id, lang),
    queryFn: () => call(api.GET('/api/invoices/{id}', { params: { path: { id } } })),
  });
}

export function useSupportRequest(id: string) {
  const lang = useLang();
  return useQuery({
    queryKey: keys.supportRequest(id, lang),
    queryFn: () => call(api.GET('/api/support-requests/{id}', { params: { path: { id } } })),
  });
}
