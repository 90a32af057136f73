import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useSubscriptions } from '../../api/queries';
import type { CheckoutItem } from '../../api/types';
import { parseQuantity } from '../../components/QuantitySpin';
import { offerKey, type OfferKey, type Sellable } from './model';

/**
 * What the admin chose on the options step, and the checkout item it makes.
 *
 * The base subscription of a traditional add-on: the one named in the address (`?base=`, set by
 * a subscription's Buy add-ons) or the only one that qualifies, else the admin's pick. A named
 * base that cannot take the add-on is refused, never swapped for another one. The eligible bases
 * are read once: after the order, the base no longer qualifies (it has the add-on now), and the
 * confirmation must still name it.
 */
export function useCheckoutOptions(sellable: Sellable) {
  const [params] = useSearchParams();
  const subscriptions = useSubscriptions();
  const [bases] = useState(() => sellable.eligibility?.eligibleBaseSubscriptions ?? []);
  const traditional = sellable.kind === 'traditional';
  const named = traditional ? (params.get('base') ?? undefined) : undefined;
  const namedRefused = !!named && !bases.some((b) => b.id === named);

  const [quantityText, setQuantityText] = useState(String(Math.max(sellable.min, 1)));
  const [baseId, setBaseId] = useState<string | undefined>(() =>
    named ? (namedRefused ? undefined : named) : bases.length === 1 ? bases[0]!.id : undefined,
  );
  const base = bases.find((b) => b.id === baseId);
  const defaultOffer: OfferKey =
    sellable.offers.find((o) => o.key === 'annual-monthly')?.key ??
    sellable.offers[0]?.key ??
    'monthly-monthly';
  const [offerChoice, setOfferChoice] = useState<OfferKey>(defaultOffer);
  // A traditional add-on is co-termed with its base: billing follows the base subscription.
  const offer: OfferKey = traditional && base ? offerKey(base) : offerChoice;
  const [autoAssign, setAutoAssign] = useState(sellable.unit === 'user');

  const quantity = parseQuantity(quantityText, sellable.min, sellable.max);
  const item: CheckoutItem | undefined =
    quantity === undefined || namedRefused
      ? undefined
      : {
          productId: sellable.productId,
          quantity,
          commitment: offer.split('-')[0] as 'monthly' | 'annual',
          billingFrequency: offer.split('-')[1] as 'monthly' | 'annual',
          autoAssign: sellable.unit === 'user' ? autoAssign : false,
          ...(traditional && baseId ? { baseSubscriptionId: baseId } : {}),
        };

  /** A subscription's name by its id (two subscriptions of one product are two choices). */
  const subscriptionName = (id: string) =>
    subscriptions.data?.subscriptions.find((s) => s.id === id)?.productName ?? '';

  /** Why the named base can't take it: it has the add-on already, or the catalog's reason. */
  const namedHasIt =
    !!named &&
    !!subscriptions.data?.subscriptions
      .find((x) => x.id === named)
      ?.addOns?.some((a) => a.productId === sellable.productId);

  return {
    traditional,
    namedHasIt,
    bases,
    named,
    namedRefused,
    base,
    baseId,
    setBaseId,
    quantityText,
    setQuantityText,
    quantity,
    offer,
    setOfferChoice,
    autoAssign,
    setAutoAssign,
    item,
    subscriptionName,
    /** The base this order goes on, by name: for the options step, the review and the breadcrumb. */
    baseName: baseId ? subscriptionName(baseId) : undefined,
  };
}

export type CheckoutOptions = ReturnType<typeof useCheckoutOptions>;
