import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useSubscriptions } from '../../api/queries';
import type { CheckoutItem } from '../../api/types';
import { parseQuantity } from '../../components/QuantitySpin';
import { offerKey, type OfferKey, type Sellable } from './model';

/**
 * What the admin chose on the options step, and the checkout item it makes.
 *
 * The rules come from the API (`GET /api/catalog/addons`): which of the tenant's base
 * subscriptions can take a traditional add-on and why not (`bases[].eligible`, `reason`), where it
 * goes when none is named (`defaultBaseSubscriptionId`), and the term and billing it takes from
 * its base (`coTerm`). The web only keeps the admin's choices: the base named in the address
 * (`?base=`, set by a subscription's Buy add-ons) or picked, never swapped for another one. The
 * bases are read once: after the order, the base no longer qualifies (it has the add-on now),
 * and the confirmation must still name it.
 */
export function useCheckoutOptions(sellable: Sellable) {
  const [params] = useSearchParams();
  const subscriptions = useSubscriptions();
  const [bases] = useState(() => sellable.eligibility?.bases ?? []);
  const traditional = sellable.kind === 'traditional';
  const named = traditional ? (params.get('base') ?? undefined) : undefined;
  const namedBase = named ? bases.find((b) => b.id === named) : undefined;
  const namedRefused = !!named && !namedBase?.eligible;

  const [quantityText, setQuantityText] = useState(String(Math.max(sellable.min, 1)));
  const [baseId, setBaseId] = useState<string | undefined>(() =>
    named
      ? namedRefused
        ? undefined
        : named
      : (sellable.eligibility?.defaultBaseSubscriptionId ?? undefined),
  );
  const base = bases.find((b) => b.id === baseId && b.eligible);
  const coTerm = traditional ? base?.coTerm : undefined;
  const defaultOffer: OfferKey =
    sellable.offers.find((o) => o.key === 'annual-monthly')?.key ??
    sellable.offers[0]?.key ??
    'monthly-monthly';
  const [offerChoice, setOfferChoice] = useState<OfferKey>(defaultOffer);
  // The offer shown for a co-termed add-on is the one the API says it takes from its base.
  const offer: OfferKey = coTerm ? offerKey(coTerm) : offerChoice;
  const [autoAssign, setAutoAssign] = useState(sellable.unit === 'user');

  const quantity = parseQuantity(quantityText, sellable.min, sellable.max);
  const item: CheckoutItem | undefined =
    quantity === undefined || namedRefused
      ? undefined
      : {
          productId: sellable.productId,
          quantity,
          autoAssign: sellable.unit === 'user' ? autoAssign : false,
          // A co-termed add-on sends no offer: the server bills it as its base.
          ...(traditional && baseId
            ? { baseSubscriptionId: baseId }
            : {
                commitment: offer.split('-')[0] as 'monthly' | 'annual',
                billingFrequency: offer.split('-')[1] as 'monthly' | 'annual',
              }),
        };

  /** A subscription's name by its id: the API's name for a base, else the subscription list's. */
  const subscriptionName = (id: string) =>
    bases.find((b) => b.id === id)?.productName ??
    subscriptions.data?.subscriptions.find((s) => s.id === id)?.productName ??
    '';

  return {
    traditional,
    /** Why the named base can't take it: it has the add-on already (else the catalog's reason). */
    namedHasIt: namedBase?.reason === 'addon_already_on_base',
    bases,
    eligibleCount: bases.filter((b) => b.eligible).length,
    named,
    namedRefused,
    base,
    coTerm,
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
