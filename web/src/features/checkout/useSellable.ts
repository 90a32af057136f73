import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { keys, useAddons, useMe } from '../../api/queries';
import { offerKey, type Sellable } from './model';

/** The product as the checkout sells it: its offers in the tenant's currency, and for an add-on its eligibility. */
export function useSellable(productId: string) {
  const { i18n } = useTranslation();
  const me = useMe();
  const currency = me.data?.tenant.currency;
  const product = useQuery({
    queryKey: keys.product(productId, i18n.language, currency ?? ''),
    enabled: !!currency,
    queryFn: () =>
      call(
        api.GET('/api/catalog/products/{id}', {
          params: { path: { id: productId }, query: { currency: currency as 'USD' | 'EUR' | 'CNY' } },
        }),
      ),
  });
  const addons = useAddons();
  const isAddon = product.data?.kind === 'addon';
  const sellable = useMemo<Sellable | undefined>(() => {
    const p = product.data;
    if (!p || !currency) return undefined;
    const eligibility = isAddon ? addons.data?.addons.find((a) => a.productId === p.id) : undefined;
    if (isAddon && !eligibility) return undefined;
    return {
      productId: p.id,
      name: p.name,
      description: p.description,
      kind: p.kind === 'base' ? 'base' : (p.addonKind ?? 'standalone'),
      unit: p.unit,
      min: p.minQuantity,
      max: p.maxQuantity,
      currency,
      offers: p.offers.flatMap((o) =>
        o.prices
          .filter((price) => price.currency === currency)
          .map((price) => ({
            key: offerKey(o),
            commitment: o.commitment,
            billingFrequency: o.billingFrequency,
            unitAmount: price.unitAmount,
          })),
      ),
      ...(eligibility ? { eligibility } : {}),
    };
  }, [product.data, addons.data, currency, isAddon]);
  const error = product.error ?? (isAddon ? addons.error : null);
  const pending = !sellable && !error;
  return { sellable, error, pending, retry: () => void (product.refetch(), addons.refetch()) };
}
